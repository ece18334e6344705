package rules

import "github.com/migguard/migguard/internal/pgparse"

// This file holds what the constraint rules share: finding the ALTER TABLE
// commands that add constraints to a table that existed before the
// migration.

// existingTableAlter returns the current statement when it is an ALTER
// TABLE of a table that existed before this migration (not created earlier
// in the file or transaction, not temporary), nil otherwise.
func existingTableAlter(p *Pass) *pgparse.AlterTableStmt {
	at := p.Node().GetAlterTableStmt()
	if at == nil || at.Objtype != pgparse.ObjectType_OBJECT_TABLE || at.Relation == nil || p.IsNew(at.Relation) {
		return nil
	}
	return at
}

// addedConstraint is a constraint that one ALTER TABLE command adds:
// ADD CONSTRAINT, or a constraint written on a column of ADD COLUMN.
type addedConstraint struct {
	con *pgparse.Constraint
	// col is the new column for a constraint written inline on ADD COLUMN,
	// nil for ADD CONSTRAINT.
	col *pgparse.ColumnDef
}

// loc returns where to report a constraint: its own location, or the
// altered table's when the parser gave none.
func (a addedConstraint) loc(at *pgparse.AlterTableStmt) int32 {
	if a.con.Location >= 0 {
		return a.con.Location
	}
	return at.Relation.Location
}

// addedConstraints returns the constraints of kind typ that the commands
// of an ALTER TABLE add, in the order they are written.
func addedConstraints(at *pgparse.AlterTableStmt, typ pgparse.ConstrType) []addedConstraint {
	var out []addedConstraint
	for _, c := range at.Cmds {
		cmd := c.GetAlterTableCmd()
		switch cmd.GetSubtype() {
		case pgparse.AlterTableType_AT_AddConstraint:
			if con := cmd.GetDef().GetConstraint(); con != nil && con.Contype == typ {
				out = append(out, addedConstraint{con: con})
			}
		case pgparse.AlterTableType_AT_AddColumn:
			cd := cmd.GetDef().GetColumnDef()
			for _, cc := range cd.GetConstraints() {
				if con := cc.GetConstraint(); con != nil && con.Contype == typ {
					out = append(out, addedConstraint{con: con, col: cd})
				}
			}
		}
	}
	return out
}

// constraintColumns returns the key columns of a PRIMARY KEY, UNIQUE or
// FOREIGN KEY constraint: those it lists, or the new column it is written on.
func constraintColumns(a addedConstraint) []string {
	var cols []string
	if a.con.Contype == pgparse.ConstrType_CONSTR_FOREIGN {
		cols = strs(a.con.FkAttrs)
	} else {
		cols = strs(a.con.Keys)
	}
	if len(cols) == 0 && a.col != nil {
		cols = []string{a.col.Colname}
	}
	return cols
}

// checkIndexConstraint reports PRIMARY KEY or UNIQUE constraints added to
// an existing table without USING INDEX; word is the SQL keyword.
func checkIndexConstraint(p *Pass, typ pgparse.ConstrType, word string) {
	at := existingTableAlter(p)
	if at == nil {
		return
	}
	table := displayRel(at.Relation)
	t := p.Table(at.Relation)
	partitioned := t != nil && t.Partitioned
	for _, a := range addedConstraints(at, typ) {
		if a.con.Indexname != "" {
			continue
		}
		var msg string
		if a.col != nil {
			msg = `adding column "` + a.col.Colname + `" with ` + word + ` to "` + table + `" builds a unique index under ACCESS EXCLUSIVE`
		} else {
			what := constraintPhrase(word+" constraint", a.con.Conname)
			if typ == pgparse.ConstrType_CONSTR_PRIMARY {
				what = constraintPhrase("primary key", a.con.Conname)
			}
			msg = "adding " + what + " " + quoteList(constraintColumns(a)) + ` to "` + table + `" builds its index under ACCESS EXCLUSIVE`
			if typ == pgparse.ConstrType_CONSTR_PRIMARY {
				if nullable := pkKeyUnproven(p, at.Relation, constraintColumns(a)); len(nullable) > 0 {
					msg += " after scanning the table to set " + quoteList(nullable) + " NOT NULL"
				}
			}
		}
		msg += `: every query on "` + table + `" waits until it is done`
		if partitioned {
			msg += "; a partitioned table does not accept USING INDEX, so build a partitioned unique index instead (ON ONLY, then CONCURRENTLY on each partition and ATTACH PARTITION)"
		}
		p.ReportWork(a.loc(at), WorkBuild, "%s", msg)
	}
}
