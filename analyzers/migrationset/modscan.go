package migrationset

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/migguard/migguard/internal/modeltag"
)

// goFile is a Go file of the module as its walk saw it.
type goFile struct {
	rel   string // slash-separated, relative to the module root
	size  int64
	mtime int64
}

// modulePackage is a package of the module, read from its syntax.
type modulePackage struct {
	dir   string // slash-separated, relative to the module root
	path  string // import path
	files []*ast.File
}

// walkModule lists the Go files of the module below root that are not
// tests, and its .sql files (sql true), leaving out hidden directories and
// those whose name starts with an underscore, vendor, testdata and nested
// modules, as the go command does. The .sql files are those a package may
// embed: golangci-lint's cache does not see them change, the index's key
// does.
func walkModule(root string) (gofiles, sqlFiles []goFile) {
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		name := d.Name()
		if d.IsDir() {
			if p == root {
				return nil
			}
			if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "vendor" || name == "testdata" {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(p, "go.mod")); err == nil {
				return filepath.SkipDir
			}
			return nil
		}
		isSQL := strings.EqualFold(filepath.Ext(name), ".sql")
		if !isSQL && (!strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go")) {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		f := goFile{rel: filepath.ToSlash(rel), size: info.Size(), mtime: info.ModTime().UnixNano()}
		if isSQL {
			sqlFiles = append(sqlFiles, f)
		} else {
			gofiles = append(gofiles, f)
		}
		return nil
	})
	return gofiles, sqlFiles
}

// parsePackages parses the files, grouped by directory, in directory
// order; importPath names each directory's package.
func parsePackages(fset *token.FileSet, root string, files []goFile, importPath func(dir string) string) []*modulePackage {
	byDir := map[string]*modulePackage{}
	var dirs []string
	for _, f := range files {
		dir := path.Dir(f.rel)
		mp := byDir[dir]
		if mp == nil {
			mp = &modulePackage{dir: dir, path: importPath(dir)}
			byDir[dir] = mp
			dirs = append(dirs, dir)
		}
		af, err := parser.ParseFile(fset, filepath.Join(root, filepath.FromSlash(f.rel)), nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		if len(mp.files) > 0 && af.Name.Name != mp.files[0].Name.Name {
			continue // a file of another package name (ignored by build tags)
		}
		mp.files = append(mp.files, af)
	}
	sort.Strings(dirs)
	out := make([]*modulePackage, 0, len(dirs))
	for _, d := range dirs {
		out = append(out, byDir[d])
	}
	return out
}

// ormPackages are the ORMs whose calls pass models, by import path
// prefix.
var ormPackages = []string{"gorm.io/gorm", "github.com/jinzhu/gorm", "github.com/uptrace/bun", "github.com/go-pg/pg",
	"github.com/beego/beego/v2/client/orm", "github.com/astaxie/beego/orm"}

func isORM(imp string) bool {
	for _, p := range ormPackages {
		if imp == p || strings.HasPrefix(imp, p+"/") {
			return true
		}
	}
	return false
}

// modelMethods are the methods and functions of the ORMs that take a
// model: GORM's queries and AutoMigrate, bun's and go-pg's Model, go-pg's
// CRUD and CreateTable, beego's RegisterModel and CRUD. Scan is not among
// them: it fills any struct. The names true are the ORMs' own; the others
// (Find, Insert, Select, …) are common in application code too, and count
// only on a receiver that looks like a database handle (ormReceiver).
var modelMethods = map[string]bool{
	"Model": true, "CreateInBatches": true, "FindInBatches": true, "FirstOrInit": true, "FirstOrCreate": true,
	"AutoMigrate": true, "CreateTable": true, "DropTable": true, "HasTable": true, "RegisterModel": true,
	"RegisterModelWithPrefix": true, "RegisterModelWithSuffix": true, "RegisterTable": true, "ReadOrCreate": true,
	"InsertMulti": true, "QueryTable": true,
	"Create": false, "Save": false, "First": false, "Last": false, "Take": false, "Find": false, "Delete": false,
	"Updates": false, "Insert": false, "Select": false, "Update": false, "Read": false, "Where": false,
}

// handleNames are the names code gives database handles (db, tx, r.db,
// o for a beego Ormer).
var handleNames = map[string]bool{"db": true, "tx": true, "orm": true, "o": true, "ormer": true, "gdb": true, "gormdb": true,
	"bundb": true, "pgdb": true, "database": true, "conn": true, "session": true, "sess": true, "idb": true}

// ormReceiver reports whether the receiver of a method call looks like an
// ORM handle: a variable or parameter declared with a type of an ORM's
// package, a name that handles go by, or a chain of calls from one
// (db.Where(…).Find).
func ormReceiver(x ast.Expr, vars map[string]ast.Expr, imports map[string]string) bool {
	for depth := 0; depth < 12; depth++ {
		switch e := ast.Unparen(x).(type) {
		case *ast.CallExpr:
			x = e.Fun
		case *ast.SelectorExpr:
			if handleNames[strings.ToLower(e.Sel.Name)] {
				return true
			}
			x = e.X
		case *ast.Ident:
			if handleNames[strings.ToLower(e.Name)] {
				return true
			}
			if t := typeRef(vars[e.Name], "", imports); t != "" {
				return isORM(t[:strings.LastIndexByte(t, '.')])
			}
			return false
		default:
			return false
		}
	}
	return false
}

// schemaMethods make the table of the models they take: the ORM, not the
// migrations, then decides its columns.
var schemaMethods = map[string]bool{"AutoMigrate": true, "CreateTable": true, "RunSyncdb": true}

// usage is what the module's code does with its structs.
type usage struct {
	models   map[string]bool // passed to an ORM: "import/path.Name"
	schema   map[string]bool // passed to an ORM call that creates tables
	embedded map[string]bool // embedded in another struct
	// orms are the ORMs the module is seen giving a struct to.
	orms   map[modeltag.Convention]bool
	syncdb bool // beego's RunSyncdb creates every registered model's table
}

// ormOf names the convention of an ORM's import path.
func ormOf(imp string) modeltag.Convention {
	switch {
	case strings.HasPrefix(imp, "gorm.io/gorm"), strings.HasPrefix(imp, "github.com/jinzhu/gorm"):
		return modeltag.GORM
	case strings.HasPrefix(imp, "github.com/uptrace/bun"):
		return modeltag.Bun
	case strings.HasPrefix(imp, "github.com/go-pg/pg"):
		return modeltag.GoPG
	case strings.Contains(imp, "beego"):
		return modeltag.Beego
	}
	return ""
}

// scanUsage records the ORM calls and embedded structs of a package.
func (u *usage) scan(mp *modulePackage) {
	for _, f := range mp.files {
		imports := fileImports(f)
		var orms []modeltag.Convention
		for _, imp := range imports {
			if isORM(imp) {
				orms = append(orms, ormOf(imp))
			}
		}
		orm := len(orms) > 0
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.StructType:
				for _, fld := range n.Fields.List {
					if len(fld.Names) == 0 {
						if t := typeRef(fld.Type, mp.path, imports); t != "" {
							u.embedded[t] = true
						}
					}
				}
			case *ast.FuncDecl:
				if orm && n.Body != nil && u.calls(n.Type, n.Body, mp.path, imports) {
					for _, c := range orms {
						u.orms[c] = true
					}
				}
				return false
			}
			return true
		})
	}
}

