package rules

import (
	"strings"
	"unicode"

	"github.com/migguard/migguard/internal/pgparse"
)

// directive is one `migguard:ignore` or `migguard:ignore-file` comment.
//
//	-- migguard:ignore drop-column,rename-column the app stopped reading it in v42
//	-- migguard:ignore-file require-lock-timeout the runner sets lock_timeout
//
// An ignore applies to the statement that follows the comment, to the
// statement the comment trails on the same line, or to the statement the
// comment sits inside. A reason is required.
type directive struct {
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
func parseDirective(c pgparse.Comment) (d directive, ok bool) {
	text := strings.TrimSpace(c.Text)
	if strings.HasPrefix(text, "--") {
		text = strings.TrimSpace(text[2:])
	} else {
		text = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(text, "/*"), "*/"))
	}
	var rest string
	switch {
	case strings.HasPrefix(text, "migguard:ignore-file"):
		d.file, rest = true, text[len("migguard:ignore-file"):]
	case strings.HasPrefix(text, "migguard:ignore"):
		rest = text[len("migguard:ignore"):]
	default:
		return d, false
	}
	if rest != "" && !unicode.IsSpace(rune(rest[0])) {
		return d, false
	}
	idList, reason := cutSpace(rest)
	// Accept "a, b reason" as well as "a,b reason".
	for strings.HasSuffix(idList, ",") && reason != "" {
		var next string
		next, reason = cutSpace(reason)
		idList += next
	}
	for _, id := range strings.Split(idList, ",") {
		if id = strings.TrimSpace(id); id != "" {
			d.ids = append(d.ids, id)
		}
	}
	d.offset = c.Start
	d.reason = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(reason), "--"))
	d.used = map[string]bool{}
	return d, true
}

// cutSpace returns the first word of s and the rest, split at white space
// (a tab or a line break in a block comment as well as a space).
func cutSpace(s string) (word, rest string) {
	s = strings.TrimSpace(s)
	if i := strings.IndexFunc(s, unicode.IsSpace); i >= 0 {
		return s[:i], s[i:]
	}
	return s, ""
}

// applyDirectives removes suppressed findings and reports ignores that are
// invalid (no reason, unknown rule) or matched nothing.
func applyDirectives(pass *Pass, stmts []*pgparse.Stmt, findings []Finding) []Finding {
	var dirs []*directive
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
	var invalid []*directive
	valid := dirs[:0]
	for _, d := range dirs {
		if d.reason == "" || len(d.ids) == 0 || unknownID(d.ids) != "" {
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
		switch {
		case len(d.ids) == 0:
			pass.ReportAt(d.offset, "ignore directive names no rule")
		case unknownID(d.ids) != "":
			pass.ReportAt(d.offset, "ignore directive names unknown rule %q", unknownID(d.ids))
		default:
			pass.ReportAt(d.offset, "ignore directive for %s gives no reason", strings.Join(d.ids, ","))
		}
	}
	for _, d := range valid {
		for _, id := range d.ids {
			if !d.used[id] {
				pass.rule = unusedIgnore
				pass.ReportAt(d.offset, "ignore directive for %s matched no finding", id)
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

func suppressed(dirs []*directive, f Finding) bool {
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
