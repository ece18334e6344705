package migrationset

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/pgparse"
)

// gooseFuncs are goose's registration functions and whether each runs the
// migration in a transaction. The Named variants take the file name first.
var gooseFuncs = map[string]bool{
	"AddMigration":                 true,
	"AddMigrationContext":          true,
	"AddNamedMigration":            true,
	"AddNamedMigrationContext":     true,
	"AddMigrationNoTx":             false,
	"AddMigrationNoTxContext":      false,
	"AddNamedMigrationNoTx":        false,
	"AddNamedMigrationNoTxContext": false,
}

func isGoose(pkg string) bool {
	return pkg == "github.com/pressly/goose/v3" || pkg == "github.com/pressly/goose"
}

// execPackages are the packages whose Exec methods run SQL.
var execPackages = map[string]bool{
	"database/sql":                    true,
	"github.com/jmoiron/sqlx":         true,
	"github.com/jackc/pgx/v5":         true,
	"github.com/jackc/pgx/v5/pgxpool": true,
	"github.com/jackc/pgx/v5/pgconn":  true,
	"github.com/jackc/pgx/v4":         true,
	"github.com/jackc/pgx/v4/pgxpool": true,
	"github.com/jackc/pgconn":         true,
}

var execNames = map[string]bool{"Exec": true, "ExecContext": true, "MustExec": true, "MustExecContext": true}

// codeSets are the migrations written in Go in one package.
type codeSets struct {
	goose *Set // goose Go migrations
	loose *Set // other Exec calls of a migration package
}

// segment is the SQL of one Exec call.
type segment struct {
	val string
	at  []token.Pos
	end token.Pos
}

type scanner struct {
	pass   *analysis.Pass
	res    *Result
	consts consts
	decls  map[*types.Func]*ast.FuncDecl
	// registered marks function bodies that goose runs.
	registered map[*ast.BlockStmt]bool
}

// scanCode finds goose Go migrations and, in migration packages, the
// other Exec calls with constant SQL.
func scanCode(pass *analysis.Pass, res *Result) codeSets {
	if !importsAny(pass.Pkg) {
		return codeSets{}
	}
	sc := &scanner{pass: pass, res: res, consts: constDecls(pass), decls: map[*types.Func]*ast.FuncDecl{}, registered: map[*ast.BlockStmt]bool{}}
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				if fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
					sc.decls[fn] = fd
				}
			}
		}
	}
	var out codeSets
	out.goose = sc.gooseSet()
	if out.goose != nil || mentionsMigrations(pass.Pkg.Path()) || hasMigrationsDirective(pass.Files) {
		out.loose = sc.looseSet()
	}
	return out
}

// importsAny reports whether the package imports goose or a package with
// Exec methods: a cheap test before walking the syntax.
func importsAny(pkg *types.Package) bool {
	for _, imp := range pkg.Imports() {
		if isGoose(imp.Path()) || execPackages[imp.Path()] {
			return true
		}
	}
	return false
}

func hasMigrationsDirective(files []*ast.File) bool {
	for _, f := range files {
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				if strings.HasPrefix(c.Text, "//migguard:migrations") {
					return true
				}
			}
		}
	}
	return false
}

// gooseSet turns goose registrations into migration files, in version
// order.
func (sc *scanner) gooseSet() *Set {
	s := &Set{Set: &migrations.Set{Dir: ".", Format: migrations.Goose}, sources: map[string]*source{}}
	for _, f := range sc.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			fn, ok := typeutil.Callee(sc.pass.TypesInfo, call).(*types.Func)
			if !ok || fn.Pkg() == nil || !isGoose(fn.Pkg().Path()) {
				return true
			}
			if fn.Name() == "NewGoMigration" && len(call.Args) == 3 {
				sc.gooseProviderFile(s, f, call)
				return true
			}
			inTx, known := gooseFuncs[fn.Name()]
			if !known || len(call.Args) < 2 {
				return true
			}
			sc.gooseFile(s, f, call, fn.Name(), inTx)
			return true
		})
	}
	if len(s.Set.Files) == 0 {
		return nil
	}
	sortByVersion(s.Set.Files)
	s.Origin = fmt.Sprintf("goose Go migrations (%d)", len(s.Set.Files))
	return s
}

