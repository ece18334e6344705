package alembic

import (
	"fmt"
	"strings"
)

// op translates op.<name>(…) — or batch_op.<name>(…) with the batch's
// table — into SQL statements, as Alembic emits them on PostgreSQL.
func (in *interp) op(name string, c *exCall, b *batchOp) []string {
	if c.star {
		dynamicf("*args or **kwargs, known only at run time")
	}
	o := &opCall{in: in, c: c, batch: b}
	if b != nil && b.recreate {
		return b.record(o, name)
	}
	switch name {
	case "execute":
		return []string{in.statement(c.arg(0, "sqltext"))}
	case "add_column":
		return o.addColumn()
	case "drop_column":
		return []string{fmt.Sprintf("ALTER TABLE %s DROP COLUMN %s", o.table(0, "table_name"), quoteIdent(in.mustStr(o.arg(1, "column_name"), "column_name")))}
	case "alter_column":
		return o.alterColumn()
	case "create_table":
		return in.createTable(c)
	case "drop_table":
		s := "DROP TABLE "
		if in.boolArg(c.kwArg("if_exists"), "if_exists", false) {
			s += "IF EXISTS "
		}
		return []string{s + o.table(0, "table_name")}
	case "rename_table":
		schema := in.mustOptStr(c.kwArg("schema"), "schema")
		return []string{fmt.Sprintf("ALTER TABLE %s RENAME TO %s", qualified(schema, in.mustStr(c.arg(0, "old_table_name"), "old_table_name")),
			quoteIdent(in.mustStr(c.arg(1, "new_table_name"), "new_table_name")))}
	case "create_index":
		return []string{in.createIndex(c, o, o.table(1, "table_name"), o.tableName(1, "table_name"))}
	case "drop_index":
		return []string{o.dropIndex()}
	case "create_unique_constraint":
		return []string{o.addKey("uq", "UNIQUE")}
	case "create_primary_key":
		return []string{o.addKey("pk", "PRIMARY KEY")}
	case "create_check_constraint":
		return []string{o.addCheck()}
	case "create_foreign_key":
		return []string{o.addForeignKey()}
	case "create_exclude_constraint":
		return []string{o.addExclude()}
	case "drop_constraint":
		return []string{o.dropConstraint()}
	case "create_table_comment":
		return []string{"COMMENT ON TABLE " + o.table(0, "table_name") + " IS " + quoteLiteral(in.mustStr(o.arg(1, "comment"), "comment"))}
	case "drop_table_comment":
		return []string{"COMMENT ON TABLE " + o.table(0, "table_name") + " IS NULL"}
	case "bulk_insert":
		return in.bulkInsert(c)
	case "get_bind", "get_context", "f", "inline_literal":
		return nil
	}
	failf("op.%s is not translated to SQL", name)
	return nil
}

// opCall is one op.<name>(…) or batch_op.<name>(…) call being translated.
type opCall struct {
	in    *interp
	c     *exCall
	batch *batchOp // nil for op
}

// arg returns argument i (or keyword kw) as op.<name> numbers it:
// batch_op leaves out the table, which op passes first.
func (o *opCall) arg(i int, kw string) expr {
	if o.batch != nil && i > 0 {
		return o.c.arg(i-1, kw)
	}
	return o.c.arg(i, kw)
}

// tableName returns the unqualified table of argument i, or the batch's.
func (o *opCall) tableName(i int, kw string) string {
	if o.batch != nil {
		return o.batch.table
	}
	return o.in.mustStr(o.c.arg(i, kw), kw)
}

// table returns the qualified table of argument i (or keyword kw), or
// the batch table.
func (o *opCall) table(i int, kw string) string {
	if o.batch != nil {
		return qualified(o.batch.schema, o.batch.table)
	}
	return qualified(o.in.mustOptStr(o.c.kwArg("schema"), "schema"), o.in.mustStr(o.c.arg(i, kw), kw))
}

