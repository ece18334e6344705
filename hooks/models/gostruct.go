package models

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// ormTags are the struct tag keys that map fields to columns.
var ormTags = []string{"db", "gorm", "bun", "pg", "sql"}

type goField struct {
	typ  string
	tags string
	line int
}

type goModel struct {
	line   int
	fields map[string]goField
}

// goModels returns the structs of a Go file that map to tables: those with
// a field tagged db, gorm, bun, pg or sql, those embedding gorm.Model or
// bun.BaseModel, and those with a TableName method.
func goModels(src []byte) (map[string]*goModel, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "x.go", src, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	tableName := map[string]bool{}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv != nil && fd.Name.Name == "TableName" && len(fd.Recv.List) == 1 {
			t := fd.Recv.List[0].Type
			if s, ok := t.(*ast.StarExpr); ok {
				t = s.X
			}
			if id, ok := t.(*ast.Ident); ok {
				tableName[id.Name] = true
			}
		}
	}
	out := map[string]*goModel{}
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.TYPE {
			continue
		}
		for _, spec := range gd.Specs {
			ts := spec.(*ast.TypeSpec)
			st, ok := ts.Type.(*ast.StructType)
			if !ok {
				continue
			}
			m := &goModel{line: fset.Position(ts.Pos()).Line, fields: map[string]goField{}}
			isModel := tableName[ts.Name.Name]
			for _, fld := range st.Fields.List {
				typ := types.ExprString(fld.Type)
				tags := ""
				if fld.Tag != nil {
					raw, _ := strconv.Unquote(fld.Tag.Value)
					var parts []string
					for _, k := range ormTags {
						if v, ok := reflect.StructTag(raw).Lookup(k); ok {
							parts = append(parts, k+":"+strconv.Quote(v))
							isModel = true
							if v == "-" {
								typ = "-"
							}
						}
					}
					tags = strings.Join(parts, " ")
				}
				if typ == "gorm.Model" || typ == "bun.BaseModel" || strings.HasSuffix(typ, "schema.BaseModel") {
					isModel = true
				}
				if typ == "-" {
					continue // a field the ORM skips
				}
				names := fld.Names
				if len(names) == 0 {
					name := typ
					if i := strings.LastIndex(name, "."); i >= 0 {
						name = name[i+1:]
					}
					names = []*ast.Ident{{Name: strings.TrimPrefix(name, "*")}}
				}
				for _, n := range names {
					if !ast.IsExported(n.Name) && tags == "" {
						continue // the ORMs map exported fields only
					}
					m.fields[n.Name] = goField{typ: typ, tags: tags, line: fset.Position(n.Pos()).Line}
				}
			}
			if isModel {
				out[ts.Name.Name] = m
			}
		}
	}
	return out, nil
}

// DiffGo compares the models of two versions of a Go file. Comments,
// methods, field order and types that are not models do not count.
func DiffGo(path string, before, after []byte) ([]Change, error) {
	var b map[string]*goModel
	if before != nil {
		var err error
		if b, err = goModels(before); err != nil {
			// A file that did not parse before is compared as new.
			b = nil
		}
	}
	a, err := goModels(after)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	var out []Change
	for name, am := range a {
		bm := b[name]
		if bm == nil {
			out = append(out, Change{Path: path, Line: am.line, Model: name, What: "new model"})
			continue
		}
		out = append(out, diffFields(path, name, am.line, bm.fields, am.fields, "field",
			func(f goField) int { return f.line },
			func(bf, af goField) string {
				switch {
				case bf.typ != af.typ:
					return fmt.Sprintf("type changed from %s to %s", bf.typ, af.typ)
				case bf.tags != af.tags:
					return fmt.Sprintf("tag changed from `%s` to `%s`", bf.tags, af.tags)
				}
				return ""
			})...)
	}
	for name, bm := range b {
		if a[name] == nil {
			out = append(out, Change{Path: path, Line: 1, Model: name, What: fmt.Sprintf("model removed (was on line %d)", bm.line)})
		}
	}
	sortChanges(out)
	return out, nil
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
