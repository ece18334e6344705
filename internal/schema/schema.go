// Package schema is an in-memory catalog of the database schema that a
// migration set builds. Replaying every earlier migration into a Catalog
// tells the rules what exists before a statement runs: tables and their
// columns (type, nullability, default), constraints and whether they are
// validated, indexes, partitioning, and enum types.
//
// The catalog is deliberately forgiving: a statement about an object it does
// not know (because it came from outside the migrations) is ignored, and
// unknown objects are "not known" rather than "absent".
package schema

import (
	"sort"
	"strconv"
	"strings"

	"github.com/migguard/migguard/internal/pgparse"
)

// Origin says where an object was created or changed: the migration file
// and the transaction number (0 when the statement ran in autocommit mode).
// Transaction numbers are unique across one replay.
type Origin struct {
	File string
	Tx   int
}

// Catalog is the replayed schema.
type Catalog struct {
	tables  map[string]*Table
	indexes map[string]*Index
	enums   map[string]*Enum
	schemas map[string]bool
	// others holds the keys of relations that are neither tables nor
	// indexes (sequences, views): their names take part in name choice.
	others map[string]bool
	// funcs holds the functions the migrations created, by qualified name.
	funcs map[string][]*Function
	// seq numbers tables and indexes in creation order.
	seq int
	// conNames holds every name a constraint has had, so that choosing a
	// name for an unnamed constraint only scans the tables when the name
	// may be in use. It only grows; a hit is confirmed by the scan.
	conNames map[string]bool
	// refBy maps a table key to the tables whose foreign keys referenced
	// it, and indexesOn to the indexes that were on it: supersets that only
	// grow, so that a lookup checks a few candidates instead of scanning
	// the whole catalog.
	refBy     map[string][]*Table
	indexesOn map[string][]*Index
	// underived is set when refBy and indexesOn may lack the foreign keys
	// and indexes the catalog holds (a loaded snapshot, a clone): they are
	// added on the first read that needs them, as most loads never read
	// them. Writes add to the maps meanwhile: adding again is harmless.
	underived bool
}

// New returns an empty catalog.
func New() *Catalog {
	c := &Catalog{}
	c.init()
	return c
}

// Key returns the catalog key of a possibly qualified name: an empty
// schema means public.
func Key(schema, name string) string {
	var buf [64]byte
	return string(appendKey(buf[:0], schema, name))
}

// appendKey appends Key(schema, name) to buf.
func appendKey(buf []byte, schema, name string) []byte {
	if schema == "" {
		schema = "public"
	}
	buf = append(buf, schema...)
	buf = append(buf, '.')
	return append(buf, name...)
}

// lookup returns m's value for Key(schema, name), building the key on the
// stack: a map lookup with it allocates nothing.
func lookup[V any](m map[string]*V, schema, name string) *V {
	var buf [64]byte
	return m[string(appendKey(buf[:0], schema, name))]
}

// Table returns the table (or partitioned table) schema.name, or nil.
func (c *Catalog) Table(schema, name string) *Table { return lookup(c.tables, schema, name) }

// Index returns the index schema.name, or nil.
func (c *Catalog) Index(schema, name string) *Index { return lookup(c.indexes, schema, name) }

// Enum returns the enum type schema.name, or nil.
func (c *Catalog) Enum(schema, name string) *Enum { return lookup(c.enums, schema, name) }

// HasSchema reports whether a schema is known to exist.
func (c *Catalog) HasSchema(name string) bool { return c.schemas[name] }

// Tables returns all tables sorted by qualified name.
func (c *Catalog) Tables() []*Table {
	out := make([]*Table, 0, len(c.tables))
	for _, t := range c.tables {
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key() < out[j].Key() })
	return out
}

// Enums returns all enum types sorted by qualified name.
func (c *Catalog) Enums() []*Enum {
	out := make([]*Enum, 0, len(c.enums))
	for _, e := range c.enums {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return Key(out[i].Schema, out[i].Name) < Key(out[j].Schema, out[j].Name) })
	return out
}

// Table is a table, a partitioned table or a partition.
type Table struct {
	Schema, Name string
	Columns      []*Column
	Constraints  []*Constraint
	// Partitioned is true for a table created with PARTITION BY.
	Partitioned bool
	// PartitionOf is the key of the parent of a partition, "" otherwise.
	PartitionOf string
	// PartitionStrategy is "range", "list" or "hash" for a partitioned
	// table, "" otherwise.
	PartitionStrategy string
	// PartitionKey lists the partition key of a partitioned table: column
	// names, and an expression as its SQL text in parentheses.
	PartitionKey []string
	// DefaultPartition is true for the DEFAULT partition of its parent.
	DefaultPartition bool
	// Persistence is 'p' (permanent), 'u' (unlogged) or 't' (temporary).
	Persistence byte
	// AccessMethod is the table access method that USING or SET ACCESS
	// METHOD named, "" for the default (heap, unless the server's
	// default_table_access_method says otherwise).
	AccessMethod string
	// ColumnsUnknown is true when the columns are not all known, as for
	// CREATE TABLE AS and SELECT INTO.
	ColumnsUnknown bool
	Created        Origin
	seq            int
	// dropped counts the columns dropped from the table, which PostgreSQL
	// keeps counting against MaxColumns (see Attributes).
	dropped int
}

