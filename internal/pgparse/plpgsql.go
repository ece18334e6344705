package pgparse

import (
	"slices"
	"sort"
	"strings"

	"github.com/pganalyze/pg_query_go/v5/parser"
)

// This file reads the PL/pgSQL bodies of DO blocks with pg_query's
// PL/pgSQL parser: the SQL statements a block runs are statements of the
// migration, at their own place in the file.

// Block is what migguard reads of the PL/pgSQL body of a DO statement.
type Block struct {
	// Body are the SQL statements the body runs, in the order they are
	// written: its static statements and the SQL of each EXECUTE of a
	// string constant, in every branch of IF and CASE, in loops and in
	// exception handlers alike. Their offsets are into the file, like
	// those of any statement.
	Body []*Stmt
	// Dynamic are the offsets in the file of the EXECUTE statements whose
	// SQL is built at run time (EXECUTE format(…), EXECUTE 'x' || name),
	// which cannot be read.
	Dynamic []int
	// Err is set when the body was not read: the PL/pgSQL parser rejected
	// it. Its offset is the DO statement's.
	Err *SyntaxError
}

// ExpandDo returns stmts with the statements that the body of each DO
// block in PL/pgSQL runs right after the block. The DO statement itself
// is replaced by a copy whose Block says what was read of its body (the
// statements of stmts are not changed, so they may be shared). src is the
// source that stmts were parsed from. A DO block in another language is
// left as it is.
func ExpandDo(src string, stmts []*Stmt) []*Stmt {
	var out []*Stmt
	for i, s := range stmts {
		do := s.Node.GetDoStmt()
		if do == nil {
			if out != nil {
				out = append(out, s)
			}
			continue
		}
		body, lang := doArgs(do)
		if lang != "plpgsql" {
			if out != nil {
				out = append(out, s)
			}
			continue
		}
		if out == nil {
			out = append(make([]*Stmt, 0, len(stmts)+8), stmts[:i]...)
		}
		d := *s
		d.Block = readBlock(src, s, body)
		out = append(out, &d)
		out = append(out, d.Block.Body...)
	}
	if out == nil {
		return stmts
	}
	return out
}

// doArgs returns the body and the language (lower-case; plpgsql when not
// given) of a DO statement.
func doArgs(do *DoStmt) (body, lang string) {
	lang = "plpgsql"
	for _, a := range do.GetArgs() {
		d := a.GetDefElem()
		switch d.GetDefname() {
		case "as":
			body = d.GetArg().GetString_().GetSval()
		case "language":
			lang = strings.ToLower(d.GetArg().GetString_().GetSval())
		}
	}
	return body, lang
}

// DoStatements returns the SQL statements that the PL/pgSQL body of a DO
// block runs, parsed, in the order they appear: plain statements and
// EXECUTE of a string constant, in every branch of IF and CASE, in loops
// and in exception handlers alike (migrations wrap DDL in DO blocks to make
// it conditional: IF NOT EXISTS … THEN CREATE TYPE …). Statements that do
// not parse, EXECUTE of anything but a constant, and DO blocks in another
// language return nothing. Locations inside the returned nodes are
// relative to each statement's own text.
func DoStatements(do *DoStmt) []*Node {
	body, lang := doArgs(do)
	if body == "" || lang != "plpgsql" {
		return nil
	}
	items, _, err := plpgsqlItems(body)
	if err != nil {
		return nil
	}
	var stmts []*Node
	for _, it := range items {
		q := it.query
		if it.dynamic {
			var ok bool
			if q, _, ok = constant(q, 0); !ok {
				continue
			}
		}
		t, err := parseTree(q)
		if err != nil {
			continue
		}
		for _, rs := range t.Stmts {
			if rs.Stmt != nil {
				stmts = append(stmts, rs.Stmt)
			}
		}
	}
	return stmts
}

// plpgsqlItem is a statement of a PL/pgSQL body that runs SQL: a static
// SQL statement, or an EXECUTE and the text of its query expression.
type plpgsqlItem struct {
	line    int // 1-based line in the body where the statement starts
	query   string
	dynamic bool // EXECUTE: query is the expression that yields the SQL
}

// plpgsqlItems parses a PL/pgSQL body and returns the statements of it
// that run SQL, ordered by line, and the names of its variables.
func plpgsqlItems(body string) ([]plpgsqlItem, map[string]bool, error) {
	tag := "$migguard$"
	for strings.Contains(body, tag) {
		tag = "$" + tag[1:len(tag)-1] + "x$"
	}
	// The prefix holds no newline, so the parser's line numbers are the
	// body's.
	out, err := parser.ParsePlPgSqlToJSON("CREATE FUNCTION migguard_do() RETURNS void LANGUAGE plpgsql AS " + tag + body + tag)
	if err != nil {
		return nil, nil, err
	}
	return scanPLpgSQL(out)
}

// paramsForVariables replaces each column reference of n that names a
// variable of the block (n, or exec.id for a record) by a parameter, as
// PL/pgSQL runs the statement: `UPDATE t SET … WHERE id = exec.id` in a
// loop changes the row of one id per run, not rows chosen by the data.
// PostgreSQL rejects a name that could be both a column and a variable
// (plpgsql.variable_conflict = error), so the names are unambiguous.
func paramsForVariables(n *Node, vars map[string]bool) {
	if len(vars) == 0 {
		return
	}
	Walk(n, func(x *Node) bool {
		cr := x.GetColumnRef()
		if cr == nil || len(cr.Fields) == 0 || len(cr.Fields) > 2 {
			return true
		}
		if name := cr.Fields[0].GetString_(); name != nil && vars[strings.ToLower(name.Sval)] {
			x.Node = &Node_ParamRef{ParamRef: &ParamRef{Location: cr.Location}}
		}
		return true
	})
}

