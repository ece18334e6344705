package schema

import (
	"strconv"
	"strings"

	"github.com/migguard/migguard/internal/pgparse"
)

// exprSQL renders an expression as SQL text the way pg_query's deparser
// does. Constants, casts of string constants, the SQL-standard value
// functions and a few argument-less function calls, which make up most
// column defaults, are rendered here; anything else goes through the
// deparser (about 10µs). It returns "" for a nil expression and, should
// the deparser fail, a placeholder rather than an error: the text is for
// messages and comparisons, not for execution.
func exprSQL(n *pgparse.Node) string {
	if n == nil || n.Node == nil {
		return ""
	}
	if s, ok := fastSQL(n); ok {
		return s
	}
	return deparseSQL(n)
}

// deparseSQL renders an expression with pg_query's deparser.
func deparseSQL(n *pgparse.Node) string {
	res := &pgparse.ParseResult{Stmts: []*pgparse.RawStmt{{Stmt: &pgparse.Node{
		Node: &pgparse.Node_SelectStmt{SelectStmt: &pgparse.SelectStmt{
			TargetList: []*pgparse.Node{{Node: &pgparse.Node_ResTarget{ResTarget: &pgparse.ResTarget{Val: n}}}},
		}},
	}}}}
	s, err := pgparse.Deparse(res)
	if err != nil {
		return "(expression)"
	}
	return strings.TrimPrefix(s, "SELECT ")
}

// plainCalls are argument-less functions common in defaults whose names
// the deparser prints unquoted.
var plainCalls = map[string]bool{
	"now": true, "gen_random_uuid": true, "uuid_generate_v4": true, "clock_timestamp": true,
	"statement_timestamp": true, "transaction_timestamp": true, "random": true, "timeofday": true,
}

// sqlValueFunctions are the SQL-standard functions written without
// parentheses, as the deparser prints them.
var sqlValueFunctions = map[pgparse.SQLValueFunctionOp]string{
	pgparse.SQLValueFunctionOp_SVFOP_CURRENT_DATE:      "current_date",
	pgparse.SQLValueFunctionOp_SVFOP_CURRENT_TIME:      "current_time",
	pgparse.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP: "current_timestamp",
	pgparse.SQLValueFunctionOp_SVFOP_LOCALTIME:         "localtime",
	pgparse.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP:    "localtimestamp",
	pgparse.SQLValueFunctionOp_SVFOP_CURRENT_ROLE:      "current_role",
	pgparse.SQLValueFunctionOp_SVFOP_CURRENT_USER:      "current_user",
	pgparse.SQLValueFunctionOp_SVFOP_USER:              "user",
	pgparse.SQLValueFunctionOp_SVFOP_SESSION_USER:      "session_user",
	pgparse.SQLValueFunctionOp_SVFOP_CURRENT_CATALOG:   "current_catalog",
	pgparse.SQLValueFunctionOp_SVFOP_CURRENT_SCHEMA:    "current_schema",
}

// plainCastTypes are type names that a cast in a default commonly names
// and that the deparser prints as written (one unquoted name).
var plainCastTypes = map[string]bool{
	"jsonb": true, "json": true, "text": true, "uuid": true, "citext": true, "inet": true,
	"cidr": true, "bytea": true, "regclass": true, "hstore": true, "tsvector": true,
}

// fastSQL renders the expressions that need no deparser.
func fastSQL(n *pgparse.Node) (string, bool) {
	switch v := n.Node.(type) {
	case *pgparse.Node_SqlvalueFunction:
		s, ok := sqlValueFunctions[v.SqlvalueFunction.Op]
		return s, ok
	case *pgparse.Node_TypeCast:
		// 'literal'::type, as in DEFAULT '{}'::jsonb.
		tn := v.TypeCast.TypeName
		if tn == nil || len(tn.Names) != 1 || len(tn.Typmods) > 0 || len(tn.ArrayBounds) > 0 || tn.Setof || tn.PctType {
			break
		}
		name := tn.Names[0].GetString_().GetSval()
		if !plainCastTypes[name] || v.TypeCast.Arg.GetAConst() == nil {
			break
		}
		if arg, ok := fastSQL(v.TypeCast.Arg); ok && strings.HasPrefix(arg, "'") {
			return arg + "::" + name, true
		}
	case *pgparse.Node_AConst:
		c := v.AConst
		if c.Isnull {
			return "NULL", true
		}
		switch val := c.Val.(type) {
		case *pgparse.A_Const_Ival:
			return strconv.FormatInt(int64(val.Ival.GetIval()), 10), true
		case *pgparse.A_Const_Fval:
			return val.Fval.GetFval(), true
		case *pgparse.A_Const_Boolval:
			return strconv.FormatBool(val.Boolval.GetBoolval()), true
		case *pgparse.A_Const_Sval:
			s := val.Sval.GetSval()
			if !strings.ContainsRune(s, '\\') {
				return "'" + strings.ReplaceAll(s, "'", "''") + "'", true
			}
		}
	case *pgparse.Node_FuncCall:
		f := v.FuncCall
		if len(f.Funcname) == 1 && len(f.Args) == 0 && f.AggOrder == nil && f.AggFilter == nil &&
			f.Over == nil && !f.AggStar && !f.AggDistinct && !f.AggWithinGroup && !f.FuncVariadic {
			if name := f.Funcname[0].GetString_().GetSval(); plainCalls[name] {
				return name + "()", true
			}
		}
	}
	return "", false
}

