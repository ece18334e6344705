package alembic

import (
	"fmt"
	"strings"
)

// op translates op.<name>(…) — or batch_op.<name>(…) with the batch's
// table — into SQL statements.
func (in *interp) op(name string, c *exCall, batchTable, batchSchema string) []string {
	if c.star {
		failf("*args or **kwargs, known only at run time")
	}
	o := &opCall{in: in, c: c, batchTable: batchTable, batchSchema: batchSchema}
	switch name {
	case "execute":
		return []string{in.sqlText(c.arg(0, "sqltext"))}
	case "add_column":
		return o.addColumn()
	case "drop_column":
		return []string{fmt.Sprintf("ALTER TABLE %s DROP COLUMN %s", o.table(0, "table_name"), quoteIdent(in.mustStr(o.arg(1, "column_name"), "column_name")))}
	case "alter_column":
		return in.alterColumn(c, o.table(0, "table_name"), in.mustStr(o.arg(1, "column_name"), "column_name"))
	case "create_table":
		return in.createTable(c)
	case "drop_table":
		return []string{"DROP TABLE " + o.table(0, "table_name")}
	case "rename_table":
		schema := in.mustOptStr(c.kwArg("schema"), "schema")
		return []string{fmt.Sprintf("ALTER TABLE %s RENAME TO %s", qualified(schema, in.mustStr(c.arg(0, "old_table_name"), "old_table_name")),
			quoteIdent(in.mustStr(c.arg(1, "new_table_name"), "new_table_name")))}
	case "create_index":
		return []string{in.createIndex(c, o.arg, o.table)}
	case "drop_index":
		return []string{o.dropIndex()}
	case "create_unique_constraint":
		return []string{o.addKey("UNIQUE")}
	case "create_primary_key":
		return []string{o.addKey("PRIMARY KEY")}
	case "create_check_constraint":
		return []string{o.addCheck()}
	case "create_foreign_key":
		return []string{o.addForeignKey()}
	case "drop_constraint":
		name := in.mustStr(o.arg(0, "constraint_name"), "constraint_name")
		return []string{fmt.Sprintf("ALTER TABLE %s DROP CONSTRAINT %s", o.table(1, "table_name"), quoteIdent(name))}
	case "get_bind", "get_context", "f", "inline_literal":
		return nil
	}
	failf("op.%s is not translated to SQL", name)
	return nil
}

// opCall is one op.<name>(…) or batch_op.<name>(…) call being translated.
type opCall struct {
	in *interp
	c  *exCall
	// batchTable and batchSchema are the table of batch_op, "" for op.
	batchTable, batchSchema string
}

// arg returns argument i (or keyword kw) as op.<name> numbers it:
// batch_op leaves out the table, which op passes first.
func (o *opCall) arg(i int, kw string) expr {
	if o.batchTable != "" && i > 0 {
		return o.c.arg(i-1, kw)
	}
	return o.c.arg(i, kw)
}

// table returns the qualified table of argument i (or keyword kw), or
// the batch table.
func (o *opCall) table(i int, kw string) string {
	if o.batchTable != "" {
		return qualified(o.batchSchema, o.batchTable)
	}
	return qualified(o.in.mustOptStr(o.c.kwArg("schema"), "schema"), o.in.mustStr(o.c.arg(i, kw), kw))
}

// addColumn translates add_column: the column, then the foreign key,
// unique constraint and index its definition asks for.
func (o *opCall) addColumn() []string {
	t := o.table(0, "table_name")
	col := o.in.column(o.arg(1, "column"))
	out := []string{fmt.Sprintf("ALTER TABLE %s ADD COLUMN %s", t, col.spec(false))}
	if col.fk != nil {
		out = append(out, fmt.Sprintf("ALTER TABLE %s ADD %s", t, col.fk.sql([]string{col.name})))
	}
	if col.unique {
		out = append(out, fmt.Sprintf("ALTER TABLE %s ADD UNIQUE (%s)", t, quoteIdent(col.name)))
	}
	if col.index {
		out = append(out, col.indexSQL(strings.Trim(t, `"`), t))
	}
	return append(col.pre, out...)
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
	return s + qualified(in.mustOptStr(c.kwArg("schema"), "schema"), in.mustStr(c.arg(0, "index_name"), "index_name"))
}

// addKey translates create_unique_constraint and create_primary_key;
// kind is UNIQUE or PRIMARY KEY.
func (o *opCall) addKey(kind string) string {
	cols := o.in.strList(o.arg(2, "columns"), "columns")
	return fmt.Sprintf("ALTER TABLE %s ADD %s%s (%s)", o.table(1, "table_name"),
		constraintName(o.in.mustOptStr(o.c.arg(0, "constraint_name"), "constraint_name")), kind, identList(cols))
}

// addCheck translates create_check_constraint.
func (o *opCall) addCheck() string {
	in, c := o.in, o.c
	cond := in.sqlExpr(o.arg(2, "condition"), "condition")
	s := fmt.Sprintf("ALTER TABLE %s ADD %sCHECK (%s)", o.table(1, "table_name"), constraintName(in.mustOptStr(c.arg(0, "constraint_name"), "constraint_name")), cond)
	if in.boolArg(c.kwArg("postgresql_not_valid"), "postgresql_not_valid", false) {
		s += " NOT VALID"
	}
	return s
}

