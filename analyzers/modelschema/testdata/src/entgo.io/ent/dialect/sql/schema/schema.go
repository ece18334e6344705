// Package schema is a stub of entgo.io/ent/dialect/sql/schema for the
// tests.
package schema

import "entgo.io/ent/schema/field"

// Column is a column of a table ent describes.
type Column struct {
	Name      string
	Type      field.Type
	Nullable  bool
	Unique    bool
	Increment bool
	Size      int64
}

// Table is a table ent describes.
type Table struct {
	Name       string
	Columns    []*Column
	PrimaryKey []*Column
}
