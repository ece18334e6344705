package modelschema

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// model is a Go struct that maps to a table.
type model struct {
	name       string
	pos        token.Pos
	convention string // gorm, bun, db
	table      string // "" when TableName does not return a constant
	partial    bool   // //migguard:model partial: columns it lacks are fine
	fields     []*field
}

// field is a model field that maps to a column.
type field struct {
	path   string // Go path, e.g. User.Nickname
	column string
	pos    token.Pos
	typ    types.Type
}

const (
	gormModel = "gorm.io/gorm.Model"
	bunBase   = "github.com/uptrace/bun.BaseModel"
)

// findModels returns the models declared in the package.
func findModels(pass *analysis.Pass) []*model {
	tableNames := tableNameMethods(pass)
	var out []*model
	for _, f := range pass.Files {
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
				if m := modelOf(pass, ts, doc, tableNames); m != nil {
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

// directive reads //migguard:model [table=<name>] [partial] [ignore].
func directive(doc *ast.CommentGroup) (table string, partial, ignore, found bool) {
	if doc == nil {
		return
	}
	for _, c := range doc.List {
		rest, ok := strings.CutPrefix(c.Text, "//migguard:model")
		if !ok || (rest != "" && rest[0] != ' ') {
			continue
		}
		found = true
		for _, w := range strings.Fields(rest) {
			switch {
			case strings.HasPrefix(w, "table="):
				table = strings.TrimPrefix(w, "table=")
			case w == "partial":
				partial = true
			case w == "ignore":
				ignore = true
			}
		}
	}
	return
}

func modelOf(pass *analysis.Pass, ts *ast.TypeSpec, doc *ast.CommentGroup, tableNames map[*types.TypeName]tableNameResult) *model {
	obj, ok := pass.TypesInfo.Defs[ts.Name].(*types.TypeName)
	if !ok || ts.TypeParams != nil {
		return nil
	}
	st, ok := obj.Type().Underlying().(*types.Struct)
	if !ok {
		return nil
	}
	dirTable, partial, ignore, hasDir := directive(doc)
	if ignore {
		return nil
	}
	convention, bunTable := conventionOf(st)
	tn, hasTableName := tableNames[obj]
	switch {
	case convention == "" && (hasTableName || hasDir):
		convention = "gorm"
	case convention == "db" && !hasTableName && !hasDir:
		return nil // a row type for queries, not a table model
	case convention == "":
		return nil
	}
	m := &model{name: obj.Name(), pos: ts.Name.Pos(), convention: convention, partial: partial}
	switch {
	case dirTable != "":
		m.table = dirTable
	case bunTable != "":
		m.table = bunTable
	case hasTableName:
		m.table = tn.value // "" when not a constant
	case convention == "db":
		return nil
	default:
		m.table = plural(snake(obj.Name()))
	}
	m.fields = fieldsOf(pass, m, st, obj.Name(), "", ts.Name.Pos(), 0)
	return m
}

// conventionOf says which library's tags the struct uses, and the table
// that a bun.BaseModel field names.
func conventionOf(st *types.Struct) (convention, bunTable string) {
	seen := map[string]bool{}
	for i := range st.NumFields() {
		f, tag := st.Field(i), reflect.StructTag(st.Tag(i))
		switch typeName(f.Type()) {
		case gormModel:
			seen["gorm"] = true
		case bunBase:
			seen["bun"] = true
			if v, ok := tag.Lookup("bun"); ok {
				for _, opt := range strings.Split(v, ",") {
					if t, ok := strings.CutPrefix(opt, "table:"); ok {
						bunTable = t
					}
				}
			}
		}
		for _, key := range []string{"gorm", "bun", "db"} {
			if _, ok := tag.Lookup(key); ok {
				seen[key] = true
			}
		}
	}
	for _, c := range []string{"bun", "gorm", "db"} {
		if seen[c] {
			return c, bunTable
		}
	}
	return "", ""
}

// fieldsOf returns the column fields of a struct, flattening embedded
// structs as the libraries do.
func fieldsOf(pass *analysis.Pass, m *model, st *types.Struct, path, prefix string, outer token.Pos, depth int) []*field {
	if depth > 5 {
		return nil
	}
	var out []*field
	for i := range st.NumFields() {
		f, tag := st.Field(i), reflect.StructTag(st.Tag(i))
		if !f.Exported() && !f.Anonymous() {
			continue
		}
		pos := outer
		if f.Pkg() == pass.Pkg && f.Pos().IsValid() {
			pos = f.Pos()
		}
		column, embed, embedPrefix, skip := columnOf(m.convention, f, tag)
		if skip {
			continue
		}
		if embed || (f.Anonymous() && isStruct(f.Type()) && !implementsScanner(derefType(f.Type()))) {
			if inner, ok := derefType(f.Type()).Underlying().(*types.Struct); ok {
				out = append(out, fieldsOf(pass, m, inner, path+"."+f.Name(), prefix+embedPrefix, pos, depth+1)...)
			}
			continue
		}
		if classify(f.Type()).relation {
			continue
		}
		out = append(out, &field{path: path + "." + f.Name(), column: prefix + column, pos: pos, typ: f.Type()})
	}
	return out
}

func derefType(t types.Type) types.Type {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// columnOf reads a field's tag in the model's convention.
func columnOf(convention string, f *types.Var, tag reflect.StructTag) (column string, embed bool, embedPrefix string, skip bool) {
	column = snake(f.Name())
	switch convention {
	case "gorm":
		v, ok := tag.Lookup("gorm")
		if !ok {
			return column, false, "", false
		}
		for _, part := range strings.Split(v, ";") {
			key, val, _ := strings.Cut(strings.TrimSpace(part), ":")
			switch strings.ToLower(strings.TrimSpace(key)) {
			case "-":
				return "", false, "", true
			case "column":
				column = val
			case "embedded":
				embed = true
			case "embeddedprefix":
				embedPrefix = val
			case "foreignkey", "many2many", "references", "polymorphic":
				return "", false, "", true
			}
		}
	case "bun":
		if typeName(f.Type()) == bunBase {
			return "", false, "", true
		}
		v, ok := tag.Lookup("bun")
		if !ok {
			return column, false, "", false
		}
		parts := strings.Split(v, ",")
		if parts[0] == "-" {
			return "", false, "", true
		}
		if parts[0] != "" && !strings.Contains(parts[0], ":") {
			column = parts[0]
		}
		for _, opt := range parts[1:] {
			if strings.HasPrefix(opt, "rel:") || strings.HasPrefix(opt, "m2m:") {
				return "", false, "", true
			}
			if p, ok := strings.CutPrefix(opt, "embed:"); ok {
				embed, embedPrefix = true, p
			}
		}
	case "db":
		v, ok := tag.Lookup("db")
		if !ok {
			if f.Anonymous() {
				return "", true, "", false
			}
			return "", false, "", true
		}
		name, _, _ := strings.Cut(v, ",")
		if name == "-" {
			return "", false, "", true
		}
		if name != "" {
			column = name
		} else {
			column = strings.ToLower(f.Name())
		}
	}
	return column, embed, embedPrefix, false
}
