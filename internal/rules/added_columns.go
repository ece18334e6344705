package rules

import (
	"strings"

	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
)

// This file holds what the ADD COLUMN rules share: the columns an ALTER
// TABLE adds to a table that existed before the file, and what their
// definitions say (constraints, default, serial type).

// addedColumn is one ADD COLUMN command of an ALTER TABLE.
type addedColumn struct {
	rel *pgparse.RangeVar
	cmd *pgparse.AlterTableCmd
	def *pgparse.ColumnDef
}

// addedColumnsOnExisting returns the ADD COLUMN commands of the statement
// when it is an ALTER TABLE of a table that existed before this file (not
// created earlier in it, not temporary). ALTER FOREIGN TABLE stores no
// rows and is left out.
func addedColumnsOnExisting(p *Pass) []addedColumn {
	at := p.Node().GetAlterTableStmt()
	if at == nil || at.Objtype != pgparse.ObjectType_OBJECT_TABLE || p.IsNew(at.Relation) {
		return nil
	}
	if t := p.Table(at.Relation); t != nil && t.Persistence == 't' {
		return nil
	}
	var out []addedColumn
	for _, c := range at.Cmds {
		cmd := c.GetAlterTableCmd()
		if cmd.GetSubtype() != pgparse.AlterTableType_AT_AddColumn {
			continue
		}
		if cd := cmd.GetDef().GetColumnDef(); cd != nil {
			out = append(out, addedColumn{rel: at.Relation, cmd: cmd, def: cd})
		}
	}
	return out
}

// constraintOf returns the first inline constraint of the given kind on a
// column definition, or nil.
func constraintOf(cd *pgparse.ColumnDef, kind pgparse.ConstrType) *pgparse.Constraint {
	for _, c := range cd.GetConstraints() {
		if con := c.GetConstraint(); con != nil && con.Contype == kind {
			return con
		}
	}
	return nil
}

// columnDefault returns the DEFAULT expression of a column definition, or nil.
func columnDefault(cd *pgparse.ColumnDef) *pgparse.Node {
	if con := constraintOf(cd, pgparse.ConstrType_CONSTR_DEFAULT); con != nil {
		return con.RawExpr
	}
	return cd.GetRawDefault()
}

// isSerialType reports whether a column is declared serial, bigserial,
// smallserial or one of their aliases.
func isSerialType(cd *pgparse.ColumnDef) bool {
	_, ok := schema.TypeOf(cd.GetTypeName()).SerialBase()
	return ok
}

// serialTypes are the pseudo-types that add a sequence default.
var serialTypes = map[string]bool{
	"serial": true, "bigserial": true, "smallserial": true, "serial2": true, "serial4": true, "serial8": true,
}

// newColumnGetsValues reports whether ADD COLUMN fills the existing rows of
// the new column with something other than NULL (a DEFAULT, even DEFAULT
// NULL, an identity, a generated expression or a serial type): PostgreSQL
// then validates a foreign key written on the column against every row,
// where for a column without one it marks the key valid without a scan.
func newColumnGetsValues(cd *pgparse.ColumnDef) bool {
	if cd == nil {
		return false
	}
	if names := strs(cd.GetTypeName().GetNames()); len(names) > 0 && serialTypes[strings.ToLower(names[len(names)-1])] {
		return true
	}
	if cd.RawDefault != nil {
		return true
	}
	for _, c := range cd.Constraints {
		switch c.GetConstraint().GetContype() {
		case pgparse.ConstrType_CONSTR_DEFAULT, pgparse.ConstrType_CONSTR_IDENTITY, pgparse.ConstrType_CONSTR_GENERATED:
			return true
		}
	}
	return false
}

// columnLoc is where a finding about a column definition points: the
// column name, or the statement when the parser gave no location.
func columnLoc(cd *pgparse.ColumnDef) int32 {
	if cd.GetLocation() > 0 {
		return cd.Location
	}
	return -1
}
