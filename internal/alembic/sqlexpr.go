package alembic

import (
	"fmt"
	"strings"

	"github.com/migguard/migguard/internal/lazyre"
)

// clauseCtx says how a plain Python value inside a SQLAlchemy expression is
// rendered.
type clauseCtx int

const (
	// asValue renders a Python literal as a SQL literal ('x', 5, true,
	// NULL): arguments of functions, right-hand sides of comparisons.
	asValue clauseCtx = iota
	// asColumn renders a string as a column name: index elements.
	asColumn
	// asSQL renders a string as SQL text: check conditions, where
	// clauses, Computed.
	asSQL
	// asDefault renders a string as a quoted literal: server_default.
	asDefault
)

// clause renders a SQLAlchemy expression as PostgreSQL SQL, the way
// SQLAlchemy compiles it with literal binds: sa.text() and
// sa.literal_column() as written, sa.column() and table.c.x as names,
// sa.func.<name>(…) calls, sa.cast(), sa.literal(), operators, .desc(),
// .is_(None), .in_([…]), sa.and_() and sa.or_(). qualify names a table
// whose columns are written table.column (DML), "" for bare names.
func (in *interp) clause(e expr, ctx clauseCtx, qualify string) string {
	in.enter()
	defer in.leave()
	e = in.resolve(e)
	switch v := e.(type) {
	case *exStr, *exNum:
		switch ctx {
		case asColumn:
			return quoteIdent(in.mustStr(v, "a column name"))
		case asSQL:
			return in.mustStr(v, "the SQL")
		case asDefault:
			s := in.mustStr(v, "the default")
			return quoteLiteral(s)
		}
		return in.literal(v)
	case *exName:
		return in.literal(v)
	case *exBin:
		return in.binClause(v, ctx, qualify)
	case *exUnary:
		switch v.op {
		case "-":
			return "-" + in.clause(v.x, asValue, qualify)
		case "~":
			return "NOT " + in.clause(v.x, asValue, qualify)
		}
	case *exAttr:
		if col, ok := in.columnRef(v, qualify); ok {
			return col
		}
	case *exCall:
		return in.callClause(v, ctx, qualify)
	}
	failf("the expression %s is not one migguard renders", describe(in.m.src, e))
	return ""
}

// sqlOps maps Python operators on SQLAlchemy expressions to SQL.
var sqlOps = map[string]string{"==": "=", "!=": "!=", "<": "<", ">": ">", "<=": "<=", ">=": ">=", "+": "+", "-": "-",
	"*": "*", "/": "/", "%": "%", "&": "AND", "|": "OR"}

// binClause renders a binary operation between expressions.
func (in *interp) binClause(v *exBin, ctx clauseCtx, qualify string) string {
	op, ok := sqlOps[v.op]
	if !ok {
		failf("the operator %s in %s is not one migguard renders", v.op, describe(in.m.src, v))
	}
	l := in.clause(v.l, asValue, qualify)
	if isNone(in.resolve(v.r)) && (op == "=" || op == "!=") {
		if op == "=" {
			return l + " IS NULL"
		}
		return l + " IS NOT NULL"
	}
	r := in.clause(v.r, asValue, qualify)
	if _, isBin := in.resolve(v.l).(*exBin); isBin && (op == "AND" || op == "OR") {
		l = "(" + l + ")"
	}
	if _, isBin := in.resolve(v.r).(*exBin); isBin && (op == "AND" || op == "OR") {
		r = "(" + r + ")"
	}
	s := l + " " + op + " " + r
	if ctx == asColumn {
		return "(" + s + ")"
	}
	return s
}

// columnRef renders t.c.name, table.c["name"] or sa.column("name").
func (in *interp) columnRef(a *exAttr, qualify string) (string, bool) {
	c, ok := a.x.(*exAttr)
	if !ok || c.name != "c" && c.name != "columns" {
		return "", false
	}
	t, ok := in.tableOf(c.x)
	if !ok {
		return "", false
	}
	if qualify != "" {
		return qualified(t.schema, t.name) + "." + quoteIdent(a.name), true
	}
	return quoteIdent(a.name), true
}

