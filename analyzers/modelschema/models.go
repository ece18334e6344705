package modelschema

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/migguard/migguard/analyzers/migrationset"
	"github.com/migguard/migguard/internal/modeltag"
)

// model is a Go struct that maps to a table.
type model struct {
	name       string
	pos        token.Pos
	convention string // a modeltag.Convention
	table      string // "" when not known statically
	dynamic    bool   // TableName does not return a constant
	partial    bool   // //migguard:model partial: columns it lacks are fine
	// ormSchema is true when the module has the ORM create the model's
	// table (AutoMigrate): tables and columns no migration makes are fine.
	ormSchema bool
	// candidates are the tables a generated model may map, for sqlc's
	// models whose table is not written down: the first the schema has.
	candidates []string
	fields     []*field
}

// field is a model field that maps to a column.
type field struct {
	path   string // Go path, e.g. User.Nickname
	column string
	pos    token.Pos
	typ    types.Type
	// gt, when not nil, says what the field holds where there is no Go
	// field (a column of ent's generated schema); typeText names it.
	gt       *goType
	typeText string
	// inherited is true for the columns of a bun model that this one
	// extends: mapped, and compared by that model.
	inherited bool
}

// findModels returns the models of the package that can be checked: the
// structs that modeltag reads as models and that the ORM treats as tables
// (migrationset.Result.IsModel).
func findModels(pass *analysis.Pass, res *migrationset.Result) []*model {
	var out []*model
	for _, m := range readModels(pass, res) {
		if m.checkable() {
			out = append(out, m)
		}
	}
	return out
}

// readModels returns the models declared in the package, as package
// modeltag reads them for every command, those whose table is unknown
// included; res, when not nil, decides which structs the ORM treats as
// tables. Test files declare no models.
func readModels(pass *analysis.Pass, res *migrationset.Result) []*model {
	tableNames := tableNameMethods(pass)
	var out []*model
	for _, f := range pass.Files {
		if strings.HasSuffix(pass.Fset.File(f.Pos()).Name(), "_test.go") {
			continue
		}
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, spec := range gd.Specs {
				ts := spec.(*ast.TypeSpec)
				doc := ts.Doc
				if doc == nil && len(gd.Specs) == 1 {
					doc = gd.Doc
				}
				if m := modelOf(pass, res, ts, doc, tableNames); m != nil {
					out = append(out, m)
				}
			}
		}
	}
	return out
}

// tableNameResult is what a TableName method returns.
type tableNameResult struct {
	value string
	ok    bool // a constant
}

// tableNameMethods finds the TableName methods of the package's types.
func tableNameMethods(pass *analysis.Pass) map[*types.TypeName]tableNameResult {
	out := map[*types.TypeName]tableNameResult{}
	for _, f := range pass.Files {
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || fd.Name.Name != "TableName" || fd.Body == nil || len(fd.Recv.List) != 1 {
				continue
			}
			fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func)
			if !ok {
				continue
			}
			recv := fn.Signature().Recv().Type()
			if p, ok := recv.(*types.Pointer); ok {
				recv = p.Elem()
			}
			named, ok := types.Unalias(recv).(*types.Named)
			if !ok {
				continue
			}
			res := tableNameResult{}
			if len(fd.Body.List) == 1 {
				if ret, ok := fd.Body.List[0].(*ast.ReturnStmt); ok && len(ret.Results) == 1 {
					if tv := pass.TypesInfo.Types[ret.Results[0]]; tv.Value != nil && tv.Value.Kind() == constant.String {
						res = tableNameResult{constant.StringVal(tv.Value), true}
					}
				}
			}
			out[named.Obj()] = res
		}
	}
	return out
}

