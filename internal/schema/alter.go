package schema

import (
	"slices"

	"github.com/migguard/migguard/internal/pgparse"
)

// alterTable applies the subcommands of ALTER TABLE that change what the
// catalog records; the rest (storage, owner, triggers, …) are ignored.
func (r *replay) alterTable(s *pgparse.AlterTableStmt) {
	if s.Objtype != pgparse.ObjectType_OBJECT_TABLE {
		return
	}
	t := r.table(s.Relation)
	if t == nil {
		return
	}
	for _, n := range s.Cmds {
		if cmd := n.GetAlterTableCmd(); cmd != nil {
			r.alterCmd(t, cmd, s.Relation.Inh)
		}
	}
}

// alterCmd applies one subcommand; recurse is false under ALTER TABLE ONLY.
func (r *replay) alterCmd(t *Table, cmd *pgparse.AlterTableCmd, recurse bool) {
	switch cmd.Subtype {
	case pgparse.AlterTableType_AT_AddColumn:
		if cd := cmd.Def.GetColumnDef(); cd != nil {
			r.addColumn(t, cd, 0)
		}
	case pgparse.AlterTableType_AT_DropColumn:
		r.dropColumn(t, cmd.Name, true, 0)
	case pgparse.AlterTableType_AT_AddConstraint, pgparse.AlterTableType_AT_AddIndexConstraint:
		if con := cmd.Def.GetConstraint(); con != nil {
			r.addConstraint(t, con, "", false, recurse)
		}
	case pgparse.AlterTableType_AT_ValidateConstraint:
		r.validate(t, cmd.Name, 0)
	case pgparse.AlterTableType_AT_DropConstraint:
		r.dropConstraint(t, cmd.Name, recurse, 0)
	case pgparse.AlterTableType_AT_SetLogged:
		t.Persistence = 'p'
	case pgparse.AlterTableType_AT_SetUnLogged:
		t.Persistence = 'u'
	case pgparse.AlterTableType_AT_AttachPartition:
		r.attach(t, r.table(cmd.Def.GetPartitionCmd().GetName()))
		if child := r.table(cmd.Def.GetPartitionCmd().GetName()); child != nil && child.PartitionOf == t.Key() {
			child.setBound(cmd.Def.GetPartitionCmd().GetBound())
		}
	case pgparse.AlterTableType_AT_DetachPartition:
		r.detach(t, r.table(cmd.Def.GetPartitionCmd().GetName()))
	default:
		r.alterColumn(t, cmd, recurse, 0)
	}
}

// alterColumn applies the ALTER COLUMN subcommands to t and, unless
// recurse is false, to its partitions.
func (r *replay) alterColumn(t *Table, cmd *pgparse.AlterTableCmd, recurse bool, depth int) {
	col := t.Column(cmd.Name)
	if col == nil || depth > maxDepth {
		return
	}
	switch cmd.Subtype {
	case pgparse.AlterTableType_AT_AlterColumnType:
		cd := cmd.Def.GetColumnDef()
		if cd == nil || cd.TypeName == nil {
			return
		}
		col.Type = TypeOf(cd.TypeName)
		col.Collation = ""
		if cc := cd.GetCollClause(); cc != nil {
			_, col.Collation = qualified(cc.Collname)
		}
	case pgparse.AlterTableType_AT_ColumnDefault:
		col.Default = exprSQL(cmd.Def)
	case pgparse.AlterTableType_AT_SetNotNull:
		col.NotNull = true
	case pgparse.AlterTableType_AT_DropNotNull:
		col.NotNull = false
	case pgparse.AlterTableType_AT_AddIdentity:
		col.Identity, col.NotNull = generatedWhen(cmd.Def.GetConstraint().GetGeneratedWhen()), true
	case pgparse.AlterTableType_AT_SetIdentity:
		for _, o := range cmd.Def.GetList().GetItems() {
			if d := o.GetDefElem(); d != nil && d.Defname == "generated" && col.Identity != 0 {
				col.Identity = byte(d.Arg.GetInteger().GetIval())
			}
		}
	case pgparse.AlterTableType_AT_DropIdentity:
		col.Identity = 0
	case pgparse.AlterTableType_AT_DropExpression:
		col.Generated, col.GenerationExpr = false, ""
	default:
		return
	}
	if recurse || cmd.Subtype == pgparse.AlterTableType_AT_AlterColumnType {
		for _, p := range r.c.Partitions(t.Key()) {
			r.alterColumn(p, cmd, recurse, depth+1)
		}
	}
}