func (sc *scanner) gooseFile(s *Set, f *ast.File, call *ast.CallExpr, reg string, inTx bool) {
	name := filepath.Base(sc.pass.Fset.File(f.Pos()).Name())
	if strings.HasPrefix(reg, "AddNamed") && len(call.Args) == 3 {
		if v, _, ok := stringConst(sc.pass, sc.consts, call.Args[0]); ok {
			name = path.Base(filepath.ToSlash(v))
		}
	}
	version, desc, _ := strings.Cut(strings.TrimSuffix(name, path.Ext(name)), "_")
	if strings.Trim(version, "0123456789") != "" {
		version, desc = "", name
	}
	up := sc.body(call.Args[len(call.Args)-2])
	down := sc.body(call.Args[len(call.Args)-1])
	txSource := "goose." + reg + " runs it in a transaction"
	if !inTx {
		txSource = "goose." + reg + " runs it without a transaction"
	}
	sc.addGooseFile(s, call, name, version, desc, up, down, inTx, txSource)
}

// gooseProviderFile reads a migration of goose's Provider API:
// goose.NewGoMigration(version, up, down *goose.GoFunc), whose GoFunc
// runs RunTx in a transaction and RunDB without one.
func (sc *scanner) gooseProviderFile(s *Set, f *ast.File, call *ast.CallExpr) {
	name := filepath.Base(sc.pass.Fset.File(f.Pos()).Name())
	version := ""
	if tv, ok := sc.pass.TypesInfo.Types[call.Args[0]]; ok && tv.Value != nil && tv.Value.Kind() == constant.Int {
		version = tv.Value.ExactString()
	}
	up, inTx, field := sc.goFunc(call.Args[1])
	down, _, _ := sc.goFunc(call.Args[2])
	txSource := "goose.NewGoMigration runs " + field + " in a transaction"
	if !inTx {
		txSource = "goose.NewGoMigration runs " + field + " without a transaction"
	}
	sc.addGooseFile(s, call, name, version, strings.TrimSuffix(name, path.Ext(name)), up, down, inTx, txSource)
}

// goFunc reads a &goose.GoFunc{RunTx: …} or {RunDB: …} literal: the body
// of the function, whether it runs in a transaction, and the field.
func (sc *scanner) goFunc(e ast.Expr) (body *ast.BlockStmt, inTx bool, field string) {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	lit, ok := e.(*ast.CompositeLit)
	if !ok {
		return nil, true, "RunTx"
	}
	for _, el := range lit.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		switch key, _ := kv.Key.(*ast.Ident); {
		case key == nil:
		case key.Name == "RunTx":
			return sc.body(kv.Value), true, "RunTx"
		case key.Name == "RunDB":
			return sc.body(kv.Value), false, "RunDB"
		}
	}
	return nil, true, "RunTx"
}

// addGooseFile adds one goose Go migration to the set.
func (sc *scanner) addGooseFile(s *Set, call *ast.CallExpr, name, version, desc string, up, down *ast.BlockStmt, inTx bool, txSource string) {
	if up != nil {
		sc.registered[up] = true
	}
	if down != nil {
		sc.registered[down] = true
	}
	mode := migrations.TxWrapped
	if !inTx {
		mode = migrations.TxNone
	}
	upSegs, _ := sc.segments(up)
	downSegs, _ := sc.segments(down)
	p := name
	for i := 2; s.sources[p] != nil; i++ {
		p = name + "#" + strconv.Itoa(i)
	}
	file, src := buildFile(sc.pass.Fset, p, version, desc, mode, txSource, upSegs, downSegs, call.Pos())
	s.Set.Files = append(s.Set.Files, file)
	s.sources[p] = src
}

// body returns the body of a function given as a literal or as the name
// of a function declared in the package.
func (sc *scanner) body(e ast.Expr) *ast.BlockStmt {
	switch e := ast.Unparen(e).(type) {
	case *ast.FuncLit:
		return e.Body
	case *ast.Ident:
		if fn, ok := sc.pass.TypesInfo.Uses[e].(*types.Func); ok && sc.decls[fn] != nil {
			return sc.decls[fn].Body
		}
	}
	return nil
}