// calls records the models that the ORM calls of one function take, and
// reports whether there were any.
func (u *usage) calls(ft *ast.FuncType, body *ast.BlockStmt, pkg string, imports map[string]string) bool {
	vars := localTypes(ft, body)
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		name := sel.Sel.Name
		if name == "RunSyncdb" {
			u.syncdb = true
		}
		own, known := modelMethods[name]
		if !known || !own && !ormReceiver(sel.X, vars, imports) {
			return true
		}
		schema := schemaMethods[name] || name == "Model" && strings.Contains(exprChain(sel.X), "NewCreateTable")
		for _, a := range call.Args {
			t := typeRef(argType(a, vars), pkg, imports)
			if t == "" {
				continue
			}
			u.models[t] = true
			found = true
			if schema || name == "RegisterModel" && u.syncdb {
				u.schema[t] = true
			}
		}
		return true
	})
	return found
}

// exprChain spells a chain of calls and selectors: db.NewCreateTable().Model.
func exprChain(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.CallExpr:
		return exprChain(e.Fun) + "()"
	case *ast.SelectorExpr:
		return exprChain(e.X) + "." + e.Sel.Name
	case *ast.Ident:
		return e.Name
	}
	return ""
}

// localTypes maps the local variables, parameters and named results of a
// function to the type expressions they are declared with or given by
// their first value (x := &T{}, x := make([]T, 0), var xs []T).
func localTypes(ft *ast.FuncType, body *ast.BlockStmt) map[string]ast.Expr {
	vars := map[string]ast.Expr{}
	for _, fl := range []*ast.FieldList{ft.Params, ft.Results} {
		if fl == nil {
			continue
		}
		for _, p := range fl.List {
			for _, n := range p.Names {
				vars[n.Name] = p.Type
			}
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ValueSpec:
			for i, name := range n.Names {
				switch {
				case n.Type != nil:
					vars[name.Name] = n.Type
				case i < len(n.Values):
					vars[name.Name] = n.Values[i]
				}
			}
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE && len(n.Lhs) == len(n.Rhs) {
				for i, l := range n.Lhs {
					if id, ok := l.(*ast.Ident); ok && vars[id.Name] == nil {
						vars[id.Name] = n.Rhs[i]
					}
				}
			}
		}
		return true
	})
	return vars
}

