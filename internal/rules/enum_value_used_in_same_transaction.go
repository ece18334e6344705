package rules

import (
	"strings"

	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
)

// enumValueUsedInSameTransaction flags using an enum label in the
// transaction that added it, and, before PostgreSQL 12, ADD VALUE inside a
// transaction block at all.
//
//	BEGIN;
//	ALTER TYPE order_status ADD VALUE 'on_hold';
//	UPDATE orders SET status = 'on_hold' WHERE paused;  -- flagged
//	COMMIT;
var enumValueUsedInSameTransaction = &Rule{
	ID:       "enum-value-used-in-same-transaction",
	Fails:    []Failure{{SQLState: "55P04", Fallback: true}},
	Title:    "enum value used in the transaction that adds it fails",
	Severity: Error,
	Detects: "After `ALTER TYPE … ADD VALUE 'x'` in a transaction, a later statement of the same transaction that uses " +
		"'x' as a value of that enum: a cast (`'x'::t`, `CAST('x' AS t)`, `ARRAY['x']::t[]`), a comparison or IN list " +
		"with a column of that type, a value written to such a column by INSERT, UPDATE or ON CONFLICT DO UPDATE, " +
		"or the DEFAULT of such a column. Column types come from the schema the migrations built; a string that " +
		"cannot be tied to the enum is left alone, and so are labels that `ADD VALUE IF NOT EXISTS` found already " +
		"there. Before PostgreSQL 12 it flags the ADD VALUE itself when it runs inside a transaction block, unless " +
		"the type was created in the same transaction.",
	Why: "PostgreSQL does not let a label added in a transaction be stored or compared until that transaction " +
		"commits: the statement fails with \"unsafe use of new value … of enum type\" (SQLSTATE 55P04), and with it " +
		"the whole migration. Migration tools that run each file in one transaction hit this whenever a file adds " +
		"a label and then backfills, defaults or constrains with it. Before PostgreSQL 12, `ALTER TYPE … ADD VALUE` " +
		"cannot run inside a transaction block at all.",
	Fix: "Commit the ADD VALUE before using the label: put the ADD VALUE in its own migration (before PostgreSQL 12, " +
		"one the tool runs without a transaction: goose `-- +goose NO TRANSACTION`, Atlas `-- atlas:txmode none`), " +
		"and the UPDATE, DEFAULT or constraint that uses the label in the next migration.",
	Versions: "Before 12: ADD VALUE inside a transaction block fails (\"ALTER TYPE … ADD cannot run inside a transaction " +
		"block\") unless the enum type was created in the same transaction. 12 and later: ADD VALUE is allowed, the " +
		"new label is not usable until commit. From 17, labels added to an enum type created in the same transaction " +
		"are usable at once.",
	Help: "commit the ADD VALUE first: move the statements that use the new label to the next migration",
	Check: func(p *Pass) {
		n := p.Node()
		if n == nil {
			return
		}
		st := Scratch(p, func() *enumState { return &enumState{noop: map[string]int{}, gen: -1} })
		if e := n.GetAlterEnumStmt(); e != nil {
			checkAddValueInTx(p, e, st.noop)
			if e.NewVal != "" && e.OldVal == "" {
				st.add(p, e)
			}
			return
		}
		if !p.Tx.Open || !p.PG.AtLeast(12, 0) {
			return
		}
		st.labels(p)
		if len(st.added) == 0 || !st.mentions(p.Text()) {
			return
		}
		u := &enumUses{p: p, added: st.added, extra: map[string]string{}, seen: map[int32]bool{}}
		u.scan(n)
	},
}

func init() { Register(enumValueUsedInSameTransaction) }