// segments returns the constant SQL of the Exec calls in a body, in order,
// and whether every call runs on a transaction.
func (sc *scanner) segments(body *ast.BlockStmt) (segs []segment, allTx bool) {
	if body == nil {
		return nil, false
	}
	allTx = true
	ast.Inspect(body, func(n ast.Node) bool {
		if lit, ok := n.(*ast.FuncLit); ok && sc.registered[lit.Body] && lit.Body != body {
			return false
		}
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		arg, inTx, ok := sc.execCall(call)
		if !ok {
			return true
		}
		allTx = allTx && inTx
		val, at, isConst := stringConst(sc.pass, sc.consts, arg)
		if !isConst {
			sc.nonConstant(arg)
			return true
		}
		segs = append(segs, segment{val: val, at: at, end: arg.End()})
		return true
	})
	return segs, allTx && len(segs) > 0
}

// nonConstant records the first SQL argument that is not a constant.
func (sc *scanner) nonConstant(arg ast.Expr) {
	if sc.res.NonConstant != nil {
		return
	}
	sc.res.NonConstant = arg
	if call, ok := ast.Unparen(arg).(*ast.CallExpr); ok {
		if fn, ok := typeutil.Callee(sc.pass.TypesInfo, call).(*types.Func); ok && fn.Pkg() != nil {
			sc.res.NonConstantMaker = fn.Pkg().Name() + "." + fn.Name()
		}
	}
}

// execCall recognises a call of an Exec method of database/sql, pgx or
// sqlx and returns its SQL argument and whether the receiver is a
// transaction.
func (sc *scanner) execCall(call *ast.CallExpr) (sqlArg ast.Expr, inTx, ok bool) {
	sel, isSel := call.Fun.(*ast.SelectorExpr)
	if !isSel || !execNames[sel.Sel.Name] {
		return nil, false, false
	}
	selection := sc.pass.TypesInfo.Selections[sel]
	if selection == nil || selection.Kind() != types.MethodVal {
		return nil, false, false
	}
	fn, isFn := selection.Obj().(*types.Func)
	if !isFn || fn.Pkg() == nil || !execPackages[fn.Pkg().Path()] {
		return nil, false, false
	}
	sig := fn.Signature()
	for i := 0; i < sig.Params().Len() && i < len(call.Args); i++ {
		if b, isBasic := sig.Params().At(i).Type().(*types.Basic); isBasic && b.Kind() == types.String {
			sqlArg = call.Args[i]
			break
		}
	}
	if sqlArg == nil {
		return nil, false, false
	}
	recv := selection.Recv()
	if p, isPtr := recv.(*types.Pointer); isPtr {
		recv = p.Elem()
	}
	if named, isNamed := recv.(*types.Named); isNamed {
		inTx = named.Obj().Name() == "Tx"
	}
	return sqlArg, inTx, true
}

// looseSet makes one migration file of each function of a migration
// package that runs constant SQL through Exec, outside goose
// registrations.
func (sc *scanner) looseSet() *Set {
	s := &Set{Set: &migrations.Set{Dir: ".", Format: migrations.Plain}, sources: map[string]*source{}}
	for _, f := range sc.pass.Files {
		goFile := filepath.Base(sc.pass.Fset.File(f.Pos()).Name())
		for _, d := range f.Decls {
			var body *ast.BlockStmt
			name := ""
			switch d := d.(type) {
			case *ast.FuncDecl:
				body, name = d.Body, d.Name.Name
			case *ast.GenDecl:
				// Function literals in variable declarations.
				ast.Inspect(d, func(n ast.Node) bool {
					if lit, ok := n.(*ast.FuncLit); ok && !sc.registered[lit.Body] {
						sc.looseFile(s, goFile, "func literal", lit.Body, lit.Pos())
						return false
					}
					return true
				})
			}
			if body == nil || sc.registered[body] {
				continue
			}
			sc.looseFile(s, goFile, name, body, d.Pos())
		}
	}
	if len(s.Set.Files) == 0 {
		return nil
	}
	s.Origin = fmt.Sprintf("SQL run by Exec calls (%d functions)", len(s.Set.Files))
	return s
}

