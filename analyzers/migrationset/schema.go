package migrationset

import (
	"github.com/migguard/migguard/internal/schema"
)

// Schema is the part of a replayed schema that models are compared with.
// It is small and gob-encodable, since it travels between packages as a
// fact.
type Schema struct {
	// Source says where the migrations are, for messages.
	Source string
	Tables map[string]*Table // by key, schema.name
	// Others are the keys of views, materialized views and sequences.
	Others map[string]bool
	// Enums are the keys of the enum types.
	Enums map[string]bool
}

// Table is a table of a Schema.
type Table struct {
	Key     string
	Columns []*Column
	// ColumnsUnknown is true when the migrations create the table in a way
	// that does not list its columns (CREATE TABLE AS).
	ColumnsUnknown bool
	// Created names the migration file that created the table.
	Created string
}

// Column is a column of a Table.
type Column struct {
	Name    string
	Type    schema.Type
	NotNull bool
	// Created names the migration file that created or last changed the
	// column's type.
	Created string
}

// Column returns the named column, or nil.
func (t *Table) Column(name string) *Column {
	for _, c := range t.Columns {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Table returns the table with the given key, or nil.
func (s *Schema) Table(key string) *Table { return s.Tables[key] }

func schemaOf(cat *schema.Catalog, source string) *Schema {
	s := &Schema{Source: source, Tables: map[string]*Table{}, Others: map[string]bool{}, Enums: map[string]bool{}}
	for _, t := range cat.Tables() {
		st := &Table{Key: t.Key(), ColumnsUnknown: t.ColumnsUnknown, Created: t.Created.File}
		for _, c := range t.Columns {
			notNull := c.NotNull
			if pk := t.PrimaryKey(); pk != nil {
				for _, k := range pk.Columns {
					notNull = notNull || k == c.Name
				}
			}
			for _, con := range t.Constraints {
				if con.Validated && con.ImpliesNotNull(c.Name) {
					notNull = true
				}
			}
			st.Columns = append(st.Columns, &Column{Name: c.Name, Type: c.Type, NotNull: notNull, Created: c.Created.File})
		}
		s.Tables[st.Key] = st
	}
	for _, k := range cat.OtherRelations() {
		s.Others[k] = true
	}
	for _, e := range cat.Enums() {
		s.Enums[e.Key()] = true
	}
	return s
}
