package schema

import "github.com/migguard/migguard/internal/pgparse"

// This file holds DROP of tables, indexes, sequences, views, enum types
// and schemas, with what goes with them.

// drop applies DROP TABLE, INDEX, SCHEMA, TYPE, and DROP of sequences and
// views.
func (r *replay) drop(s *pgparse.DropStmt) {
	cascade := s.Behavior == pgparse.DropBehavior_DROP_CASCADE
	for _, obj := range s.Objects {
		switch s.RemoveType {
		case pgparse.ObjectType_OBJECT_TABLE:
			k := r.nameKey(obj.GetList().GetItems())
			if t := r.c.tables[k]; t != nil {
				r.dropTable(t, 0)
			} else {
				r.dropIndexesOn(k)
			}
		case pgparse.ObjectType_OBJECT_INDEX:
			if ix := r.c.indexes[r.nameKey(obj.GetList().GetItems())]; ix != nil && ix.Constraint == "" && ix.parent == "" {
				r.deleteIndex(ix, 0)
			}
		case pgparse.ObjectType_OBJECT_SEQUENCE, pgparse.ObjectType_OBJECT_VIEW, pgparse.ObjectType_OBJECT_MATVIEW:
			k := r.nameKey(obj.GetList().GetItems())
			delete(r.c.others, k)
			r.dropIndexesOn(k)
		case pgparse.ObjectType_OBJECT_TYPE:
			if e := r.c.enums[r.nameKey(obj.GetTypeName().GetNames())]; e != nil {
				r.dropEnum(e, cascade)
			}
		case pgparse.ObjectType_OBJECT_SCHEMA:
			r.dropSchema(obj.GetString_().GetSval(), cascade)
		}
	}
}

// dropIndexesOn removes the indexes of a relation that is no table the
// catalog knows (see createIndexOnOther), which go with it.
func (r *replay) dropIndexesOn(rel string) {
	for _, ix := range r.c.IndexesOn(rel) {
		delete(r.c.indexes, ix.Key())
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

func filter[T any](list []T, keep func(T) bool) []T {
	out := list[:0]
	for _, x := range list {
		if keep(x) {
			out = append(out, x)
		}
	}
	return out
}