// addForeignKey translates create_foreign_key, whose positional arguments
// differ between op (source table first) and batch_op (no source table).
func (o *opCall) addForeignKey() string {
	in, c := o.in, o.c
	var src string
	var local, remote []string
	var ref string
	if o.batchTable != "" {
		src = qualified(o.batchSchema, o.batchTable)
		ref = in.mustStr(c.arg(1, "referent_table"), "referent_table")
		local = in.strList(c.arg(2, "local_cols"), "local_cols")
		remote = in.strList(c.arg(3, "remote_cols"), "remote_cols")
	} else {
		src = qualified(in.mustOptStr(c.kwArg("source_schema"), "source_schema"), in.mustStr(c.arg(1, "source_table"), "source_table"))
		ref = in.mustStr(c.arg(2, "referent_table"), "referent_table")
		local = in.strList(c.arg(3, "local_cols"), "local_cols")
		remote = in.strList(c.arg(4, "remote_cols"), "remote_cols")
	}
	fk := &foreignKey{name: in.mustOptStr(c.arg(0, "constraint_name"), "constraint_name"),
		table: qualified(in.mustOptStr(c.kwArg("referent_schema"), "referent_schema"), ref), cols: remote}
	in.fkOptions(fk, c)
	s := fmt.Sprintf("ALTER TABLE %s ADD %s", src, fk.sql(local))
	if in.boolArg(c.kwArg("postgresql_not_valid"), "postgresql_not_valid", false) {
		s += " NOT VALID"
	}
	return s
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

// sqlExpr evaluates a SQL expression argument: a string or sa.text(…).
func (in *interp) sqlExpr(e expr, what string) string {
	if c, ok := e.(*exCall); ok {
		if n := dotted(c.fn); n == "sa.text" || n == "text" || n == "sqlalchemy.text" {
			return in.mustStr(c.args[0], what)
		}
		failf("%s is built by %s, known only at run time", what, orText(dotted(c.fn), "a call"))
	}
	return in.mustStr(e, what)
}

func (in *interp) alterColumn(c *exCall, table, col string) []string {
	var out []string
	prefix := fmt.Sprintf("ALTER TABLE %s ALTER COLUMN %s ", table, quoteIdent(col))
	known := map[string]bool{"table_name": true, "column_name": true, "schema": true, "nullable": true, "type_": true,
		"server_default": true, "new_column_name": true, "existing_type": true, "existing_nullable": true,
		"existing_server_default": true, "existing_comment": true, "postgresql_using": true, "existing_autoincrement": true, "comment": true}
	for _, k := range c.kw {
		if !known[k.name] {
			failf("the argument %s= is not translated", k.name)
		}
	}
	if t := c.kwArg("type_"); t != nil {
		typ := in.sqlType(t)
		s := prefix + "TYPE " + typ.name
		if u := c.kwArg("postgresql_using"); u != nil {
			s += " USING " + in.mustStr(u, "postgresql_using")
		}
		out = append(out, typ.pre...)
		out = append(out, s)
	}
	if n := c.kwArg("nullable"); n != nil && !isNone(n) {
		if in.boolArg(n, "nullable", true) {
			out = append(out, prefix+"DROP NOT NULL")
		} else {
			out = append(out, prefix+"SET NOT NULL")
		}
	}
	if d := c.kwArg("server_default"); d != nil {
		if n, ok := d.(*exName); ok && n.tok.text == "False" {
			// False means "leave the default alone".
		} else if isNone(d) {
			out = append(out, prefix+"DROP DEFAULT")
		} else {
			out = append(out, prefix+"SET DEFAULT "+in.serverDefault(d))
		}
	}
	if n := c.kwArg("new_column_name"); n != nil && !isNone(n) {
		out = append(out, fmt.Sprintf("ALTER TABLE %s RENAME %s TO %s", table, quoteIdent(col), quoteIdent(in.mustStr(n, "new_column_name"))))
	}
	if len(out) == 0 && c.kwArg("comment") == nil {
		failf("alter_column changes nothing migguard can see")
	}
	return out
}

func (in *interp) createIndex(c *exCall, arg func(int, string) expr, table func(int, string) string) string {
	name := in.mustOptStr(c.arg(0, "index_name"), "index_name")
	t := table(1, "table_name")
	colsArg := arg(2, "columns")
	var cols []string
	var elems []expr
	if s, ok := colsArg.(*exSeq); ok && !s.other {
		elems = s.elems
	} else {
		elems = []expr{colsArg}
	}
	for _, e := range elems {
		if call, ok := e.(*exCall); ok {
			cols = append(cols, in.sqlExpr(call, "an index expression"))
			continue
		}
		cols = append(cols, quoteIdent(in.mustStr(e, "columns")))
	}
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
	s += quoteIdent(name) + " ON " + t
	if u := c.kwArg("postgresql_using"); u != nil {
		s += " USING " + in.mustStr(u, "postgresql_using")
	}
	s += " (" + strings.Join(cols, ", ") + ")"
	if inc := c.kwArg("postgresql_include"); inc != nil {
		s += " INCLUDE (" + identList(in.strList(inc, "postgresql_include")) + ")"
	}
	if w := c.kwArg("postgresql_where"); w != nil {
		s += " WHERE " + in.sqlExpr(w, "postgresql_where")
	}
	for _, k := range c.kw {
		switch k.name {
		case "unique", "postgresql_concurrently", "if_not_exists", "postgresql_using", "postgresql_where", "postgresql_include", "schema", "table_name", "columns", "index_name":
		default:
			failf("the argument %s= is not translated", k.name)
		}
	}
	return s
}

// foreignKey is a REFERENCES clause.
type foreignKey struct {
	name               string
	table              string // quoted, qualified
	cols               []string
	ondelete, onupdate string
	deferrable         string
	initially          string
}

func (fk *foreignKey) sql(local []string) string {
	s := constraintName(fk.name) + "FOREIGN KEY(" + identList(local) + ") REFERENCES " + fk.table + " (" + identList(fk.cols) + ")"
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
	if d := c.kwArg("deferrable"); d != nil && !isNone(d) {
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
