package lsp

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/migguard/migguard/internal/rules"
)

func (s *server) hover(params json.RawMessage) (any, error) {
	var p textDocumentPositionParams
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	d, enc := s.document(p.TextDocument.URI)
	if d == nil {
		return nil, nil
	}
	res := s.ws.lint(d, s.openTexts())
	off := offsetOf(d.text, p.Position, enc)
	st := statementAt(res.stmts, off, false)
	if st == nil {
		return nil, nil
	}
	var found []rules.Finding
	for _, f := range res.findings {
		if o := offsetOfPos(d.text, f.Pos); o >= st.start && o <= st.end {
			found = append(found, f)
		}
	}
	r := Range{Start: positionOf(d.text, st.start, enc), End: positionOf(d.text, st.end, enc)}
	return Hover{Contents: markupContent{Kind: "markdown", Value: describe(st, found)}, Range: &r}, nil
}

// document returns a copy of an open document and the position encoding.
func (s *server) document(uri string) (*document, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.docs[uri]
	if d == nil {
		return nil, s.enc
	}
	c := *d
	return &c, s.enc
}

// statementAt returns the statement that holds offset off, from its first
// token to its end: the innermost (a statement of a DO block), or with
// outer the outermost (the DO block).
func statementAt(stmts []*statement, off int, outer bool) *statement {
	var best *statement
	for _, st := range stmts {
		if st.start > off || off > st.end {
			continue
		}
		if best == nil || !outer && st.start >= best.start || outer && st.start < best.start {
			best = st
		}
	}
	return best
}

// describe writes what a statement locks, what the locks block, the
// tables it involves and whether it rewrites one, in Markdown.
func describe(st *statement, found []rules.Finding) string {
	var b strings.Builder
	var tables []string
	seen := map[string]bool{}
	table := func(key string) string {
		name := strings.TrimPrefix(key, "public.")
		if !seen[name] {
			seen[name] = true
			tables = append(tables, "`"+name+"`")
		}
		return "`" + name + "`"
	}
	b.WriteString("**Locks**\n\n")
	if len(st.locks) == 0 {
		b.WriteString("- no table lock that blocks other sessions\n")
	}
	for _, l := range st.locks {
		fmt.Fprintf(&b, "- %s on %s: %s", l.Lock, table(l.Relation), blocks(l.Lock))
		if l.New {
			b.WriteString(" (the table is new in this file: no other session uses it yet)")
		}
		b.WriteString("\n")
	}
	rewrites := false
	var work []string
	for _, w := range st.work {
		name := table(w.Relation)
		if w.Relation == "*" {
			name = "every table"
		}
		line := fmt.Sprintf("- %s %s: %s", w.Kind.Verb(), name, w.What)
		if w.Blocks {
			line += ", holding its lock all along"
		}
		work = append(work, line)
		rewrites = rewrites || w.Kind == rules.WorkRewrite
	}
	b.WriteString("\n**Work**\n\n")
	if !rewrites {
		b.WriteString("- rewrites no table\n")
	}
	for _, w := range work {
		b.WriteString(w + "\n")
	}
	if len(work) == 0 {
		b.WriteString("- changes the catalog only: no scan, no rewrite, no index build\n")
	}
	if len(tables) > 0 {
		b.WriteString("\n**Tables**: " + strings.Join(tables, ", ") + "\n")
	}
	if len(found) > 0 {
		b.WriteString("\n**Findings**\n\n")
		for _, f := range found {
			rule := "`" + f.Rule + "`"
			if r := rules.Lookup(f.Rule); r != nil {
				rule = "[" + rule + "](" + r.URL() + ")"
			}
			fmt.Fprintf(&b, "- %s (%s): %s\n", rule, f.Severity, f.Message)
		}
	}
	return b.String()
}

// blocks says whose queries wait for a lock.
func blocks(l rules.Lock) string {
	switch {
	case l.BlocksReads():
		return "blocks reads and writes"
	case l.BlocksWrites():
		return "blocks writes (INSERT, UPDATE, DELETE), not reads"
	}
	return "blocks neither reads nor writes, only other schema changes and VACUUM"
}