// argType returns the type expression of an argument: &T{}, new(T),
// (*T)(nil), make([]T, n), or a local variable's.
func argType(a ast.Expr, vars map[string]ast.Expr) ast.Expr {
	for depth := 0; depth < 4; depth++ {
		switch x := ast.Unparen(a).(type) {
		case *ast.UnaryExpr:
			a = x.X
			continue
		case *ast.CompositeLit:
			return x.Type
		case *ast.CallExpr:
			if id, ok := x.Fun.(*ast.Ident); ok && (id.Name == "new" || id.Name == "make") && len(x.Args) > 0 {
				return x.Args[0]
			}
			if p, ok := ast.Unparen(x.Fun).(*ast.StarExpr); ok {
				return p.X // (*T)(nil)
			}
			return nil
		case *ast.Ident:
			v := vars[x.Name]
			if v == nil {
				return nil
			}
			if _, isType := v.(*ast.ArrayType); isType {
				return v
			}
			a = v
			continue
		}
		return a
	}
	return nil
}

// typeRef names the struct type a type expression refers to, through
// pointers, slices and arrays: "import/path.Name", or "" for anything else.
func typeRef(e ast.Expr, pkg string, imports map[string]string) string {
	for e != nil {
		switch t := e.(type) {
		case *ast.StarExpr:
			e = t.X
		case *ast.ArrayType:
			e = t.Elt
		case *ast.ParenExpr:
			e = t.X
		case *ast.Ident:
			if t.Name == "nil" || isBuiltinType(t.Name) {
				return ""
			}
			return pkg + "." + t.Name
		case *ast.SelectorExpr:
			x, ok := t.X.(*ast.Ident)
			if !ok || imports[x.Name] == "" {
				return ""
			}
			return imports[x.Name] + "." + t.Sel.Name
		default:
			return ""
		}
	}
	return ""
}

func isBuiltinType(n string) bool {
	switch n {
	case "string", "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "uintptr",
		"float32", "float64", "complex64", "complex128", "bool", "byte", "rune", "error", "any":
		return true
	}
	return false
}

// declaresModels reports whether a package declares a struct that is a
// model by the rules of isModel, read from syntax.
func declaresModels(mp *modulePackage, u *usage) bool {
	for _, f := range mp.files {
		imports := fileImports(f)
		methods := tableNameMethods(f)
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, spec := range gd.Specs {
				ts := spec.(*ast.TypeSpec)
				st, ok := ts.Type.(*ast.StructType)
				if !ok || ts.TypeParams != nil {
					continue
				}
				s := modeltag.Struct{Name: ts.Name.Name, Fields: syntaxFields(st, mp.path, imports)}
				doc := ts.Doc
				if doc == nil && len(gd.Specs) == 1 {
					doc = gd.Doc
				}
				if doc != nil {
					for _, c := range doc.List {
						s.Doc = append(s.Doc, c.Text)
					}
				}
				s.TableName.Declared = methods[ts.Name.Name]
				if m, ok := modeltag.Classify(s); ok && isModel(s, m, mp.path+"."+ts.Name.Name, u) {
					return true
				}
			}
		}
	}
	return false
}

// tableNameMethods lists the types of a file with a TableName method.
func tableNameMethods(f *ast.File) map[string]bool {
	out := map[string]bool{}
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil || len(fd.Recv.List) != 1 || fd.Name.Name != "TableName" {
			continue
		}
		t := fd.Recv.List[0].Type
		if s, ok := t.(*ast.StarExpr); ok {
			t = s.X
		}
		if id, ok := t.(*ast.Ident); ok {
			out[id.Name] = true
		}
	}
	return out
}

// syntaxFields describes a struct's fields from syntax, enough for
// modeltag to tell whether it is a model.
func syntaxFields(st *ast.StructType, pkg string, imports map[string]string) []modeltag.Field {
	var out []modeltag.Field
	for _, fld := range st.Fields.List {
		tag := ""
		if fld.Tag != nil {
			tag, _ = strconv.Unquote(fld.Tag.Value)
		}
		f := modeltag.Field{Tag: tag, Type: typeRef(fld.Type, pkg, imports), Embedded: len(fld.Names) == 0}
		if f.Embedded {
			f.Name = f.Type[strings.LastIndex(f.Type, ".")+1:]
			out = append(out, f)
			continue
		}
		for _, n := range fld.Names {
			f.Name = n.Name
			out = append(out, f)
		}
	}
	return out
}

// isModel decides whether a struct that modeltag reads as a model is one
// the ORM would treat as a table: the module passes it to the ORM's query
// or migration API, it names its table in Go (TableName, a go-pg
// tableName field, a //migguard:model comment), it is a db-tagged struct
// with a table, or it embeds the ORM's base model and the module gives
// that ORM no other struct either. A struct that
// other structs embed and that the module never passes to the ORM is a
// base of models, not a table; request bodies and configuration that
// merely carry tags are no models either.
func isModel(s modeltag.Struct, m modeltag.Model, key string, u *usage) bool {
	if u != nil && u.models[key] {
		return true
	}
	if modeltag.NamesTable(s) {
		return true
	}
	if m.Convention == modeltag.DB {
		return m.Table != "" || m.DynamicTable
	}
	if u == nil {
		return true // no module to ask: every tagged struct, as before
	}
	// An embedded base model declares a table, unless the module is seen
	// giving that ORM other structs and never this one (a struct kept for
	// its tags, whose rows come from elsewhere).
	if c := modeltag.BaseModel(s); c != "" {
		return !u.orms[c]
	}
	return false
}
