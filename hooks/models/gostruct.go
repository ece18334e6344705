package models

import (
	"fmt"
	"go/parser"
	"go/token"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/migguard/migguard/internal/modeltag"
)

// goField is a field of a Go model as its ORM maps it.
type goField struct {
	typ string // the Go type as written
	// qualified is the type with the import path of a named type of
	// another package (modeltag.FileColumn.Type), for modeltag.GoKind.
	qualified string
	column    string // "" for an embedded struct of another file
	opts      string // the tag options that change the schema, canonical
	tag       string // the ORM tag with only those options, for messages
	line      int
}

type goModel struct {
	line       int
	convention modeltag.Convention
	table      string             // "" when not known statically
	fields     map[string]goField // by Go path below the model ("Base.ID")
}

// GoModel is a struct of a Go file that maps to a table, as migguard
// models reads it.
type GoModel struct {
	Name       string
	Convention string // gorm, bun, go-pg or db
	Table      string // "" when not known statically
	// Columns maps the Go path of each mapped field below the model
	// ("Email", "Base.CreatedAt") to its column; an embedded struct of
	// another package maps to "".
	Columns map[string]string
}

// GoModels returns the models of a Go file, sorted by name.
func GoModels(src []byte) ([]GoModel, error) {
	ms, err := goModels("", src)
	if err != nil {
		return nil, err
	}
	var out []GoModel
	for _, name := range slices.Sorted(maps.Keys(ms)) {
		m := ms[name]
		gm := GoModel{Name: name, Convention: string(m.convention), Table: m.table, Columns: map[string]string{}}
		for p, f := range m.fields {
			gm.Columns[p] = f.column
		}
		out = append(out, gm)
	}
	return out, nil
}

// goModels returns the structs of a Go file that map to tables, as package
// modeltag decides for every migguard command: structs with gorm, bun, pg,
// sql or db tags, embedding gorm.Model or bun.BaseModel, with a TableName
// method or a //migguard:model comment. Their fields are the columns the
// ORM maps, embedded structs of the same file and gorm.Model flattened;
// an embedded struct of another package is one opaque field. A syntax
// error names the file by path, its repository path.
func goModels(path string, src []byte) (map[string]*goModel, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	out := map[string]*goModel{}
	for _, fm := range modeltag.ReadFile(fset, f) {
		m := &goModel{line: fm.Line, convention: fm.Convention, table: fm.Table, fields: map[string]goField{}}
		for _, c := range fm.Columns {
			m.fields[c.Path] = goField{typ: c.GoType, qualified: c.Type, column: c.Column, opts: strings.Join(c.Options, ";"), tag: c.Tag, line: c.Line}
		}
		out[fm.Name] = m
	}
	return out, nil
}

// DiffGo compares the models of two versions of a Go file: the columns
// their fields map to, the tag options that change the schema and the Go
// types. Comments, methods, field order, renamed fields that keep their
// column, tags the ORM does not read and types that are not models do not
// count.
func DiffGo(path string, before, after []byte) ([]Change, error) {
	var b map[string]*goModel
	if before != nil {
		var err error
		if b, err = goModels(path, before); err != nil {
			// A file that did not parse before is compared as new.
			b = nil
		}
	}
	a, err := goModels(path, after)
	if err != nil {
		return nil, err // go/parser's errors start with path:line:column
	}
	var out []Change
	for name, am := range a {
		bm := b[name]
		if bm == nil {
			out = append(out, Change{Path: path, Line: am.line, Model: name, What: "new model"})
			continue
		}
		out = append(out, diffFields(path, name, am.line, bm.fields, pairRenamed(bm.fields, am.fields), "field",
			func(f goField) int { return f.line }, goFieldChange)...)
	}
	for name, bm := range b {
		if a[name] == nil {
			out = append(out, Change{Path: path, Line: 1, Model: name, What: fmt.Sprintf("model removed (was on line %d)", bm.line)})
		}
	}
	sortChanges(out)
	return out, nil
}

// goFieldChange describes how a field changed, "" when its column did not.
func goFieldChange(bf, af goField) string {
	switch {
	case bf.typ != af.typ:
		return fmt.Sprintf("type changed from %s to %s", bf.typ, af.typ)
	case bf.column == af.column && bf.opts == af.opts:
		return ""
	case bf.tag != af.tag:
		return fmt.Sprintf("tag changed from `%s` to `%s`", bf.tag, af.tag)
	}
	// The same tag mapped elsewhere: an embedding field's prefix changed.
	return fmt.Sprintf("column changed from %s to %s", bf.column, af.column)
}

// pairRenamed re-keys the fields of after whose Go path is new but whose
// column a vanished field of before had (a field renamed, or moved into an
// embedded struct), so that they are compared with that field instead of
// being reported as one added and one removed.
func pairRenamed(before, after map[string]goField) map[string]goField {
	gone := map[string]string{} // column → path in before
	for _, p := range slices.Sorted(maps.Keys(before)) {
		if _, kept := after[p]; !kept && before[p].column != "" {
			gone[before[p].column] = p
		}
	}
	out := make(map[string]goField, len(after))
	for _, p := range slices.Sorted(maps.Keys(after)) {
		f := after[p]
		if _, old := before[p]; !old && f.column != "" && gone[f.column] != "" {
			out[gone[f.column]] = f
			delete(gone, f.column)
			continue
		}
		out[p] = f
	}
	return out
}

// diffFields compares the fields of one model in two versions of a file:
// added and changed fields are reported at their line, removed ones at the
// model's. changed describes how two versions of a field differ, "" when
// they do not; noun names a field in messages ("field", "column").
func diffFields[F any](path, model string, modelLine int, before, after map[string]F, noun string,
	line func(F) int, changed func(before, after F) string) []Change {
	var out []Change
	for fn, af := range after {
		bf, ok := before[fn]
		if !ok {
			out = append(out, Change{Path: path, Line: line(af), Model: model, Field: fn, What: noun + " added"})
		} else if what := changed(bf, af); what != "" {
			out = append(out, Change{Path: path, Line: line(af), Model: model, Field: fn, What: what})
		}
	}
	for fn := range before {
		if _, ok := after[fn]; !ok {
			out = append(out, Change{Path: path, Line: modelLine, Model: model, Field: fn, What: noun + " removed"})
		}
	}
	return out
}

func sortChanges(cs []Change) {
	sort.Slice(cs, func(i, j int) bool {
		if cs[i].Line != cs[j].Line {
			return cs[i].Line < cs[j].Line
		}
		if cs[i].Model != cs[j].Model {
			return cs[i].Model < cs[j].Model
		}
		return cs[i].Field < cs[j].Field
	})
}
