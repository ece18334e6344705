package alembic

import (
	"fmt"
	"slices"
	"strings"
)

// batchOp is a `with op.batch_alter_table(…) as batch_op:` block.
type batchOp struct {
	table, schema string
	// recreate is recreate="always": Alembic copies the table (create a
	// new one, copy the rows, drop the old one, rename the new one)
	// instead of altering it, which it does on PostgreSQL otherwise.
	recreate bool
	// copyFrom is the sa.Table given as copy_from, nil without one.
	copyFrom *exCall
	// ops are the calls of a recreated batch, applied at the end.
	ops []*opCall
	// names are the methods of ops.
	names []string
}

// record keeps a call of a recreated batch for the copy.
func (b *batchOp) record(o *opCall, name string) []string {
	b.ops = append(b.ops, o)
	b.names = append(b.names, name)
	return nil
}

// batchBlock runs a batch_alter_table block: its calls become ALTER
// statements on the table, or, with recreate="always", a copy of the
// table.
func (in *interp) batchBlock(call *exCall, alias string, header logicalLine, body []logicalLine) bool {
	if alias == "" {
		return false
	}
	table, err := in.str(call.arg(0, "table_name"))
	schema, err2 := in.optStr(call.kwArg("schema"))
	if err != nil || err2 != nil {
		return false
	}
	b := &batchOp{table: table, schema: schema}
	if r := call.kwArg("recreate"); r != nil {
		b.recreate = in.mustStrSafe(r) == "always"
	}
	if cf := call.kwArg("copy_from"); cf != nil {
		b.copyFrom, _ = in.resolve(cf).(*exCall)
	}
	in.batch[alias] = b
	in.block(body)
	delete(in.batch, alias)
	if !b.recreate {
		return true
	}
	in.recreateBatch(b, call, header)
	return true
}

// mustStrSafe evaluates a string, "" when it cannot.
func (in *interp) mustStrSafe(e expr) string {
	s, _ := in.str(e)
	return s
}

// recreateBatch emits the table copy of a recreated batch.
func (in *interp) recreateBatch(b *batchOp, call *exCall, header logicalLine) {
	start := header.toks[0]
	defer func() {
		if r := recover(); r != nil {
			u, ok := r.(*untranslatable)
			if !ok {
				panic(r)
			}
			in.note(start, noteUntranslated, len(b.ops), "not analysed: op.batch_alter_table(recreate=\"always\"): %s", u.why)
		}
	}()
	var sqls []string
	if b.copyFrom != nil {
		sqls = in.copyTable(b)
	} else {
		sqls = in.likeCopy(b)
		in.note(start, noteOpaque, 0, "not analysed in full: op.batch_alter_table(recreate=\"always\") without copy_from: Alembic reflects %s "+
			"from the database to copy it; migguard copies it with CREATE TABLE … (LIKE …), so the new table's index and constraint names may differ", b.table)
	}
	for _, s := range sqls {
		in.out.stmts = append(in.out.stmts, sqlStmt{sql: s, start: start, end: call.end, autocommit: in.auto})
	}
}

// likeCopy renders the copy of a table the migration does not describe:
// a new table LIKE the old one, the rows copied, the batch's calls on the
// new table, then the old one dropped and the new one renamed.
func (in *interp) likeCopy(b *batchOp) []string {
	tmp := "_alembic_tmp_" + b.table
	qt, qtmp := qualified(b.schema, b.table), qualified(b.schema, tmp)
	out := []string{
		"CREATE TABLE " + qtmp + " (LIKE " + qt + " INCLUDING ALL)",
		"INSERT INTO " + qtmp + " SELECT * FROM " + qt,
	}
	on := &batchOp{table: tmp, schema: b.schema}
	for i, o := range b.ops {
		out = append(out, in.op(b.names[i], o.c, on)...)
	}
	return append(out, "DROP TABLE "+qt, "ALTER TABLE "+qtmp+" RENAME TO "+quoteIdent(b.table))
}

// copiedTable is the table a recreated batch builds, as Alembic's batch
// implementation keeps it: columns in order (a renamed column moves to
// the end), the named constraints, then the unnamed ones, and indexes.
type copiedTable struct {
	cols []*column
	// keys are the columns' names in copy_from, which a rename keeps:
	// Alembic orders by them.
	keys     []string
	existing []string          // the keys of copy_from's columns still there, in order
	after    [][2]string       // add_column's (existing key, new key) orderings
	transfer map[string]string // new column name → old name, for columns with data
	pkName   string
	pkCols   []string
	named    []namedSQL
	unnamed  []string
	indexes  []namedSQL
	// kept are the names of copy_from's named constraints.
	kept []string
}