// checkAddValueInTx reports ADD VALUE inside a transaction block before
// PostgreSQL 12, and remembers ADD VALUE IF NOT EXISTS of a label the type
// already has, which adds nothing.
func checkAddValueInTx(p *Pass, e *pgparse.AlterEnumStmt, noop map[string]int) {
	if e.OldVal != "" || e.NewVal == "" {
		return
	}
	key := nameKey(e.TypeName)
	sch, name := splitRelKey(key)
	known := p.Catalog.Enum(sch, name)
	if known != nil && e.SkipIfNewValExists {
		for _, v := range known.Values {
			if v == e.NewVal {
				noop[key+"\x00"+v] = p.Tx.ID
			}
		}
	}
	if !p.Tx.Open || p.PG.AtLeast(12, 0) {
		return
	}
	if known != nil && known.Created.Tx == p.Tx.ID {
		return // allowed for a type created in the same transaction
	}
	p.Report(-1, "ALTER TYPE %q ADD VALUE cannot run inside a transaction block on PostgreSQL %s%s",
		displayKey(key), p.PG, txWhy(p))
}

// txWhy explains, for a message, why a statement runs in a transaction
// when the file did not open it itself.
func txWhy(p *Pass) string {
	if p.Tx.Explicit {
		return ""
	}
	return " (" + txOrigin(p) + ")"
}

// enumState is what the rule keeps while it reads one file: the ADD VALUE
// IF NOT EXISTS that added nothing, and the labels added in the open
// transaction. The labels are computed again only when the transaction
// state's enum generation changes (a transaction opens, a type is dropped
// or renamed) and grow with each ADD VALUE, so that a statement of a long
// transaction costs no more than one of a short one.
type enumState struct {
	noop map[string]int
	// gen is the TxState.enumGen the labels were computed at, -1 before.
	gen   int
	added map[string]map[string]bool
	// set holds the labels as a statement that uses them spells them;
	// escaped is true when a label could be spelt otherwise, which makes
	// every statement a candidate.
	set     map[string]bool
	escaped bool
}

// labels brings the labels up to date with the transaction state.
func (st *enumState) labels(p *Pass) {
	if st.gen == p.Tx.enumGen {
		return
	}
	st.gen, st.added = p.Tx.enumGen, map[string]map[string]bool{}
	st.set, st.escaped = map[string]bool{}, false
	for k, id := range p.Tx.enumAdded {
		if id == p.Tx.ID {
			enum, label, _ := strings.Cut(k, "\x00")
			st.addLabel(p, enum, label)
		}
	}
}

// add records a label that ADD VALUE adds in the open transaction.
func (st *enumState) add(p *Pass, e *pgparse.AlterEnumStmt) {
	if st.gen == p.Tx.enumGen && p.Tx.Open {
		st.addLabel(p, nameKey(e.TypeName), e.NewVal)
	} // otherwise computed from the transaction state when next needed
}

// addLabel records a label added to enum in the open transaction, unless
// ADD VALUE IF NOT EXISTS found it there already or, from PostgreSQL 17,
// the type was created in the same transaction.
func (st *enumState) addLabel(p *Pass, enum, label string) {
	if st.noop[enum+"\x00"+label] == p.Tx.ID && p.Tx.ID != 0 {
		return
	}
	if p.PG.AtLeast(17, 0) {
		sch, name := splitRelKey(enum)
		if e := p.Catalog.Enum(sch, name); e != nil && e.Created.Tx == p.Tx.ID {
			return
		}
	}
	if st.added[enum] == nil {
		st.added[enum] = map[string]bool{}
	}
	st.added[enum][label] = true
	st.index(label)
}

// labelBreaks are the characters that end a label where a statement uses
// it: quotes that delimit a string constant (doubled in a function body),
// a dollar quote, and the punctuation of an array literal.
const labelBreaks = "'${},\""

func (st *enumState) index(l string) {
	// A label with a break or a backslash in it, or outside ASCII, can be
	// written in ways that do not show it as it is.
	if strings.ContainsAny(l, labelBreaks+"\\") || !isASCII(l) {
		st.escaped = true
	}
	st.set[l] = true
}

