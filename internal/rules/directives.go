package rules

import (
	"strings"

	"github.com/migguard/migguard/internal/directive"
	"github.com/migguard/migguard/internal/pgparse"
)

// suppression is one `migguard:ignore` or `migguard:ignore-file` comment,
// as package directive reads it, with the statement it covers.
//
//	-- migguard:ignore drop-column,rename-column the app stopped reading it in v42
//	-- migguard:ignore-file require-lock-timeout the runner sets lock_timeout
//
// An ignore applies to the statement that follows the comment, to the
// statement the comment trails on the same line, or to the statement the
// comment sits inside. A reason is required.
type suppression struct {
	offset int
	file   bool
	ids    []string
	reason string
	used   map[string]bool
	// start and end delimit the statement an ignore applies to.
	start, end int
}

// parseDirective reads a comment; ok is false for comments that are not
// suppression directives.
func parseDirective(c pgparse.Comment) (d suppression, ok bool) {
	pd, ok := directive.Parse(c.Text)
	if !ok {
		return d, false
	}
	return suppression{offset: c.Start, file: pd.Kind == directive.IgnoreFile, ids: pd.IDs,
		reason: pd.Reason, used: map[string]bool{}}, true
}

// problem says why the ignore cannot be honoured, "" when it can: no
// rule, an unknown rule, or no reason, in that order.
func (d *suppression) problem() string {
	if len(d.ids) > 0 {
		if id := unknownID(d.ids); id != "" {
			return directive.UnknownRule(id)
		}
	}
	return directive.Directive{IDs: d.ids, Reason: d.reason}.Problem()
}

// hasDirectives reports whether a file may hold suppression comments, so
// that files without any skip the comment scan.
func hasDirectives(src string) bool {
	return strings.Contains(src, "migguard:")
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
		for _, id := range d.ids {
			if !d.used[id] {
				pass.rule = unusedIgnore
				pass.ReportAt(d.offset, "%s", directive.Unused(id))
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
		if !d.file && (f.Offset < d.start || f.Offset > d.end) {
			continue
		}
		for _, id := range d.ids {
			if matches(id, f.Rule) {
				d.used[id] = true
				hit = true
			}
		}
	}
	return hit
}

// matches reports whether an id written in a directive selects rule: the
// rule's id, an alias of it, or "all".
func matches(written, rule string) bool {
	if written == "all" || written == rule {
		return true
	}
	r := Lookup(written)
	return r != nil && r.ID == rule
}

func unknownID(ids []string) string {
	for _, id := range ids {
		if id != "all" && Lookup(id) == nil {
			return id
		}
	}
	return ""
}