// Key returns the qualified name used as catalog key.
func (t *Table) Key() string { return Key(t.Schema, t.Name) }

// Column returns the named column, or nil.
func (t *Table) Column(name string) *Column {
	for _, c := range t.Columns {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Constraint returns the named constraint, or nil.
func (t *Table) Constraint(name string) *Constraint {
	for _, c := range t.Constraints {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Column is a table column.
//
// A large schema holds many columns: the fields of one byte come last, so
// that they share a word.
type Column struct {
	Name string
	Type Type
	// Default is the default expression as SQL text, "" when there is none.
	Default string
	// GenerationExpr is the expression of a generated column as SQL text.
	GenerationExpr string
	// Collation is the collation given with COLLATE, "" for the default.
	Collation string
	Created   Origin
	NotNull   bool
	// Identity is 'a' (ALWAYS), 'd' (BY DEFAULT) or 0.
	Identity byte
	// Generated is true for a stored generated column.
	Generated bool
}

// Type is a column type, normalised: pg_catalog is stripped and aliases are
// mapped to PostgreSQL's internal names (integer → int4, varchar stays
// varchar, timestamp with time zone → timestamptz).
type Type struct {
	Name  string
	Mods  []int32 // type modifiers, e.g. the 255 of varchar(255) or 10,2 of numeric(10,2)
	Array bool
}

// String renders the type as SQL.
func (t Type) String() string {
	var b strings.Builder
	b.WriteString(t.Name)
	if len(t.Mods) > 0 {
		b.WriteByte('(')
		for i, m := range t.Mods {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Itoa(int(m)))
		}
		b.WriteByte(')')
	}
	if t.Array {
		b.WriteString("[]")
	}
	return b.String()
}

// ConstraintKind is the kind of a table constraint.
type ConstraintKind int

// Constraint kinds.
const (
	Check ConstraintKind = iota + 1
	ForeignKey
	Unique
	PrimaryKey
	Exclusion
)

func (k ConstraintKind) String() string {
	switch k {
	case Check:
		return "check"
	case ForeignKey:
		return "foreign key"
	case Unique:
		return "unique"
	case PrimaryKey:
		return "primary key"
	case Exclusion:
		return "exclusion"
	}
	return "constraint"
}

// Constraint is a table constraint.
type Constraint struct {
	Name    string
	Kind    ConstraintKind
	Columns []string
	// RefTable is the key of the referenced table of a foreign key.
	RefTable   string
	RefColumns []string
	// Validated is false for a constraint added NOT VALID and not yet validated.
	Validated bool
	// ValidatedAt is where the constraint became valid (its creation, or VALIDATE CONSTRAINT).
	ValidatedAt Origin
	// NotNullColumn is set for CHECK (col IS NOT NULL).
	NotNullColumn string
	// Index is the index named in USING INDEX, "" otherwise.
	Index string
	// expr is the expression of a CHECK constraint, decoded from exprEnc
	// (see setExpr) once asked for (checkExpr). Expr renders it when asked:
	// most replayed constraints are never printed, and the deparser is a
	// large part of the cost of a replay. The node is never changed.
	expr    *pgparse.Node
	exprEnc string
	Created Origin
	// refs are all columns the constraint involves; notNull the columns
	// a CHECK constraint proves not null.
	refs, notNull []string
}

// Index is an index.
type Index struct {
	Schema, Name string
	Table        string // key of the indexed table
	// Columns lists the key columns; an expression key is its SQL text in
	// parentheses.
	Columns []string
	Unique  bool
	// Partitioned is true for an index on a partitioned table.
	Partitioned bool
	// Constraint is the name of the constraint the index implements
	// (primary key, unique, exclusion), "" for a plain index.
	Constraint string
	// Method is the access method: btree, hash, gin, gist, brin, ….
	Method string
	// Include lists the INCLUDE columns.
	Include []string
	// Where is the predicate of a partial index as SQL text.
	Where   string
	Created Origin
	// refs are all columns the index involves; parent is the key of the
	// index on the parent table an index of a partition was cloned from.
	refs   []string
	parent string
	seq    int
}

// Enum is an enum type and its values in order.
type Enum struct {
	Schema, Name string
	Values       []string
	Created      Origin
}

// Expr returns the expression of a CHECK constraint as SQL text.
func (c *Constraint) Expr() string { return exprSQL(c.checkExpr()) }