// addColumn adds a column (ADD COLUMN [IF NOT EXISTS]) with its
// constraints to t and its partitions.
func (r *replay) addColumn(t *Table, cd *pgparse.ColumnDef, depth int) {
	if cd.Colname == "" || cd.TypeName == nil || t.Column(cd.Colname) != nil || depth > maxDepth {
		return
	}
	pending := r.columnDef(t, cd)
	if col := t.Column(cd.Colname); col != nil {
		r.copyColumnDown(t, col, 0)
	}
	r.constraints(t, pending, false, true)
}

// copyColumnDown gives the partitions of t, at every level, a copy of a
// column added to t.
func (r *replay) copyColumnDown(t *Table, col *Column, depth int) {
	if depth > maxDepth {
		return
	}
	for _, p := range r.c.Partitions(t.Key()) {
		if p.Column(col.Name) == nil {
			cp := *col
			cp.Type.Mods = clone(col.Type.Mods)
			p.Columns = append(p.Columns, &cp)
		}
		r.copyColumnDown(p, col, depth+1)
	}
}

// dropColumn removes a column with the indexes and constraints that
// involve it, the foreign keys that refer to it and, with recurse, the
// column of the partitions.
func (r *replay) dropColumn(t *Table, name string, recurse bool, depth int) {
	i := -1
	for j, c := range t.Columns {
		if c.Name == name {
			i = j
		}
	}
	if i < 0 || depth > maxDepth {
		return
	}
	t.Columns = append(t.Columns[:i], t.Columns[i+1:]...)
	var gone []string
	for _, c := range t.Constraints {
		if slices.Contains(c.refs, name) || slices.Contains(c.notNull, name) {
			gone = append(gone, c.Name)
		}
	}
	for _, g := range gone {
		r.dropConstraint(t, g, false, 0)
	}
	for _, ix := range r.c.IndexesOn(t.Key()) {
		if slices.Contains(ix.refs, name) {
			r.deleteIndex(ix, 0)
		}
	}
	for _, u := range r.c.referencing(t.Key()) {
		u.Constraints = filter(u.Constraints, func(c *Constraint) bool {
			return !(c.Kind == ForeignKey && c.RefTable == t.Key() && slices.Contains(c.RefColumns, name))
		})
	}
	if recurse {
		for _, p := range r.c.Partitions(t.Key()) {
			r.dropColumn(p, name, true, depth+1)
		}
	}
}

func filter[T any](list []T, keep func(T) bool) []T {
	out := list[:0]
	for _, x := range list {
		if keep(x) {
			out = append(out, x)
		}
	}
	return out
}

// validate marks a constraint and its copies on the partitions valid.
func (r *replay) validate(t *Table, name string, depth int) {
	c := t.Constraint(name)
	if c == nil || depth > maxDepth {
		return
	}
	if !c.Validated {
		c.Validated, c.ValidatedAt = true, r.at
	}
	for _, p := range r.c.Partitions(t.Key()) {
		r.validate(p, name, depth+1)
	}
}

// dropConstraint removes a constraint, the index that implements it and,
// for the copies of CHECK and FOREIGN KEY constraints unless recurse is
// false, their copies on the partitions. The constraints on partitions
// whose indexes were cloned from the dropped index go with it.
func (r *replay) dropConstraint(t *Table, name string, recurse bool, depth int) {
	c := t.Constraint(name)
	if c == nil || depth > maxDepth {
		return
	}
	t.Constraints = filter(t.Constraints, func(x *Constraint) bool { return x != c })
	switch c.Kind {
	case PrimaryKey, Unique, Exclusion:
		if ix := r.c.indexes[Key(t.Schema, name)]; ix != nil && ix.Table == t.Key() {
			r.deleteIndex(ix, depth)
		}
	default:
		if recurse {
			for _, p := range r.c.Partitions(t.Key()) {
				r.dropConstraint(p, name, true, depth+1)
			}
		}
	}
}

// deleteIndex removes an index, the indexes cloned from it and the
// constraints those implement.
func (r *replay) deleteIndex(ix *Index, depth int) {
	if depth > maxDepth || r.c.indexes[ix.Key()] != ix {
		return
	}
	delete(r.c.indexes, ix.Key())
	if ix.Constraint != "" {
		if t := r.c.tables[ix.Table]; t != nil {
			t.Constraints = filter(t.Constraints, func(c *Constraint) bool { return c.Name != ix.Constraint })
		}
	}
	if !ix.Partitioned {
		return // only an index of a partitioned table has copies on partitions
	}
	for _, child := range r.c.indexes {
		if child.parent == ix.Key() {
			r.deleteIndex(child, depth+1)
		}
	}
}

