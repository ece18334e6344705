package rules

import (
	"strings"

	"github.com/migguard/migguard/internal/directive"
	"github.com/migguard/migguard/internal/pgparse"
)

// suppression is one `migguard:ignore` or `migguard:ignore-file` comment,
// or a squawk or eugene one, as package directive reads it, with the
// statement it covers.
//
//	-- migguard:ignore drop-column,rename-column the app stopped reading it in v42
//	-- migguard:ignore-file require-lock-timeout the runner sets lock_timeout
//	-- squawk-ignore ban-drop-column
//	-- eugene: ignore E2
//
// An ignore applies to the statement that follows the comment, to the
// statement the comment trails on the same line, or to the statement the
// comment sits inside. A reason is required of migguard's own. A peer's
// ignore names the peer's rules, and selects the migguard rules that cover
// them (Rule.Peers); without names (squawk-ignore-file, eugene: ignore)
// it covers every rule.
type suppression struct {
	d      directive.Directive
	offset int
	used   map[string]bool
	// start and end delimit the statement an ignore applies to.
	start, end int
}

// allRules is the id under which a peer's ignore without names records
// its use.
const allRules = "all"

// parseDirective reads a comment; ok is false for comments that are not
// suppression directives.
func parseDirective(c pgparse.Comment) (d suppression, ok bool) {
	pd, ok := directive.Parse(c.Text)
	if !ok {
		pd, ok = directive.ParsePeer(c.Text)
	}
	if !ok {
		return d, false
	}
	return suppression{d: pd, offset: c.Start, used: map[string]bool{}}, true
}

// file reports whether the ignore covers the whole file.
func (d *suppression) file() bool { return d.d.Kind == directive.IgnoreFile }

// ids returns the ids the ignore names; a peer's without names stands for
// every rule.
func (d *suppression) ids() []string {
	if d.d.Tool != "" && len(d.d.IDs) == 0 {
		return []string{allRules}
	}
	return d.d.IDs
}

// problem says why the ignore cannot be honoured, "" when it can: no
// rule, an unknown rule, or no reason, in that order.
func (d *suppression) problem() string {
	if p := d.d.Problem(); p != "" && (d.d.Tool != "" || len(d.d.IDs) == 0) {
		return p
	}
	for _, id := range d.d.IDs {
		switch {
		case d.d.Tool == "" && id != allRules && Lookup(id) == nil:
			return directive.UnknownRule(id)
		case d.d.Tool != "" && LookupPeer(d.d.Tool, id) == nil:
			return directive.UnknownPeerRule(d.d.Tool, id)
		}
	}
	return d.d.Problem()
}

// unused is the unused-ignore message for an id of the ignore that
// matched no finding.
func (d *suppression) unused(id string) string {
	if d.d.Tool == "" {
		return directive.Unused(id)
	}
	if id == allRules {
		return d.d.Tool + " ignore without rule names matched no finding"
	}
	if pr := LookupPeer(d.d.Tool, id); pr != nil && pr.None != "" {
		return d.d.Tool + " rule " + id + " has no migguard counterpart, so its ignore suppresses nothing: " + pr.None
	}
	return directive.Unused(d.d.Tool + " rule " + id)
}

// hasDirectives reports whether a file may hold suppression comments, so
// that files without any skip the comment scan.
func hasDirectives(src string) bool {
	return strings.Contains(src, "migguard:") || strings.Contains(src, "squawk-ignore") || strings.Contains(src, "eugene:")
}

// applyDirectives removes suppressed findings and reports ignores that are
// invalid (no reason, unknown rule) or matched nothing.
func applyDirectives(pass *Pass, stmts []*pgparse.Stmt, findings []Finding) []Finding {
	var dirs []*suppression
	for _, c := range pgparse.Comments(pass.File.Src) {
		d, ok := parseDirective(c)
		if !ok {
			continue
		}
		d.start, d.end = scopeOf(pass.Lines, stmts, c)
		dirs = append(dirs, &d)
	}
	if len(dirs) == 0 {
		return findings
	}
	var invalid []*suppression
	valid := dirs[:0]
	for _, d := range dirs {
		if d.problem() != "" {
			invalid = append(invalid, d)
			continue
		}
		valid = append(valid, d)
	}
	kept := findings[:0]
	for _, f := range findings {
		if !suppressed(valid, f) {
			kept = append(kept, f)
		}
	}
	pass.Stmt = nil
	for _, d := range invalid {
		pass.rule = invalidIgnore
		pass.ReportAt(d.offset, "%s", d.problem())
	}
	for _, d := range valid {
		for _, id := range d.ids() {
			if !d.used[id] {
				pass.rule = unusedIgnore
				pass.ReportAt(d.offset, "%s", d.unused(id))
			}
		}
	}
	return kept
}

// scopeOf returns the byte range an ignore comment covers: the statement it
// sits inside or trails on the same line, else the next statement.
// ignore-file covers all.
func scopeOf(lines *pgparse.Lines, stmts []*pgparse.Stmt, c pgparse.Comment) (int, int) {
	line := lines.Pos(c.Start).Line
	for _, s := range stmts {
		if s.Start < c.Start && (c.Start < s.End || lines.Pos(s.End).Line == line) {
			return s.Start, s.End
		}
		if s.Start >= c.End {
			return s.Start, s.End
		}
	}
	return -1, -1
}

func suppressed(dirs []*suppression, f Finding) bool {
	if f.Rule == invalidIgnore.ID || f.Rule == unusedIgnore.ID {
		return false
	}
	hit := false
	for _, d := range dirs {
		if !d.file() && (f.Offset < d.start || f.Offset > d.end) {
			continue
		}
		for _, id := range d.ids() {
			if d.matches(id, f.Rule) {
				d.used[id] = true
				hit = true
			}
		}
	}
	return hit
}

// matches reports whether an id written in the directive selects rule: the
// rule's id, an alias of it, or "all"; for a peer's ignore, a peer rule
// that the rule covers.
func (d *suppression) matches(written, rule string) bool {
	if written == allRules && (d.d.Tool == "" || len(d.d.IDs) == 0) {
		return true
	}
	if d.d.Tool != "" {
		return coversPeer(d.d.Tool, written, rule)
	}
	if written == rule {
		return true
	}
	r := Lookup(written)
	return r != nil && r.ID == rule
}
