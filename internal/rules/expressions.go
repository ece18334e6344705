package rules

import (
	"strconv"
	"strings"

	"github.com/migguard/migguard/internal/lazyre"
	"github.com/migguard/migguard/internal/pgparse"
)

// This file holds what rules read from expressions: parsing the SQL text
// of a stored expression, splitting it at AND, recognising column
// references and constants, and ordering constants.

// parseExpr parses the SQL text of an expression, or returns nil.
func parseExpr(sql string) *pgparse.Node {
	if sql == "" {
		return nil
	}
	stmts := pgparse.Parse("SELECT " + sql)
	if len(stmts) != 1 || stmts[0].Err != nil {
		return nil
	}
	sel := stmts[0].Node.GetSelectStmt()
	if sel == nil || len(sel.TargetList) != 1 {
		return nil
	}
	return sel.TargetList[0].GetResTarget().GetVal()
}

// conjuncts splits an expression at its top-level ANDs.
func conjuncts(n *pgparse.Node) []*pgparse.Node {
	if b := n.GetBoolExpr(); b != nil && b.Boolop == pgparse.BoolExprType_AND_EXPR {
		var out []*pgparse.Node
		for _, a := range b.Args {
			out = append(out, conjuncts(a)...)
		}
		return out
	}
	return []*pgparse.Node{n}
}

// isColumn reports whether n is a reference to column col (possibly
// qualified by its table).
func isColumn(n *pgparse.Node, col string) bool {
	cr := n.GetColumnRef()
	if cr == nil {
		return false
	}
	f := strs(cr.Fields)
	return len(f) > 0 && len(f) == len(cr.Fields) && f[len(f)-1] == col
}

// flipOp returns the operator that compares the other way round (c < col
// is col > c).
func flipOp(op string) string {
	switch op {
	case "<":
		return ">"
	case ">":
		return "<"
	case "<=":
		return ">="
	case ">=":
		return "<="
	}
	return op
}

// eachRangeVar calls fn for every relation reference below n, including
// those held directly by a statement (ALTER TABLE, UPDATE, CREATE INDEX),
// which pgparse.Walk does not see.
func eachRangeVar(n *pgparse.Node, fn func(*pgparse.RangeVar)) {
	if n == nil {
		return
	}
	pgparse.Inspect(n, func(m any) bool {
		if rv, ok := m.(*pgparse.RangeVar); ok {
			fn(rv)
			return false
		}
		return true
	})
}

// constOf returns the constant under any casts, or nil.
func constOf(n *pgparse.Node) *pgparse.A_Const {
	for n != nil {
		if tc := n.GetTypeCast(); tc != nil {
			n = tc.Arg
			continue
		}
		return n.GetAConst()
	}
	return nil
}

// timestampRx matches the literals whose text orders like their values
// once normalised: dates and timestamps without a time zone.
var timestampRx = lazyre.New(`^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$`)

// compareConst orders two constants: -1, 0 or 1, and false when it cannot
// tell (different kinds, time zones, expressions).
func compareConst(a, b *pgparse.Node) (int, bool) {
	ca, cb := constOf(a), constOf(b)
	if ca == nil || cb == nil || ca.Isnull || cb.Isnull {
		return 0, false
	}
	sa, na, oka := constValue(ca)
	sb, nb, okb := constValue(cb)
	switch {
	case oka && okb:
		return cmpFloat(na, nb), true
	case sa == sb:
		return 0, true
	case timestampRx.MatchString(sa) && timestampRx.MatchString(sb):
		return strings.Compare(normTimestamp(sa), normTimestamp(sb)), true
	}
	return 0, false
}

// equalConst reports whether two constants are equal, and false as its
// second result when it cannot tell. String literals that differ count as
// different values, as they do for text and enum keys.
func equalConst(a, b *pgparse.Node) (bool, bool) {
	if c, ok := compareConst(a, b); ok {
		return c == 0, true
	}
	ca, cb := constOf(a), constOf(b)
	if ca.GetSval() != nil && cb.GetSval() != nil {
		return false, true
	}
	return false, false
}

// constValue returns a constant's text and, when it is a number, its value.
func constValue(c *pgparse.A_Const) (string, float64, bool) {
	var s string
	switch {
	case c.GetIval() != nil:
		s = strconv.Itoa(int(c.GetIval().Ival))
	case c.GetFval() != nil:
		s = c.GetFval().Fval
	case c.GetSval() != nil:
		s = c.GetSval().Sval
	case c.GetBoolval() != nil:
		return strconv.FormatBool(c.GetBoolval().Boolval), 0, false
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	return s, f, err == nil
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// normTimestamp writes a date or timestamp as "YYYY-MM-DD HH:MM:SS[.f]".
func normTimestamp(s string) string {
	s = strings.Replace(s, "T", " ", 1)
	switch len(s) {
	case 10:
		return s + " 00:00:00"
	case 16:
		return s + ":00"
	}
	return s
}

// isNullConst reports whether an expression is the NULL constant, possibly cast.
func isNullConst(n *pgparse.Node) bool {
	if tc := n.GetTypeCast(); tc != nil {
		return isNullConst(tc.Arg)
	}
	c := n.GetAConst()
	return c != nil && c.Isnull
}

// plainString returns a string constant written without a cast, and its location.
func plainString(n *pgparse.Node) (string, int32, bool) {
	c := n.GetAConst()
	if c == nil || c.GetSval() == nil {
		return "", 0, false
	}
	return c.GetSval().Sval, c.Location, true
}
