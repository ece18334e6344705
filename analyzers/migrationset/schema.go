package migrationset

import (
	"slices"
	"sync"

	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/schema"
)

// Schema is the part of a replayed schema that models are compared with.
// It is small and gob-encodable, since it travels between packages as a
// fact.
type Schema struct {
	// Source says where the migrations are, for messages.
	Source string
	Tables []*Table // sorted by key; slices keep the fact's encoding deterministic
	// Others are the keys of views, materialized views and sequences.
	Others []string
	// Enums are the keys of the enum types.
	Enums []string
	// Unread is true when migrations run SQL that migguard cannot read
	// (built at run time): a table they do not create may exist.
	Unread bool

	// index maps keys to Tables, built on the first lookup: a fact is
	// shared by the analyses of every package that imports it, which run
	// at once.
	indexOnce sync.Once
	index     map[string]*Table
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
	// Unread is true when SQL that migguard cannot read runs in or after
	// the migration that created the table: it may have changed it.
	Unread bool
}

// Column is a column of a Table.
type Column struct {
	Name    string
	Type    schema.Type
	NotNull bool
	// Filled is true when the database gives the column a value that an
	// insert leaves out: a default, an identity, a serial, a generated
	// column.
	Filled bool
	// Unwritable is true when PostgreSQL refuses a value for the column
	// from an insert or update (an identity GENERATED ALWAYS, a generated
	// column): no model writes it, NULL included.
	Unwritable bool
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
func (s *Schema) Table(key string) *Table {
	s.indexOnce.Do(func() {
		s.index = make(map[string]*Table, len(s.Tables))
		for _, t := range s.Tables {
			s.index[t.Key] = t
		}
	})
	return s.index[key]
}

// IsOther reports whether key is a view, materialized view or sequence.
func (s *Schema) IsOther(key string) bool { return slices.Contains(s.Others, key) }

// IsEnum reports whether key is an enum type.
func (s *Schema) IsEnum(key string) bool { return slices.Contains(s.Enums, key) }

// schemaOf describes the catalog that replaying set built.
func schemaOf(cat *schema.Catalog, set *migrations.Set, source string) *Schema {
	s := &Schema{Source: source}
	order := map[string]int{}
	lastUnread := -1
	for i, f := range set.Files {
		order[f.Path] = i
		if len(f.Unread) > 0 {
			lastUnread = i
		}
	}
	s.Unread = lastUnread >= 0
	for _, t := range cat.Tables() {
		at, known := order[t.Created.File]
		st := &Table{Key: t.Key(), ColumnsUnknown: t.ColumnsUnknown, Created: t.Created.File, Unread: !known && s.Unread || at <= lastUnread}
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
			_, serial := c.Type.SerialBase()
			filled := c.Default != "" || c.Identity != 0 || c.Generated || serial
			st.Columns = append(st.Columns, &Column{Name: c.Name, Type: c.Type, NotNull: notNull, Filled: filled,
				Unwritable: c.Identity == 'a' || c.Generated, Created: c.Created.File})
		}
		s.Tables = append(s.Tables, st)
	}
	s.Others = cat.OtherRelations()
	for _, e := range cat.Enums() {
		s.Enums = append(s.Enums, e.Key())
	}
	return s
}
