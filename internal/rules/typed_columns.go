package rules

import (
	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
)

// This file holds what the column-type hygiene rules share: the column
// definitions a statement writes, with the type it gives each.

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