// callClause renders calls: text, columns, functions, casts, literals,
// modifiers.
func (in *interp) callClause(c *exCall, ctx clauseCtx, qualify string) string {
	n := dotted(c.fn)
	last := lastName(c.fn)
	switch {
	case last == "text" || last == "literal_column":
		return in.mustStr(c.arg(0, "text"), "the SQL text")
	case last == "column" && n != "":
		name := quoteIdent(in.mustStr(c.arg(0, "text"), "the column name"))
		if qualify != "" {
			return qualify + "." + name
		}
		return name
	case last == "true" || last == "false" || last == "null":
		return map[string]string{"true": "true", "false": "false", "null": "NULL"}[last]
	case last == "literal" || n == "op.inline_literal":
		return in.literal(c.arg(0, "value"))
	case last == "bindparam":
		return in.literal(c.arg(1, "value"))
	case last == "cast":
		return "CAST(" + in.clause(c.arg(0, "expression"), asValue, qualify) + " AS " + in.sqlType(c.arg(1, "type_")).name + ")"
	case last == "desc" || last == "asc" || last == "nulls_first" || last == "nulls_last":
		if len(c.args) == 1 && n != "" {
			return in.clause(c.args[0], asColumn, qualify) + " " + modifier(last)
		}
	case last == "and_" || last == "or_":
		var parts []string
		for _, a := range c.args {
			p := in.clause(a, asSQL, qualify)
			if len(c.args) > 1 {
				if _, isBin := in.resolve(a).(*exBin); !isBin {
					p = "(" + p + ")"
				}
			}
			parts = append(parts, p)
		}
		return strings.Join(parts, map[string]string{"and_": " AND ", "or_": " OR "}[last])
	case last == "not_":
		return "NOT " + in.clause(c.arg(0, "clause"), asSQL, qualify)
	case strings.Contains(n, "func."):
		return in.funcCall(c, n, qualify)
	}
	if a, ok := c.fn.(*exAttr); ok {
		if s, ok := in.methodClause(c, a, qualify); ok {
			return s
		}
	}
	if !in.static(c) {
		dynamicf("the value %s is only known at run time", describe(in.m.src, c))
	}
	failf("the expression %s is not one migguard renders", describe(in.m.src, c))
	return ""
}

func modifier(m string) string {
	return map[string]string{"desc": "DESC", "asc": "ASC", "nulls_first": "NULLS FIRST", "nulls_last": "NULLS LAST"}[m]
}

// methodClause renders methods of expressions: x.desc(), x.is_(None),
// x.in_([…]), x.like("…"), x.label("n").
func (in *interp) methodClause(c *exCall, a *exAttr, qualify string) (string, bool) {
	x := func() string { return in.clause(a.x, asColumn, qualify) }
	switch a.name {
	case "desc", "asc", "nulls_first", "nulls_last":
		return x() + " " + modifier(a.name), true
	case "is_", "isnot", "is_not":
		not := ""
		if a.name != "is_" {
			not = "NOT "
		}
		return in.clause(a.x, asValue, qualify) + " IS " + not + in.clause(c.arg(0, "other"), asValue, qualify), true
	case "in_", "notin_", "not_in":
		vals, ok := in.resolve(c.arg(0, "other")).(*exSeq)
		if !ok || vals.other {
			failf("in_() of %s", describe(in.m.src, c.arg(0, "other")))
		}
		var lits []string
		for _, v := range vals.elems {
			lits = append(lits, in.literal(v))
		}
		op := " IN "
		if a.name != "in_" {
			op = " NOT IN "
		}
		return in.clause(a.x, asValue, qualify) + op + "(" + strings.Join(lits, ", ") + ")", true
	case "like", "ilike", "notlike", "notilike":
		op := map[string]string{"like": " LIKE ", "ilike": " ILIKE ", "notlike": " NOT LIKE ", "notilike": " NOT ILIKE "}[a.name]
		return in.clause(a.x, asValue, qualify) + op + in.literal(c.arg(0, "other")), true
	case "label":
		return in.clause(a.x, asValue, qualify), true
	}
	return "", false
}

// funcCall renders sa.func.<name>(…): SQLAlchemy writes the ANSI
// functions without parentheses and upper-case (CURRENT_TIMESTAMP), the
// others as called.
func (in *interp) funcCall(c *exCall, n, qualify string) string {
	fn := n[strings.LastIndex(n, "func.")+len("func."):]
	if ansiFuncs[fn] && len(c.args) == 0 {
		return strings.ToUpper(fn)
	}
	var args []string
	for _, a := range c.args {
		args = append(args, in.clause(a, asValue, qualify))
	}
	if len(c.kw) > 0 {
		failf("sa.func.%s with keyword arguments", fn)
	}
	return fn + "(" + strings.Join(args, ", ") + ")"
}

// ansiFuncs are the functions SQLAlchemy renders without parentheses.
var ansiFuncs = map[string]bool{"current_timestamp": true, "current_date": true, "current_time": true, "localtimestamp": true,
	"localtime": true, "current_user": true, "session_user": true, "user": true}

