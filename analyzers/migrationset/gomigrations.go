package migrationset

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/project"
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

// bunMigrate is bun's migration package, whose Migrations.MustRegister
// and Register take a Go migration's up and down functions.
const bunMigrate = "github.com/uptrace/bun/migrate"

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
	"github.com/uptrace/bun":          true,
	"gorm.io/gorm":                    true,
	"github.com/jinzhu/gorm":          true,
	"github.com/go-pg/pg/v10":         true,
	"github.com/go-pg/pg/v9":          true,
}

var execNames = map[string]bool{"Exec": true, "ExecContext": true, "MustExec": true, "MustExecContext": true}

// segment is the SQL of one Exec call: its text, or, when the text is not
// known before the program runs, the call and what builds the SQL.
type segment struct {
	val     string
	at      []token.Pos
	end     token.Pos
	unknown string // what builds SQL that is not known, "" when known
}

// goSets are the migrations a package writes in Go.
type goSets struct {
	// registered are goose's or bun's Go migrations, in version order;
	// pos is the first registration.
	registered *Set
	pos        token.Pos
	// slices are the package's migration slices, one set each.
	slices []*Set
	// loose are the Exec calls of a migration package with neither.
	loose *Set
	// nonConstant is the first SQL of loose code that is not known, and
	// what builds it.
	nonConstant      token.Pos
	nonConstantMaker string
}

// goReader reads the migrations of one package.
type goReader struct {
	p *goPackage
	// migration are the function bodies that are migrations themselves,
	// which the reading of other functions does not enter.
	migration map[*ast.BlockStmt]bool
	out       *goSets
}

// readGoMigrations finds the migrations a package writes in Go: goose's
// and bun's registered Go migrations, migration slices, and, in a package
// that has neither but is a migration package (its path mentions
// migrations, or it has a //migguard:migrations comment), the functions
// that run SQL through Exec. Test files are never migrations, and a
// package whose database drivers are another engine's writes none that
// PostgreSQL's rules judge (project.DialectOfImports).
func readGoMigrations(p *goPackage) *goSets {
	r := &goReader{p: p, migration: map[*ast.BlockStmt]bool{}, out: &goSets{}}
	if d, found := project.DialectOfImports(p.importPaths()); found && !d.IsPostgreSQL() {
		return r.out // migrations for another engine (go-clickhouse's chmigrate)
	}
	r.out.registered = r.registrations()
	r.out.slices = r.migrationSlices()
	if r.out.registered == nil && len(r.out.slices) == 0 && (mentionsMigrations(p.path) || hasMigrationsDirective(p.files)) {
		r.out.loose = r.looseSet()
	}
	return r.out
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

// registrations turns goose's and bun's registrations into migration
// files, in version order.
func (r *goReader) registrations() *Set {
	s := &Set{Set: &migrations.Set{Dir: ".", Format: migrations.Goose}, sources: map[string]*source{}}
	var calls []*ast.CallExpr
	for _, f := range r.p.files {
		ast.Inspect(f, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				calls = append(calls, call)
			}
			return true
		})
	}
	// Mark every registered body first, so that reading one migration
	// never enters another.
	var regs []func()
	for _, call := range calls {
		pkg, name, _ := r.p.callee(call)
		switch {
		case isGoose(pkg) && name == "NewGoMigration" && len(call.Args) == 3:
			regs = append(regs, r.gooseProvider(s, call))
		case isGoose(pkg) && len(call.Args) >= 2:
			if inTx, known := gooseFuncs[name]; known {
				regs = append(regs, r.goose(s, call, name, inTx))
			}
		case (name == "MustRegister" || name == "Register") && len(call.Args) == 2 && r.isBunMigrations(call):
			regs = append(regs, r.bun(s, call))
		}
	}
	for _, read := range regs {
		read()
	}
	if len(s.Set.Files) == 0 {
		return nil
	}
	sortByVersion(s.Set.Files)
	s.Origin = fmt.Sprintf("Go migrations (%d)", len(s.Set.Files))
	return s
}

