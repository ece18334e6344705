package rules

import (
	"strings"

	"github.com/migguard/migguard/internal/pgparse"
)

// foreignKeyWithoutIndex flags a new foreign key whose referencing columns
// do not lead any index of the referencing table, neither one the schema
// knows nor one the same migration creates.
//
//	CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users); -- flagged
//
//	CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users); -- fine:
//	CREATE INDEX orders_user_id_idx ON orders (user_id);
var foreignKeyWithoutIndex = &Rule{
	ID:       "foreign-key-without-index",
	Peers:    []string{"eugene:E15"},
	Title:    "foreign key without an index on its referencing columns",
	Severity: Info,
	Optional: true,
	Detects: "A foreign key added by CREATE TABLE (table or column constraint) or ALTER TABLE (ADD CONSTRAINT, ADD " +
		"COLUMN … REFERENCES) whose referencing columns are not the leading columns, in any order, of a non-partial " +
		"btree index of the referencing table: one the schema replayed from earlier migrations knows, one the same " +
		"statement creates (PRIMARY KEY, UNIQUE), or one a later statement of the same migration creates.",
	Why: "PostgreSQL indexes the referenced key but not the referencing columns. Every DELETE of a referenced row, " +
		"and every UPDATE of its key, must look for referencing rows: without an index that is a full scan of the " +
		"referencing table per row, under a lock, and ON DELETE CASCADE or SET NULL turn a small delete into a long " +
		"one. Joins from the referenced table are slow too.",
	Fix: "Create an index whose leading columns are the foreign key's columns, with `CREATE INDEX CONCURRENTLY` on an " +
		"existing table (in a migration that runs outside a transaction), or a plain CREATE INDEX on a table created " +
		"in the same migration. Skip it only for small tables whose referenced rows are never deleted.",
	Help: "create an index on the referencing columns (CONCURRENTLY on an existing table)",
	Check: func(p *Pass) {
		for _, fk := range newForeignKeys(p.Node()) {
			if fk.table == nil || fk.table.Relpersistence == "t" || len(fk.cols) == 0 {
				continue
			}
			key := relKey(fk.table)
			if fkIndexed(p, fk, key) {
				continue
			}
			p.unlessLater(func(n *pgparse.Node) bool { return indexesFK(n, key, fk.cols) }, func() { reportFKWithoutIndex(p, fk) })
		}
	},
}

// reportFKWithoutIndex reports a foreign key that no index serves.
func reportFKWithoutIndex(p *Pass, fk newFK) {
	con := "foreign key"
	if fk.con.Conname != "" {
		con += ` "` + fk.con.Conname + `"`
	}
	loc := fk.con.Location
	if loc < 0 {
		loc = fk.table.Location
	}
	p.Report(loc, "%s (%s) of %q has no index on its columns: each DELETE or key UPDATE in %q scans %q for referencing rows",
		con, strings.Join(fk.cols, ", "), displayRel(fk.table), displayRel(fk.con.Pktable), displayRel(fk.table))
}

func init() { Register(foreignKeyWithoutIndex) }

// newFK is a foreign key that a statement adds, with the index-backed
// constraints (PRIMARY KEY, UNIQUE) the same statement adds to that table.
type newFK struct {
	table *pgparse.RangeVar
	con   *pgparse.Constraint
	cols  []string
	keys  [][]string // columns of the statement's PRIMARY KEY and UNIQUE constraints
}

