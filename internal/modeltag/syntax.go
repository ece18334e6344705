package modeltag

import (
	"go/ast"
	"go/token"
	"go/types"
	"path"
	"strconv"
	"strings"

	"github.com/migguard/migguard/internal/lazyre"
)

// FileModel is a struct of one Go file that maps to a table, read from the
// file's syntax alone: the reader of `migguard models` and of the checks
// that compare a migration with the code that still uses a column.
type FileModel struct {
	Name       string
	Line       int
	Convention Convention
	Table      string // "" when not known statically
	// Partial is //migguard:model partial: the model maps only some of
	// the table's columns.
	Partial bool
	// Columns are the mapped fields: embedded structs of the same file and
	// the ORMs' base models flattened, an embedded struct of another
	// package one opaque field (Column "").
	Columns []FileColumn
}

// FileColumn is a field of a FileModel and the column it maps to.
type FileColumn struct {
	Path   string // the Go path below the model ("Base.CreatedAt")
	Column string
	GoType string // the Go type as written
	// Type is the Go type with the import path of a named type of another
	// package ("database/sql.NullString"), "*" before a pointer, or
	// GoType where the reader names no type (a slice, a map).
	Type string
	// Options and Tag: see Mapped.
	Options []string
	Tag     string
	// Line is the line of the innermost field of the chain declared in
	// the file (a gorm.Model field is at the embedding field).
	Line int
}

// ReadFile returns the structs of a parsed Go file that map to tables, as
// Classify decides for every migguard command: structs with gorm, bun, pg,
// sql or db tags, embedding gorm.Model or bun.BaseModel, with a TableName
// method or a //migguard:model comment, in the order of the file.
func ReadFile(fset *token.FileSet, f *ast.File) []FileModel {
	r := newFileReader(fset, f)
	var out []FileModel
	for _, ts := range r.order {
		s := r.tagStruct(ts)
		mt, ok := Classify(s)
		if !ok {
			continue
		}
		line := fset.Position(ts.Pos()).Line
		m := FileModel{Name: ts.Name.Name, Line: line, Convention: mt.Convention, Table: mt.Table, Partial: mt.Partial}
		for _, c := range mt.Columns(s.Fields, r.expand) {
			m.Columns = append(m.Columns, FileColumn{Path: c.Path(), Column: c.Column, GoType: c.Field().GoType, Type: fieldType(c.Field()),
				Options: c.Options, Tag: c.Tag, Line: chainLine(c.Chain, line)})
		}
		out = append(out, m)
	}
	return out
}

// chainLine is the line of the innermost field of a chain declared in the
// file (a gorm.Model field is reported at the embedding field).
func chainLine(chain []Field, model int) int {
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

// tagStruct describes a struct type of the file for package
func (r *fileReader) tagStruct(ts *ast.TypeSpec) Struct {
	s := Struct{Name: ts.Name.Name, Fields: r.fields(ts.Type.(*ast.StructType))}
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
func (r *fileReader) fields(st *ast.StructType) []Field {
	var out []Field
	for _, fld := range st.Fields.List {
		tag := ""
		if fld.Tag != nil {
			tag, _ = strconv.Unquote(fld.Tag.Value)
		}
		base := Field{Tag: tag, Type: r.qualified(fld.Type), GoType: types.ExprString(fld.Type),
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
func (r *fileReader) shape(e ast.Expr, embedded bool) Shape {
	if s, ok := e.(*ast.StarExpr); ok {
		e = s.X
	}
	if a, ok := e.(*ast.ArrayType); ok && a.Len == nil {
		if r.shape(a.Elt, false) == Record {
			return Records
		}
		return Value
	}
	switch t := e.(type) {
	case *ast.Ident:
		if r.structs[t.Name] != nil && r.methods[t.Name]["Scan"] == nil && r.methods[t.Name]["Value"] == nil {
			return Record
		}
	case *ast.SelectorExpr:
		if _, ok := BaseFields(r.qualified(t)); ok || embedded {
			return Record
		}
	}
	return Value
}

// expand returns the fields of a struct of this file or of a base model.
func (r *fileReader) expand(f Field) ([]Field, bool) {
	if ts := r.structs[f.Type]; ts != nil {
		return r.fields(ts.Type.(*ast.StructType)), true
	}
	return BaseFields(f.Type)
}

// fieldType is FileColumn.Type of a field.
func fieldType(f Field) string {
	if f.Type == "" {
		return f.GoType
	}
	if strings.HasPrefix(f.GoType, "*") {
		return "*" + f.Type
	}
	return f.Type
}