// mentions reports whether text may use one of the labels: a use is a
// string constant, whose text lies between two breaks.
func (st *enumState) mentions(text string) bool {
	if st.escaped {
		return true
	}
	for {
		i := strings.IndexAny(text, labelBreaks)
		if i < 0 {
			return false
		}
		seg := text[:i]
		if st.set[seg] || st.set[strings.TrimSpace(seg)] {
			return true
		}
		text = text[i+1:]
	}
}

// enumUses finds the new labels used in one statement.
type enumUses struct {
	p     *Pass
	added map[string]map[string]bool
	// scope holds the known tables the statement names; extra the columns
	// the statement itself defines (CREATE TABLE, ADD COLUMN), by name, with
	// the key of their type ("" when it is not an enum with new labels).
	scope []scopeTable
	extra map[string]string
	seen  map[int32]bool
	// in names the SQL function whose body is being scanned, "" otherwise.
	in string
}

type scopeTable struct {
	name, alias string
	t           *schema.Table
}

func (u *enumUses) scan(n *pgparse.Node) {
	eachRangeVar(n, func(rv *pgparse.RangeVar) {
		if t := u.p.Table(rv); t != nil {
			u.scope = append(u.scope, scopeTable{name: rv.Relname, alias: rv.GetAlias().GetAliasname(), t: t})
		}
	})
	pgparse.Walk(n, func(x *pgparse.Node) bool {
		if cd := x.GetColumnDef(); cd != nil {
			key, arr := enumKeyOf(cd.TypeName)
			if arr {
				key = ""
			}
			u.extra[cd.Colname] = key
		}
		return true
	})
	pgparse.Walk(n, func(x *pgparse.Node) bool {
		switch s := x.Node.(type) {
		case *pgparse.Node_TypeCast:
			u.cast(s.TypeCast)
		case *pgparse.Node_AExpr:
			u.compare(s.AExpr)
		case *pgparse.Node_ColumnDef:
			u.columnDefault(s.ColumnDef)
		case *pgparse.Node_InsertStmt:
			u.insert(s.InsertStmt)
		case *pgparse.Node_UpdateStmt:
			u.assign(s.UpdateStmt.Relation, s.UpdateStmt.TargetList)
		case *pgparse.Node_AlterTableStmt:
			u.alterDefaults(s.AlterTableStmt)
		case *pgparse.Node_CreateFunctionStmt:
			u.sqlFunctionBody(s.CreateFunctionStmt)
			return s.CreateFunctionStmt.SqlBody != nil
		case *pgparse.Node_DoStmt:
			return false // PL/pgSQL is not parsed here
		}
		return true
	})
}

// report records one use of a new label, once per literal.
func (u *enumUses) report(loc int32, enum, label, how string) {
	if u.in != "" {
		loc, how = -1, how+" in the body of function "+quoteName(u.in)
	}
	if u.seen[loc] && loc >= 0 {
		return
	}
	u.seen[loc] = true
	u.p.Report(loc, "value '%s' of enum %q was added earlier in this transaction%s: %s fails with \"unsafe use of new value\" until the ADD VALUE commits",
		label, displayKey(enum), txWhy(u.p), how)
}

// sqlFunctionBody scans the body of a LANGUAGE sql function written as a
// string: PostgreSQL analyzes it when the function is created
// (check_function_bodies is on by default), which fails on a new label as a
// statement would. Parameters are not resolved.
func (u *enumUses) sqlFunctionBody(fn *pgparse.CreateFunctionStmt) {
	lang, body := "", ""
	for _, o := range fn.Options {
		d := o.GetDefElem()
		switch d.GetDefname() {
		case "language":
			lang = strings.ToLower(d.Arg.GetString_().GetSval())
		case "as":
			if items := d.Arg.GetList().GetItems(); len(items) == 1 {
				body = items[0].GetString_().GetSval()
			}
		}
	}
	if lang != "sql" || body == "" {
		return
	}
	name := ""
	if parts := strs(fn.Funcname); len(parts) > 0 {
		name = parts[len(parts)-1]
	}
	for _, st := range pgparse.Parse(body) {
		if st.Node == nil {
			continue
		}
		sub := &enumUses{p: u.p, added: u.added, extra: map[string]string{}, seen: u.seen, in: name}
		sub.scan(st.Node)
	}
}

