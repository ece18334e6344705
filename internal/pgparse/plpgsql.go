package pgparse

import (
	"encoding/json"
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
	var tree any
	if err := json.Unmarshal([]byte(out), &tree); err != nil {
		return nil, nil, err
	}
	items := collectItems(tree, nil)
	sort.SliceStable(items, func(i, j int) bool { return items[i].line < items[j].line })
	return items, variables(tree), nil
}

// variables returns the names of the variables a PL/pgSQL function in
// JSON form declares (its datums): scalars, records and loop variables.
func variables(tree any) map[string]bool {
	names := map[string]bool{}
	fns, _ := tree.([]any)
	for _, f := range fns {
		fn, _ := f.(map[string]any)
		body, _ := fn["PLpgSQL_function"].(map[string]any)
		datums, _ := body["datums"].([]any)
		for _, d := range datums {
			dm, _ := d.(map[string]any)
			for _, kind := range []string{"PLpgSQL_var", "PLpgSQL_rec"} {
				if v, ok := dm[kind].(map[string]any); ok {
					if name, _ := v["refname"].(string); name != "" {
						names[strings.ToLower(name)] = true
					}
				}
			}
		}
	}
	return names
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

// collectItems collects the statements of a PL/pgSQL parse tree in JSON
// form that run SQL: execsql, and dynexecute with the text of its query.
func collectItems(v any, out []plpgsqlItem) []plpgsqlItem {
	switch v := v.(type) {
	case []any:
		for _, e := range v {
			out = collectItems(e, out)
		}
	case map[string]any:
		if s, ok := v["PLpgSQL_stmt_execsql"].(map[string]any); ok {
			if q := exprQuery(s["sqlstmt"]); q != "" {
				out = append(out, plpgsqlItem{line: lineno(s), query: q})
			}
			return out
		}
		if s, ok := v["PLpgSQL_stmt_dynexecute"].(map[string]any); ok {
			if q := exprQuery(s["query"]); q != "" {
				out = append(out, plpgsqlItem{line: lineno(s), query: q, dynamic: true})
			}
			return out
		}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			out = collectItems(v[k], out)
		}
	}
	return out
}

// lineno returns the lineno field of a PL/pgSQL statement in JSON form.
func lineno(s map[string]any) int {
	n, _ := s["lineno"].(float64)
	return int(n)
}

// exprQuery returns the text of a PLpgSQL_expr.
func exprQuery(v any) string {
	m, _ := v.(map[string]any)
	e, _ := m["PLpgSQL_expr"].(map[string]any)
	q, _ := e["query"].(string)
	return q
}
