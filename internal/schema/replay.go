package schema

import (
	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// RelKey returns the catalog key of a relation reference.
func RelKey(rv *pg_query.RangeVar) string {
	if rv == nil {
		return ""
	}
	return Key(rv.Schemaname, rv.Relname)
}

// TableFor returns the table a relation reference names, or nil.
func (c *Catalog) TableFor(rv *pg_query.RangeVar) *Table {
	if rv == nil {
		return nil
	}
	return c.tables[RelKey(rv)]
}

// Apply replays one parsed statement into the catalog.
func (c *Catalog) Apply(stmt *pg_query.Node, at Origin) {
	switch n := stmt.Node.(type) {
	case *pg_query.Node_CreateStmt:
		c.createTable(n.CreateStmt, at)
	}
}

func (c *Catalog) createTable(cs *pg_query.CreateStmt, at Origin) {
	t := &Table{Schema: cs.Relation.Schemaname, Name: cs.Relation.Relname, Created: at, Persistence: 'p'}
	if t.Schema == "" {
		t.Schema = "public"
	}
	for _, elt := range cs.TableElts {
		if cd := elt.GetColumnDef(); cd != nil {
			t.Columns = append(t.Columns, &Column{Name: cd.Colname, Created: at})
		}
	}
	c.tables[t.Key()] = t
}