// scanPLpgSQL reads the parser's JSON of PL/pgSQL functions (an array of
// {"PLpgSQL_function": …}) in one pass, keeping only what plpgsqlItems
// returns: the statements that run SQL (PLpgSQL_stmt_execsql, and
// PLpgSQL_stmt_dynexecute for EXECUTE) with their lines and queries, and
// the names of the variables the functions declare (their datums). The
// statements come ordered by line; statements on one line come in the
// order of a walk that visits each object's members by name and each
// array's items in order.
func scanPLpgSQL(js string) (items []plpgsqlItem, vars map[string]bool, err error) {
	d := &jsonDecoder{s: js}
	defer func() {
		if failed(recover(), &err) {
			items, vars = nil, nil
		}
	}()
	sc := &plpgsqlScanner{d: d, vars: map[string]bool{}}
	sc.value()
	d.end()
	sort.SliceStable(sc.found, func(i, j int) bool {
		a, b := sc.found[i], sc.found[j]
		if a.line != b.line {
			return a.line < b.line
		}
		return pathLess(a.path, b.path)
	})
	items = make([]plpgsqlItem, len(sc.found))
	for i, f := range sc.found {
		items[i] = f.plpgsqlItem
	}
	return items, sc.vars, nil
}

// plpgsqlScanner is the state of scanPLpgSQL: the path from the top of
// the JSON to the value being read, and what was found.
type plpgsqlScanner struct {
	d     *jsonDecoder
	path  []pathStep
	found []foundItem
	vars  map[string]bool
}

// A pathStep is an object member's name or an array item's index.
type pathStep struct {
	key   string
	index int
}

// foundItem is a statement and the path to the object that holds it.
type foundItem struct {
	plpgsqlItem
	path []pathStep
}

// pathLess orders paths as a walk that visits members by name and items
// in order meets them. Where two paths differ, both steps are members of
// one object or items of one array.
func pathLess(a, b []pathStep) bool {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			if a[i].key != b[i].key {
				return a[i].key < b[i].key
			}
			return a[i].index < b[i].index
		}
	}
	return len(a) < len(b)
}

func (sc *plpgsqlScanner) value() {
	d := sc.d
	switch d.peek() {
	case '{':
		sc.object()
	case '[':
		i := 0
		for more := d.firstItem(); more; more = d.nextItem() {
			sc.path = append(sc.path, pathStep{index: i})
			sc.value()
			sc.path = sc.path[:len(sc.path)-1]
			i++
		}
	default:
		d.skip()
	}
}

func (sc *plpgsqlScanner) object() {
	d := sc.d
	for k, ok := d.firstKey(); ok; k, ok = d.nextKey() {
		switch {
		case (k == "PLpgSQL_stmt_execsql" || k == "PLpgSQL_stmt_dynexecute") && d.peek() == '{':
			// A statement wraps nothing that runs SQL of its own.
			sc.statement(k == "PLpgSQL_stmt_dynexecute")
		case k == "refname" && d.peek() == '"' && sc.declares():
			if name := d.string(); name != "" {
				sc.vars[strings.ToLower(name)] = true
			}
		default:
			sc.path = append(sc.path, pathStep{key: k})
			sc.value()
			sc.path = sc.path[:len(sc.path)-1]
		}
	}
}

// declares reports whether the object being read is a variable that a
// function declares: [i].PLpgSQL_function.datums[j].PLpgSQL_var or
// .PLpgSQL_rec.
func (sc *plpgsqlScanner) declares() bool {
	p := sc.path
	return len(p) == 5 && p[1].key == "PLpgSQL_function" && p[2].key == "datums" &&
		(p[4].key == "PLpgSQL_var" || p[4].key == "PLpgSQL_rec")
}

// statement reads the fields of an execsql or dynexecute statement: its
// line and the query of its SQL (sqlstmt) or of the expression EXECUTE
// runs (query).
func (sc *plpgsqlScanner) statement(dynamic bool) {
	d := sc.d
	it := plpgsqlItem{dynamic: dynamic}
	field := "sqlstmt"
	if dynamic {
		field = "query"
	}
	for k, ok := d.firstKey(); ok; k, ok = d.nextKey() {
		switch c := d.peek(); {
		case k == "lineno" && (c == '-' || '0' <= c && c <= '9'): // a number; anything else is no line
			it.line = int(d.float(64))
		case k == field:
			it.query = sc.exprQuery()
		default:
			d.skip()
		}
	}
	if it.query != "" {
		sc.found = append(sc.found, foundItem{plpgsqlItem: it, path: slices.Clone(sc.path)})
	}
}

// exprQuery reads a {"PLpgSQL_expr": {"query": …}} and returns the query.
func (sc *plpgsqlScanner) exprQuery() (q string) {
	d := sc.d
	if d.peek() != '{' {
		d.skip()
		return ""
	}
	for k, ok := d.firstKey(); ok; k, ok = d.nextKey() {
		if k != "PLpgSQL_expr" || d.peek() != '{' {
			d.skip()
			continue
		}
		for k, ok := d.firstKey(); ok; k, ok = d.nextKey() {
			if k == "query" && d.peek() == '"' {
				q = d.string()
			} else {
				d.skip()
			}
		}
	}
	return q
}