// addColumn translates add_column: the column, then the constraints and
// index its definition asks for, then its comment. Enum types are not
// created: Alembic's add_column creates none.
func (o *opCall) addColumn() []string {
	in := o.in
	t := o.table(0, "table_name")
	tname := o.tableName(0, "table_name")
	col := in.column(o.arg(1, "column"))
	serial := serialColumn([]*column{col}, pkOf(col))
	out := []string{fmt.Sprintf("ALTER TABLE %s ADD COLUMN %s", t, col.spec(col.name == serial))}
	if col.fk != nil && !col.fk.useAlter {
		col.fk.name = in.conName("fk", nameExpr(col.fk.name), tname, []string{col.name}, col.fk.refTable)
		out = append(out, fmt.Sprintf("ALTER TABLE %s ADD %s", t, col.fk.sql([]string{col.name})))
	}
	for _, ck := range col.checks {
		out = append(out, fmt.Sprintf("ALTER TABLE %s ADD %s", t, ck))
	}
	if ck := col.typeCheck(); ck != "" {
		out = append(out, fmt.Sprintf("ALTER TABLE %s ADD %s", t, ck))
	}
	if col.unique && !col.index {
		out = append(out, fmt.Sprintf("ALTER TABLE %s ADD %sUNIQUE (%s)", t, constraintName(in.conName("uq", nil, tname, []string{col.name}, "")), quoteIdent(col.name)))
	}
	// geoalchemy2 gives a spatial column an index as it joins a table,
	// the stub table of add_column too.
	out = append(out, (&tableDef{name: tname, cols: []*column{col}}).indexes(in, t)...)
	if col.hasComment {
		out = append(out, fmt.Sprintf("COMMENT ON COLUMN %s.%s IS %s", t, quoteIdent(col.name), quoteLiteral(col.comment)))
	}
	return out
}

func pkOf(col *column) []string {
	if col.pk {
		return []string{col.name}
	}
	return nil
}

// dropIndex translates drop_index.
func (o *opCall) dropIndex() string {
	in, c := o.in, o.c
	s := "DROP INDEX "
	if in.boolArg(c.kwArg("postgresql_concurrently"), "postgresql_concurrently", false) {
		s += "CONCURRENTLY "
	}
	if in.boolArg(c.kwArg("if_exists"), "if_exists", false) {
		s += "IF EXISTS "
	}
	schema := in.mustOptStr(c.kwArg("schema"), "schema")
	if o.batch != nil {
		schema = o.batch.schema
	}
	name, _ := in.nameOf(c.arg(0, "index_name"))
	if n := in.conName("ix", c.arg(0, "index_name"), "", nil, ""); n != "" {
		name = n
	}
	return s + qualified(schema, name)
}

// addKey translates create_unique_constraint and create_primary_key.
func (o *opCall) addKey(kind, sql string) string {
	cols := o.in.strList(o.arg(2, "columns"), "columns")
	name := o.in.conName(kind, o.c.arg(0, "constraint_name"), o.tableName(1, "table_name"), cols, "")
	return fmt.Sprintf("ALTER TABLE %s ADD %s%s (%s)%s", o.table(1, "table_name"), constraintName(name), sql, identList(cols), o.in.deferral(o.c))
}

// addCheck translates create_check_constraint.
func (o *opCall) addCheck() string {
	in, c := o.in, o.c
	cond := in.sqlExpr(o.arg(2, "condition"), "condition")
	name := in.conName("ck", c.arg(0, "constraint_name"), o.tableName(1, "table_name"), nil, "")
	s := fmt.Sprintf("ALTER TABLE %s ADD %sCHECK (%s)", o.table(1, "table_name"), constraintName(name), cond)
	if in.boolArg(c.kwArg("postgresql_not_valid"), "postgresql_not_valid", false) {
		s += " NOT VALID"
	}
	return s
}

// addForeignKey translates create_foreign_key, whose positional arguments
// differ between op (source table first) and batch_op (no source table).
func (o *opCall) addForeignKey() string {
	in, c := o.in, o.c
	var src, srcName, ref string
	var local, remote []string
	if o.batch != nil {
		src, srcName = qualified(o.batch.schema, o.batch.table), o.batch.table
		ref = in.mustStr(c.arg(1, "referent_table"), "referent_table")
		local = in.strList(c.arg(2, "local_cols"), "local_cols")
		remote = in.strList(c.arg(3, "remote_cols"), "remote_cols")
	} else {
		srcName = in.mustStr(c.arg(1, "source_table"), "source_table")
		src = qualified(in.mustOptStr(c.kwArg("source_schema"), "source_schema"), srcName)
		ref = in.mustStr(c.arg(2, "referent_table"), "referent_table")
		local = in.strList(c.arg(3, "local_cols"), "local_cols")
		remote = in.strList(c.arg(4, "remote_cols"), "remote_cols")
	}
	checkFKColumns("create_foreign_key", "local_cols", "remote_cols", local, remote)
	fk := &foreignKey{name: in.conName("fk", c.arg(0, "constraint_name"), srcName, local, ref, remote...),
		table: qualified(in.mustOptStr(c.kwArg("referent_schema"), "referent_schema"), ref), cols: remote}
	in.fkOptions(fk, c)
	s := fmt.Sprintf("ALTER TABLE %s ADD %s", src, fk.sql(local))
	if in.boolArg(c.kwArg("postgresql_not_valid"), "postgresql_not_valid", false) {
		s += " NOT VALID"
	}
	return s
}