// isBunMigrations reports whether a Register call is bun's
// Migrations.Register.
func (r *goReader) isBunMigrations(call *ast.CallExpr) bool {
	pkg, _, recv := r.p.callee(call)
	if r.p.info != nil {
		return pkg == bunMigrate && recv == "Migrations"
	}
	for _, imp := range r.p.imports[r.p.fileOf(call.Pos())] {
		if imp == bunMigrate {
			return true
		}
	}
	return false
}

// register marks a migration's bodies and returns the function that reads
// it into the set once every migration is marked.
func (r *goReader) register(s *Set, call *ast.CallExpr, name, version, desc string, up, down *ast.BlockStmt, inTx bool, txSource string) func() {
	if r.out.pos == token.NoPos || call.Pos() < r.out.pos {
		r.out.pos = call.Pos()
	}
	for _, b := range []*ast.BlockStmt{up, down} {
		if b != nil {
			r.migration[b] = true
		}
	}
	return func() {
		mode := migrations.TxWrapped
		if !inTx {
			mode = migrations.TxNone
		}
		p := name
		for i := 2; s.sources[p] != nil; i++ {
			p = name + "#" + strconv.Itoa(i)
		}
		upSegs, _ := r.segments(up, nil, 0, false)
		downSegs, _ := r.segments(down, nil, 0, false)
		file, src := buildFile(r.p.fset, p, version, desc, mode, txSource, upSegs, downSegs, call.Pos(), emptyBody(up))
		file.EmptyOK = r.p.explainedEmpty(up)
		s.Set.Files = append(s.Set.Files, file)
		s.sources[p] = src
	}
}

func (r *goReader) goose(s *Set, call *ast.CallExpr, reg string, inTx bool) func() {
	name := r.p.fileName(call.Pos())
	if strings.HasPrefix(reg, "AddNamed") && len(call.Args) == 3 {
		if v, ok := r.p.stringOf(call.Args[0], nil, 0); ok {
			name = path.Base(v.s)
		}
	}
	version, desc := fileVersion(name)
	txSource := "goose." + reg + " runs it in a transaction"
	if !inTx {
		txSource = "goose." + reg + " runs it without a transaction"
	}
	up, down := r.p.funcBody(call.Args[len(call.Args)-2]), r.p.funcBody(call.Args[len(call.Args)-1])
	return r.register(s, call, name, version, desc, up, down, inTx, txSource)
}

// gooseProvider reads a migration of goose's Provider API:
// goose.NewGoMigration(version, up, down *goose.GoFunc), whose GoFunc
// runs RunTx in a transaction and RunDB without one.
func (r *goReader) gooseProvider(s *Set, call *ast.CallExpr) func() {
	name := r.p.fileName(call.Pos())
	version := ""
	if v, ok := r.p.constValue(call.Args[0]); ok {
		version = v.ExactString()
	}
	up, inTx, field := r.goFunc(call.Args[1])
	down, _, _ := r.goFunc(call.Args[2])
	txSource := "goose.NewGoMigration runs " + field + " in a transaction"
	if !inTx {
		txSource = "goose.NewGoMigration runs " + field + " without a transaction"
	}
	return r.register(s, call, name, version, strings.TrimSuffix(name, path.Ext(name)), up, down, inTx, txSource)
}

// goFunc reads a &goose.GoFunc{RunTx: …} or {RunDB: …} literal: the body
// of the function, whether it runs in a transaction, and the field.
func (r *goReader) goFunc(e ast.Expr) (body *ast.BlockStmt, inTx bool, field string) {
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
			return r.p.funcBody(kv.Value), true, "RunTx"
		case key.Name == "RunDB":
			return r.p.funcBody(kv.Value), false, "RunDB"
		}
	}
	return nil, true, "RunTx"
}

// bun reads a Go migration registered with bun's
// Migrations.MustRegister(up, down): bun names it after the registering
// file (20240101120000_add_users.go) and runs it on the *bun.DB it passes,
// outside a transaction.
func (r *goReader) bun(s *Set, call *ast.CallExpr) func() {
	name := r.p.fileName(call.Pos())
	version, desc := fileVersion(name)
	up, down := r.p.funcBody(call.Args[0]), r.p.funcBody(call.Args[1])
	return r.register(s, call, name, version, desc, up, down, false, "bun runs a Go migration on the database it passes, without a transaction")
}