// attach makes child a partition of t and gives it t's indexes and
// foreign keys. A cycle of partitions is refused.
func (r *replay) attach(t, child *Table) {
	if child == nil || !t.Partitioned || child.PartitionOf != "" {
		return
	}
	for k, d := t.Key(), 0; k != "" && d <= maxDepth; d++ {
		if k == child.Key() {
			return
		}
		p := r.c.tables[k]
		if p == nil {
			break
		}
		k = p.PartitionOf
	}
	child.PartitionOf = t.Key()
	for _, c := range t.Constraints {
		if c.Kind == ForeignKey {
			r.copyConstraint(child, c)
		}
	}
	r.cloneIndexes(t, child)
}

// detach ends a partition's link to t; its indexes and constraints stay.
func (r *replay) detach(t, child *Table) {
	if child == nil || child.PartitionOf != t.Key() {
		return
	}
	child.PartitionOf = ""
	child.DefaultPartition = false
	for _, ix := range r.c.IndexesOn(child.Key()) {
		if p := r.c.indexes[ix.parent]; p != nil && p.Table == t.Key() {
			ix.parent = ""
		}
	}
}

// rename applies ALTER … RENAME for tables, indexes, columns, constraints,
// schemas and enum types.
func (r *replay) rename(s *pgparse.RenameStmt) {
	if s.Newname == "" {
		return
	}
	switch s.RenameType {
	case pgparse.ObjectType_OBJECT_TABLE, pgparse.ObjectType_OBJECT_INDEX, pgparse.ObjectType_OBJECT_SEQUENCE,
		pgparse.ObjectType_OBJECT_VIEW, pgparse.ObjectType_OBJECT_MATVIEW:
		r.renameRelation(s.Relation, s.Newname)
	case pgparse.ObjectType_OBJECT_COLUMN:
		if t := r.table(s.Relation); t != nil {
			r.renameColumn(t, s.Subname, s.Newname, 0)
		}
	case pgparse.ObjectType_OBJECT_TABCONSTRAINT:
		if t := r.table(s.Relation); t != nil {
			r.renameConstraint(t, s.Subname, s.Newname, 0)
		}
	case pgparse.ObjectType_OBJECT_SCHEMA:
		r.renameSchema(s.Subname, s.Newname)
	case pgparse.ObjectType_OBJECT_TYPE:
		if e := r.c.enums[r.nameKey(s.Object.GetList().GetItems())]; e != nil {
			r.moveEnum(e, e.Schema, s.Newname)
		}
	}
}

// renameRelation renames whatever relation rv names: PostgreSQL lets
// ALTER TABLE rename an index and ALTER INDEX rename a table.
func (r *replay) renameRelation(rv *pgparse.RangeVar, name string) {
	if rv == nil {
		return
	}
	schema := r.schemaOf(rv)
	if r.c.relationNameUsed(schema, name) {
		return
	}
	k := r.key(rv)
	switch {
	case r.c.tables[k] != nil:
		r.moveTable(r.c.tables[k], schema, name)
	case r.c.indexes[k] != nil:
		ix := r.c.indexes[k]
		if ix.Constraint != "" {
			if t := r.c.tables[ix.Table]; t != nil && t.Constraint(name) == nil {
				if c := t.Constraint(ix.Constraint); c != nil {
					c.Name = name
					r.c.note(t, c)
				}
			}
			ix.Constraint = name
		}
		r.rekeyIndex(ix, schema, name)
	case r.c.others[k]:
		delete(r.c.others, k)
		r.c.others[Key(schema, name)] = true
	}
}

// moveTable gives a table a new schema and name, with its indexes, and
// updates every reference to it.
func (r *replay) moveTable(t *Table, schema, name string) {
	old := t.Key()
	delete(r.c.tables, old)
	moved := schema != t.Schema
	t.Schema, t.Name = schema, name
	r.c.tables[t.Key()] = t
	for _, ix := range r.c.IndexesOn(old) {
		ix.Table = t.Key()
		r.c.noteIndex(ix)
		if moved {
			r.rekeyIndex(ix, schema, ix.Name)
		}
	}
	for _, u := range r.c.tables {
		if u.PartitionOf == old {
			u.PartitionOf = t.Key()
		}
		for _, c := range u.Constraints {
			if c.RefTable == old {
				c.RefTable = t.Key()
				r.c.note(u, c)
			}
		}
	}
}