// addExclude translates create_exclude_constraint(name, table,
// (column, operator), …, using=, where=).
func (o *opCall) addExclude() string {
	first := 2
	if o.batch != nil {
		first = 1
	}
	return fmt.Sprintf("ALTER TABLE %s ADD %s", o.table(1, "table_name"), o.in.exclude(o.c, first))
}

// exclude renders an exclusion constraint whose (column, operator)
// elements start at argument first: postgresql.ExcludeConstraint of
// create_table, or create_exclude_constraint.
func (in *interp) exclude(c *exCall, first int) string {
	var elems []string
	for _, a := range c.args[min(first, len(c.args)):] {
		pair, ok := in.resolve(a).(*exSeq)
		if !ok || len(pair.elems) != 2 {
			failf("an exclusion element is %s, not (column, operator)", describe(in.m.src, a))
		}
		elems = append(elems, in.clause(pair.elems[0], asColumn, "")+" WITH "+in.mustStr(pair.elems[1], "the operator"))
	}
	nameArg := c.kwArg("name")
	if first > 0 {
		nameArg = c.arg(0, "constraint_name")
	}
	name, _ := in.nameOf(nameArg)
	s := fmt.Sprintf("%sEXCLUDE USING %s (%s)", constraintName(name), orText(in.mustOptStr(c.kwArg("using"), "using"), "gist"), strings.Join(elems, ", "))
	if w := c.kwArg("where"); w != nil {
		s += " WHERE (" + in.sqlExpr(w, "where") + ")"
	}
	return s + in.deferral(c)
}

// dropConstraint translates drop_constraint; a naming convention with
// %(constraint_name)s renames the constraint it drops too.
func (o *opCall) dropConstraint() string {
	in, c := o.in, o.c
	kind := map[string]string{"foreignkey": "fk", "unique": "uq", "check": "ck", "primary": "pk"}[in.mustOptStr(o.arg(2, "type_"), "type_")]
	name, conv := in.nameOf(c.arg(0, "constraint_name"))
	switch {
	case conv:
		name = truncateName(name)
	case kind != "" && strings.Contains(in.naming[kind], "%(constraint_name)s"):
		name = in.conName(kind, c.arg(0, "constraint_name"), o.tableName(1, "table_name"), nil, "")
	}
	s := "ALTER TABLE " + o.table(1, "table_name") + " DROP CONSTRAINT "
	if in.boolArg(c.kwArg("if_exists"), "if_exists", false) {
		s += "IF EXISTS "
	}
	return s + quoteIdent(name)
}

// constraintName returns "CONSTRAINT <name> " to put before a constraint,
// or "" for an unnamed one.
func constraintName(n string) string {
	if n == "" {
		return ""
	}
	return "CONSTRAINT " + quoteIdent(n) + " "
}

// identList quotes column names and joins them with commas.
func identList(cols []string) string {
	q := make([]string, len(cols))
	for i, c := range cols {
		q[i] = quoteIdent(c)
	}
	return strings.Join(q, ", ")
}