// fileVersion splits a Go migration's file name into the version and the
// description, as goose and bun read them (00002_add_users.go).
func fileVersion(name string) (version, desc string) {
	version, desc, _ = strings.Cut(strings.TrimSuffix(name, path.Ext(name)), "_")
	if strings.Trim(version, "0123456789") != "" {
		return "", name
	}
	return version, desc
}

// emptyBody reports whether a function does nothing: no statements, or
// only a return of nil.
// explainedEmpty returns, for a migration function that does nothing
// (emptyBody) and says why in a comment, why an empty migration is
// deliberate (migrations.File.EmptyOK); "" otherwise.
func (p *goPackage) explainedEmpty(b *ast.BlockStmt) string {
	if !emptyBody(b) {
		return ""
	}
	for _, f := range p.files {
		if f.Pos() > b.Pos() || b.End() > f.End() {
			continue
		}
		for _, cg := range f.Comments {
			if cg.Pos() > b.Lbrace && cg.End() < b.Rbrace {
				return "the migration says why it does nothing: " + strings.TrimSpace(cg.Text())
			}
		}
	}
	return ""
}

func emptyBody(b *ast.BlockStmt) bool {
	if b == nil {
		return false
	}
	for _, st := range b.List {
		ret, ok := st.(*ast.ReturnStmt)
		if !ok || len(ret.Results) > 1 {
			return false
		}
		if len(ret.Results) == 1 {
			if id, ok := ret.Results[0].(*ast.Ident); !ok || id.Name != "nil" {
				return false
			}
		}
	}
	return true
}

// segments returns the SQL of the Exec calls that a function runs, in
// order: its own, and those of the package's functions it calls (a
// migration that calls createTable(tx)). strict keeps only Exec methods of
// the database packages. allTx says whether every call runs on a
// transaction.
func (r *goReader) segments(body *ast.BlockStmt, seen map[*ast.BlockStmt]bool, depth int, strict bool) (segs []segment, allTx bool) {
	if body == nil || depth > 3 || seen[body] {
		return nil, false
	}
	if seen == nil {
		seen = map[*ast.BlockStmt]bool{}
	}
	seen[body] = true
	allTx = true
	ast.Inspect(body, func(n ast.Node) bool {
		if lit, ok := n.(*ast.FuncLit); ok && r.migration[lit.Body] && lit.Body != body {
			return false
		}
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		if arg, inTx, ok := r.execArg(call, strict); ok {
			allTx = allTx && inTx
			if v, ok := r.p.stringOf(arg, body, 0); ok {
				segs = append(segs, segment{val: v.s, at: v.at, end: arg.End()})
			} else {
				segs = append(segs, segment{unknown: r.maker(arg), at: []token.Pos{arg.Pos()}, end: arg.End()})
			}
			return true
		}
		if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
			if d := r.p.funcDecl(id); d != nil && !r.migration[d.Body] {
				inner, innerTx := r.segments(d.Body, seen, depth+1, strict)
				if len(inner) > 0 {
					segs = append(segs, inner...)
					allTx = allTx && innerTx
				}
			}
		}
		return true
	})
	delete(seen, body)
	return segs, allTx && len(segs) > 0
}

// maker says what builds SQL that is not known before the program runs.
func (r *goReader) maker(arg ast.Expr) string {
	switch a := ast.Unparen(arg).(type) {
	case *ast.CallExpr:
		if pkg, name, _ := r.p.callee(a); name != "" {
			if pkg != "" {
				return "SQL built with " + path.Base(pkg) + "." + name
			}
			return "SQL built with " + name
		}
	case *ast.Ident:
		return "SQL in " + a.Name + ", whose value is known only at run time"
	case *ast.BinaryExpr:
		return "SQL concatenated from values known only at run time"
	}
	return "SQL built at run time"
}

