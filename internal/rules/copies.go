package rules

import (
	"fmt"
	"strings"

	"github.com/migguard/migguard/internal/pgparse"
)

// This file holds the statements that read every row of the relations they
// select from: a SELECT (SELECT count(*) FROM users), a copy by CREATE
// TABLE … AS, CREATE MATERIALIZED VIEW … AS or SELECT … INTO, and INSERT …
// SELECT. statementWork counts them as work on every relation they read
// unless a LIMIT or an equality with a value bounds the rows.

// copiedRelations returns the work items of a statement that reads every
// row of the relations it selects from, nil for any other statement.
func copiedRelations(p *Pass, n *pgparse.Node) []workItem {
	var sel *pgparse.SelectStmt
	var with *pgparse.WithClause
	var subject, what string
	switch s := n.Node.(type) {
	case *pgparse.Node_SelectStmt:
		sel = s.SelectStmt
		if isSetConfig(sel) {
			return nil
		}
		subject, what = "SELECT", "reads every row of"
		if into := sel.IntoClause; into != nil {
			subject, what = `SELECT … INTO "`+displayRel(into.Rel)+`"`, "copies every row of"
		}
	case *pgparse.Node_CreateTableAsStmt:
		c := s.CreateTableAsStmt
		if c.GetInto().GetSkipData() {
			return nil
		}
		sel = c.Query.GetSelectStmt()
		kind := "CREATE TABLE"
		if c.Objtype == pgparse.ObjectType_OBJECT_MATVIEW {
			kind = "CREATE MATERIALIZED VIEW"
		}
		subject, what = kind+` "`+displayRel(c.GetInto().GetRel())+`" AS SELECT`, "copies every row of"
	case *pgparse.Node_InsertStmt:
		sel, with = s.InsertStmt.SelectStmt.GetSelectStmt(), s.InsertStmt.WithClause
		subject, what = `INSERT INTO "`+displayRel(s.InsertStmt.Relation)+`" … SELECT`, "may copy every row of"
	}
	if sel == nil || readsBounded(n, sel) {
		return nil
	}
	if what == "copies every row of" && summarises(sel) {
		what = "reads every row of"
	}
	if sel.WhereClause != nil && what != "may copy every row of" {
		what = strings.Replace(what, "every row", "every matching row", 1)
	}
	var out []workItem
	for _, rv := range selectSources(sel, with) {
		out = append(out, workItem{kind: WorkRows, key: relKey(rv), loc: rv.Location, temp: rv.Relpersistence == "t",
			what: what + ` "` + displayRel(rv) + `"`, subject: subject})
	}
	return out
}

// selectSources returns the relations a SELECT reads in its FROM clauses,
// through joins, subqueries in FROM and set operations. A name that one of
// the statement's WITH queries defines (with holds those of an enclosing
// INSERT; the SELECT's own are added) is no table: it reads what that
// query reads, and nothing when the query has no FROM (`WITH old AS
// (SELECT … ) INSERT … SELECT … FROM old` reads one row it computed).
func selectSources(sel *pgparse.SelectStmt, with *pgparse.WithClause) []*pgparse.RangeVar {
	return ctes{}.add(with).sources(sel, 0)
}

// ctes maps the names of the WITH queries in scope to their queries.
type ctes map[string]*pgparse.Node

// add returns the scope with a WITH clause's queries added; a name it
// defines hides one defined outside it.
func (c ctes) add(with *pgparse.WithClause) ctes {
	if with == nil || len(with.Ctes) == 0 {
		return c
	}
	out := make(ctes, len(c)+len(with.Ctes))
	for k, v := range c {
		out[k] = v
	}
	for _, n := range with.Ctes {
		if cte := n.GetCommonTableExpr(); cte != nil {
			out[cte.Ctename] = cte.Ctequery
		}
	}
	return out
}

