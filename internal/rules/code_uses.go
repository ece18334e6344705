package rules

import "strconv"

// CodeUse is a place where the application code uses a table or a
// column: a model that maps it, a query that names it.
type CodeUse struct {
	// Path is the file, relative to the project root.
	Path string
	Line int
	// What names the use: "gorm model User field Nickname", "query
	// \"SELECT nickname FROM users …\"".
	What string
	// GoType is the type of a Go model's field that maps a column, as
	// modeltag writes it (import path and name: "int32", "time.Time",
	// "database/sql.NullString"; "*" before a pointer); SQLType the SQL
	// type a SQLAlchemy model creates the column with ("varchar(50)").
	// Both are "" for a query, and for a use of a table.
	GoType, SQLType string
}

// String is the use as findings name it: what, then file:line.
func (u CodeUse) String() string { return u.What + " (" + u.Path + ":" + strconv.Itoa(u.Line) + ")" }

// Code says where the application code that runs beside the migrations
// uses tables and columns (internal/usage builds it from the models and
// the SQL in the code of the same tree). Rules that compare a migration
// with that code ask it through Pass.CodeUses, only when a statement drops
// or renames something, so that it may be built lazily.
//
// A Code that is also a DigestedCode lets such findings be cached, under
// the digest of the code they were found against.
type Code interface {
	// TableUses returns the uses of a table; schema "" is the schema the
	// search path finds.
	TableUses(schema, table string) []CodeUse
	// ColumnUses returns the uses of a column of a table.
	ColumnUses(schema, table, column string) []CodeUse
	// Inserts returns the code that inserts rows into a table, with the
	// columns each sets: the models that map it (an ORM inserts the
	// columns its model maps) and INSERT queries.
	Inserts(schema, table string) []CodeInsert
}

// DigestedCode is a Code that names what it was built from: equal digests
// answer every question alike.
type DigestedCode interface {
	Code
	Digest() [32]byte
}

// CodeInsert is code that inserts rows into a table.
type CodeInsert struct {
	CodeUse
	// Columns are the columns the insert sets; nil with Positional, an
	// INSERT without a column list.
	Columns    []string
	Positional bool
}
