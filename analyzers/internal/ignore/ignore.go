// Package ignore applies migguard's suppression comments to Go source:
//
//	//migguard:ignore <rule-id>[,<rule-id>] <reason>
//	//migguard:ignore-file <rule-id>[,<rule-id>] <reason>
//
// The comments are read by package internal/directive, with the grammar
// of SQL files and Alembic revisions (a space after // and /* */ comments
// are allowed too); this package decides what each one covers.
//
// An ignore covers the findings reported on its own line and on the next
// line, and everything inside the statement, declaration or struct field
// that starts on the first line after its comment group, so one comment
// above a call covers a multi-line SQL literal and one above `//go:embed`
// covers the files it embeds. ignore-file covers the whole Go file. A
// reason is required, and an ignore that matches nothing is itself
// reported, as in SQL files.
package ignore

import (
	"go/ast"
	"go/token"

	"github.com/migguard/migguard/internal/directive"
)

// Rule ids of the findings about the directives themselves; they are the
// ids that migguard lint uses for SQL directives.
const (
	InvalidID = "invalid-ignore"
	UnusedID  = "unused-ignore"
)

// Directive is one ignore comment.
type Directive struct {
	Pos    token.Pos
	File   bool // ignore-file
	IDs    []string
	Reason string

	file       *token.File
	line       int       // line of the comment's end
	next       int       // first line after the comment group
	start, end token.Pos // extent of the node after the comment, if any
	used       map[string]bool
}

// Set is the directives of a package.
type Set struct {
	fset *token.FileSet
	dirs []*Directive
}

// Parse reads the directives of the files.
func Parse(fset *token.FileSet, files []*ast.File) *Set {
	s := &Set{fset: fset}
	for _, f := range files {
		var found []*Directive
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				if d, ok := parse(c); ok {
					d.file = fset.File(c.Pos())
					if d.file == nil {
						continue
					}
					d.line = d.file.Line(c.End())
					d.next = d.file.Line(cg.End()) + 1
					found = append(found, d)
				}
			}
		}
		if len(found) == 0 {
			continue
		}
		scope(f, found)
		s.dirs = append(s.dirs, found...)
	}
	return s
}

// parse reads one comment with package directive's grammar; ok is false
// for other comments.
func parse(c *ast.Comment) (*Directive, bool) {
	pd, ok := directive.Parse(c.Text)
	if !ok {
		return nil, false
	}
	return &Directive{Pos: c.Pos(), File: pd.Kind == directive.IgnoreFile, IDs: pd.IDs, Reason: pd.Reason,
		used: map[string]bool{}}, true
}

// scope finds, for each directive, the first statement, declaration, spec
// or field that starts on the line after it.
func scope(f *ast.File, dirs []*Directive) {
	want := map[int][]*Directive{}
	for _, d := range dirs {
		if !d.File {
			want[d.next] = append(want[d.next], d)
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		if len(want) == 0 {
			return false
		}
		switch n.(type) {
		case ast.Stmt, ast.Decl, ast.Spec, *ast.Field, *ast.KeyValueExpr, *ast.CallExpr:
		default:
			return true
		}
		file := dirs[0].file
		if !n.Pos().IsValid() || file.Base() > int(n.Pos()) || int(n.Pos()) > file.Base()+file.Size() {
			return true
		}
		line := file.Line(n.Pos())
		for _, d := range want[line] {
			d.start, d.end = n.Pos(), n.End()
		}
		delete(want, line)
		return true
	})
}

// Suppressed reports whether a finding of rule at pos is covered by a
// directive, and marks the directive used.
func (s *Set) Suppressed(pos token.Pos, rule string) bool {
	if s == nil || len(s.dirs) == 0 || !pos.IsValid() {
		return false
	}
	tf := s.fset.File(pos)
	if tf == nil {
		return false
	}
	line := tf.Line(pos)
	hit := false
	for _, d := range s.dirs {
		if d.file != tf || d.Reason == "" {
			continue // an ignore without a reason suppresses nothing
		}
		covers := d.File || line == d.line || line == d.line+1 || line == d.next ||
			(d.start.IsValid() && d.start <= pos && pos <= d.end)
		if !covers {
			continue
		}
		for _, id := range d.IDs {
			if id == "all" || id == rule {
				d.used[id] = true
				hit = true
			}
		}
	}
	return hit
}

// Problem is a directive that is invalid or matched nothing.
type Problem struct {
	Pos     token.Pos
	Rule    string // InvalidID or UnusedID
	Message string
}

// Problems returns the directives that name no rule, give no reason or
// name an unknown rule (when reportUnknown), and the ids of valid
// directives that matched no finding. mine says which ids the caller owns:
// only those are checked for use, so two analyzers sharing a file do not
// report each other's directives. "all" is never reported unused.
func (s *Set) Problems(mine func(id string) bool, known func(id string) bool, reportUnknown bool) []Problem {
	if s == nil {
		return nil
	}
	const hint = ": write //migguard:ignore <rule-id> <reason>"
	var out []Problem
	for _, d := range s.dirs {
		switch {
		case len(d.IDs) == 0:
			if reportUnknown {
				out = append(out, Problem{d.Pos, InvalidID, d.problem() + hint})
			}
			continue
		case d.Reason == "":
			if mineAny(d.IDs, mine) {
				out = append(out, Problem{d.Pos, InvalidID, d.problem() + hint})
			}
			continue
		}
		for _, id := range d.IDs {
			switch {
			case id == "all":
			case !known(id):
				if reportUnknown {
					out = append(out, Problem{d.Pos, InvalidID, directive.UnknownRule(id)})
				}
			case mine(id) && !d.used[id]:
				out = append(out, Problem{d.Pos, UnusedID, directive.Unused(id)})
			}
		}
	}
	return out
}

// problem is the grammar's complaint about a malformed directive.
func (d *Directive) problem() string {
	return directive.Directive{IDs: d.IDs, Reason: d.Reason}.Problem()
}

func mineAny(ids []string, mine func(string) bool) bool {
	for _, id := range ids {
		if id == "all" || mine(id) {
			return true
		}
	}
	return false
}