// rekeyIndex gives an index a new schema and name and updates the links
// of the indexes cloned from it.
func (r *replay) rekeyIndex(ix *Index, schema, name string) {
	old := ix.Key()
	delete(r.c.indexes, old)
	ix.Schema, ix.Name = schema, name
	r.c.indexes[ix.Key()] = ix
	for _, child := range r.c.indexes {
		if child.parent == old {
			child.parent = ix.Key()
		}
	}
}

// renameColumn renames a column everywhere the catalog mentions it by
// name: constraints, indexes, foreign keys that refer to it, partitions.
// Expression texts (CHECK, index expressions, predicates) keep the old
// name.
func (r *replay) renameColumn(t *Table, old, name string, depth int) {
	col := t.Column(old)
	if col == nil || t.Column(name) != nil || depth > maxDepth {
		return
	}
	col.Name = name
	for _, c := range t.Constraints {
		replace(c.Columns, old, name)
		replace(c.refs, old, name)
		replace(c.notNull, old, name)
		if c.NotNullColumn == old {
			c.NotNullColumn = name
		}
	}
	for _, ix := range r.c.IndexesOn(t.Key()) {
		replace(ix.Columns, old, name)
		replace(ix.Include, old, name)
		replace(ix.refs, old, name)
	}
	for _, u := range r.c.tables {
		for _, c := range u.Constraints {
			if c.Kind == ForeignKey && c.RefTable == t.Key() {
				replace(c.RefColumns, old, name)
			}
		}
	}
	for _, p := range r.c.Partitions(t.Key()) {
		r.renameColumn(p, old, name, depth+1)
	}
}

func replace(list []string, old, name string) {
	for i, x := range list {
		if x == old {
			list[i] = name
		}
	}
}

// renameConstraint renames a constraint; an index-backed constraint's
// index is renamed with it, and copies on partitions follow.
func (r *replay) renameConstraint(t *Table, old, name string, depth int) {
	c := t.Constraint(old)
	if c == nil || t.Constraint(name) != nil || depth > maxDepth {
		return
	}
	switch c.Kind {
	case PrimaryKey, Unique, Exclusion:
		if ix := r.c.indexes[Key(t.Schema, old)]; ix != nil && ix.Table == t.Key() {
			if r.c.relationNameUsed(t.Schema, name) {
				return
			}
			ix.Constraint = name
			r.rekeyIndex(ix, ix.Schema, name)
		}
	default:
		for _, p := range r.c.Partitions(t.Key()) {
			r.renameConstraint(p, old, name, depth+1)
		}
	}
	c.Name = name
	r.c.note(t, c)
}

// renameSchema renames a schema and rekeys everything in it.
func (r *replay) renameSchema(old, name string) {
	if old == "" || r.c.schemas[name] {
		return
	}
	delete(r.c.schemas, old)
	r.c.schemas[name] = true
	for _, t := range r.c.Tables() {
		if t.Schema == old {
			r.moveTable(t, name, t.Name)
		}
	}
	for _, ix := range r.c.Indexes() {
		if ix.Schema == old {
			r.rekeyIndex(ix, name, ix.Name)
		}
	}
	for _, e := range r.c.Enums() {
		if e.Schema == old {
			r.moveEnum(e, name, e.Name)
		}
	}
	for k := range r.c.others {
		if s, n := splitKey(k); s == old {
			delete(r.c.others, k)
			r.c.others[Key(name, n)] = true
		}
	}
}

// splitKey splits a catalog key into schema and name.
func splitKey(k string) (schema, name string) {
	for i := 0; i < len(k); i++ {
		if k[i] == '.' {
			return k[:i], k[i+1:]
		}
	}
	return "public", k
}

// typeKey returns the catalog key of the type a column has.
func typeKey(t Type) string {
	for i := len(t.Name) - 1; i >= 0; i-- {
		if t.Name[i] == '.' {
			return Key(t.Name[:i], t.Name[i+1:])
		}
	}
	return Key("", t.Name)
}

// moveEnum gives an enum type a new schema and name and retypes the
// columns of that type.
func (r *replay) moveEnum(e *Enum, schema, name string) {
	old := e.Key()
	if r.c.enums[Key(schema, name)] != nil {
		return
	}
	delete(r.c.enums, old)
	e.Schema, e.Name = schema, name
	r.c.enums[e.Key()] = e
	typeName := name
	if schema != "public" {
		typeName = schema + "." + name
	}
	for _, t := range r.c.tables {
		for _, col := range t.Columns {
			if typeKey(col.Type) == old {
				col.Type.Name = typeName
			}
		}
	}
}

