package schema

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// init makes a zero Catalog usable.
func (c *Catalog) init() {
	if c.tables == nil {
		c.tables = map[string]*Table{}
	}
	if c.indexes == nil {
		c.indexes = map[string]*Index{}
	}
	if c.enums == nil {
		c.enums = map[string]*Enum{}
	}
	if c.schemas == nil {
		c.schemas = map[string]bool{"public": true}
	}
	if c.others == nil {
		c.others = map[string]bool{}
	}
	if c.conNames == nil {
		c.conNames = map[string]bool{}
		c.refBy, c.indexesOn = map[string][]*Table{}, map[string][]*Index{}
	}
}

// Indexes returns all indexes sorted by qualified name.
func (c *Catalog) Indexes() []*Index {
	out := make([]*Index, 0, len(c.indexes))
	for _, ix := range c.indexes {
		out = append(out, ix)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key() < out[j].Key() })
	return out
}

// IndexesOn returns the indexes of the table with the given key, in the
// order they were created.
func (c *Catalog) IndexesOn(table string) []*Index {
	c.derive()
	var out []*Index
	distinct(c.indexesOn[table], func(ix *Index) {
		if ix.Table == table && c.indexes[ix.Key()] == ix {
			out = append(out, ix)
		}
	})
	sort.Slice(out, func(i, j int) bool { return out[i].seq < out[j].seq })
	return out
}

// Partitions returns the partitions of the table with the given key, in
// the order they were created.
func (c *Catalog) Partitions(table string) []*Table {
	if t := c.tables[table]; t != nil && !t.Partitioned {
		return nil // only a partitioned table has partitions
	}
	var out []*Table
	for _, t := range c.tables {
		if t.PartitionOf == table {
			out = append(out, t)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].seq < out[j].seq })
	return out
}

