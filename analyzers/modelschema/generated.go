package modelschema

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/migguard/migguard/internal/modeltag"
)

// Models that code generators write, read where they are present: ent's
// description of its tables (the migrate package's schema.go) and sqlc's
// models.go. Both read NULL only into types that hold it.

// entSchema is the package of ent's table descriptions.
const entSchema = "entgo.io/ent/dialect/sql/schema"

// entKinds are the kinds of ent's field types (entgo.io/ent/schema/field).
var entKinds = map[string]kind{
	"TypeBool": kBool, "TypeTime": kTime, "TypeJSON": kJSON, "TypeUUID": kUUID, "TypeBytes": kBytes,
	"TypeEnum": kString, "TypeString": kString, "TypeFloat32": kFloat, "TypeFloat64": kFloat,
	"TypeInt": kInt, "TypeInt8": kInt, "TypeInt16": kInt, "TypeInt32": kInt, "TypeInt64": kInt,
	"TypeUint": kInt, "TypeUint8": kInt, "TypeUint16": kInt, "TypeUint32": kInt, "TypeUint64": kInt,
}

// entModels reads the tables that ent's generated migrate package
// describes: var UsersTable = &schema.Table{Name: "users", Columns:
// UsersColumns, …} with UsersColumns = []*schema.Column{{Name: "id", Type:
// field.TypeInt, …}, {Name: "bio", Type: field.TypeString, Nullable: true}}.
func entModels(pass *analysis.Pass) []*model {
	values := map[types.Object]ast.Expr{}
	var tables []*ast.ValueSpec
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, n := range vs.Names {
					if i < len(vs.Values) {
						values[pass.TypesInfo.Defs[n]] = vs.Values[i]
						if isEntType(pass, vs.Values[i], "Table") {
							tables = append(tables, vs)
						}
					}
				}
			}
		}
	}
	var out []*model
	for _, vs := range tables {
		for i, n := range vs.Names {
			if i < len(vs.Values) {
				if m := entTable(pass, n.Name, vs.Values[i], values); m != nil {
					out = append(out, m)
				}
			}
		}
	}
	return out
}

// isEntType reports whether e is &schema.<name>{…} of ent.
func isEntType(pass *analysis.Pass, e ast.Expr, name string) bool {
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = u.X
	}
	lit, ok := e.(*ast.CompositeLit)
	if !ok {
		return false
	}
	n, ok := types.Unalias(pass.TypesInfo.TypeOf(lit)).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == entSchema && n.Obj().Name() == name
}

// entTable reads one table description.
func entTable(pass *analysis.Pass, name string, e ast.Expr, values map[types.Object]ast.Expr) *model {
	lit := ast.Unparen(e).(*ast.UnaryExpr).X.(*ast.CompositeLit)
	m := &model{name: name, pos: lit.Pos(), convention: "ent"}
	var cols ast.Expr
	for k, v := range keyed(lit) {
		switch k {
		case "Name":
			m.table = stringValue(pass, v)
		case "Columns":
			cols = v
			if id, ok := v.(*ast.Ident); ok {
				cols = values[pass.TypesInfo.Uses[id]]
			}
		}
	}
	cl, ok := cols.(*ast.CompositeLit)
	if m.table == "" || !ok {
		return nil
	}
	for _, el := range cl.Elts {
		if u, ok := el.(*ast.UnaryExpr); ok {
			el = u.X
		}
		col, ok := el.(*ast.CompositeLit)
		if !ok {
			continue
		}
		f := &field{pos: col.Pos(), gt: &goType{nullable: -1}, typeText: "a column ent reads as NOT NULL"}
		for k, v := range keyed(col) {
			switch k {
			case "Name":
				f.column = stringValue(pass, v)
			case "Type":
				if sel, ok := v.(*ast.SelectorExpr); ok {
					f.gt.kind = entKinds[sel.Sel.Name]
				}
			case "Nullable":
				if tv := pass.TypesInfo.Types[v]; tv.Value != nil && constant.BoolVal(tv.Value) {
					f.gt.nullable, f.typeText = 1, "Nullable"
				}
			}
		}
		if f.column != "" {
			f.path = name + "." + f.column
			m.fields = append(m.fields, f)
		}
	}
	return m
}

