package rules

import "github.com/migguard/migguard/internal/pgparse"

// addCheckWithoutNotValid flags a CHECK constraint added without NOT VALID
// to a table that existed before the migration.
//
//	ALTER TABLE products ADD CONSTRAINT price_positive CHECK (price > 0);           -- flagged
//	ALTER TABLE products ADD CONSTRAINT price_positive CHECK (price > 0) NOT VALID; -- fine
//	-- later, in another transaction:
//	ALTER TABLE products VALIDATE CONSTRAINT price_positive;                        -- fine
var addCheckWithoutNotValid = &Rule{
	ID:       "add-check-without-not-valid",
	Peers:    []string{"squawk:constraint-missing-not-valid", "eugene:E1"},
	Fails:    []Failure{{SQLState: "23514"}},
	Title:    "check constraint added without NOT VALID scans the table while blocking all access",
	Severity: Error,
	Lock:     "ACCESS EXCLUSIVE",
	Detects: "`ALTER TABLE … ADD [CONSTRAINT c] CHECK (…)` without `NOT VALID` on a table that existed before this " +
		"migration (tables created earlier in the same file or transaction, and temporary tables, are exempt).",
	Why: "Adding a CHECK constraint takes ACCESS EXCLUSIVE on the table and then reads every row to prove that the " +
		"condition holds. Every query on the table, reads included, waits until that scan is done (minutes on a large " +
		"table), and everything queued behind those queries waits too.",
	Fix: "Add it with `NOT VALID`: the lock is then held only for a catalog change, and new or updated rows are checked " +
		"from then on. Commit, then run `ALTER TABLE … VALIDATE CONSTRAINT c` in a later transaction (a later migration, " +
		"or after an explicit COMMIT): validation takes SHARE UPDATE EXCLUSIVE, so reads and writes go on while it scans.",
	Help: "add the constraint NOT VALID, then VALIDATE CONSTRAINT in a later transaction",
	Check: func(p *Pass) {
		at := existingTableAlter(p)
		if at == nil {
			return
		}
		for _, a := range addedConstraints(at, pgparse.ConstrType_CONSTR_CHECK) {
			if a.col != nil || !hasWork(constraintWork(p, at.Relation, a.con), WorkScan) {
				continue // a CHECK written on ADD COLUMN cannot be NOT VALID: add-column-inline-constraint covers it
			}
			p.ReportWork(a.loc(at), WorkScan, "adding %s to %q without NOT VALID scans the whole table under ACCESS EXCLUSIVE: every query on %q waits until the scan ends",
				constraintPhrase("CHECK constraint", a.con.Conname), displayRel(at.Relation), displayRel(at.Relation))
		}
	},
}

func init() { Register(addCheckWithoutNotValid) }