// literal renders a Python literal as SQLAlchemy renders a literal bind on
// PostgreSQL.
func (in *interp) literal(e expr) string {
	in.enter()
	defer in.leave()
	e = in.resolve(e)
	switch v := e.(type) {
	case *exName:
		switch v.tok.text {
		case "None":
			return "NULL"
		case "True":
			return "true"
		case "False":
			return "false"
		}
	case *exNum:
		return strings.ReplaceAll(v.tok.text, "_", "")
	case *exUnary:
		if n, ok := v.x.(*exNum); ok && v.op == "-" {
			return "-" + n.tok.text
		}
	case *exStr:
		return quoteLiteral(in.mustStr(v, "a literal"))
	case *exCall:
		if n := dotted(v.fn); n == "op.inline_literal" || lastName(v.fn) == "literal" {
			return in.literal(v.arg(0, "value"))
		}
		return in.clause(v, asValue, "")
	case *exAttr:
		return in.clause(v, asValue, "")
	}
	failf("the value %s is not a literal migguard renders", describe(in.m.src, e))
	return ""
}

// serverDefault renders a server_default: a string is a quoted literal,
// sa.text() its SQL, and other expressions as SQLAlchemy compiles them.
func (in *interp) serverDefault(e expr) string {
	e = in.resolve(e)
	if c, ok := e.(*exCall); ok && lastName(c.fn) == "DefaultClause" {
		e = c.arg(0, "arg")
	}
	return in.clause(e, asDefault, "")
}

// sqlExpr renders a SQL expression argument: a string (SQL as written),
// sa.text(…), or a SQLAlchemy expression.
func (in *interp) sqlExpr(e expr, what string) string {
	defer func() {
		if r := recover(); r != nil {
			if u, ok := r.(*untranslatable); ok {
				panic(&untranslatable{why: what + ": " + u.why, dynamic: u.dynamic})
			}
			panic(r)
		}
	}()
	return in.clause(e, asSQL, "")
}

// paramRx finds the :name bound parameters of sa.text(), not :: casts.
var paramRx = lazyre.New(`(^|[^:\w]):(\w+)\b`)

// bindParams replaces the :name parameters of SQL text with literals,
// as Alembic's literal binds do; text inside quotes is left alone.
func (in *interp) bindParams(sql string, params map[string]expr) string {
	var b strings.Builder
	for _, seg := range splitQuoted(sql) {
		if seg.quoted {
			b.WriteString(seg.text)
			continue
		}
		b.WriteString(paramRx.ReplaceAllStringFunc(seg.text, func(m string) string {
			sub := paramRx.FindStringSubmatch(m)
			v, ok := params[sub[2]]
			if !ok {
				dynamicf("the parameter :%s has no value in the call", sub[2])
			}
			return sub[1] + in.literal(v)
		}))
	}
	return b.String()
}

type quotedSeg struct {
	text   string
	quoted bool
}

// splitQuoted splits SQL into the parts outside and inside '…' and "…".
func splitQuoted(s string) []quotedSeg {
	var out []quotedSeg
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] != '\'' && s[i] != '"' {
			continue
		}
		q := s[i]
		j := i + 1
		for j < len(s) && s[j] != q {
			j++
		}
		out = append(out, quotedSeg{text: s[start:i]}, quotedSeg{text: s[i:min(j+1, len(s))], quoted: true})
		i = j
		start = min(j+1, len(s))
	}
	return append(out, quotedSeg{text: s[start:]})
}

// statement renders what execute() runs: SQL text (a string or sa.text(),
// with .bindparams()), a DDL element, or a Core insert, update or delete
// on a table.
func (in *interp) statement(e expr) string {
	e = in.resolve(e)
	c, ok := e.(*exCall)
	if !ok {
		return in.mustStr(e, "the SQL")
	}
	switch last := lastName(c.fn); last {
	case "text", "DDL":
		if len(c.args) != 1 || len(c.kw) > 0 && last == "text" {
			failf("sa.text with more than the SQL string")
		}
		return in.mustStr(c.args[0], "the SQL")
	case "CreateSequence", "DropSequence":
		return in.sequenceDDL(last, c.arg(0, "element"))
	}
	if a, ok := c.fn.(*exAttr); ok {
		switch a.name {
		case "bindparams":
			base := in.statement(a.x)
			params := map[string]expr{}
			for _, k := range c.kw {
				params[k.name] = k.val
			}
			for _, p := range c.args {
				bp, ok := in.resolve(p).(*exCall)
				if !ok || lastName(bp.fn) != "bindparam" {
					failf("bindparams(%s)", describe(in.m.src, p))
				}
				params[in.mustStr(bp.arg(0, "key"), "the parameter name")] = bp.arg(1, "value")
			}
			return in.bindParams(base, params)
		case "execution_options":
			return in.statement(a.x)
		}
	}
	if s, ok := in.dml(c); ok {
		return s
	}
	if s, err := in.str(c); err == nil {
		return s
	}
	failf("the statement is built by %s, which migguard does not render", orText(dotted(c.fn), describe(in.m.src, c)))
	return ""
}

