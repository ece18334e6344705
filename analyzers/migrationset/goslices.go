package migrationset

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"regexp"
	"strconv"
	"strings"

	"github.com/migguard/migguard/internal/migrations"
)

// migrationSlices reads the package-level slices and arrays of migrations
// that hand-written runners apply in order: a variable whose name mentions
// migrations, or whose elements are functions of a transaction or
// database handle, holding functions (func(tx *sql.Tx) error { … }) or
// structs with an up function or the SQL itself
// ({Version: 3, Up: func(tx) …} or {stmts: []string{…}}). Each element is
// one migration, in the slice's order; the loop that runs them and records
// the version is the runner, not a migration.
func (r *goReader) migrationSlices() []*Set {
	var out []*Set
	for _, f := range r.p.files {
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, name := range vs.Names {
					if i >= len(vs.Values) {
						continue
					}
					lit, ok := ast.Unparen(vs.Values[i]).(*ast.CompositeLit)
					if !ok || !r.isMigrationList(name.Name, lit) {
						continue
					}
					if s := r.slice(name.Name, lit); s != nil {
						out = append(out, s)
					}
				}
			}
		}
	}
	return out
}

// isMigrationList reports whether a composite literal is a list of
// migrations.
func (r *goReader) isMigrationList(name string, lit *ast.CompositeLit) bool {
	at, ok := lit.Type.(*ast.ArrayType)
	if !ok || len(lit.Elts) == 0 {
		return false
	}
	if mentionsMigrations(name) {
		return true
	}
	ft, ok := at.Elt.(*ast.FuncType)
	return ok && ft.Params != nil && len(ft.Params.List) > 0 && handleParam(exprText(ft.Params.List[len(ft.Params.List)-1].Type))
}

// handleParam reports whether a parameter type spells a transaction or a
// database handle.
func handleParam(t string) bool {
	t = strings.TrimPrefix(t, "*")
	_, name, _ := strings.Cut(t, ".")
	return name == "Tx" || name == "DB" || name == "Conn" || name == "IDB" || name == "Pool"
}

// slice reads one migration list into a set.
func (r *goReader) slice(name string, lit *ast.CompositeLit) *Set {
	s := &Set{Set: &migrations.Set{Dir: ".", Format: migrations.Plain}, sources: map[string]*source{}}
	goFile := r.p.fileName(lit.Pos())
	type element struct {
		body    *ast.BlockStmt
		segs    []segment
		version string
		inTx    bool
		pos     token.Pos
	}
	var elems []element
	for i, el := range lit.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			el = kv.Value // [...]func{0: …}
		}
		e := element{version: strconv.Itoa(i + 1), inTx: true, pos: el.Pos()}
		if body := r.p.funcBody(el); body != nil {
			e.body, e.inTx = body, r.txParam(el)
		} else if cl, ok := ast.Unparen(el).(*ast.CompositeLit); ok {
			e.body, e.segs, e.version = r.structElement(cl, e.version)
		} else {
			continue
		}
		if e.body != nil {
			r.migration[e.body] = true
		}
		elems = append(elems, e)
	}
	for _, e := range elems {
		segs := e.segs
		if e.body != nil {
			segs, _ = r.segments(e.body, nil, 0, false)
		}
		mode, txSource := migrations.TxWrapped, "the runner of "+name+" passes it a transaction"
		if !e.inTx {
			mode, txSource = migrations.TxNone, "the runner of "+name+" passes it no transaction"
		}
		p := fmt.Sprintf("%s:%s[%d]", goFile, name, len(s.Set.Files))
		file, src := buildFile(r.p.fset, p, e.version, name+" "+e.version, mode, txSource, segs, nil, e.pos, emptyBody(e.body))
		file.EmptyOK = r.p.explainedEmpty(e.body)
		s.Set.Files = append(s.Set.Files, file)
		s.sources[p] = src
	}
	if len(s.Set.Files) == 0 {
		return nil
	}
	s.Origin = fmt.Sprintf("migration list %s (%d)", name, len(s.Set.Files))
	return s
}

// txParam reports whether a migration function takes a transaction, as
// its last parameter's type says; true when it cannot tell.
func (r *goReader) txParam(fn ast.Expr) bool {
	var ft *ast.FuncType
	switch f := ast.Unparen(fn).(type) {
	case *ast.FuncLit:
		ft = f.Type
	case *ast.Ident:
		if d := r.p.funcDecl(f); d != nil {
			ft = d.Type
		}
	}
	if ft == nil || ft.Params == nil || len(ft.Params.List) == 0 {
		return true
	}
	t := ft.Params.List[len(ft.Params.List)-1].Type
	if r.p.info != nil {
		if tv, ok := r.p.info.Types[t]; ok {
			u := tv.Type
			if p, ok := u.(*types.Pointer); ok {
				u = p.Elem()
			}
			if n, ok := types.Unalias(u).(*types.Named); ok {
				return n.Obj().Name() != "DB" && n.Obj().Name() != "Pool" && n.Obj().Name() != "Conn"
			}
		}
	}
	_, name, _ := strings.Cut(strings.TrimPrefix(exprText(t), "*"), ".")
	return name != "DB" && name != "Pool" && name != "Conn"
}