// setSchema applies ALTER TABLE … SET SCHEMA and ALTER TYPE … SET SCHEMA.
func (r *replay) setSchema(s *pgparse.AlterObjectSchemaStmt) {
	if s.Newschema == "" {
		return
	}
	switch s.ObjectType {
	case pgparse.ObjectType_OBJECT_TABLE:
		if t := r.table(s.Relation); t != nil && !r.c.relationNameUsed(s.Newschema, t.Name) {
			r.moveTable(t, s.Newschema, t.Name)
		}
	case pgparse.ObjectType_OBJECT_TYPE:
		if e := r.c.enums[r.nameKey(s.Object.GetList().GetItems())]; e != nil {
			r.moveEnum(e, s.Newschema, e.Name)
		}
	}
}

// drop applies DROP TABLE, INDEX, SCHEMA, TYPE, and DROP of sequences and
// views.
func (r *replay) drop(s *pgparse.DropStmt) {
	cascade := s.Behavior == pgparse.DropBehavior_DROP_CASCADE
	for _, obj := range s.Objects {
		switch s.RemoveType {
		case pgparse.ObjectType_OBJECT_TABLE:
			if t := r.c.tables[r.nameKey(obj.GetList().GetItems())]; t != nil {
				r.dropTable(t, 0)
			}
		case pgparse.ObjectType_OBJECT_INDEX:
			if ix := r.c.indexes[r.nameKey(obj.GetList().GetItems())]; ix != nil && ix.Constraint == "" && ix.parent == "" {
				r.deleteIndex(ix, 0)
			}
		case pgparse.ObjectType_OBJECT_SEQUENCE, pgparse.ObjectType_OBJECT_VIEW, pgparse.ObjectType_OBJECT_MATVIEW:
			delete(r.c.others, r.nameKey(obj.GetList().GetItems()))
		case pgparse.ObjectType_OBJECT_TYPE:
			if e := r.c.enums[r.nameKey(obj.GetTypeName().GetNames())]; e != nil {
				r.dropEnum(e, cascade)
			}
		case pgparse.ObjectType_OBJECT_SCHEMA:
			r.dropSchema(obj.GetString_().GetSval(), cascade)
		}
	}
}

// dropTable removes a table, its partitions and indexes, and the foreign
// keys that refer to it.
func (r *replay) dropTable(t *Table, depth int) {
	k := t.Key()
	if r.c.tables[k] != t || depth > maxDepth {
		return
	}
	delete(r.c.tables, k)
	for _, p := range r.c.Partitions(k) {
		r.dropTable(p, depth+1)
	}
	for _, ix := range r.c.IndexesOn(k) {
		delete(r.c.indexes, ix.Key())
	}
	for _, u := range r.c.tables {
		u.Constraints = filter(u.Constraints, func(c *Constraint) bool {
			return !(c.Kind == ForeignKey && c.RefTable == k)
		})
	}
}

// dropEnum removes an enum type; with CASCADE the columns of that type go
// too, without it PostgreSQL refuses while columns use it.
func (r *replay) dropEnum(e *Enum, cascade bool) {
	var users [][2]string
	for _, t := range r.c.Tables() {
		for _, col := range t.Columns {
			if typeKey(col.Type) == e.Key() {
				users = append(users, [2]string{t.Key(), col.Name})
			}
		}
	}
	if len(users) > 0 && !cascade {
		return
	}
	delete(r.c.enums, e.Key())
	for _, u := range users {
		if t := r.c.tables[u[0]]; t != nil {
			r.dropColumn(t, u[1], false, 0) // partitions are in users too
		}
	}
}

// dropSchema removes a schema; with CASCADE everything in it goes too,
// without it PostgreSQL refuses unless the schema is empty.
func (r *replay) dropSchema(name string, cascade bool) {
	if name == "" {
		return
	}
	var tables []*Table
	for _, t := range r.c.Tables() {
		if t.Schema == name {
			tables = append(tables, t)
		}
	}
	var enums []*Enum
	for _, e := range r.c.Enums() {
		if e.Schema == name {
			enums = append(enums, e)
		}
	}
	if !cascade && (len(tables) > 0 || len(enums) > 0) {
		return
	}
	for _, t := range tables {
		r.dropTable(t, 0)
	}
	for _, e := range enums {
		r.dropEnum(e, true)
	}
	for k := range r.c.others {
		if s, _ := splitKey(k); s == name {
			delete(r.c.others, k)
		}
	}
	delete(r.c.schemas, name)
}