// executeSQL renders the statements of a connection's execute(statement,
// parameters): parameters given as a dict fill the statement's :names; a
// list of dicts runs it once per dict.
func (in *interp) executeSQL(c *exCall) []string {
	sql := in.statement(c.arg(0, "statement"))
	var sets []map[string]expr
	params := map[string]expr{}
	for _, k := range c.kw {
		if k.name != "execution_options" {
			params[k.name] = k.val
		}
	}
	if len(params) > 0 {
		sets = append(sets, params)
	}
	if len(c.args) > 1 {
		switch p := in.resolve(c.args[1]).(type) {
		case *exSeq:
			if p.dict != nil {
				sets = append(sets, dictOf(in, p))
			} else {
				for _, el := range p.elems {
					d, ok := in.resolve(el).(*exSeq)
					if !ok || d.dict == nil {
						dynamicf("the parameters are %s", describe(in.m.src, el))
					}
					sets = append(sets, dictOf(in, d))
				}
			}
		default:
			dynamicf("the parameters are %s, known only at run time", describe(in.m.src, c.args[1]))
		}
	}
	if len(sets) == 0 {
		return []string{sql}
	}
	var out []string
	for _, s := range sets {
		out = append(out, in.bindParams(sql, s))
	}
	return out
}

// dictOf evaluates a dict display with string keys.
func dictOf(in *interp, d *exSeq) map[string]expr {
	m := map[string]expr{}
	for _, kv := range d.dict {
		m[in.mustStr(kv.k, "a parameter name")] = kv.v
	}
	return m
}

// sequenceDDL renders CreateSequence(sa.Sequence(…)) and DropSequence.
func (in *interp) sequenceDDL(kind string, e expr) string {
	c, ok := in.resolve(e).(*exCall)
	if !ok || lastName(c.fn) != "Sequence" {
		failf("%s of %s", kind, describe(in.m.src, e))
	}
	name := qualified(in.mustOptStr(c.kwArg("schema"), "schema"), in.mustStr(c.arg(0, "name"), "the sequence name"))
	if kind == "DropSequence" {
		return "DROP SEQUENCE " + name
	}
	s := "CREATE SEQUENCE " + name
	for _, o := range []struct{ kw, sql string }{{"increment", "INCREMENT BY"}, {"start", "START WITH"}, {"minvalue", "MINVALUE"},
		{"maxvalue", "MAXVALUE"}, {"cache", "CACHE"}} {
		if v := c.kwArg(o.kw); v != nil {
			s += " " + o.sql + " " + in.literal(v)
		}
	}
	return s
}

// liteTable is a table as a migration describes it for data changes:
// sa.table("t", sa.column("a"), …), sa.Table("t", meta, sa.Column(…)), or
// what op.create_table returned.
type liteTable struct {
	name, schema string
	cols         []string
}

// tableOf evaluates a table construct.
func (in *interp) tableOf(e expr) (*liteTable, bool) {
	c, ok := in.resolve(e).(*exCall)
	if !ok {
		return nil, false
	}
	start := 1
	switch n := dotted(c.fn); {
	case lastName(c.fn) == "table":
	case lastName(c.fn) == "Table":
		start = 2
	case n == "op.create_table":
	default:
		return nil, false
	}
	t := &liteTable{name: in.mustStr(c.arg(0, "name"), "the table name"), schema: in.mustOptStr(c.kwArg("schema"), "schema")}
	for _, a := range c.args[min(start, len(c.args)):] {
		col, ok := in.resolve(a).(*exCall)
		if !ok {
			continue
		}
		if l := lastName(col.fn); l == "column" || l == "Column" {
			t.cols = append(t.cols, in.mustStr(col.arg(0, "name"), "a column name"))
		}
	}
	return t, true
}