// keyed returns the fields of a keyed composite literal.
func keyed(lit *ast.CompositeLit) map[string]ast.Expr {
	out := map[string]ast.Expr{}
	for _, el := range lit.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok {
				out[id.Name] = kv.Value
			}
		}
	}
	return out
}

func stringValue(pass *analysis.Pass, e ast.Expr) string {
	if tv := pass.TypesInfo.Types[e]; tv.Value != nil && tv.Value.Kind() == constant.String {
		return constant.StringVal(tv.Value)
	}
	return ""
}

// sqlcEitherNull are the pgx v5 types that sqlc writes for a column of
// their PostgreSQL type whether it is NULL or NOT NULL (date, time,
// timestamp, timestamptz, interval, numeric, uuid): such a field says
// nothing of the column's nullability. The types sqlc writes only for
// nullable columns (pgtype.Int8 beside int64, pgtype.Text beside string)
// still do.
var sqlcEitherNull = map[string]kind{
	"github.com/jackc/pgx/v5/pgtype.Date": kTime, "github.com/jackc/pgx/v5/pgtype.Time": kTime,
	"github.com/jackc/pgx/v5/pgtype.Timestamp": kTime, "github.com/jackc/pgx/v5/pgtype.Timestamptz": kTime,
	"github.com/jackc/pgx/v5/pgtype.Interval": kUnknown, "github.com/jackc/pgx/v5/pgtype.Numeric": kNumeric,
	"github.com/jackc/pgx/v5/pgtype.UUID": kUUID,
}

// sqlcModels reads the structs of sqlc's generated models.go: one per
// table, named after it in the singular (users → User, or Users with
// emit_exact_table_names), a field per column named by its db or json
// tag, else after the column. The table is the first of the candidates
// that the schema has; a struct that matches none (a view's, an enum's)
// is left alone.
func sqlcModels(pass *analysis.Pass) []*model {
	var out []*model
	for _, f := range pass.Files {
		if !generatedBy(f, "sqlc") || !strings.HasSuffix(pass.Fset.File(f.Pos()).Name(), "models.go") {
			continue
		}
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, spec := range gd.Specs {
				ts := spec.(*ast.TypeSpec)
				obj, ok := pass.TypesInfo.Defs[ts.Name].(*types.TypeName)
				if !ok {
					continue
				}
				st, ok := obj.Type().Underlying().(*types.Struct)
				if !ok {
					continue
				}
				snake := modeltag.Snake(obj.Name())
				m := &model{name: obj.Name(), pos: ts.Name.Pos(), convention: "sqlc", candidates: []string{modeltag.Plural(snake), snake}}
				for i := range st.NumFields() {
					v := st.Field(i)
					tag := reflect.StructTag(st.Tag(i))
					col, _, _ := strings.Cut(tag.Get("db"), ",")
					if col == "" {
						col, _, _ = strings.Cut(tag.Get("json"), ",")
					}
					if col == "" {
						col = modeltag.Snake(v.Name())
					}
					fld := &field{path: obj.Name() + "." + v.Name(), column: col, pos: v.Pos(), typ: v.Type()}
					if k, ok := sqlcEitherNull[typeName(v.Type())]; ok {
						fld.gt = &goType{kind: k}
						fld.typeText = types.TypeString(v.Type(), (*types.Package).Name)
					}
					m.fields = append(m.fields, fld)
				}
				out = append(out, m)
			}
		}
	}
	return out
}

// generatedBy reports whether a file carries the "Code generated by
// <tool>" header.
func generatedBy(f *ast.File, tool string) bool {
	for _, cg := range f.Comments {
		if cg.Pos() > f.Package {
			break
		}
		for _, c := range cg.List {
			if strings.HasPrefix(c.Text, "// Code generated by "+tool) {
				return true
			}
		}
	}
	return false
}
