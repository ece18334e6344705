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
// A schema change is covered when the schema that the checked tree's
// migrations build (the base's and the branch's, replayed) makes it: the
// column added, its new type, nullability or server default, the table
// created, the new members of an enum (a Python Enum used by
// Column(Enum(X)) needs ALTER TYPE … ADD VALUE). A removed field or model
// needs no migration: its column or table may stay until a later pull
// request drops it, the safe order in which the code stops using a column
// before a migration drops it (lint's drop-still-used reports the other
// order) — unless the column is NOT NULL without a default, which the
// model's inserts no longer set. Otherwise it is a
// finding that names the model, the field and what the schema shows
// instead. A change whose table no migration knows is covered by any
// migration the branch adds. A member removed from an enum is a warning:
// rows may still hold it.
package models

import (
	"fmt"
	"path"
	"strings"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/migguard/migguard/hooks/scope"
	"github.com/migguard/migguard/internal/alembic"
	"github.com/migguard/migguard/internal/gitview"
	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/project"
	"github.com/migguard/migguard/internal/rules"
	"github.com/migguard/migguard/internal/schema"
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

// The ids of the findings of Check, documented in the rule catalogue
// (internal/rules).
const (
	// Rule is a model change that no migration of the branch makes.
	Rule = "model-without-migration"
	// RuleEnumRemoved is a label a model's enum no longer lists.
	RuleEnumRemoved = "model-enum-value-removed"
)

// Options configure Check.
type Options struct {
	// Globs choose the model files (slash-separated, ** allowed); nil
	// means DefaultGlobs.
	Globs []string
	// Ignored reports paths that are never checked.
	Ignored func(path string) bool
	// Project, when not nil, is the project of the working tree: its
	// migration sets, read in the checked tree and replayed, say whether
	// the branch's migrations make each model change. Without it a model
	// change is covered by any migration the branch adds.
	Project *project.Project
	// Prefix is the project root relative to the repository's top, with a
	// trailing slash; "" when they are the same.
	Prefix string
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

// changedFile is a changed model file, both versions read.
type changedFile struct {
	path          string
	before, after []byte
	changes       []Change
}

// Check compares the changed model files of the scope. added returns the
// migrations that the branch adds (branch.Result.Added); it is called
// only when a model file changes, so a commit that touches no model does
// not pay for the branch's check. A change is
// covered when the schema that the checked tree's migrations build makes
// it (the column added, its new type, nullability, default; the table
// created or dropped; the enum's new labels); when no migration knows the
// model's table, any migration of the branch covers it.
func Check(repo gitview.Repo, s *scope.Scope, o Options, added func() ([]string, error)) (*Result, error) {
	res := &Result{}
	if s.Initial {
		return res, nil
	}
	files, err := changedModels(repo, s, o, res)
	if err != nil || len(res.Changes) == 0 {
		return res, err
	}
	sets, err := schemas(repo, s, o)
	if err != nil {
		return nil, err
	}
	j := &judgement{repo: repo, s: s, o: o, res: res}
	if j.added, err = added(); err != nil {
		return nil, err
	}
	j.cats = byRelevance(sets, j.added)
	for _, f := range files {
		j.file(f)
	}
	if j.fallback > 0 && len(j.added) > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("%d model change(s) come with the branch's migration %s", j.fallback, strings.Join(j.added, ", ")))
	}
	if j.made > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("%d model change(s) are made by the migrations", j.made))
	}
	rules.SortFindings(res.Findings)
	return res, nil
}