// order sorts the columns as Alembic does when columns were added: a
// layered topological sort of "each existing column after the one before
// it" and "an added column after the last existing column when it was
// added", each layer in the columns' order (dropped columns no longer
// constrain anything).
func (t *copiedTable) order() {
	if len(t.after) == 0 {
		return
	}
	parents := map[string][]string{}
	for i := 1; i < len(t.existing); i++ {
		parents[t.existing[i]] = append(parents[t.existing[i]], t.keys[i-1])
	}
	for _, p := range t.after {
		parents[p[1]] = append(parents[p[1]], p[0])
	}
	todo := map[string]bool{}
	for _, k := range t.keys {
		todo[k] = true
	}
	byKey := map[string]*column{}
	for i, k := range t.keys {
		byKey[k] = t.cols[i]
	}
	var keys []string
	for len(todo) > 0 {
		var layer []string
		for _, k := range t.keys {
			if !todo[k] || slices.ContainsFunc(parents[k], func(p string) bool { return todo[p] }) {
				continue
			}
			layer = append(layer, k)
		}
		if len(layer) == 0 {
			failf("the columns' order is circular")
		}
		for _, k := range layer {
			delete(todo, k)
		}
		keys = append(keys, layer...)
	}
	t.keys, t.cols = keys, nil
	for _, k := range keys {
		t.cols = append(t.cols, byKey[k])
	}
}

type namedSQL struct{ name, sql string }

// copyTable renders a recreated batch with copy_from as Alembic does.
func (in *interp) copyTable(b *batchOp) []string {
	t := in.copiedFrom(b)
	for i, o := range b.ops {
		in.applyToCopy(t, b, b.names[i], o)
	}
	t.order()
	tmp := "_alembic_tmp_" + b.table
	qt, qtmp := qualified(b.schema, b.table), qualified(b.schema, tmp)
	d := &tableDef{name: tmp, schema: b.schema, cols: t.cols, pkName: t.pkName, pkCols: t.pkCols}
	for _, c := range t.named {
		d.cons = append(d.cons, c.sql)
	}
	d.cons = append(d.cons, t.unnamed...)
	// On PostgreSQL the old table's named constraints that the new one
	// keeps are dropped first: their indexes' names are schema-wide.
	var out []string
	for _, n := range t.kept {
		if n == t.pkName && n != "" || slices.ContainsFunc(t.named, func(x namedSQL) bool { return x.name == n }) {
			out = append(out, "ALTER TABLE "+qt+" DROP CONSTRAINT "+quoteIdent(n))
		}
	}
	out = append(out, "CREATE TABLE "+qtmp+" (\n\t"+strings.Join(d.lines(), ", \n\t")+"\n)")
	var to, from []string
	for _, c := range t.cols {
		if old, ok := t.transfer[c.name]; ok {
			to = append(to, quoteIdent(c.name))
			from = append(from, qt+"."+quoteIdent(old))
		}
	}
	out = append(out, fmt.Sprintf("INSERT INTO %s (%s) SELECT %s \nFROM %s", qtmp, strings.Join(to, ", "), strings.Join(from, ", "), qt),
		"DROP TABLE "+qt, "ALTER TABLE "+qtmp+" RENAME TO "+quoteIdent(b.table))
	for _, ix := range t.indexes {
		out = append(out, ix.sql)
	}
	return out
}

// copiedFrom reads copy_from's sa.Table into the table to build.
func (in *interp) copiedFrom(b *batchOp) *copiedTable {
	c := b.copyFrom
	if lastName(c.fn) != "Table" {
		failf("copy_from is %s, not a sa.Table", describe(in.m.src, c))
	}
	t := &copiedTable{transfer: map[string]string{}}
	d := &tableDef{name: b.table, schema: b.schema}
	for _, a := range c.args[min(2, len(c.args)):] {
		el, ok := in.resolve(a).(*exCall)
		if !ok {
			failf("a copy_from element is %s", describe(in.m.src, a))
		}
		switch lastName(el.fn) {
		case "Column", "PrimaryKeyConstraint":
			in.tableElement(d, el)
		case "Index":
			name, _ := in.nameOf(el.arg(0, "name"))
			t.indexes = append(t.indexes, namedSQL{name, in.tableIndex(el, d)})
		default:
			name, _ := in.nameOf(el.kwArg("name"))
			before := len(d.cons)
			in.tableElement(d, el)
			t.add(name, d.cons[before])
		}
	}
	d.finish(in)
	t.cols, t.pkName, t.pkCols = d.cols, d.pkName, d.pkCols
	if t.pkName != "" {
		t.kept = append(t.kept, t.pkName)
	}
	for _, c := range t.named {
		t.kept = append(t.kept, c.name)
	}
	for _, col := range d.cols {
		t.keys = append(t.keys, col.name)
		t.existing = append(t.existing, col.name)
		t.transfer[col.name] = col.name
		if col.fk != nil {
			t.add(col.fk.name, col.fk.sql([]string{col.name}))
			col.fk = nil
		}
		if col.index {
			t.indexes = append(t.indexes, namedSQL{"", in.columnIndex(col, b.table, qualified(b.schema, b.table))})
			col.index = false
		}
	}
	return t
}

// add adds a constraint to the named or the unnamed ones.
func (t *copiedTable) add(name, sql string) {
	if name == "" {
		t.unnamed = append(t.unnamed, sql)
		return
	}
	t.named = append(t.named, namedSQL{name, sql})
}

