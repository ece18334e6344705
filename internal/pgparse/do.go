package pgparse

import (
	"encoding/json"
	"sort"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// DoStatements returns the SQL statements that the PL/pgSQL body of a DO
// block runs, parsed, in the order they appear: plain statements and
// EXECUTE of a string constant, in every branch of IF and CASE, in loops
// and in exception handlers alike (migrations wrap DDL in DO blocks to make
// it conditional: IF NOT EXISTS … THEN CREATE TYPE …). Statements that do
// not parse, EXECUTE of anything but a constant, and DO blocks in another
// language return nothing. Locations inside the returned nodes are
// relative to each statement's own text.
func DoStatements(do *DoStmt) []*Node {
	body, lang := "", "plpgsql"
	for _, a := range do.GetArgs() {
		d := a.GetDefElem()
		switch d.GetDefname() {
		case "as":
			body = d.GetArg().GetString_().GetSval()
		case "language":
			lang = strings.ToLower(d.GetArg().GetString_().GetSval())
		}
	}
	if body == "" || lang != "plpgsql" {
		return nil
	}
	tag := "$migguard$"
	for strings.Contains(body, tag) {
		tag = "$" + tag[1:len(tag)-1] + "x$"
	}
	out, err := pg_query.ParsePlPgSqlToJSON("CREATE FUNCTION migguard_do() RETURNS void LANGUAGE plpgsql AS " + tag + body + tag)
	if err != nil {
		return nil
	}
	var tree any
	if json.Unmarshal([]byte(out), &tree) != nil {
		return nil
	}
	var stmts []*Node
	for _, q := range plpgsqlQueries(tree, nil) {
		t, err := pg_query.Parse(q)
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

// plpgsqlQueries collects, depth first, the queries of the statements of
// a PL/pgSQL parse tree in JSON form that run SQL: execsql, and dynexecute
// when its query is one string literal.
func plpgsqlQueries(v any, out []string) []string {
	switch v := v.(type) {
	case []any:
		for _, e := range v {
			out = plpgsqlQueries(e, out)
		}
	case map[string]any:
		if s, ok := v["PLpgSQL_stmt_execsql"].(map[string]any); ok {
			if q := exprQuery(s["sqlstmt"]); q != "" {
				out = append(out, q)
			}
			return out
		}
		if s, ok := v["PLpgSQL_stmt_dynexecute"].(map[string]any); ok {
			if q, ok := stringLiteral(exprQuery(s["query"])); ok {
				out = append(out, q)
			}
			return out
		}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			out = plpgsqlQueries(v[k], out)
		}
	}
	return out
}

// exprQuery returns the text of a PLpgSQL_expr.
func exprQuery(v any) string {
	m, _ := v.(map[string]any)
	e, _ := m["PLpgSQL_expr"].(map[string]any)
	q, _ := e["query"].(string)
	return q
}

// stringLiteral returns the value of a plain single-quoted SQL string
// literal (a quote inside it doubled), and false for anything else.
func stringLiteral(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if len(s) < 2 || s[0] != '\'' || s[len(s)-1] != '\'' {
		return "", false
	}
	inner := s[1 : len(s)-1]
	if strings.Contains(strings.ReplaceAll(inner, "''", ""), "'") {
		return "", false // a concatenation such as 'a' || x || 'b'
	}
	return strings.ReplaceAll(inner, "''", "'"), true
}
