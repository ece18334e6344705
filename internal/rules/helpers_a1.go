package rules

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
)

// This file holds what the index and partition rules share: why a statement
// runs inside a transaction block, the partitions of a table, and the proof
// that a partition's validated CHECK constraints imply its partition bound,
// which lets ATTACH PARTITION skip its scan.

// txReason says why the current statement runs inside a transaction block.
func txReason(p *Pass) string {
	switch {
	case p.Tx.Explicit:
		return "it runs inside the transaction block opened by BEGIN on line " + strconv.Itoa(p.Lines.Pos(p.Tx.BeginOffset).Line)
	case p.Tx.Mode == migrations.TxImplicit:
		s := "the migration tool sends this file as one multi-statement string, which PostgreSQL runs as one transaction"
		if p.File.TxSource != "" {
			s += " (" + p.File.TxSource + ")"
		}
		return s
	}
	return txOrigin(p)
}

// tableOfKey returns the catalog table with key "schema.name", or nil.
func tableOfKey(p *Pass, key string) *schema.Table {
	sch, name, ok := strings.Cut(key, ".")
	if !ok {
		return nil
	}
	return p.Catalog.Table(sch, name)
}

// existingPartitions returns the known partitions of a partitioned table,
// at every level, that existed before this file.
func existingPartitions(p *Pass, t *schema.Table) []*schema.Table {
	var out []*schema.Table
	var walk func(key string, depth int)
	walk = func(key string, depth int) {
		if depth > 16 {
			return
		}
		for _, part := range p.Catalog.Partitions(key) {
			if !p.Tx.IsNew(part.Key()) && part.Persistence != 't' {
				out = append(out, part)
			}
			walk(part.Key(), depth+1)
		}
	}
	walk(t.Key(), 0)
	return out
}

// quotedTables lists tables for a message: "a", "b", "c" and 2 more.
func quotedTables(ts []*schema.Table, max int) string {
	var names []string
	for i, t := range ts {
		if i == max {
			names = append(names, "and "+strconv.Itoa(len(ts)-max)+" more")
			break
		}
		names = append(names, `"`+displayKey(t.Key())+`"`)
	}
	return strings.Join(names, ", ")
}

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

// mayBeNull explains that a partition constraint needs its key proven NOT NULL.
func mayBeNull(col string) string {
	return quoteName(col) + " may be NULL, which the bound excludes: add `CHECK (" + col +
		" IS NOT NULL)` or make the column NOT NULL"
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
var timestampRx = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$`)

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

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// indexOfKey returns the catalog index with key "schema.name", or nil.
func indexOfKey(p *Pass, key string) *schema.Index {
	sch, name, ok := strings.Cut(key, ".")
	if !ok {
		return nil
	}
	return p.Catalog.Index(sch, name)
}

// relKey returns the catalog key of a relation reference.
func relKey(rv *pgparse.RangeVar) string { return schema.RelKey(rv) }

// defaultPartition returns the known DEFAULT partition of a table, or nil.
func defaultPartition(p *Pass, key string) *schema.Table {
	for _, part := range p.Catalog.Partitions(key) {
		if part.DefaultPartition {
			return part
		}
	}
	return nil
}
