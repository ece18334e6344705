// Package models is the check of `migguard models` and the
// migguard-models hook: did the branch change database models without
// adding a migration?
//
// Model files are chosen by glob patterns. Each changed model file is
// compared before (at the merge-base with the base branch) and after (the
// staged index, the pushed commit or HEAD) by a detector that ignores
// changes that cannot touch the schema:
//
//   - Go (*.go): structs that map to tables (fields tagged db, gorm, bun,
//     pg or sql; gorm.Model or bun.BaseModel embedded; a TableName
//     method) compared field by field with go/ast: names, types and those
//     tags. Comments, methods, field order and other types do not count.
//   - SQLAlchemy (*.py): mapped classes and Table(...) definitions,
//     compared attribute by attribute: columns, their types, nullable,
//     server_default, unique, index, constraints and __table_args__.
//     Comments, docstrings, imports, methods, relationship() and
//     Python-side defaults do not count.
//
// A schema change is a finding, naming the model and the field, unless the
// branch adds a migration to some set.
package models

import (
	"fmt"
	"path"
	"strings"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/migguard/migguard/hooks/scope"
	"github.com/migguard/migguard/internal/gitview"
	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/rules"
)

// DefaultGlobs are the model files looked at when none are configured.
var DefaultGlobs = []string{"**/models.py", "**/models/**/*.py", "**/models.go", "**/models/**/*.go", "**/model/**/*.go"}

// Change is one schema-relevant change of a model.
type Change struct {
	Path  string
	Line  int
	Model string
	Field string // "" for the model as a whole
	What  string
}

func (c Change) String() string {
	if c.Field == "" {
		return fmt.Sprintf("%s: %s", c.Model, c.What)
	}
	return fmt.Sprintf("%s.%s: %s", c.Model, c.Field, c.What)
}

// Rule is the id of the finding of Check, documented in the rule
// catalogue (internal/rules).
const Rule = "model-without-migration"

// Options configure Check.
type Options struct {
	// Globs choose the model files (slash-separated, ** allowed); nil
	// means DefaultGlobs.
	Globs []string
	// Ignored reports paths that are never checked.
	Ignored func(path string) bool
}

// Result is the verdict.
type Result struct {
	Findings []rules.Finding
	// Changes are every schema-relevant model change found.
	Changes []Change
	// Files are the changed model files compared.
	Files []string
	// Notes say why nothing was reported, when that is the case.
	Notes []string
}

// IsModelFile reports whether a path matches the globs.
func IsModelFile(globs []string, p string) bool {
	if globs == nil {
		globs = DefaultGlobs
	}
	for _, g := range globs {
		if ok, _ := doublestar.Match(g, p); ok {
			return true
		}
	}
	return false
}

// Check compares the changed model files of the scope. added are the
// migrations that the branch adds (branch.Result.Added).
func Check(repo gitview.Repo, s *scope.Scope, o Options, added []string) (*Result, error) {
	res := &Result{}
	if s.Initial {
		return res, nil
	}
	for _, ch := range s.Changes {
		p := ch.Path()
		if !IsModelFile(o.Globs, p) || (o.Ignored != nil && o.Ignored(p)) {
			continue
		}
		ext := path.Ext(p)
		if ext != ".go" && ext != ".py" {
			continue
		}
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		var before, after []byte
		var err error
		if ch.Action != gitview.Added {
			if before, err = repo.Blob(ch.FromBlob); err != nil {
				return nil, err
			}
		}
		if ch.Action != gitview.Deleted {
			if after, err = repo.Blob(ch.ToBlob); err != nil {
				return nil, err
			}
		}
		res.Files = append(res.Files, p)
		var cs []Change
		switch {
		case ext == ".go" && ch.Action == gitview.Deleted:
			b, _ := goModels(p, before)
			for name := range b {
				cs = append(cs, Change{Path: ch.From, Line: 1, Model: name, What: "model file deleted"})
			}
			sortChanges(cs)
		case ext == ".go":
			cs, err = DiffGo(p, before, after)
		default:
			cs = DiffSQLAlchemy(p, before, after)
		}
		if err != nil {
			return nil, &scope.Error{Msg: err.Error()}
		}
		res.Changes = append(res.Changes, cs...)
	}
	if len(res.Changes) == 0 {
		return res, nil
	}
	if len(added) > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("%d model change(s) come with the branch's migration %s", len(res.Changes), strings.Join(added, ", ")))
		return res, nil
	}
	r := rules.Lookup(Rule)
	for _, c := range res.Changes {
		res.Findings = append(res.Findings, rules.Finding{
			Rule: Rule, Severity: r.Severity, Path: c.Path,
			Pos: pgparse.Pos{Line: max(c.Line, 1), Col: 1}, End: pgparse.Pos{Line: max(c.Line, 1), Col: 1},
			Message: fmt.Sprintf("model %s changed (%s) but %s adds no migration", modelName(c), c.What, s.HeadName),
			Help:    r.Help,
		})
	}
	rules.SortFindings(res.Findings)
	return res, nil
}

func modelName(c Change) string {
	if c.Field == "" {
		return c.Model
	}
	return c.Model + "." + c.Field
}