// changedModels reads the changed model files of the scope and their
// schema-relevant changes.
func changedModels(repo gitview.Repo, s *scope.Scope, o Options, res *Result) ([]changedFile, error) {
	var out []changedFile
	for _, ch := range s.Changes {
		p := ch.Path()
		ext := path.Ext(p)
		if !IsModelFile(o.Globs, p) || (o.Ignored != nil && o.Ignored(p)) || ext != ".go" && ext != ".py" || strings.HasSuffix(p, "_test.go") {
			continue
		}
		f := changedFile{path: p}
		var err error
		if ch.Action != gitview.Added {
			if f.before, err = repo.Blob(ch.FromBlob); err != nil {
				return nil, err
			}
		}
		if ch.Action != gitview.Deleted {
			if f.after, err = repo.Blob(ch.ToBlob); err != nil {
				return nil, err
			}
		}
		res.Files = append(res.Files, p)
		switch {
		case ext == ".go" && ch.Action == gitview.Deleted:
			b, _ := goModels(ch.From, f.before)
			for name := range b {
				f.changes = append(f.changes, Change{Path: ch.From, Line: 1, Model: name, What: "model file deleted"})
			}
			sortChanges(f.changes)
		case ext == ".go":
			f.changes, err = DiffGo(p, f.before, f.after)
		default:
			f.changes = DiffSQLAlchemy(p, f.before, f.after)
			f.changes = append(f.changes, enumChanges(p, f, loader(repo, s.HeadTree, o))...)
			sortChanges(f.changes)
		}
		if err != nil {
			return nil, &scope.Error{Msg: err.Error()}
		}
		res.Changes = append(res.Changes, f.changes...)
		out = append(out, f)
	}
	return out, nil
}

// setSchema is the schema that a migration set builds.
type setSchema struct {
	set *project.Set
	cat *schema.Catalog
}

// byRelevance returns the schemas in the order a model change is judged
// against them (the first that has the model's table decides): first
// those of the sets that the branch adds a migration to (added), then
// the others in the order given (project.LiveFirst's, as the analyzers
// look tables up). A table that two sets create, such as a legacy set
// kept beside the current one, is judged where the branch changes it.
func byRelevance(sets []setSchema, added []string) []*schema.Catalog {
	changed := make([]bool, len(sets))
	for _, a := range added {
		for i, s := range sets {
			changed[i] = changed[i] || s.set.Holds(a)
		}
	}
	out := make([]*schema.Catalog, 0, len(sets))
	for _, first := range []bool{true, false} {
		for i, set := range sets {
			if changed[i] == first {
				out = append(out, set.cat)
			}
		}
	}
	return out
}

// schemas replays the migration sets of the checked tree, each into a
// schema of its own; nil without a project.
func schemas(repo gitview.Repo, s *scope.Scope, o Options) ([]setSchema, error) {
	if o.Project == nil {
		return nil, nil
	}
	fsys, err := gitview.TreeFS(repo, s.HeadTree, o.Prefix, o.Project.Root)
	if err != nil {
		return nil, err
	}
	sets, _ := o.Project.At(fsys).Sets()
	var out []setSchema
	for _, set := range project.LiveFirst(sets) {
		l, _ := set.Load()
		if l == nil {
			continue
		}
		r := rules.LintSet(l.Files, rules.Options{Lint: func(*migrations.File) bool { return false }, Release: true})
		if r.Catalog != nil {
			out = append(out, setSchema{set: set, cat: r.Catalog})
		}
	}
	return out, nil
}

// judgement is one run's verdicts on model changes.
type judgement struct {
	repo  gitview.Repo
	s     *scope.Scope
	o     Options
	res   *Result
	added []string
	cats  []*schema.Catalog
	// made counts the changes the migrations make; fallback those judged
	// only by whether the branch adds a migration.
	made, fallback int
}

// file judges the changes of one model file.
func (j *judgement) file(f changedFile) {
	var bpy, apy []alembic.Model
	var bgo, ago map[string]*goModel
	if strings.HasSuffix(f.path, ".py") {
		load := j.loader()
		bpy, apy = alembic.ReadModels(f.before, load), alembic.ReadModels(f.after, load)
	} else {
		bgo, _ = goModels(f.path, f.before)
		ago, _ = goModels(f.path, f.after)
	}
	for _, c := range f.changes {
		var exps []expectation
		if apy != nil || bpy != nil {
			c.What = describeChange(c, bpy, apy)
			exps = sqlalchemyExpectations(c, bpy, apy)
			if enum, gone := removedEnumLabels(c, bpy, apy); len(gone) > 0 {
				j.enumRemoved(c, enum, gone)
			}
		} else {
			exps = goExpectations(c, bgo, ago)
		}
		covered, judged, why := judge(exps, j.cats)
		switch {
		case len(exps) > 0 && judged && covered:
			j.made++
		case len(exps) > 0 && judged:
			j.report(c, why)
		case len(j.added) > 0:
			j.fallback++
		default:
			j.report(c, "")
		}
	}
}