// newForeignKeys returns the foreign keys that CREATE TABLE or ALTER TABLE adds.
func newForeignKeys(n *pgparse.Node) []newFK {
	var fks []newFK
	var keys [][]string
	var table *pgparse.RangeVar
	add := func(con *pgparse.Constraint, col string) {
		switch con.GetContype() {
		case pgparse.ConstrType_CONSTR_FOREIGN:
			cols := strs(con.FkAttrs)
			if len(cols) == 0 && col != "" {
				cols = []string{col}
			}
			fks = append(fks, newFK{table: table, con: con, cols: cols})
		case pgparse.ConstrType_CONSTR_PRIMARY, pgparse.ConstrType_CONSTR_UNIQUE:
			cols := strs(con.Keys)
			if len(cols) == 0 && col != "" {
				cols = []string{col}
			}
			keys = append(keys, cols)
		}
	}
	column := func(cd *pgparse.ColumnDef) {
		for _, cc := range cd.GetConstraints() {
			add(cc.GetConstraint(), cd.Colname)
		}
	}
	switch s := n.GetNode().(type) {
	case *pgparse.Node_CreateStmt:
		table = s.CreateStmt.Relation
		for _, elt := range append(append([]*pgparse.Node{}, s.CreateStmt.TableElts...), s.CreateStmt.Constraints...) {
			if cd := elt.GetColumnDef(); cd != nil {
				column(cd)
			} else if con := elt.GetConstraint(); con != nil {
				add(con, "")
			}
		}
	case *pgparse.Node_AlterTableStmt:
		if s.AlterTableStmt.Objtype != pgparse.ObjectType_OBJECT_TABLE {
			return nil
		}
		table = s.AlterTableStmt.Relation
		for _, c := range s.AlterTableStmt.Cmds {
			cmd := c.GetAlterTableCmd()
			switch cmd.GetSubtype() {
			case pgparse.AlterTableType_AT_AddConstraint:
				add(cmd.GetDef().GetConstraint(), "")
			case pgparse.AlterTableType_AT_AddColumn:
				column(cmd.GetDef().GetColumnDef())
			}
		}
	}
	for i := range fks {
		fks[i].keys = keys
	}
	return fks
}

// fkIndexed reports whether an index leads with the foreign key's columns:
// one the statement itself creates, or one the catalog knows on its table
// key. One that a later statement of the file creates answers the finding
// (indexesFK).
func fkIndexed(p *Pass, fk newFK, key string) bool {
	for _, k := range fk.keys {
		if leadsWith(k, fk.cols) {
			return true
		}
	}
	for _, ix := range p.Catalog.IndexesOn(key) {
		if ix.Where == "" && usableMethod(ix.Method, fk.cols) && leadsWith(ix.Columns, fk.cols) {
			return true
		}
	}
	return false
}

// indexesFK reports whether a statement creates an index on table key
// that leads with a foreign key's columns cols: CREATE INDEX, or a PRIMARY
// KEY or UNIQUE constraint added to the table.
func indexesFK(n *pgparse.Node, key string, cols []string) bool {
	if idx := n.GetIndexStmt(); idx != nil && relKey(idx.Relation) == key && idx.WhereClause == nil &&
		usableMethod(idx.AccessMethod, cols) && leadsWith(indexColumns(idx), cols) {
		return true
	}
	for _, later := range newForeignKeys(n) {
		if relKey(later.table) == key {
			for _, k := range later.keys {
				if leadsWith(k, cols) {
					return true
				}
			}
		}
	}
	at := n.GetAlterTableStmt()
	return at != nil && relKey(at.Relation) == key && addsKeyOn(at, cols)
}

// addsKeyOn reports whether an ALTER TABLE adds a PRIMARY KEY or UNIQUE
// constraint that leads with cols.
func addsKeyOn(at *pgparse.AlterTableStmt, cols []string) bool {
	for _, c := range at.Cmds {
		con := c.GetAlterTableCmd().GetDef().GetConstraint()
		switch con.GetContype() {
		case pgparse.ConstrType_CONSTR_PRIMARY, pgparse.ConstrType_CONSTR_UNIQUE:
			if leadsWith(strs(con.Keys), cols) {
				return true
			}
		}
	}
	return false
}

// usableMethod reports whether an index access method serves the equality
// lookups of a foreign key check: btree, or hash for one column.
func usableMethod(method string, cols []string) bool {
	switch strings.ToLower(method) {
	case "", "btree":
		return true
	case "hash":
		return len(cols) == 1
	}
	return false
}

// indexColumns returns the key columns of CREATE INDEX; an expression key
// is "()" so that it matches no column.
func indexColumns(idx *pgparse.IndexStmt) []string {
	var out []string
	for _, p := range idx.IndexParams {
		el := p.GetIndexElem()
		if el.GetName() == "" {
			out = append(out, "()")
			continue
		}
		out = append(out, el.Name)
	}
	return out
}

// leadsWith reports whether the first len(cols) entries of index are cols,
// in any order.
func leadsWith(index, cols []string) bool {
	if len(index) < len(cols) {
		return false
	}
	for _, c := range cols {
		if !containsStr(index[:len(cols)], c) {
			return false
		}
	}
	return true
}
