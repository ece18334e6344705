package rules

import (
	"strings"

	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
)

// This file holds the proof that a partition's validated CHECK constraints
// imply its partition bound, which lets ATTACH PARTITION skip its scan. It
// follows the same conjuncts PostgreSQL's own proof follows.

// verdict is what the validated CHECK constraints of a partition say about
// the bound it is attached with.
type verdict int

const (
	// boundUnproven: no validated CHECK constraint is about the partition key.
	boundUnproven verdict = iota
	// boundMismatch: validated CHECK constraints are about the key but do not
	// imply the bound.
	boundMismatch
	// boundUnsure: a CHECK is about the key in a form this proof does not
	// follow (an OR, a function, constants it cannot order).
	boundUnsure
	// boundImplied: the constraints imply the bound, so ATTACH skips its scan.
	boundImplied
)

// keyFacts is what the validated CHECK constraints say about one column.
type keyFacts struct {
	col      string
	notNull  bool
	mentions []string // names of the validated CHECK constraints on the column
	opaque   bool     // a conjunct about the column that the proof does not follow
	// zoneMix is set when a conjunct compares a timestamptz column with a
	// date or timestamp constant, or the reverse: those operators depend on
	// the time zone, so PostgreSQL's proof cannot use them.
	zoneMix bool
	typ     string
	lower   []bound // col >= c, col > c, col = c, BETWEEN
	upper   []bound // col < c, col <= c, col = c, BETWEEN
	sets    [][]*pgparse.Node
}

// add records one conjunct, and reports whether the proof follows it.
func (f *keyFacts) add(n *pgparse.Node) bool {
	if nt := n.GetNullTest(); nt != nil {
		if isColumn(nt.Arg, f.col) && nt.Nulltesttype == pgparse.NullTestType_IS_NOT_NULL {
			f.notNull = true
			return true
		}
		return !isColumn(nt.Arg, f.col)
	}
	e := n.GetAExpr()
	if e == nil {
		return false
	}
	op := strings.Join(strs(e.Name), ".")
	switch e.Kind {
	case pgparse.A_Expr_Kind_AEXPR_OP:
		l, r := e.Lexpr, e.Rexpr
		if !isColumn(l, f.col) {
			if !isColumn(r, f.col) {
				return true // about another column
			}
			l, r, op = r, l, flipOp(op)
		}
		if constOf(r) == nil {
			return false
		}
		if f.zoneDependent(r) {
			f.zoneMix = true
			return true
		}
		switch op {
		case ">=", ">":
			f.lower = append(f.lower, bound{r, op == ">="})
		case "<=", "<":
			f.upper = append(f.upper, bound{r, op == "<="})
		case "=":
			f.lower = append(f.lower, bound{r, true})
			f.upper = append(f.upper, bound{r, true})
			f.sets = append(f.sets, []*pgparse.Node{r})
		default:
			return false
		}
		return true
	case pgparse.A_Expr_Kind_AEXPR_BETWEEN:
		items := e.Rexpr.GetList().GetItems()
		if !isColumn(e.Lexpr, f.col) || len(items) != 2 {
			return !isColumn(e.Lexpr, f.col)
		}
		if f.zoneDependent(items[0]) || f.zoneDependent(items[1]) {
			f.zoneMix = true
			return true
		}
		f.lower = append(f.lower, bound{items[0], true})
		f.upper = append(f.upper, bound{items[1], true})
		return true
	case pgparse.A_Expr_Kind_AEXPR_IN, pgparse.A_Expr_Kind_AEXPR_OP_ANY:
		if !isColumn(e.Lexpr, f.col) {
			return true
		}
		items := e.Rexpr.GetList().GetItems()
		if arr := e.Rexpr.GetAArrayExpr(); arr != nil {
			items = arr.Elements
		}
		if op != "=" || len(items) == 0 {
			return false
		}
		f.sets = append(f.sets, items)
		return true
	}
	return false
}

// zoneDependent reports whether comparing the column with constant n uses
// an operator that depends on the time zone: timestamptz against a date or
// timestamp cast, or the reverse.
func (f *keyFacts) zoneDependent(n *pgparse.Node) bool {
	tc := n.GetTypeCast()
	if tc == nil {
		return false
	}
	cast := schema.TypeOf(tc.TypeName).Name
	local := func(t string) bool { return t == "date" || t == "timestamp" }
	return f.typ == "timestamptz" && local(cast) || local(f.typ) && cast == "timestamptz"
}

