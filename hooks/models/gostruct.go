package models

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"maps"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/migguard/migguard/internal/lazyre"
	"github.com/migguard/migguard/internal/modeltag"
)

// goField is a field of a Go model as its ORM maps it.
type goField struct {
	typ    string // the Go type as written
	column string // "" for an embedded struct of another file
	opts   string // the tag options that change the schema, canonical
	tag    string // the ORM tag with only those options, for messages
	line   int
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
	r := newFileReader(fset, f)
	out := map[string]*goModel{}
	for _, ts := range r.order {
		s := r.tagStruct(ts)
		mt, ok := modeltag.Classify(s)
		if !ok {
			continue
		}
		m := &goModel{line: fset.Position(ts.Pos()).Line, convention: mt.Convention, table: mt.Table, fields: map[string]goField{}}
		for _, c := range mt.Columns(s.Fields, r.expand) {
			m.fields[c.Path()] = goField{typ: c.Field().GoType, column: c.Column, opts: strings.Join(c.Options, ";"),
				tag: c.Tag, line: chainLine(c.Chain, m.line)}
		}
		out[ts.Name.Name] = m
	}
	return out, nil
}

// chainLine is the line of the innermost field of a chain declared in the
// file (a gorm.Model field is reported at the embedding field).
func chainLine(chain []modeltag.Field, model int) int {
	for i := len(chain) - 1; i >= 0; i-- {
		if line, ok := chain[i].Ref.(int); ok {
			return line
		}
	}
	return model
}

// fileReader answers, for one file without type information, what
// package modeltag asks of a struct's fields.
type fileReader struct {
	fset    *token.FileSet
	imports map[string]string // package name → import path
	structs map[string]*ast.TypeSpec
	order   []*ast.TypeSpec // the file's non-generic struct types
	docs    map[*ast.TypeSpec]*ast.CommentGroup
	methods map[string]map[string]*ast.FuncDecl // receiver type → name → method
	consts  map[string]string                   // string constants of the file
}

func newFileReader(fset *token.FileSet, f *ast.File) *fileReader {
	r := &fileReader{fset: fset, imports: map[string]string{}, structs: map[string]*ast.TypeSpec{},
		docs: map[*ast.TypeSpec]*ast.CommentGroup{}, methods: map[string]map[string]*ast.FuncDecl{}, consts: map[string]string{}}
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		name := importName(p)
		if imp.Name != nil {
			name = imp.Name.Name
		}
		r.imports[name] = p
	}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			r.addMethod(d)
		case *ast.GenDecl:
			r.addDecl(d)
		}
	}
	return r
}

// versionRx matches the major-version element of an import path.
var versionRx = lazyre.New(`^v[0-9]+$`)

// importName guesses the package name of an import path: its last
// element, before a /vN or .vN suffix (github.com/go-pg/pg/v10 → pg).
func importName(p string) string {
	dir, name := path.Split(p)
	if versionRx.MatchString(name) && dir != "" {
		name = path.Base(dir)
	}
	if i := strings.Index(name, ".v"); i > 0 {
		name = name[:i]
	}
	return name
}

func (r *fileReader) addMethod(fd *ast.FuncDecl) {
	if fd.Recv == nil || len(fd.Recv.List) != 1 {
		return
	}
	t := fd.Recv.List[0].Type
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	if id, ok := t.(*ast.Ident); ok {
		if r.methods[id.Name] == nil {
			r.methods[id.Name] = map[string]*ast.FuncDecl{}
		}
		r.methods[id.Name][fd.Name.Name] = fd
	}
}

func (r *fileReader) addDecl(gd *ast.GenDecl) {
	for _, spec := range gd.Specs {
		switch sp := spec.(type) {
		case *ast.ValueSpec:
			for i, n := range sp.Names {
				if gd.Tok == token.CONST && i < len(sp.Values) {
					if lit, ok := sp.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
						r.consts[n.Name], _ = strconv.Unquote(lit.Value)
					}
				}
			}
		case *ast.TypeSpec:
			if _, ok := sp.Type.(*ast.StructType); !ok || sp.TypeParams != nil {
				continue
			}
			r.structs[sp.Name.Name] = sp
			r.order = append(r.order, sp)
			r.docs[sp] = sp.Doc
			if sp.Doc == nil && len(gd.Specs) == 1 {
				r.docs[sp] = gd.Doc
			}
		}
	}
}

