package rules

import (
	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
)

// This file holds what the column-type hygiene rules and the data-change
// rules share: the column definitions a statement writes and a search
// through a parse tree.

// typedColumn is a column type written in a statement: a column of CREATE
// TABLE, ALTER TABLE … ADD COLUMN, or the new type of ALTER COLUMN … TYPE.
type typedColumn struct {
	table *pgparse.RangeVar
	def   *pgparse.ColumnDef
	name  string
	typ   schema.Type
	loc   int32 // location of the type name
	// create is the CREATE TABLE that defines the column, nil otherwise.
	create *pgparse.CreateStmt
	// retype is set for ALTER COLUMN … TYPE.
	retype bool
}

// typedColumns returns the column types a statement writes. Temporary
// tables are left out: they are not part of the schema.
func typedColumns(n *pgparse.Node) []typedColumn {
	var out []typedColumn
	add := func(rv *pgparse.RangeVar, cd *pgparse.ColumnDef, name string, cs *pgparse.CreateStmt, retype bool) {
		if cd == nil || cd.TypeName == nil || rv == nil || rv.Relpersistence == "t" {
			return
		}
		out = append(out, typedColumn{table: rv, def: cd, name: name, typ: schema.TypeOf(cd.TypeName),
			loc: cd.TypeName.Location, create: cs, retype: retype})
	}
	switch s := n.GetNode().(type) {
	case *pgparse.Node_CreateStmt:
		for _, e := range s.CreateStmt.TableElts {
			if cd := e.GetColumnDef(); cd != nil {
				add(s.CreateStmt.Relation, cd, cd.Colname, s.CreateStmt, false)
			}
		}
	case *pgparse.Node_AlterTableStmt:
		if s.AlterTableStmt.Objtype != pgparse.ObjectType_OBJECT_TABLE {
			return nil
		}
		for _, c := range s.AlterTableStmt.Cmds {
			cmd := c.GetAlterTableCmd()
			switch cmd.GetSubtype() {
			case pgparse.AlterTableType_AT_AddColumn:
				cd := cmd.GetDef().GetColumnDef()
				add(s.AlterTableStmt.Relation, cd, cd.GetColname(), nil, false)
			case pgparse.AlterTableType_AT_AlterColumnType:
				add(s.AlterTableStmt.Relation, cmd.GetDef().GetColumnDef(), cmd.Name, nil, true)
			}
		}
	}
	return out
}

// hasConstraint reports whether a column definition carries an inline
// constraint of the given kind.
func (c typedColumn) hasConstraint(kind pgparse.ConstrType) bool {
	for _, n := range c.def.Constraints {
		if n.GetConstraint().GetContype() == kind {
			return true
		}
	}
	return false
}

// inTableConstraint reports whether the column is listed in a table-level
// constraint of the given kind of its CREATE TABLE.
func (c typedColumn) inTableConstraint(kind pgparse.ConstrType) bool {
	if c.create == nil {
		return false
	}
	for _, e := range c.create.TableElts {
		con := e.GetConstraint()
		if con == nil || con.Contype != kind {
			continue
		}
		cols := con.Keys
		if kind == pgparse.ConstrType_CONSTR_FOREIGN {
			cols = con.FkAttrs
		}
		for _, k := range strs(cols) {
			if k == c.name {
				return true
			}
		}
	}
	return false
}

// where names the column for a message: `column "id" of "events"`.
func (c typedColumn) where() string {
	return "column " + quoteName(c.name) + " of " + quoteName(displayRel(c.table))
}

// boundsRows reports whether a statement's row selection is bounded by a
// value written in it: a constant or parameter anywhere in its WHERE
// clause, or a LIMIT anywhere in the statement (a batch). A WHERE made only
// of column tests such as `c IS NULL` or a join condition selects rows by
// the data, and may select all of them.
func boundsRows(where *pgparse.Node, stmt *pgparse.Node) bool {
	hasConst := pgparse.Search(where, func(n *pgparse.Node) bool {
		switch n.GetNode().(type) {
		case *pgparse.Node_AConst, *pgparse.Node_ParamRef:
			return true
		}
		return false
	})
	if hasConst {
		return true
	}
	return pgparse.Search(stmt, func(n *pgparse.Node) bool {
		sel := n.GetSelectStmt()
		return sel != nil && sel.LimitCount != nil
	})
}

// lineOf returns the 1-based line of a byte offset of the file.
func lineOf(p *Pass, off int) int { return p.Lines.Pos(off).Line }

// dataChange is an UPDATE, DELETE, INSERT … SELECT or MERGE: a statement
// that changes the rows of a table, as many as its condition selects.
type dataChange struct {
	verb  string // "UPDATE", "DELETE FROM", "INSERT INTO", "MERGE INTO"
	rel   *pgparse.RangeVar
	where *pgparse.Node // the WHERE (or MERGE join) condition; nil for none
	// sources are the relations an INSERT … SELECT or MERGE reads.
	sources []*pgparse.RangeVar
}

// dataChangeOf returns the data change a statement makes, or nil. An
// INSERT of VALUES or of a SELECT without FROM is not one: it writes the
// rows it lists.
func dataChangeOf(n *pgparse.Node) *dataChange {
	switch s := n.GetNode().(type) {
	case *pgparse.Node_UpdateStmt:
		return &dataChange{verb: "UPDATE", rel: s.UpdateStmt.Relation, where: s.UpdateStmt.WhereClause}
	case *pgparse.Node_DeleteStmt:
		return &dataChange{verb: "DELETE FROM", rel: s.DeleteStmt.Relation, where: s.DeleteStmt.WhereClause}
	case *pgparse.Node_InsertStmt:
		sel := s.InsertStmt.SelectStmt.GetSelectStmt()
		if sel == nil || len(sel.FromClause) == 0 {
			return nil
		}
		dc := &dataChange{verb: "INSERT INTO", rel: s.InsertStmt.Relation, where: sel.WhereClause}
		for _, f := range sel.FromClause {
			pgparse.Search(f, func(x *pgparse.Node) bool {
				if rv := x.GetRangeVar(); rv != nil {
					dc.sources = append(dc.sources, rv)
				}
				return false
			})
		}
		return dc
	case *pgparse.Node_MergeStmt:
		m := s.MergeStmt
		dc := &dataChange{verb: "MERGE INTO", rel: m.Relation, where: m.JoinCondition}
		if rv := m.SourceRelation.GetRangeVar(); rv != nil {
			dc.sources = append(dc.sources, rv)
		}
		return dc
	}
	return nil
}

// unbounded reports whether the change may touch every row: it has no
// condition, or one that boundsRows does not see bounded.
func (dc *dataChange) unbounded(stmt *pgparse.Node) bool {
	return dc.where == nil || !boundsRows(dc.where, stmt)
}

// readsExisting returns the first relation an INSERT … SELECT or MERGE
// reads that existed before the file, or nil.
func (dc *dataChange) readsExisting(p *Pass) *pgparse.RangeVar {
	for _, rv := range dc.sources {
		if !p.IsNew(rv) {
			return rv
		}
	}
	return nil
}

// sqlTypeNames are the names a message shows for internal type names.
var sqlTypeNames = map[string]string{"int2": "smallint", "int4": "integer", "int8": "bigint", "bpchar": "char"}

// sqlTypeName writes a type the way SQL spells it: integer, char(2),
// varchar(255)[], timestamp(3).
func sqlTypeName(t schema.Type) string {
	u := t
	if n, ok := sqlTypeNames[t.Name]; ok && !(t.Name == "bpchar" && len(t.Mods) == 0) {
		u.Name = n
	}
	return u.String()
}