// downField matches the names of fields that undo a migration.
var downField = regexp.MustCompile(`(?i)down|rollback|revert|undo`)

// structElement reads a struct element of a migration list: its first
// function field that does not undo the migration, else its SQL strings;
// a Version or ID constant names it.
func (r *goReader) structElement(cl *ast.CompositeLit, version string) (*ast.BlockStmt, []segment, string) {
	var body *ast.BlockStmt
	var segs []segment
	for _, el := range cl.Elts {
		key, val := "", el
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok {
				key = id.Name
			}
			val = kv.Value
		}
		switch lk := strings.ToLower(key); {
		case downField.MatchString(key):
			continue
		case lk == "version" || lk == "id":
			if v, ok := r.p.constValue(val); ok {
				switch v.Kind() {
				case constant.Int:
					version = v.ExactString()
				case constant.String:
					version = constant.StringVal(v)
				}
			}
			continue
		}
		if b := r.p.funcBody(val); b != nil && body == nil {
			body = b
			continue
		}
		segs = append(segs, r.sqlStrings(val)...)
	}
	if body != nil {
		return body, nil, version
	}
	return nil, segs, version
}

// sqlStrings returns the SQL that a field of a migration struct holds: a
// string, or a []string literal of them, each looking like SQL.
func (r *goReader) sqlStrings(e ast.Expr) []segment {
	if cl, ok := ast.Unparen(e).(*ast.CompositeLit); ok {
		var out []segment
		for _, el := range cl.Elts {
			out = append(out, r.sqlStrings(el)...)
		}
		return out
	}
	v, ok := r.p.stringOf(e, nil, 0)
	if !ok || !looksLikeSQL(v.s) {
		return nil
	}
	return []segment{{val: v.s, at: v.at, end: e.End()}}
}

// sqlStart matches the first word of a SQL statement.
var sqlStart = regexp.MustCompile(`(?is)^\s*(?:--[^\n]*\n\s*)*(CREATE|ALTER|DROP|INSERT|UPDATE|DELETE|SELECT|WITH|COMMENT|GRANT|REVOKE|DO|SET|BEGIN|TRUNCATE|REFRESH|REINDEX|VACUUM|LOCK|ANALYZE|COPY)\b`)

func looksLikeSQL(s string) bool { return sqlStart.MatchString(s) }

// looseSet makes one migration of each function of a migration package
// that runs SQL through Exec: functions and function literals of variable
// declarations. SQL that only keeps a version table is the runner's
// bookkeeping and is left out.
func (r *goReader) looseSet() *Set {
	s := &Set{Set: &migrations.Set{Dir: ".", Format: migrations.Plain}, sources: map[string]*source{}}
	for _, f := range r.p.files {
		goFile := r.p.fileName(f.Pos())
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Body != nil {
					r.looseFile(s, goFile, d.Name.Name, d.Body, d.Pos())
				}
			case *ast.GenDecl:
				ast.Inspect(d, func(n ast.Node) bool {
					if lit, ok := n.(*ast.FuncLit); ok {
						r.looseFile(s, goFile, "func literal", lit.Body, lit.Pos())
						return false
					}
					return true
				})
			}
		}
	}
	if len(s.Set.Files) == 0 {
		return nil
	}
	s.Origin = fmt.Sprintf("SQL run by Exec calls (%d functions)", len(s.Set.Files))
	return s
}

func (r *goReader) looseFile(s *Set, goFile, fn string, body *ast.BlockStmt, pos token.Pos) {
	all, allTx := r.segments(body, nil, 0, true)
	var segs []segment
	for _, sg := range all {
		switch {
		case sg.unknown != "":
			// Loose code that builds SQL at run time is said once per
			// package (sql-not-constant), not in each function.
			if r.out.nonConstant == token.NoPos {
				r.out.nonConstant, r.out.nonConstantMaker = sg.at[0], sg.unknown
			}
		case !bookkeeping(sg.val):
			segs = append(segs, sg)
		}
	}
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
	file, src := buildFile(r.p.fset, p, "", fn, mode, txSource, segs, nil, pos, false)
	s.Set.Files = append(s.Set.Files, file)
	s.sources[p] = src
}