// applyToCopy applies one call of a recreated batch to the table.
func (in *interp) applyToCopy(t *copiedTable, b *batchOp, name string, o *opCall) {
	c := o.c
	qt := qualified(b.schema, b.table)
	switch name {
	case "add_column":
		if c.kwArg("insert_before") != nil || c.kwArg("insert_after") != nil {
			failf("add_column with insert_before or insert_after")
		}
		col := in.column(c.arg(0, "column"))
		if len(t.existing) > 0 {
			t.after = append(t.after, [2]string{t.existing[len(t.existing)-1], col.name})
		}
		t.cols = append(t.cols, col)
		t.keys = append(t.keys, col.name)
	case "drop_column":
		col := in.mustStr(c.arg(0, "column_name"), "column_name")
		i := slices.IndexFunc(t.cols, func(x *column) bool { return x.name == col })
		if i < 0 {
			failf("drop_column of %s, which the table does not have", col)
		}
		t.existing = slices.DeleteFunc(t.existing, func(k string) bool { return k == t.keys[i] })
		t.cols = slices.Delete(t.cols, i, i+1)
		t.keys = slices.Delete(t.keys, i, i+1)
		delete(t.transfer, col)
	case "alter_column":
		in.alterCopied(t, c)
	case "create_index":
		name, _ := in.nameOf(c.arg(0, "index_name"))
		t.indexes = append(t.indexes, namedSQL{name, in.createIndex(c, o, qt, b.table)})
	case "drop_index":
		name, _ := in.nameOf(c.arg(0, "index_name"))
		t.indexes = slices.DeleteFunc(t.indexes, func(x namedSQL) bool { return x.name == name })
	case "drop_constraint":
		name, _ := in.nameOf(c.arg(0, "constraint_name"))
		t.named = slices.DeleteFunc(t.named, func(x namedSQL) bool { return x.name == name })
	case "create_unique_constraint", "create_check_constraint", "create_foreign_key", "create_primary_key":
		sql := in.op(name, c, &batchOp{table: b.table, schema: b.schema})[0]
		_, con, _ := strings.Cut(sql, " ADD ")
		cname, _ := in.nameOf(c.arg(0, "constraint_name"))
		if name == "create_primary_key" {
			t.pkName, t.pkCols = cname, in.strList(c.arg(1, "columns"), "columns")
			return
		}
		t.add(cname, con)
	default:
		failf("batch_op.%s in a recreated batch is not translated", name)
	}
}

// alterCopied applies alter_column to a copied table: type, nullability,
// default and name (the column keeps its place); a type of another kind
// would be copied with a CAST, which is not translated.
func (in *interp) alterCopied(t *copiedTable, c *exCall) {
	name := in.mustStr(c.arg(0, "column_name"), "column_name")
	i := slices.IndexFunc(t.cols, func(x *column) bool { return x.name == name })
	if i < 0 {
		failf("alter_column of %s, which copy_from does not have", name)
	}
	col := t.cols[i]
	if tp := c.kwArg("type_"); tp != nil && !isNone(in.resolve(tp)) {
		nt := in.sqlType(tp)
		if affinity(nt) != affinity(col.typ) {
			failf("alter_column changes %s from %s to %s, which Alembic copies with a CAST", name, col.typ.name, nt.name)
		}
		col.typ = nt
	}
	if n := c.kwArg("nullable"); n != nil && !isNone(in.resolve(n)) {
		col.nullable = in.boolArg(n, "nullable", true)
	}
	if d := c.kwArg("server_default"); d != nil {
		switch v := in.resolve(d).(type) {
		case *exName:
			if v.tok.text == "None" {
				col.def = ""
			} else if v.tok.text != "False" {
				col.def = in.serverDefault(d)
			}
		default:
			col.def = in.serverDefault(d)
		}
	}
	if nn := c.kwArg("new_column_name"); nn != nil && !isNone(in.resolve(nn)) {
		newName := in.mustStr(nn, "new_column_name")
		old, had := t.transfer[name]
		delete(t.transfer, name)
		col.name = newName
		if had {
			t.transfer[newName] = old
		}
		for j, ix := range t.indexes {
			t.indexes[j].sql = strings.ReplaceAll(ix.sql, "("+quoteIdent(name)+")", "("+quoteIdent(newName)+")")
		}
	}
}

// affinity groups types as SQLAlchemy's _type_affinity does, enough to
// tell whether Alembic casts a column it copies.
func affinity(t sqlType) string {
	n := strings.ToUpper(t.name)
	switch {
	case t.integer != "":
		return "integer"
	case strings.HasPrefix(n, "VARCHAR"), strings.HasPrefix(n, "CHAR"), strings.HasPrefix(n, "TEXT"):
		return "string"
	case strings.HasPrefix(n, "NUMERIC"), strings.HasPrefix(n, "FLOAT"), n == "REAL", n == "DOUBLE PRECISION":
		return "numeric"
	case strings.HasPrefix(n, "TIMESTAMP"):
		return "datetime"
	}
	return n
}