// columnRefs returns the distinct column names an expression refers to,
// in order of first appearance (the last field of each ColumnRef).
func columnRefs(n *pgparse.Node) []string {
	if n == nil {
		return nil
	}
	var out []string
	pgparse.Walk(n, func(x *pgparse.Node) bool {
		if cr := x.GetColumnRef(); cr != nil && len(cr.Fields) > 0 {
			if s := cr.Fields[len(cr.Fields)-1].GetString_(); s != nil {
				out = appendUnique(out, s.Sval)
			}
			return false
		}
		return true
	})
	return out
}

// notNullColumns returns the columns that a CHECK expression proves not
// null: the expression is `col IS NOT NULL` or an AND of terms among which
// such tests appear. PostgreSQL (12 and later) uses exactly this proof to
// skip the scan of SET NOT NULL; a test under OR or NOT proves nothing.
func notNullColumns(n *pgparse.Node) []string {
	if b := n.GetBoolExpr(); b != nil {
		if b.Boolop != pgparse.BoolExprType_AND_EXPR {
			return nil
		}
		var out []string
		for _, a := range b.Args {
			for _, c := range notNullColumns(a) {
				out = appendUnique(out, c)
			}
		}
		return out
	}
	nt := n.GetNullTest()
	if nt == nil || nt.Nulltesttype != pgparse.NullTestType_IS_NOT_NULL || nt.Argisrow {
		return nil
	}
	if cr := nt.Arg.GetColumnRef(); cr != nil && len(cr.Fields) == 1 {
		if s := cr.Fields[0].GetString_(); s != nil {
			return []string{s.Sval}
		}
	}
	return nil
}

// indexColName is PostgreSQL's FigureIndexColname: the name an index
// expression contributes to a generated index name, "" for none ("expr").
func indexColName(n *pgparse.Node) string {
	switch v := n.GetNode().(type) {
	case *pgparse.Node_ColumnRef:
		if f := v.ColumnRef.Fields; len(f) > 0 {
			return f[len(f)-1].GetString_().GetSval()
		}
	case *pgparse.Node_FuncCall:
		if f := v.FuncCall.Funcname; len(f) > 0 {
			return f[len(f)-1].GetString_().GetSval()
		}
	case *pgparse.Node_TypeCast:
		if s := indexColName(v.TypeCast.Arg); s != "" {
			return s
		}
		if names := v.TypeCast.GetTypeName().GetNames(); len(names) > 0 {
			return names[len(names)-1].GetString_().GetSval()
		}
	case *pgparse.Node_CollateClause:
		return indexColName(v.CollateClause.Arg)
	case *pgparse.Node_AExpr:
		if v.AExpr.Kind == pgparse.A_Expr_Kind_AEXPR_NULLIF {
			return "nullif"
		}
	case *pgparse.Node_CaseExpr:
		return "case"
	case *pgparse.Node_AArrayExpr:
		return "array"
	case *pgparse.Node_RowExpr:
		return "row"
	case *pgparse.Node_CoalesceExpr:
		return "coalesce"
	case *pgparse.Node_MinMaxExpr:
		if v.MinMaxExpr.Op == pgparse.MinMaxOp_IS_GREATEST {
			return "greatest"
		}
		return "least"
	}
	return ""
}

// names returns the values of a list of String nodes.
func names(items []*pgparse.Node) []string {
	out := make([]string, 0, len(items))
	for _, it := range items {
		if s := it.GetString_(); s != nil {
			out = append(out, s.Sval)
		}
	}
	return out
}

// qualified splits a name given as String nodes into schema and name; the
// schema is "" when the name is unqualified.
func qualified(items []*pgparse.Node) (schema, name string) {
	parts := names(items)
	switch len(parts) {
	case 0:
		return "", ""
	case 1:
		return "", parts[0]
	}
	return parts[len(parts)-2], parts[len(parts)-1]
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}