// zoneReason explains why a time-zone dependent comparison proves nothing.
func (f *keyFacts) zoneReason() string {
	return "comparing " + quoteName(f.col) + " (" + f.typ + ") with a constant of another date/time type depends on " +
		"the time zone, which PostgreSQL's proof cannot use: write the constants as " + f.typ
}

// rangeImplied judges a single-column range bound FROM (lo) TO (hi); a nil
// side is MINVALUE or MAXVALUE. reason says what is missing.
func (f *keyFacts) rangeImplied(lo, hi *pgparse.Node) (v verdict, reason string) {
	unsure := false
	side := func(want *pgparse.Node, have []bound, lower bool) bool {
		if want == nil {
			return true
		}
		for _, b := range have {
			c, ok := compareConst(b.val, want)
			if !ok {
				unsure = true
				continue
			}
			// col >= c implies col >= lo when c >= lo; col > c too.
			// col < c implies col < hi when c <= hi; col <= c when c < hi.
			if lower && c >= 0 || !lower && (c < 0 || c == 0 && !b.inclusive) {
				return true
			}
		}
		return false
	}
	loOK, hiOK := side(lo, f.lower, true), side(hi, f.upper, false)
	switch {
	case loOK && hiOK && f.notNull:
		return boundImplied, ""
	case len(f.mentions) == 0:
		return boundUnproven, ""
	case f.zoneMix && (!loOK || !hiOK):
		return boundMismatch, f.zoneReason()
	case f.opaque || unsure:
		return boundUnsure, ""
	case !loOK:
		return boundMismatch, "none of them keeps " + quoteName(f.col) + " at or above the lower bound"
	case !hiOK:
		return boundMismatch, "none of them keeps " + quoteName(f.col) + " below the upper bound"
	}
	return boundMismatch, mayBeNull(f.col)
}

// listImplied judges a list bound FOR VALUES IN (values).
func (f *keyFacts) listImplied(values []*pgparse.Node) (verdict, string) {
	allowsNull := false
	for _, v := range values {
		if c := constOf(v); c != nil && c.Isnull {
			allowsNull = true
		}
	}
	unsure := false
	for _, set := range f.sets {
		subset := true
		for _, s := range set {
			in := false
			for _, v := range values {
				eq, ok := equalConst(s, v)
				if !ok {
					unsure = true
				}
				if eq {
					in = true
					break
				}
			}
			subset = subset && in
		}
		if subset && (f.notNull || allowsNull) {
			return boundImplied, ""
		}
		if subset {
			return boundMismatch, mayBeNull(f.col)
		}
	}
	switch {
	case len(f.mentions) == 0:
		return boundUnproven, ""
	case f.opaque || unsure:
		return boundUnsure, ""
	}
	return boundMismatch, "none of them limits " + quoteName(f.col) + " to the bound's values"
}

// bound is one side of a range that a conjunct gives a column.
type bound struct {
	val       *pgparse.Node
	inclusive bool
}

// checkFacts gathers what the validated CHECK constraints and NOT NULL of a
// table say about column col. PostgreSQL's ATTACH proof uses exactly these.
func checkFacts(t *schema.Table, col string) *keyFacts {
	f := &keyFacts{col: col}
	if c := t.Column(col); c != nil {
		f.notNull, f.typ = c.NotNull, c.Type.Name
	}
	for _, con := range t.Constraints {
		if con.Kind != schema.Check || !con.Validated || !containsStr(con.Columns, col) {
			continue
		}
		f.mentions = append(f.mentions, con.Name)
		expr := parseExpr(con.Expr())
		if expr == nil {
			f.opaque = true
			continue
		}
		for _, c := range conjuncts(expr) {
			if !f.add(c) {
				f.opaque = true
			}
		}
	}
	return f
}

// mayBeNull explains that a partition constraint needs its key proven NOT NULL.
func mayBeNull(col string) string {
	return quoteName(col) + " may be NULL, which the bound excludes: add `CHECK (" + col +
		" IS NOT NULL)` or make the column NOT NULL"
}