// report adds the finding of a change the migrations do not make.
func (j *judgement) report(c Change, why string) {
	r := rules.Lookup(Rule)
	msg := fmt.Sprintf("model %s changed (%s) but %s adds no migration", modelName(c), c.What, j.s.HeadName)
	if len(j.added) > 0 {
		msg = fmt.Sprintf("model %s changed (%s) but no migration of %s makes the change", modelName(c), c.What, j.s.HeadName)
	}
	if why != "" {
		msg += ": " + why
	}
	j.res.Findings = append(j.res.Findings, rules.Finding{
		Rule: Rule, Severity: r.Severity, Path: c.Path,
		Pos: pgparse.Pos{Line: max(c.Line, 1), Col: 1}, End: pgparse.Pos{Line: max(c.Line, 1), Col: 1},
		Message: msg, Help: r.Help,
	})
}

// enumRemoved warns about labels a model's enum no longer lists.
func (j *judgement) enumRemoved(c Change, enum string, gone []string) {
	r := rules.Lookup(RuleEnumRemoved)
	j.res.Findings = append(j.res.Findings, rules.Finding{
		Rule: RuleEnumRemoved, Severity: r.Severity, Path: c.Path,
		Pos: pgparse.Pos{Line: max(c.Line, 1), Col: 1}, End: pgparse.Pos{Line: max(c.Line, 1), Col: 1},
		Message: fmt.Sprintf("model %s no longer lists %s of enum %s, but rows may still hold it: decide what becomes of them before the type loses the value",
			modelName(c), quoteAll(gone), enum),
		Help: r.Help,
	})
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = "'" + s + "'"
	}
	return strings.Join(q, ", ")
}

// loader reads Python modules of the checked tree by dotted name, for
// the Enum classes and types the model files import.
func (j *judgement) loader() func(string) []byte { return loader(j.repo, j.s.HeadTree, j.o) }

// loader reads Python modules of a tree by dotted name: a/b.py or
// a/b/__init__.py at the project root or below src/.
func loader(repo gitview.Repo, tree gitview.Hash, o Options) func(string) []byte {
	return func(module string) []byte {
		rel := strings.ReplaceAll(module, ".", "/")
		for _, cand := range []string{rel + ".py", rel + "/__init__.py", "src/" + rel + ".py", "src/" + rel + "/__init__.py"} {
			if id, ok, err := repo.File(tree, o.Prefix+cand); err == nil && ok {
				if data, err := repo.Blob(id); err == nil {
					return data
				}
			}
		}
		return nil
	}
}

// enumChanges returns a change for each column whose Python Enum gained
// or lost members while the column's own definition stayed the same
// (Column(Enum(Status)) with a member added to Status).
func enumChanges(path string, f changedFile, load func(string) []byte) []Change {
	seen := map[string]bool{}
	for _, c := range f.changes {
		seen[c.Model+"."+c.Field] = true
	}
	before := readModelsOrNil(f.before, load)
	var out []Change
	for _, am := range alembic.ReadModels(f.after, load) {
		bm := modelNamed(before, am.Name)
		if bm == nil {
			continue
		}
		for _, ac := range am.Columns {
			bc := bm.Column(ac.Attr)
			if bc == nil || ac.Enum == nil || bc.Enum == nil || seen[am.Name+"."+ac.Attr] ||
				strings.Join(ac.Enum.Labels, "\x00") == strings.Join(bc.Enum.Labels, "\x00") {
				continue
			}
			out = append(out, Change{Path: path, Line: ac.Line, Model: am.Name, Field: ac.Attr, What: "enum " + ac.Enum.Name + " members changed"})
		}
	}
	return out
}

// readModelsOrNil reads the SQLAlchemy models of a file version, none for
// an absent one.
func readModelsOrNil(src []byte, load func(string) []byte) []alembic.Model {
	if src == nil {
		return nil
	}
	return alembic.ReadModels(src, load)
}

func modelName(c Change) string {
	if c.Field == "" {
		return c.Model
	}
	return c.Model + "." + c.Field
}