// execArg recognises a call of an Exec method and returns its SQL
// argument and whether the receiver is a transaction. With type
// information the SQL is the first string (or, for go-pg, interface{})
// parameter, and strict limits the methods to the database packages';
// without, it is the first argument after a context.
func (r *goReader) execArg(call *ast.CallExpr, strict bool) (sqlArg ast.Expr, inTx, ok bool) {
	sel, isSel := call.Fun.(*ast.SelectorExpr)
	if !isSel || !execNames[sel.Sel.Name] || len(call.Args) == 0 {
		return nil, false, false
	}
	if r.p.info == nil {
		if strict && !r.importsExecPackage(call.Pos()) {
			return nil, false, false
		}
		i := 0
		if strings.HasSuffix(sel.Sel.Name, "Context") || len(call.Args) > 1 && looksLikeContext(call.Args[0]) {
			i = 1
		}
		if i >= len(call.Args) {
			return nil, false, false
		}
		return call.Args[i], strings.Contains(strings.ToLower(exprText(sel.X)), "tx"), true
	}
	selection := r.p.info.Selections[sel]
	if selection == nil || selection.Kind() != types.MethodVal {
		return nil, false, false
	}
	fn, isFn := selection.Obj().(*types.Func)
	if !isFn || strict && (fn.Pkg() == nil || !execPackages[fn.Pkg().Path()]) {
		return nil, false, false
	}
	sig := fn.Signature()
	for i := 0; i < sig.Params().Len() && i < len(call.Args); i++ {
		switch t := sig.Params().At(i).Type().Underlying().(type) {
		case *types.Basic:
			if t.Kind() == types.String {
				sqlArg = call.Args[i]
			}
		case *types.Interface:
			if t.Empty() {
				sqlArg = call.Args[i]
			}
		}
		if sqlArg != nil {
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
	if named, isNamed := types.Unalias(recv).(*types.Named); isNamed {
		inTx = named.Obj().Name() == "Tx"
	}
	return sqlArg, inTx, true
}

// importsExecPackage reports whether the file holding pos imports a
// package whose Exec methods run SQL: without type information, the
// closest sign that an Exec call is one of theirs.
func (r *goReader) importsExecPackage(pos token.Pos) bool {
	for _, imp := range r.p.imports[r.p.fileOf(pos)] {
		if execPackages[imp] {
			return true
		}
	}
	return false
}

// looksLikeContext reports whether an argument is, by its spelling, a
// context: ctx, context.Background(), r.Context().
func looksLikeContext(e ast.Expr) bool {
	t := exprText(e)
	return t == "ctx" || t == "c" || strings.HasSuffix(t, "Context()") || strings.HasSuffix(t, "Background()") ||
		strings.HasSuffix(t, "TODO()") || strings.HasSuffix(strings.ToLower(t), "ctx")
}

// exprText spells simple expressions: identifiers, selectors and calls
// without arguments.
func exprText(e ast.Expr) string {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return exprText(e.X) + "." + e.Sel.Name
	case *ast.CallExpr:
		return exprText(e.Fun) + "()"
	case *ast.StarExpr:
		return "*" + exprText(e.X)
	}
	return ""
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

// versionTables are the tables in which migration tools and hand-written
// runners keep the applied versions: SQL that only touches them is
// bookkeeping, not a migration.
var versionTables = map[string]bool{
	"schema_migrations": true, "schema_migration": true, "schema_version": true, "schema_versions": true,
	"migrations": true, "migration": true, "goose_db_version": true, "gorp_migrations": true, "bun_migrations": true,
	"bun_migration_locks": true, "migration_version": true, "migration_versions": true, "db_version": true,
	"db_versions": true, "version": true, "versions": true, "__migrations": true, "schema_info": true,
}

// bookkeeping reports whether every statement of SQL touches only a
// version table (CREATE TABLE IF NOT EXISTS schema_migrations, INSERT INTO
// schema_migrations …).
func bookkeeping(sql string) bool {
	stmts := pgparse.Parse(sql)
	if len(stmts) == 0 {
		return false
	}
	for _, s := range stmts {
		if s.Node == nil {
			return false
		}
		rels := 0
		ok := true
		pgparse.Inspect(s.Node, func(m any) bool {
			if rv, isRV := m.(*pgparse.RangeVar); isRV {
				rels++
				ok = ok && versionTables[strings.ToLower(rv.Relname)]
				return false
			}
			return true
		})
		if rels == 0 || !ok {
			return false
		}
	}
	return true
}