// tagStruct describes a struct type of the file for package modeltag.
func (r *fileReader) tagStruct(ts *ast.TypeSpec) modeltag.Struct {
	s := modeltag.Struct{Name: ts.Name.Name, Fields: r.fields(ts.Type.(*ast.StructType))}
	if doc := r.docs[ts]; doc != nil {
		for _, c := range doc.List {
			s.Doc = append(s.Doc, c.Text)
		}
	}
	if fd := r.methods[ts.Name.Name]["TableName"]; fd != nil {
		s.TableName.Declared = true
		s.TableName.Value, s.TableName.Constant = r.constantReturn(fd)
	}
	return s
}

// constantReturn reads a method whose body is `return "name"` or returns
// a string constant of the file.
func (r *fileReader) constantReturn(fd *ast.FuncDecl) (string, bool) {
	if fd.Body == nil || len(fd.Body.List) != 1 {
		return "", false
	}
	ret, ok := fd.Body.List[0].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 1 {
		return "", false
	}
	switch e := ret.Results[0].(type) {
	case *ast.BasicLit:
		v, err := strconv.Unquote(e.Value)
		return v, e.Kind == token.STRING && err == nil
	case *ast.Ident:
		v, ok := r.consts[e.Name]
		return v, ok
	}
	return "", false
}

// fields describes the fields of a struct type.
func (r *fileReader) fields(st *ast.StructType) []modeltag.Field {
	var out []modeltag.Field
	for _, fld := range st.Fields.List {
		tag := ""
		if fld.Tag != nil {
			tag, _ = strconv.Unquote(fld.Tag.Value)
		}
		base := modeltag.Field{Tag: tag, Type: r.qualified(fld.Type), GoType: types.ExprString(fld.Type),
			Shape: r.shape(fld.Type, len(fld.Names) == 0)}
		if len(fld.Names) == 0 {
			base.Embedded = true
			base.Name = base.Type[strings.LastIndex(base.Type, ".")+1:]
			base.Ref = r.fset.Position(fld.Pos()).Line
			out = append(out, base)
			continue
		}
		for _, n := range fld.Names {
			f := base
			f.Name, f.Ref = n.Name, r.fset.Position(n.Pos()).Line
			out = append(out, f)
		}
	}
	return out
}

// qualified names a field's named type, pointer removed: the import path
// and name of a qualified type (the package name when no import matches),
// the name of a type of this package.
func (r *fileReader) qualified(e ast.Expr) string {
	if s, ok := e.(*ast.StarExpr); ok {
		e = s.X
	}
	switch t := e.(type) {
	case *ast.Ident:
		return t.Name
	case *ast.SelectorExpr:
		if x, ok := t.X.(*ast.Ident); ok {
			if p, ok := r.imports[x.Name]; ok {
				return p + "." + t.Sel.Name
			}
			return x.Name + "." + t.Sel.Name
		}
	}
	return ""
}

// shape tells structs of this file (associations, or columns when
// embedded) and slices of them from values. An embedded type of another
// package is taken for a struct: the ORMs flatten those.
func (r *fileReader) shape(e ast.Expr, embedded bool) modeltag.Shape {
	if s, ok := e.(*ast.StarExpr); ok {
		e = s.X
	}
	if a, ok := e.(*ast.ArrayType); ok && a.Len == nil {
		if r.shape(a.Elt, false) == modeltag.Record {
			return modeltag.Records
		}
		return modeltag.Value
	}
	switch t := e.(type) {
	case *ast.Ident:
		if r.structs[t.Name] != nil && r.methods[t.Name]["Scan"] == nil && r.methods[t.Name]["Value"] == nil {
			return modeltag.Record
		}
	case *ast.SelectorExpr:
		if _, ok := modeltag.BaseFields(r.qualified(t)); ok || embedded {
			return modeltag.Record
		}
	}
	return modeltag.Value
}

// expand returns the fields of a struct of this file or of a base model.
func (r *fileReader) expand(f modeltag.Field) ([]modeltag.Field, bool) {
	if ts := r.structs[f.Type]; ts != nil {
		return r.fields(ts.Type.(*ast.StructType)), true
	}
	return modeltag.BaseFields(f.Type)
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