// dml renders t.insert().values(…), t.update().where(…).values(…) and
// t.delete().where(…) (and sa.insert(t), sa.update(t), sa.delete(t)) as
// SQLAlchemy compiles them with literal binds.
func (in *interp) dml(c *exCall) (string, bool) {
	var chain []*exCall
	cur := c
	for {
		chain = append([]*exCall{cur}, chain...)
		a, ok := cur.fn.(*exAttr)
		if !ok {
			break
		}
		next, ok := a.x.(*exCall)
		if !ok {
			break
		}
		cur = next
	}
	head := chain[0]
	kind := methodName(head.fn)
	var t *liteTable
	var ok bool
	if a, isAttr := head.fn.(*exAttr); isAttr && (kind == "insert" || kind == "update" || kind == "delete") && len(head.args) == 0 {
		t, ok = in.tableOf(a.x)
	}
	if !ok && (kind == "insert" || kind == "update" || kind == "delete") && len(head.args) == 1 {
		t, ok = in.tableOf(head.args[0])
	}
	if !ok {
		return "", false
	}
	var where []string
	var values []kwarg
	for _, m := range chain[1:] {
		switch methodName(m.fn) {
		case "where", "filter":
			for _, w := range m.args {
				where = append(where, in.clause(w, asSQL, qualified(t.schema, t.name)))
			}
		case "values":
			values = append(values, in.valuesOf(m)...)
		case "inline", "execution_options":
		default:
			failf("%s() of a %s statement", methodName(m.fn), kind)
		}
	}
	return in.renderDML(kind, t, values, where), true
}

// methodName returns the name of the method a call calls, "" for a
// plain function.
func methodName(fn expr) string {
	if a, ok := fn.(*exAttr); ok {
		return a.name
	}
	return lastName(fn)
}

// valuesOf reads .values(a=1) or .values({"a": 1}).
func (in *interp) valuesOf(m *exCall) []kwarg {
	out := append([]kwarg(nil), m.kw...)
	for _, a := range m.args {
		d, ok := in.resolve(a).(*exSeq)
		if !ok || d.dict == nil {
			failf("values(%s)", describe(in.m.src, a))
		}
		for _, kv := range d.dict {
			out = append(out, kwarg{name: in.mustStr(kv.k, "a column name"), val: kv.v})
		}
	}
	return out
}

// renderDML writes the statement; the columns of INSERT and SET come in
// the table's column order, as SQLAlchemy writes them.
func (in *interp) renderDML(kind string, t *liteTable, values []kwarg, where []string) string {
	q := qualified(t.schema, t.name)
	ordered := orderValues(t, values)
	var s string
	switch kind {
	case "insert":
		var cols, vals []string
		for _, v := range ordered {
			cols = append(cols, quoteIdent(v.name))
			vals = append(vals, in.clause(v.val, asValue, ""))
		}
		s = fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", q, strings.Join(cols, ", "), strings.Join(vals, ", "))
	case "update":
		var sets []string
		for _, v := range ordered {
			sets = append(sets, quoteIdent(v.name)+"="+in.clause(v.val, asValue, q))
		}
		s = "UPDATE " + q + " SET " + strings.Join(sets, ", ")
	case "delete":
		s = "DELETE FROM " + q
	}
	if len(where) > 0 && kind != "insert" {
		s += " WHERE " + strings.Join(where, " AND ")
	}
	return s
}

// orderValues puts values in the table's column order; columns the table
// does not list come last, as given.
func orderValues(t *liteTable, values []kwarg) []kwarg {
	var out []kwarg
	used := map[int]bool{}
	for _, c := range t.cols {
		for i, v := range values {
			if v.name == c && !used[i] {
				out = append(out, v)
				used[i] = true
			}
		}
	}
	for i, v := range values {
		if !used[i] {
			out = append(out, v)
		}
	}
	return out
}

// bulkInsert renders op.bulk_insert(table, rows): one INSERT per row,
// naming the row's columns in the table's order.
func (in *interp) bulkInsert(c *exCall) []string {
	t, ok := in.tableOf(c.arg(0, "table"))
	if !ok {
		if !in.static(c.arg(0, "table")) {
			dynamicf("the table is %s, known only at run time", describe(in.m.src, c.arg(0, "table")))
		}
		failf("the table is %s, not sa.table(…) or op.create_table(…)", describe(in.m.src, c.arg(0, "table")))
	}
	rows, ok := in.resolve(c.arg(1, "rows")).(*exSeq)
	if !ok || rows.other {
		dynamicf("the rows are %s, known only at run time", describe(in.m.src, c.arg(1, "rows")))
	}
	var out []string
	for _, r := range rows.elems {
		d, ok := in.resolve(r).(*exSeq)
		if !ok || d.dict == nil {
			dynamicf("a row is %s, known only at run time", describe(in.m.src, r))
		}
		var vals []kwarg
		for _, kv := range d.dict {
			vals = append(vals, kwarg{name: in.mustStr(kv.k, "a column name"), val: kv.v})
		}
		out = append(out, in.renderDML("insert", t, vals, nil))
	}
	return out
}