func (sc *scanner) looseFile(s *Set, goFile, fn string, body *ast.BlockStmt, pos token.Pos) {
	segs, allTx := sc.segments(body)
	if len(segs) == 0 {
		return
	}
	p := goFile + ":" + fn
	for i := 2; s.sources[p] != nil; i++ {
		p = goFile + ":" + fn + "#" + strconv.Itoa(i)
	}
	mode, txSource := migrations.TxNone, "Exec outside a transaction"
	if allTx {
		mode, txSource = migrations.TxWrapped, "Exec on a transaction"
	}
	file, src := buildFile(sc.pass.Fset, p, "", fn, mode, txSource, segs, nil, pos)
	s.Set.Files = append(s.Set.Files, file)
	s.sources[p] = src
}

// buildFile assembles the SQL of Exec calls into one migration file. In a
// file run without a transaction, a call with several statements is one
// implicit transaction in PostgreSQL; it is wrapped in BEGIN and COMMIT so
// that the rules see it that way.
//
// Each call's SQL starts on the line of the file whose number is the line
// of its Go literal, when the lines allow, so that rule messages that
// mention "line N" of the migration name the Go line.
func buildFile(fset *token.FileSet, p, version, name string, mode migrations.TxMode, txSource string, up, down []segment, pos token.Pos) (*migrations.File, *source) {
	t := &sqlText{}
	line := 1
	pad := func(seg segment) {
		target := fset.Position(seg.at0(pos)).Line
		for ; line < target; line++ {
			t.add("\n", nil, seg.at0(pos))
		}
	}
	add := func(s string, at []token.Pos, def token.Pos) {
		t.add(s, at, def)
		line += strings.Count(s, "\n")
	}
	if mode == migrations.TxNone && len(up) == 1 && len(pgparse.Parse(up[0].val)) > 1 {
		mode = migrations.TxImplicit
		txSource = txSource + "; its one Exec call sends several statements, which PostgreSQL runs as one implicit transaction"
	}
	for _, seg := range up {
		wrap := mode == migrations.TxNone && len(pgparse.Parse(seg.val)) > 1
		if wrap {
			add("BEGIN; ", nil, seg.at0(pos))
		}
		pad(seg)
		add(seg.val, seg.at, pos)
		add("\n;", nil, seg.end)
		if wrap {
			add(" COMMIT;", nil, seg.end)
		}
	}
	upLen := len(t.text)
	for _, seg := range down {
		pad(seg)
		add(seg.val, seg.at, pos)
		add("\n;", nil, seg.end)
	}
	t.finish(pos)
	src := t.text
	f := &migrations.File{Path: p, Version: version, Name: name, Src: src, Tx: mode, TxSource: txSource}
	f.Up = src[:upLen] + blank(src[upLen:])
	if len(down) > 0 {
		f.Down = blank(src[:upLen]) + src[upLen:]
	}
	return f, &source{text: t, file: f}
}

func (s segment) at0(def token.Pos) token.Pos {
	if len(s.at) > 0 {
		return s.at[0]
	}
	return def
}

// blank replaces every byte but line ends with a space, keeping offsets.
func blank(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c != '\n' && c != '\r' {
			b[i] = ' '
		}
	}
	return string(b)
}

// sortByVersion orders files by numeric version, as goose applies them.
func sortByVersion(files []*migrations.File) {
	sort.SliceStable(files, func(i, j int) bool {
		a, errA := strconv.ParseInt(files[i].Version, 10, 64)
		b, errB := strconv.ParseInt(files[j].Version, 10, 64)
		if errA != nil || errB != nil {
			return errA == nil && errB != nil
		}
		return a < b
	})
}

// mergeGoose adds the goose Go migrations to the package's embedded goose
// set in the package directory, where goose reads both, or keeps them as
// their own set.
func mergeGoose(embedded []*Set, goose *Set) []*Set {
	if goose == nil {
		return embedded
	}
	for _, s := range embedded {
		if s.Set.Format == migrations.Goose && s.Set.Dir == "." {
			s.Set.Files = append(s.Set.Files, goose.Set.Files...)
			sortByVersion(s.Set.Files)
			for k, v := range goose.sources {
				s.sources[k] = v
			}
			s.Origin += " and " + goose.Origin
			return embedded
		}
	}
	return append(embedded, goose)
}
