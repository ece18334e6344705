package rules

import "github.com/migguard/migguard/internal/pgparse"

// This file holds how a rule learns what later statements of the file do
// (an index created after a foreign key, a view that takes a renamed
// table's name back in the same transaction) without seeing them: the
// engine goes through a file a statement at a time and drops each parse
// tree once the statement is done, so a rule reports as if nothing later
// answered, holds those findings back, and is shown each later statement
// until one decides.

// later is what a held finding's watch says of a later statement.
type later int

const (
	laterNext later = iota // it decides nothing: go on
	laterDrop              // it answers the finding: drop it
	laterKeep              // the finding stands: stop watching
)

// held is findings held back until later statements decide on them.
type held struct {
	at       int // len(Pass.raw) when they were held: where they go back
	findings []Finding
	watch    func(s *pgparse.Stmt) later
	// settle, when set, is called when the findings would be kept (eof:
	// at the end of the file): it may change them, and keeps them when it
	// returns true.
	settle func(fs []Finding, eof bool) bool
	keep   bool
}

// hold calls report, whose findings are held back: watch is shown each
// later statement of the file (Node nil for one that does not parse),
// until it drops or keeps them. At the end of the file the findings still
// held are kept. settle, when set, is called before they are kept (see
// held.settle). A finding held and kept takes the place in the file's
// findings it would have had if reported directly.
func (p *Pass) hold(report func(), watch func(s *pgparse.Stmt) later, settle func(fs []Finding, eof bool) bool) {
	h := &held{at: len(p.raw), watch: watch, settle: settle}
	sink := p.sink
	p.sink = &h.findings
	report()
	p.sink = sink
	if len(h.findings) > 0 {
		p.held = append(p.held, h)
		p.watching = append(p.watching, h)
	}
}

// unlessLater holds the findings of report until a later statement of
// the file matches (they are dropped) or the file ends (they are kept).
func (p *Pass) unlessLater(match func(n *pgparse.Node) bool, report func()) {
	p.hold(report, func(s *pgparse.Stmt) later {
		if s.Node != nil && match(s.Node) {
			return laterDrop
		}
		return laterNext
	}, nil)
}

// watchHeld shows statement s, which follows every statement that held
// findings so far, to their watches.
func (p *Pass) watchHeld(s *pgparse.Stmt) {
	if len(p.watching) == 0 {
		return
	}
	still := p.watching[:0]
	for _, h := range p.watching {
		switch h.watch(s) {
		case laterNext:
			still = append(still, h)
			continue
		case laterDrop:
			h.findings = nil
		case laterKeep:
			h.keep = h.settle == nil || h.settle(h.findings, false)
		}
		h.watch, h.settle = nil, nil // and what they hold of the statement that held
	}
	clear(p.watching[len(still):])
	p.watching = still
}

// settleHeld keeps, at the end of the file, the findings still held.
func (p *Pass) settleHeld() {
	for _, h := range p.watching {
		h.keep = h.settle == nil || h.settle(h.findings, true)
		h.watch, h.settle = nil, nil
	}
	p.watching = nil
}

// mergeHeld returns raw with the held findings that were kept back in
// their places.
func mergeHeld(raw []Finding, held []*held) []Finding {
	n := 0
	for _, h := range held {
		if h.keep {
			n += len(h.findings)
		}
	}
	if n == 0 {
		return raw
	}
	out := make([]Finding, 0, len(raw)+n)
	k := 0
	for i := 0; i <= len(raw); i++ {
		for ; k < len(held) && held[k].at == i; k++ {
			if held[k].keep {
				out = append(out, held[k].findings...)
			}
		}
		if i < len(raw) {
			out = append(out, raw[i])
		}
	}
	return out
}
