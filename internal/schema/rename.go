package schema

import "github.com/migguard/migguard/internal/pgparse"

// This file holds ALTER … RENAME and ALTER … SET SCHEMA: giving tables,
// indexes, columns, constraints, schemas and enum types new names, and
// updating every reference to them.

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
		r.moveIndexesOn(k, Key(schema, name))
	default:
		r.moveIndexesOn(k, Key(schema, name))
	}
}

// moveIndexesOn moves the indexes of a relation that is no table the
// catalog knows (see createIndexOnOther) to its new name.
func (r *replay) moveIndexesOn(old, rel string) {
	for _, ix := range r.c.IndexesOn(old) {
		ix.Table = rel
		r.c.noteIndex(ix)
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