// alterColumn translates alter_column in Alembic's order: the type (with
// USING), nullability, the default, the comment, then the name.
// existing_* arguments describe the column and emit nothing; arguments
// Alembic ignores on PostgreSQL (autoincrement, mysql_*) are ignored.
func (o *opCall) alterColumn() []string {
	in, c := o.in, o.c
	table := o.table(0, "table_name")
	col := in.mustStr(o.arg(1, "column_name"), "column_name")
	var out []string
	prefix := fmt.Sprintf("ALTER TABLE %s ALTER COLUMN %s ", table, quoteIdent(col))
	for _, k := range c.kw {
		switch k.name {
		case "table_name", "column_name", "schema", "nullable", "type_", "server_default", "new_column_name", "existing_type",
			"existing_nullable", "existing_server_default", "existing_comment", "postgresql_using", "existing_autoincrement",
			"autoincrement", "comment", "insert_before", "insert_after":
		default:
			if !otherDialectArg(k.name) {
				failf("the argument %s= is not translated", k.name)
			}
		}
	}
	if t := c.kwArg("type_"); t != nil && !isNone(in.resolve(t)) {
		out = append(out, o.alterType(prefix, in.sqlType(t)))
	}
	if n := c.kwArg("nullable"); n != nil && !isNone(in.resolve(n)) {
		if in.boolArg(n, "nullable", true) {
			out = append(out, prefix+"DROP NOT NULL")
		} else {
			out = append(out, prefix+"SET NOT NULL")
		}
	}
	if d := c.kwArg("server_default"); d != nil {
		switch v := in.resolve(d).(type) {
		case *exName:
			if v.tok.text == "None" {
				out = append(out, prefix+"DROP DEFAULT")
			} else if v.tok.text != "False" {
				out = append(out, prefix+"SET DEFAULT "+in.serverDefault(d))
			}
		default:
			out = append(out, prefix+"SET DEFAULT "+in.serverDefault(d))
		}
	}
	if cm := c.kwArg("comment"); cm != nil {
		if n, ok := in.resolve(cm).(*exName); !ok || n.tok.text != "False" {
			lit := "NULL"
			if !isNone(in.resolve(cm)) {
				lit = quoteLiteral(in.mustStr(cm, "comment"))
			}
			out = append(out, fmt.Sprintf("COMMENT ON COLUMN %s.%s IS %s", table, quoteIdent(col), lit))
		}
	}
	if n := c.kwArg("new_column_name"); n != nil && !isNone(in.resolve(n)) {
		out = append(out, fmt.Sprintf("ALTER TABLE %s RENAME %s TO %s", table, quoteIdent(col), quoteIdent(in.mustStr(n, "new_column_name"))))
	}
	return out
}

// alterType renders ALTER COLUMN … TYPE and records existing_type, which
// tells the lint what the column was when the migrations do not.
func (o *opCall) alterType(prefix string, typ sqlType) string {
	in, c := o.in, o.c
	s := prefix + "TYPE " + typ.name
	using := false
	if u := c.kwArg("postgresql_using"); u != nil && !isNone(in.resolve(u)) {
		s += " USING " + in.mustStr(u, "postgresql_using")
		using = true
	}
	if et := c.kwArg("existing_type"); et != nil && !isNone(in.resolve(et)) && !using {
		func() {
			defer func() { recover() }() // an existing_type migguard cannot render tells nothing
			in.change = &typeChange{from: in.sqlType(et).name, to: typ.name}
		}()
	}
	return s
}

// createIndex translates create_index (and sa.Index elements of
// create_table): the columns are names or expressions; the PostgreSQL
// arguments become CONCURRENTLY, IF NOT EXISTS, USING, operator classes,
// INCLUDE, WITH, TABLESPACE and WHERE.
func (in *interp) createIndex(c *exCall, o *opCall, qt, tname string) string {
	arg := c.arg
	if o != nil {
		arg = o.arg
	}
	colsArg := arg(2, "columns")
	var elems []expr
	if s, ok := in.resolve(colsArg).(*exSeq); ok && !s.other {
		elems = s.elems
	} else {
		elems = []expr{colsArg}
	}
	ops := map[string]string{}
	if po := c.kwArg("postgresql_ops"); po != nil {
		d, ok := in.resolve(po).(*exSeq)
		if !ok || d.dict == nil {
			failf("postgresql_ops is not a dict")
		}
		for _, kv := range d.dict {
			ops[in.mustStr(kv.k, "postgresql_ops")] = in.mustStr(kv.v, "postgresql_ops")
		}
	}
	var cols, names []string
	for _, e := range elems {
		s := in.clause(e, asColumn, "")
		if n, err := in.str(e); err == nil {
			names = append(names, n)
			if op := ops[n]; op != "" {
				s += " " + op
			}
		}
		cols = append(cols, s)
	}
	name := in.conName("ix", c.arg(0, "index_name"), tname, names, "")
	s := "CREATE "
	if in.boolArg(c.kwArg("unique"), "unique", false) {
		s += "UNIQUE "
	}
	s += "INDEX "
	if in.boolArg(c.kwArg("postgresql_concurrently"), "postgresql_concurrently", false) {
		s += "CONCURRENTLY "
	}
	if in.boolArg(c.kwArg("if_not_exists"), "if_not_exists", false) {
		s += "IF NOT EXISTS "
	}
	s += quoteIdent(name) + " ON " + qt
	if u := c.kwArg("postgresql_using"); u != nil {
		s += " USING " + in.mustStr(u, "postgresql_using")
	}
	s += " (" + strings.Join(cols, ", ") + ")"
	return s + in.indexOptions(c)
}