// check reports a plain string constant n if it is a new label of enum.
func (u *enumUses) check(n *pgparse.Node, enum, how string) {
	if s, loc, ok := plainString(n); ok && u.added[enum][s] {
		u.report(loc, enum, s, how)
	}
}

// cast handles 'x'::t, CAST('x' AS t), ARRAY['x']::t[] and '{x}'::t[].
func (u *enumUses) cast(tc *pgparse.TypeCast) {
	enum, array := enumKeyOf(tc.TypeName)
	labels := u.added[enum]
	if labels == nil {
		return
	}
	how := "casting it to " + `"` + displayKey(enum) + `"`
	arg := tc.Arg
	for arg.GetTypeCast() != nil {
		arg = arg.GetTypeCast().Arg
	}
	if !array {
		u.check(arg, enum, how)
		return
	}
	if ae := arg.GetAArrayExpr(); ae != nil {
		for _, el := range ae.Elements {
			u.check(el, enum, how)
		}
		return
	}
	if s, loc, ok := plainString(arg); ok {
		for _, el := range arrayLiteralItems(s) {
			if labels[el] {
				u.report(loc, enum, el, how)
				return
			}
		}
	}
}

// compare handles col = 'x', 'x' <> col, col IN ('x', …), col = ANY(ARRAY['x']).
func (u *enumUses) compare(e *pgparse.A_Expr) {
	sides := [2]*pgparse.Node{e.Lexpr, e.Rexpr}
	for i, side := range sides {
		cr := side.GetColumnRef()
		if cr == nil {
			continue
		}
		enum := u.columnEnum(cr)
		if enum == "" {
			continue
		}
		how := "comparing column " + quoteName(lastField(cr)) + " with it"
		other := sides[1-i]
		switch {
		case other.GetList() != nil:
			for _, it := range other.GetList().Items {
				u.check(it, enum, how)
			}
		case other.GetAArrayExpr() != nil:
			for _, it := range other.GetAArrayExpr().Elements {
				u.check(it, enum, how)
			}
		default:
			u.check(other, enum, how)
		}
	}
}

// columnDefault handles a column of the enum type defined with DEFAULT 'x'.
func (u *enumUses) columnDefault(cd *pgparse.ColumnDef) {
	enum := u.extra[cd.Colname]
	if enum == "" {
		return
	}
	for _, c := range cd.Constraints {
		if con := c.GetConstraint(); con.GetContype() == pgparse.ConstrType_CONSTR_DEFAULT {
			u.check(con.RawExpr, enum, "using it as the default of column "+quoteName(cd.Colname))
		}
	}
}

// alterDefaults handles ALTER TABLE … ALTER COLUMN c SET DEFAULT 'x'.
func (u *enumUses) alterDefaults(at *pgparse.AlterTableStmt) {
	for _, c := range at.Cmds {
		cmd := c.GetAlterTableCmd()
		if cmd.GetSubtype() != pgparse.AlterTableType_AT_ColumnDefault || cmd.Def == nil {
			continue
		}
		enum, ok := u.extra[cmd.Name]
		if !ok {
			enum = u.tableColumnEnum(at.Relation, cmd.Name)
		}
		if enum != "" {
			u.check(cmd.Def, enum, "using it as the default of column "+quoteName(cmd.Name))
		}
	}
}