// sources is selectSources with the WITH queries in scope; depth bounds a
// WITH query that names itself (WITH RECURSIVE) or another in a cycle.
func (c ctes) sources(sel *pgparse.SelectStmt, depth int) []*pgparse.RangeVar {
	if sel == nil || depth > 16 {
		return nil
	}
	c = c.add(sel.WithClause)
	var out []*pgparse.RangeVar
	for _, f := range sel.FromClause {
		pgparse.Search(f, func(x *pgparse.Node) bool {
			rv := x.GetRangeVar()
			if rv == nil || rv.Relname == "" {
				return false
			}
			if q, ok := c[rv.Relname]; ok && rv.Schemaname == "" {
				out = append(out, c.sources(q.GetSelectStmt(), depth+1)...)
			} else {
				out = append(out, rv)
			}
			return false
		})
	}
	out = append(out, c.sources(sel.Larg, depth+1)...)
	return append(out, c.sources(sel.Rarg, depth+1)...)
}

// readsBounded reports whether a statement's reads are bounded by a value
// written in it: a LIMIT anywhere (a batch), or a WHERE that requires a
// column to equal a constant or parameter. A range (`created_at >
// '2020-01-01'`) or a test such as `c IS NULL` may select every row.
func readsBounded(stmt *pgparse.Node, sel *pgparse.SelectStmt) bool {
	limited := pgparse.Search(stmt, func(n *pgparse.Node) bool {
		s := n.GetSelectStmt()
		return s != nil && s.LimitCount != nil
	})
	return limited || equalsValue(sel.WhereClause)
}

// equalsValue reports whether a condition, or one term of its top-level
// AND, is `column = value` with a constant or parameter as the value.
func equalsValue(cond *pgparse.Node) bool {
	if cond == nil {
		return false
	}
	if b := cond.GetBoolExpr(); b != nil {
		if b.Boolop != pgparse.BoolExprType_AND_EXPR {
			return false
		}
		for _, a := range b.Args {
			if equalsValue(a) {
				return true
			}
		}
		return false
	}
	e := cond.GetAExpr()
	if e == nil || e.Kind != pgparse.A_Expr_Kind_AEXPR_OP || len(e.Name) != 1 || strs(e.Name)[0] != "=" {
		return false
	}
	isValue := func(n *pgparse.Node) bool {
		if tc := n.GetTypeCast(); tc != nil {
			n = tc.Arg
		}
		return n.GetAConst() != nil || n.GetParamRef() != nil
	}
	return e.Lexpr.GetColumnRef() != nil && isValue(e.Rexpr) || e.Rexpr.GetColumnRef() != nil && isValue(e.Lexpr)
}

// copiedNote says, for a message about a relation that the file created
// as a copy of existing rows, that it is not empty: `: "users_copy" holds
// the rows copied into it on line 4, it is not an empty new table`; ""
// for any other relation.
func copiedNote(p *Pass, rv *pgparse.RangeVar) string {
	off, ok := p.Tx.CopiedAt(relKey(rv))
	if !ok {
		return ""
	}
	return fmt.Sprintf(": %q holds the rows copied into it on line %d, it is not an empty new table", displayRel(rv), lineOf(p, off))
}

// aggregates are the aggregate functions a copy's query most often uses.
var aggregates = map[string]bool{"count": true, "sum": true, "avg": true, "min": true, "max": true,
	"array_agg": true, "string_agg": true, "json_agg": true, "jsonb_agg": true, "bool_and": true, "bool_or": true}

// summarises reports whether a query returns a summary of the rows it
// reads rather than a copy of them: GROUP BY, DISTINCT or an aggregate.
func summarises(sel *pgparse.SelectStmt) bool {
	if len(sel.GroupClause) > 0 || len(sel.DistinctClause) > 0 {
		return true
	}
	for _, t := range sel.TargetList {
		if pgparse.Search(t, func(x *pgparse.Node) bool {
			fc := x.GetFuncCall()
			return fc != nil && (fc.AggStar || aggregates[funcName(fc)])
		}) {
			return true
		}
	}
	return false
}
