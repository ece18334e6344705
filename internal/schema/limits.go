package schema

import "github.com/migguard/migguard/internal/pgparse"

// MaxColumns is the most columns a PostgreSQL table can have
// (MaxHeapAttributeNumber). A statement that would give a table more
// fails with SQLSTATE 54011, "tables can have at most 1600 columns", and
// the replay leaves the catalog as it was, as it does for every statement
// PostgreSQL rejects. The limit also keeps the replay linear: a table's
// columns are looked up by name among at most MaxColumns.
const MaxColumns = 1600

// Attributes returns the attribute numbers the table has used: its columns
// and the columns dropped from it, whose numbers PostgreSQL never reuses,
// so that they count against MaxColumns too.
func (t *Table) Attributes() int { return len(t.Columns) + t.dropped }

// AddedColumns returns the column definitions of the ADD COLUMN
// subcommands of an ALTER TABLE that name a column t does not have yet,
// each name once, in order: the columns the statement adds.
func AddedColumns(t *Table, cmds []*pgparse.Node) []*pgparse.ColumnDef {
	var out []*pgparse.ColumnDef
	var seen map[string]bool
	for _, n := range cmds {
		cmd := n.GetAlterTableCmd()
		cd := cmd.GetDef().GetColumnDef()
		if cmd.GetSubtype() != pgparse.AlterTableType_AT_AddColumn || cd == nil || cd.Colname == "" || seen[cd.Colname] {
			continue
		}
		if t.Column(cd.Colname) != nil {
			continue
		}
		if seen == nil {
			seen = map[string]bool{}
		}
		seen[cd.Colname] = true
		out = append(out, cd)
	}
	return out
}

// CreatedColumns returns how many columns CREATE TABLE gives its table:
// its column definitions and the columns of its parents (INHERITS,
// PARTITION OF) and LIKE sources, each name once. Sources the catalog does
// not know count none.
func (c *Catalog) CreatedColumns(cs *pgparse.CreateStmt) int {
	return createdColumns(cs, c.TableFor)
}

// createdColumns is CreatedColumns with the tables that relation
// references name found by table.
func createdColumns(cs *pgparse.CreateStmt, table func(*pgparse.RangeVar) *Table) int {
	var sources []*Table
	n := 0
	for _, elt := range cs.TableElts {
		switch e := elt.Node.(type) {
		case *pgparse.Node_ColumnDef:
			n++
		case *pgparse.Node_TableLikeClause:
			if t := table(e.TableLikeClause.GetRelation()); t != nil {
				sources = append(sources, t)
			}
		}
	}
	for _, inh := range cs.InhRelations {
		if t := table(inh.GetRangeVar()); t != nil {
			sources = append(sources, t)
		}
	}
	for _, t := range sources {
		n += len(t.Columns)
	}
	if n <= MaxColumns {
		return n // an upper bound within the limit is enough
	}
	// Columns of the same name merge into one.
	names := map[string]bool{}
	for _, elt := range cs.TableElts {
		if cd := elt.GetColumnDef(); cd != nil {
			names[cd.Colname] = true
		}
	}
	for _, t := range sources {
		for _, col := range t.Columns {
			names[col.Name] = true
		}
	}
	return len(names)
}

// roomFor reports whether t, and each of its partitions, can take n more
// columns.
func (r *replay) roomFor(t *Table, n, depth int) bool {
	if n == 0 {
		return true
	}
	if t.Attributes()+n > MaxColumns {
		return false
	}
	if depth > maxDepth {
		return true
	}
	for _, p := range r.c.Partitions(t.Key()) {
		if !r.roomFor(p, n, depth+1) {
			return false
		}
	}
	return true
}
