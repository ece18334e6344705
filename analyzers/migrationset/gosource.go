package migrationset

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/tools/go/types/typeutil"
)

// goPackage is the Go source of one package as the migrations in it are
// read: with the type checker's information when the analyzer runs on the
// package, from its syntax alone when the module index reads another
// package from disk. Test files are left out: they are no migrations.
type goPackage struct {
	fset  *token.FileSet
	path  string // import path
	files []*ast.File
	info  *types.Info // nil when read from syntax alone
	// consts and funcs are the package-level constants and functions by
	// name, for the syntax-only reading and for positions.
	consts map[string]ast.Expr
	funcs  map[string]*ast.FuncDecl
	// imports maps each file's import names to paths.
	imports map[*ast.File]map[string]string
}

func newGoPackage(fset *token.FileSet, path string, files []*ast.File, info *types.Info) *goPackage {
	p := &goPackage{fset: fset, path: path, info: info, consts: map[string]ast.Expr{}, funcs: map[string]*ast.FuncDecl{},
		imports: map[*ast.File]map[string]string{}}
	for _, f := range files {
		if strings.HasSuffix(fset.File(f.Pos()).Name(), "_test.go") {
			continue
		}
		p.files = append(p.files, f)
		p.imports[f] = fileImports(f)
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil && d.Body != nil {
					p.funcs[d.Name.Name] = d
				}
			case *ast.GenDecl:
				if d.Tok != token.CONST {
					continue
				}
				for _, spec := range d.Specs {
					vs := spec.(*ast.ValueSpec)
					for i, n := range vs.Names {
						if i < len(vs.Values) {
							p.consts[n.Name] = vs.Values[i]
						}
					}
				}
			}
		}
	}
	return p
}

// fileImports maps a file's import names to import paths: the name given,
// else the last element of the path (major version suffixes skipped).
func fileImports(f *ast.File) map[string]string {
	m := map[string]string{}
	for _, imp := range f.Imports {
		p, err := strconv.Unquote(imp.Path.Value)
		if err != nil {
			continue
		}
		name := ""
		if imp.Name != nil {
			name = imp.Name.Name
		} else {
			name = defaultImportName(p)
		}
		m[name] = p
	}
	return m
}

// defaultImportName guesses the package name of an import path: its last
// element, skipping a major version (v2) and a gopkg.in suffix (yaml.v3).
func defaultImportName(p string) string {
	parts := strings.Split(p, "/")
	last := parts[len(parts)-1]
	if len(parts) > 1 && len(last) > 1 && last[0] == 'v' && strings.Trim(last[1:], "0123456789") == "" {
		last = parts[len(parts)-2]
	}
	if i := strings.Index(last, ".v"); i > 0 {
		last = last[:i]
	}
	return strings.NewReplacer("-", "_", ".", "_").Replace(last)
}

// importPaths returns the import paths of the package's files.
func (p *goPackage) importPaths() []string {
	var out []string
	for _, f := range p.files {
		for _, path := range p.imports[f] {
			out = append(out, path)
		}
	}
	return out
}

// fileOf returns the file that holds pos.
func (p *goPackage) fileOf(pos token.Pos) *ast.File {
	for _, f := range p.files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// fileName returns the base name of the file that holds pos.
func (p *goPackage) fileName(pos token.Pos) string {
	return filepath.Base(p.fset.Position(pos).Filename)
}

// callee names the function a call calls: its package's import path and
// its name, and for a method, recv is the receiver's type name. Without
// type information only calls of imported package functions (pkg.F) and
// of the package's own functions are named.
func (p *goPackage) callee(call *ast.CallExpr) (pkg, name, recv string) {
	if p.info != nil {
		fn, ok := typeutil.Callee(p.info, call).(*types.Func)
		if !ok || fn.Pkg() == nil {
			return "", "", ""
		}
		if r := fn.Signature().Recv(); r != nil {
			t := r.Type()
			if ptr, ok := t.(*types.Pointer); ok {
				t = ptr.Elem()
			}
			if n, ok := types.Unalias(t).(*types.Named); ok {
				recv = n.Obj().Name()
			}
		}
		return fn.Pkg().Path(), fn.Name(), recv
	}
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		if p.funcs[fun.Name] != nil {
			return p.path, fun.Name, ""
		}
	case *ast.SelectorExpr:
		if x, ok := fun.X.(*ast.Ident); ok {
			if path := p.imports[p.fileOf(call.Pos())][x.Name]; path != "" {
				return path, fun.Sel.Name, ""
			}
		}
		return "", fun.Sel.Name, "?"
	}
	return "", "", ""
}

// funcBody returns the body of a function given as a literal or by the
// name of a function of the package.
func (p *goPackage) funcBody(e ast.Expr) *ast.BlockStmt {
	switch e := ast.Unparen(e).(type) {
	case *ast.FuncLit:
		return e.Body
	case *ast.Ident:
		if d := p.funcDecl(e); d != nil {
			return d.Body
		}
	}
	return nil
}

// funcDecl returns the declaration of the package function an
// identifier names.
func (p *goPackage) funcDecl(id *ast.Ident) *ast.FuncDecl {
	if p.info != nil {
		fn, ok := p.info.Uses[id].(*types.Func)
		if !ok || fn.Pkg() == nil || fn.Pkg().Path() != p.path {
			return nil
		}
	}
	return p.funcs[id.Name]
}

// constValue returns the value of a constant expression: from the type
// checker, or, without it, of literals and the package's constants.
func (p *goPackage) constValue(e ast.Expr) (constant.Value, bool) {
	if p.info != nil {
		if tv, ok := p.info.Types[e]; ok && tv.Value != nil {
			return tv.Value, true
		}
		return nil, false
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.BasicLit:
		v := constant.MakeFromLiteral(e.Value, e.Kind, 0)
		return v, v.Kind() != constant.Unknown
	case *ast.Ident:
		if c := p.consts[e.Name]; c != nil && c != e {
			return p.constValue(c)
		}
	case *ast.BinaryExpr:
		if e.Op == token.ADD {
			x, ok1 := p.constValue(e.X)
			y, ok2 := p.constValue(e.Y)
			if ok1 && ok2 && x.Kind() == y.Kind() {
				return constant.BinaryOp(x, token.ADD, y), true
			}
		}
	}
	return nil, false
}

// isPackageConst reports whether an identifier names a constant declared
// in the package, and returns its value expression.
func (p *goPackage) packageConst(id *ast.Ident) ast.Expr {
	if p.info != nil {
		c, ok := p.info.Uses[id].(*types.Const)
		if !ok || c.Pkg() == nil || c.Pkg().Path() != p.path || c.Parent() != c.Pkg().Scope() {
			return nil
		}
	}
	return p.consts[id.Name]
}

// localVar reports whether an identifier names a local variable, as far
// as the reading can tell.
func (p *goPackage) localVar(id *ast.Ident) bool {
	if p.info != nil {
		v, ok := p.info.Uses[id].(*types.Var)
		return ok && !v.IsField() && v.Pkg() != nil && v.Parent() != v.Pkg().Scope()
	}
	return p.consts[id.Name] == nil
}

// sameVar reports whether two identifiers name the same variable.
func (p *goPackage) sameVar(a, b *ast.Ident) bool {
	if a.Name != b.Name {
		return false
	}
	if p.info == nil {
		return true
	}
	oa, ob := p.info.ObjectOf(a), p.info.ObjectOf(b)
	return oa != nil && oa == ob
}