func modelOf(pass *analysis.Pass, res *migrationset.Result, ts *ast.TypeSpec, doc *ast.CommentGroup, tableNames map[*types.TypeName]tableNameResult) *model {
	obj, ok := pass.TypesInfo.Defs[ts.Name].(*types.TypeName)
	if !ok || ts.TypeParams != nil {
		return nil
	}
	st, ok := obj.Type().Underlying().(*types.Struct)
	if !ok {
		return nil
	}
	expand := func(f modeltag.Field) ([]modeltag.Field, bool) {
		inner, ok := derefType(f.Ref.(*types.Var).Type()).Underlying().(*types.Struct)
		if !ok {
			return nil, false
		}
		return tagFields(pass, inner), true
	}
	s := modeltag.Struct{Name: obj.Name(), Fields: tagFields(pass, st), Expand: expand}
	if doc != nil {
		for _, c := range doc.List {
			s.Doc = append(s.Doc, c.Text)
		}
	}
	if tn, ok := tableNames[obj]; ok {
		s.TableName = modeltag.TableNameMethod{Declared: true, Constant: tn.ok, Value: tn.value}
	}
	mt, ok := modeltag.Classify(s)
	if !ok {
		return nil
	}
	key := pass.Pkg.Path() + "." + obj.Name()
	if res != nil && !res.IsModel(s, mt, key) {
		return nil
	}
	m := &model{name: obj.Name(), pos: ts.Name.Pos(), convention: string(mt.Convention), table: mt.Table,
		dynamic: mt.DynamicTable, partial: mt.Partial, ormSchema: res != nil && res.SchemaManaged(key)}
	for _, c := range mt.Columns(s.Fields, expand) {
		if c.Column == "" {
			continue
		}
		m.fields = append(m.fields, &field{path: obj.Name() + "." + c.Path(), column: c.Column,
			pos: fieldPos(pass, c.Chain, ts.Name.Pos()), typ: c.Field().Ref.(*types.Var).Type(), inherited: extended(c.Chain[0])})
	}
	return m
}

// extended reports whether a field embeds a bun model with ,extend or
// ,inherit.
func extended(f modeltag.Field) bool {
	if !f.Embedded {
		return false
	}
	for _, opt := range strings.Split(reflect.StructTag(f.Tag).Get("bun"), ",") {
		if opt == "extend" || opt == "inherit" {
			return true
		}
	}
	return false
}

// tagFields describes the fields of a struct type for package modeltag.
func tagFields(pass *analysis.Pass, st *types.Struct) []modeltag.Field {
	out := make([]modeltag.Field, st.NumFields())
	for i := range st.NumFields() {
		v := st.Field(i)
		out[i] = modeltag.Field{Name: v.Name(), Embedded: v.Anonymous(), Tag: st.Tag(i),
			Type: typeName(derefType(v.Type())), GoType: types.TypeString(v.Type(), types.RelativeTo(pass.Pkg)),
			Shape: shapeOf(v.Type()), Ref: v}
	}
	return out
}

// shapeOf says whether a field's type is a value, an association or a
// struct to flatten when embedded.
func shapeOf(t types.Type) modeltag.Shape {
	if !classify(t).relation {
		return modeltag.Value
	}
	if _, ok := types.Unalias(t).Underlying().(*types.Slice); ok {
		return modeltag.Records
	}
	return modeltag.Record
}

// fieldPos is where a column's field is reported: the innermost field of
// the chain declared in this package, else the model.
func fieldPos(pass *analysis.Pass, chain []modeltag.Field, model token.Pos) token.Pos {
	for i := len(chain) - 1; i >= 0; i-- {
		if v := chain[i].Ref.(*types.Var); v.Pkg() == pass.Pkg && v.Pos().IsValid() {
			return v.Pos()
		}
	}
	return model
}

func derefType(t types.Type) types.Type {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// checkable reports whether the model's table is known, or unknown
// because TableName computes it (which is reported). A db-tagged struct
// with no table named is most often a query's row type: there is nothing
// to compare it with.
func (m *model) checkable() bool { return m.table != "" || m.dynamic || len(m.candidates) > 0 }