// insert handles the values INSERT writes: VALUES lists, the target list of
// INSERT … SELECT, and ON CONFLICT DO UPDATE SET.
func (u *enumUses) insert(ins *pgparse.InsertStmt) {
	var cols []string
	for _, c := range ins.Cols {
		cols = append(cols, c.GetResTarget().GetName())
	}
	if len(cols) == 0 {
		if t := u.p.Table(ins.Relation); t != nil && !t.ColumnsUnknown {
			for _, c := range t.Columns {
				cols = append(cols, c.Name)
			}
		}
	}
	write := func(i int, v *pgparse.Node) {
		if i >= len(cols) {
			return
		}
		if enum := u.tableColumnEnum(ins.Relation, cols[i]); enum != "" {
			u.check(v, enum, "writing it to column "+quoteName(cols[i]))
		}
	}
	if sel := ins.SelectStmt.GetSelectStmt(); sel != nil {
		for _, row := range sel.ValuesLists {
			for i, v := range row.GetList().GetItems() {
				write(i, v)
			}
		}
		for i, rt := range sel.TargetList {
			write(i, rt.GetResTarget().GetVal())
		}
	}
	if oc := ins.OnConflictClause; oc != nil {
		u.assign(ins.Relation, oc.TargetList)
	}
}

// assign handles SET col = 'x' of UPDATE and ON CONFLICT DO UPDATE.
func (u *enumUses) assign(rel *pgparse.RangeVar, targets []*pgparse.Node) {
	for _, t := range targets {
		rt := t.GetResTarget()
		if rt == nil || rt.Name == "" {
			continue
		}
		if enum := u.tableColumnEnum(rel, rt.Name); enum != "" {
			u.check(rt.Val, enum, "writing it to column "+quoteName(rt.Name))
		}
	}
}

// tableColumnEnum returns the key of the type of a column of rel when it is
// an enum with labels added in this transaction, "" otherwise.
func (u *enumUses) tableColumnEnum(rel *pgparse.RangeVar, col string) string {
	t := u.p.Table(rel)
	if t == nil {
		return ""
	}
	return u.enumOf(t.Column(col))
}

func (u *enumUses) enumOf(c *schema.Column) string {
	if c == nil {
		return ""
	}
	if k := columnTypeKey(c.Type); u.added[k] != nil {
		return k
	}
	return ""
}

// columnEnum resolves a column reference against the tables of the
// statement; it returns "" when the column is not of an enum type with new
// labels, or when the reference is ambiguous.
func (u *enumUses) columnEnum(cr *pgparse.ColumnRef) string {
	var fields []string
	for _, f := range cr.Fields {
		s := f.GetString_()
		if s == nil {
			return "" // t.*
		}
		fields = append(fields, s.Sval)
	}
	if len(fields) == 0 {
		return ""
	}
	col := fields[len(fields)-1]
	if len(fields) == 1 {
		if k, ok := u.extra[col]; ok {
			if u.added[k] == nil {
				return ""
			}
			return k
		}
		key, found := "", false
		for _, s := range u.scope {
			c := s.t.Column(col)
			if c == nil {
				continue
			}
			k := u.enumOf(c)
			if found && k != key {
				return ""
			}
			key, found = k, true
		}
		return key
	}
	q := fields[len(fields)-2]
	for _, s := range u.scope {
		if s.alias == q || (s.alias == "" && s.name == q) {
			return u.enumOf(s.t.Column(col))
		}
	}
	return ""
}

// lastField returns the column name of a column reference.
func lastField(cr *pgparse.ColumnRef) string {
	if n := len(cr.Fields); n > 0 {
		return cr.Fields[n-1].GetString_().GetSval()
	}
	return ""
}

// arrayLiteralItems splits a simple array literal such as '{a,"b c"}'.
func arrayLiteralItems(s string) []string {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "{") || !strings.HasSuffix(s, "}") {
		return nil
	}
	var out []string
	for _, it := range strings.Split(s[1:len(s)-1], ",") {
		out = append(out, strings.Trim(strings.TrimSpace(it), `"`))
	}
	return out
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
