package rules

import (
	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
)

// addColumnInlineConstraint flags ADD COLUMN with a UNIQUE, PRIMARY KEY,
// REFERENCES or CHECK constraint written on the column, which cannot use
// the online recipes (NOT VALID, USING INDEX).
//
//	ALTER TABLE users ADD COLUMN org_id bigint REFERENCES orgs (id);   -- flagged
//
//	ALTER TABLE users ADD COLUMN org_id bigint;                        -- fine
//	ALTER TABLE users ADD CONSTRAINT users_org_fk
//	    FOREIGN KEY (org_id) REFERENCES orgs (id) NOT VALID;          -- fine
var addColumnInlineConstraint = &Rule{
	ID:       "add-column-inline-constraint",
	Peers:    []string{"squawk:adding-foreign-key-constraint", "squawk:adding-serial-primary-key-field", "squawk:disallowed-unique-constraint", "eugene:E1", "eugene:E7"},
	Fails:    []Failure{{SQLState: "23514"}},
	Title:    "column added with an inline constraint locks and scans the table",
	Severity: Error,
	Lock:     "ACCESS EXCLUSIVE",
	Detects: "`ALTER TABLE … ADD COLUMN` whose column definition carries UNIQUE, PRIMARY KEY, REFERENCES or CHECK, on a " +
		"table that existed before this migration. Tables created earlier in the same file, and temporary tables, are " +
		"exempt, and so is an inline REFERENCES to a table created earlier in the file or to the table itself on a " +
		"column that gets no value in the existing rows (no DEFAULT, not even DEFAULT NULL, no identity or generated " +
		"expression): PostgreSQL then does not validate the key.",
	Why: "ADD COLUMN holds ACCESS EXCLUSIVE, and an inline constraint does its work under that lock: UNIQUE and PRIMARY " +
		"KEY build their index, CHECK scans every row to validate it, and REFERENCES also locks the referenced table " +
		"in SHARE ROW EXCLUSIVE (blocking its writes) and, when the column gets a value (any DEFAULT clause, even " +
		"DEFAULT NULL), scans the table to validate the new values. Inline constraints cannot be NOT VALID and cannot adopt an index built beforehand, so none of " +
		"the online recipes apply: the table is unavailable for as long as the scan or the build takes.",
	Fix: "Add the bare column first. Then add the constraint on its own with its online recipe: " +
		"`CREATE UNIQUE INDEX CONCURRENTLY` then `ADD CONSTRAINT … UNIQUE|PRIMARY KEY USING INDEX`; " +
		"`ADD CONSTRAINT … CHECK (…) NOT VALID` or `… FOREIGN KEY … NOT VALID`, then `VALIDATE CONSTRAINT` in a " +
		"later transaction.",
	Help: "add the column bare, then add the constraint separately (NOT VALID + VALIDATE, or USING INDEX)",
	Check: func(p *Pass) {
		for _, ac := range addedColumnsOnExisting(p) {
			col, table := ac.def.Colname, displayRel(ac.rel)
			// Whether the column's foreign key is checked against every row
			// is statementWork's call: only when the column gets a value.
			scans := hasWork(addColumnWork(p, ac.def), WorkScan) && newColumnGetsValues(ac.def)
			for _, c := range ac.def.Constraints {
				con := c.GetConstraint()
				if con == nil {
					continue
				}
				loc := con.Location
				if loc <= 0 {
					loc = columnLoc(ac.def)
				}
				switch con.Contype {
				case pgparse.ConstrType_CONSTR_UNIQUE, pgparse.ConstrType_CONSTR_PRIMARY:
					kind := "UNIQUE"
					if con.Contype == pgparse.ConstrType_CONSTR_PRIMARY {
						kind = "PRIMARY KEY"
					}
					p.ReportWork(loc, WorkBuild, "adding column %q to %q with inline %s builds its unique index while ACCESS EXCLUSIVE blocks every query on %q",
						col, table, kind, table)
				case pgparse.ConstrType_CONSTR_CHECK:
					p.ReportWork(loc, WorkScan, "adding column %q to %q with an inline CHECK scans every row to validate it while ACCESS EXCLUSIVE blocks every query on %q",
						col, table, table)
				case pgparse.ConstrType_CONSTR_FOREIGN:
					if !scans && (p.IsNew(con.Pktable) || schema.RelKey(con.Pktable) == schema.RelKey(ac.rel)) {
						// Nothing to validate, and the lock on the referenced
						// table blocks no one: it is new, or already locked.
						continue
					}
					ref := displayKey(schema.RelKey(con.Pktable))
					if p.Created(con.Pktable) {
						// The referenced table is new: its lock blocks no one.
						p.ReportWork(loc, WorkScan, "adding column %q to %q with inline REFERENCES %q: as the column gets a value it scans every row to validate the key while ACCESS EXCLUSIVE blocks every query on %q",
							col, table, ref, table)
						continue
					}
					if !scans {
						p.Report(loc, "adding column %q to %q with inline REFERENCES %q also locks %q in SHARE ROW EXCLUSIVE, blocking its writes",
							col, table, ref, ref)
						continue
					}
					p.ReportWork(loc, WorkScan, "adding column %q to %q with inline REFERENCES %q also locks %q in SHARE ROW EXCLUSIVE, blocking its writes, and as the column gets a value it scans every row to validate the key",
						col, table, ref, ref)
				}
			}
		}
	},
}

func init() { Register(addColumnInlineConstraint) }