// indexOptions renders INCLUDE, NULLS NOT DISTINCT, WITH, TABLESPACE and
// WHERE of an index, and refuses arguments it does not know.
func (in *interp) indexOptions(c *exCall) string {
	s := ""
	if inc := c.kwArg("postgresql_include"); inc != nil {
		s += " INCLUDE (" + identList(in.strList(inc, "postgresql_include")) + ")"
	}
	if in.boolArg(c.kwArg("postgresql_nulls_not_distinct"), "postgresql_nulls_not_distinct", false) {
		s += " NULLS NOT DISTINCT"
	}
	if w := c.kwArg("postgresql_with"); w != nil {
		d, ok := in.resolve(w).(*exSeq)
		if !ok || d.dict == nil {
			failf("postgresql_with is not a dict")
		}
		var opts []string
		for _, kv := range d.dict {
			opts = append(opts, in.mustStr(kv.k, "postgresql_with")+" = "+in.clause(kv.v, asSQL, ""))
		}
		s += " WITH (" + strings.Join(opts, ", ") + ")"
	}
	if ts := c.kwArg("postgresql_tablespace"); ts != nil {
		s += " TABLESPACE " + quoteIdent(in.mustStr(ts, "postgresql_tablespace"))
	}
	if w := c.kwArg("postgresql_where"); w != nil {
		s += " WHERE " + in.sqlExpr(w, "postgresql_where")
	}
	for _, k := range c.kw {
		switch k.name {
		case "unique", "postgresql_concurrently", "if_not_exists", "postgresql_using", "postgresql_where", "postgresql_include",
			"postgresql_ops", "postgresql_with", "postgresql_tablespace", "postgresql_nulls_not_distinct", "schema", "table_name",
			"columns", "index_name", "name", "quote", "info", "_table", "_column_flag":
		default:
			if !otherDialectArg(k.name) {
				failf("the argument %s= is not translated", k.name)
			}
		}
	}
	return s
}

// foreignKey is a REFERENCES clause.
type foreignKey struct {
	name               string
	table              string // quoted, qualified
	refTable           string // unquoted, for naming conventions
	cols               []string
	ondelete, onupdate string
	match              string
	deferrable         string
	initially          string
	// useAlter is ForeignKey(use_alter=True): create_table leaves it out.
	useAlter bool
}

func (fk *foreignKey) sql(local []string) string {
	s := constraintName(fk.name) + "FOREIGN KEY(" + identList(local) + ") REFERENCES " + fk.table + " (" + identList(fk.cols) + ")"
	if fk.match != "" {
		s += " MATCH " + fk.match
	}
	if fk.ondelete != "" {
		s += " ON DELETE " + fk.ondelete
	}
	if fk.onupdate != "" {
		s += " ON UPDATE " + fk.onupdate
	}
	if fk.deferrable != "" {
		s += " " + fk.deferrable
	}
	if fk.initially != "" {
		s += " INITIALLY " + fk.initially
	}
	return s
}

func (in *interp) fkOptions(fk *foreignKey, c *exCall) {
	fk.ondelete = in.mustOptStr(c.kwArg("ondelete"), "ondelete")
	fk.onupdate = in.mustOptStr(c.kwArg("onupdate"), "onupdate")
	fk.initially = in.mustOptStr(c.kwArg("initially"), "initially")
	fk.match = in.mustOptStr(c.kwArg("match"), "match")
	if d := c.kwArg("deferrable"); d != nil && !isNone(in.resolve(d)) {
		if in.boolArg(d, "deferrable", false) {
			fk.deferrable = "DEFERRABLE"
		} else {
			fk.deferrable = "NOT DEFERRABLE"
		}
	}
}

// refOf splits "table.column" or "schema.table.column".
func refOf(s string) (table, col string) {
	i := strings.LastIndexByte(s, '.')
	if i < 0 {
		failf("ForeignKey(%q) does not name table.column", s)
	}
	t := s[:i]
	if j := strings.IndexByte(t, '.'); j >= 0 {
		return quoteIdent(t[:j]) + "." + quoteIdent(t[j+1:]), s[i+1:]
	}
	return quoteIdent(t), s[i+1:]
}

// refTableName returns the table of "schema.table.column", unquoted.
func refTableName(s string) string {
	parts := strings.Split(s, ".")
	if len(parts) < 2 {
		return ""
	}
	return parts[len(parts)-2]
}