// Schemas returns the names of the known schemas, sorted.
func (c *Catalog) Schemas() []string {
	out := make([]string, 0, len(c.schemas))
	for s, ok := range c.schemas {
		if ok {
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

// Key returns the qualified name used as catalog key.
func (ix *Index) Key() string { return Key(ix.Schema, ix.Name) }

// Key returns the qualified name used as catalog key.
func (e *Enum) Key() string { return Key(e.Schema, e.Name) }

// PrimaryKey returns the table's primary key constraint, or nil.
func (t *Table) PrimaryKey() *Constraint {
	for _, c := range t.Constraints {
		if c.Kind == PrimaryKey {
			return c
		}
	}
	return nil
}

// ImpliesNotNull reports whether the constraint is a CHECK that proves the
// column not null: `CHECK (col IS NOT NULL)`, possibly AND-ed with other
// conditions. It says nothing about whether the constraint is validated.
func (c *Constraint) ImpliesNotNull(column string) bool {
	return c.Kind == Check && slices.Contains(c.notNull, column)
}

// Clone returns a deep copy of the catalog.
func (c *Catalog) Clone() *Catalog {
	n := New()
	n.init()
	n.seq = c.seq
	for k, t := range c.tables {
		n.tables[k] = t.clone()
	}
	for k, ix := range c.indexes {
		cp := *ix
		cp.Columns = clone(ix.Columns)
		cp.Include = clone(ix.Include)
		cp.refs = clone(ix.refs)
		n.indexes[k] = &cp
	}
	for k, e := range c.enums {
		cp := *e
		cp.Values = clone(e.Values)
		n.enums[k] = &cp
	}
	for k, v := range c.schemas {
		n.schemas[k] = v
	}
	for k, v := range c.others {
		n.others[k] = v
	}
	n.conNames = copySet(c.conNames)
	n.underived = true
	c.cloneFunctions(n)
	return n
}

func (t *Table) clone() *Table {
	cp := *t
	cp.PartitionKey = clone(t.PartitionKey)
	cp.Columns = make([]*Column, len(t.Columns))
	for i, col := range t.Columns {
		cc := *col
		cc.Type.Mods = clone(col.Type.Mods)
		cp.Columns[i] = &cc
	}
	cp.Constraints = make([]*Constraint, len(t.Constraints))
	for i, con := range t.Constraints {
		cp.Constraints[i] = con.clone()
	}
	return &cp
}

func (c *Constraint) clone() *Constraint {
	cp := *c
	cp.Columns = clone(c.Columns)
	cp.RefColumns = clone(c.RefColumns)
	cp.refs = clone(c.refs)
	cp.notNull = clone(c.notNull)
	return &cp
}

func clone[T any](s []T) []T {
	if s == nil {
		return nil
	}
	return append([]T(nil), s...)
}

// String returns Dump().
func (c *Catalog) String() string { return c.Dump() }

// Dump renders the catalog compactly and deterministically, one object
// per line and a table's columns and constraints indented below it:
//
//	schema app
//	enum public.mood ('sad', 'happy')
//	table public.users
//	  id int8 not null identity always
//	  email text not null default ''::text
//	  constraint users_pkey primary key (id)
//	index public.users_pkey on public.users (id) unique constraint users_pkey
//
// Origins are left out. It is meant for tests and debugging.
func (c *Catalog) Dump() string {
	var b strings.Builder
	for _, s := range c.Schemas() {
		if s != "public" {
			fmt.Fprintf(&b, "schema %s\n", s)
		}
	}
	for _, e := range c.Enums() {
		vals := make([]string, len(e.Values))
		for i, v := range e.Values {
			vals[i] = "'" + strings.ReplaceAll(v, "'", "''") + "'"
		}
		fmt.Fprintf(&b, "enum %s (%s)\n", e.Key(), strings.Join(vals, ", "))
	}
	for _, t := range c.Tables() {
		t.dump(&b)
	}
	for _, ix := range c.Indexes() {
		ix.dump(&b)
	}
	return b.String()
}

func (t *Table) dump(b *strings.Builder) {
	b.WriteString("table " + t.Key())
	switch t.Persistence {
	case 'u':
		b.WriteString(" unlogged")
	case 't':
		b.WriteString(" temp")
	}
	if t.Partitioned {
		b.WriteString(" partitioned")
	}
	if t.PartitionOf != "" {
		b.WriteString(" partition of " + t.PartitionOf)
	}
	if t.ColumnsUnknown {
		b.WriteString(" columns unknown")
	}
	b.WriteByte('\n')
	for _, col := range t.Columns {
		b.WriteString("  " + col.Name)
		if col.Type.Name != "" {
			b.WriteString(" " + col.Type.String())
		}
		if col.Collation != "" {
			b.WriteString(" collate " + col.Collation)
		}
		if col.NotNull {
			b.WriteString(" not null")
		}
		if col.Default != "" {
			b.WriteString(" default " + col.Default)
		}
		switch col.Identity {
		case 'a':
			b.WriteString(" identity always")
		case 'd':
			b.WriteString(" identity by default")
		}
		if col.Generated {
			b.WriteString(" generated (" + col.GenerationExpr + ")")
		}
		b.WriteByte('\n')
	}
	for _, con := range t.Constraints {
		con.dump(b)
	}
}

func (c *Constraint) dump(b *strings.Builder) {
	fmt.Fprintf(b, "  constraint %s %s", c.Name, c.Kind)
	if c.Kind == Check {
		b.WriteString(" (" + c.Expr() + ")")
	} else {
		b.WriteString(" (" + strings.Join(c.Columns, ", ") + ")")
	}
	if c.Kind == ForeignKey {
		fmt.Fprintf(b, " references %s (%s)", c.RefTable, strings.Join(c.RefColumns, ", "))
	}
	if c.NotNullColumn != "" {
		fmt.Fprintf(b, " not-null %s", strings.Join(c.notNull, ", "))
	}
	if c.Index != "" {
		b.WriteString(" using index " + c.Index)
	}
	if !c.Validated {
		b.WriteString(" not valid")
	}
	b.WriteByte('\n')
}

func (ix *Index) dump(b *strings.Builder) {
	fmt.Fprintf(b, "index %s on %s", ix.Key(), ix.Table)
	if ix.Method != "" && ix.Method != "btree" {
		b.WriteString(" using " + ix.Method)
	}
	b.WriteString(" (" + strings.Join(ix.Columns, ", ") + ")")
	if len(ix.Include) > 0 {
		b.WriteString(" include (" + strings.Join(ix.Include, ", ") + ")")
	}
	if ix.Where != "" {
		b.WriteString(" where " + ix.Where)
	}
	if ix.Unique {
		b.WriteString(" unique")
	}
	if ix.Partitioned {
		b.WriteString(" partitioned")
	}
	if ix.parent != "" {
		b.WriteString(" of " + ix.parent)
	}
	if ix.Constraint != "" {
		b.WriteString(" constraint " + ix.Constraint)
	}
	b.WriteByte('\n')
}

func copySet(m map[string]bool) map[string]bool {
	out := make(map[string]bool, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
