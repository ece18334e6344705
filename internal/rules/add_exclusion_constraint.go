package rules

import "github.com/migguard/migguard/internal/pgparse"

// addExclusionConstraint flags an exclusion constraint added to a table
// that existed before the migration: it builds its index under ACCESS
// EXCLUSIVE, and there is no NOT VALID or USING INDEX way around it.
//
//	ALTER TABLE bookings ADD CONSTRAINT no_overlap
//	    EXCLUDE USING gist (room WITH =, during WITH &&);                  -- flagged
//	CREATE TABLE bookings (…, EXCLUDE USING gist (room WITH =, during WITH &&)); -- fine
var addExclusionConstraint = &Rule{
	ID:       "add-exclusion-constraint",
	Peers:    []string{"squawk:constraint-missing-not-valid", "eugene:E8"},
	Fails:    []Failure{{SQLState: "23P01"}},
	Title:    "exclusion constraint builds its index while blocking all access",
	Severity: Error,
	Lock:     "ACCESS EXCLUSIVE",
	Detects: "`ALTER TABLE … ADD [CONSTRAINT c] EXCLUDE …` on a table that existed before this migration (tables created " +
		"earlier in the same file or transaction, and temporary tables, are exempt).",
	Why: "Adding an exclusion constraint builds its index (usually GiST) and checks every row against the others while " +
		"holding ACCESS EXCLUSIVE: every query on the table, reads included, waits until it is done, which takes minutes " +
		"on a large table. Unlike CHECK, FOREIGN KEY and UNIQUE, an exclusion constraint accepts neither NOT VALID nor " +
		"USING INDEX, so there is no short-lock way to add one.",
	Fix: "Add the constraint when the table is created. For an existing large table, add it in a maintenance window, " +
		"or create a new table with the constraint, fill it in batches (keeping it in sync with a trigger), and swap " +
		"the tables. A partial constraint (`EXCLUDE … WHERE (…)`) does not avoid the build.",
	Help: "exclusion constraints cannot be added online: add it at CREATE TABLE or in a maintenance window",
	Check: func(p *Pass) {
		at := existingTableAlter(p)
		if at == nil {
			return
		}
		table := displayRel(at.Relation)
		for _, a := range addedConstraints(at, pgparse.ConstrType_CONSTR_EXCLUSION) {
			p.ReportWork(a.loc(at), WorkBuild, "adding %s to %q builds its index and checks every row under ACCESS EXCLUSIVE: every query on %q waits until it is done, and neither NOT VALID nor USING INDEX is available",
				constraintPhrase("exclusion constraint", a.con.Conname), table, table)
		}
	},
}

func init() { Register(addExclusionConstraint) }
