package rules

import "github.com/migguard/migguard/internal/pgparse"

// addColumnStoredGenerated flags adding a stored generated column to an
// existing table, which computes and writes it for every row.
//
//	ALTER TABLE users ADD COLUMN email_lower text GENERATED ALWAYS AS (lower(email)) STORED;  -- flagged
//	CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a * 2) STORED);                       -- fine
var addColumnStoredGenerated = &Rule{
	ID:       "add-column-stored-generated",
	Peers:    []string{"squawk:adding-field-with-default", "eugene:E10", "eugene:E11"},
	Title:    "stored generated column added to an existing table rewrites it",
	Severity: Error,
	Lock:     "ACCESS EXCLUSIVE",
	Detects: "`ALTER TABLE … ADD COLUMN … GENERATED ALWAYS AS (expr) STORED` on a table that existed before this " +
		"migration. Tables created earlier in the same file, and temporary tables, are exempt.",
	Why: "PostgreSQL computes the expression for every existing row and writes it, so the whole table and all its " +
		"indexes are rewritten while ACCESS EXCLUSIVE blocks every read and write of the table.",
	Fix: "Add a plain nullable column, keep it up to date with a BEFORE INSERT OR UPDATE trigger, backfill existing rows " +
		"in batches, and read it once the backfill is done. On a small table a maintenance window is simpler.",
	Versions: "Generated columns exist from PostgreSQL 12. PostgreSQL 18 adds VIRTUAL generated columns, which are " +
		"computed on read and added without a rewrite, but the parser migguard uses does not accept them yet.",
	Help: "add a plain column kept current by a trigger and backfill it in batches",
	Check: func(p *Pass) {
		for _, ac := range addedColumnsOnExisting(p) {
			if constraintOf(ac.def, pgparse.ConstrType_CONSTR_GENERATED) == nil && ac.def.Generated == "" {
				continue
			}
			if !hasWork(addColumnWork(p, ac.def), WorkRewrite) {
				continue
			}
			p.ReportWork(columnLoc(ac.def), WorkRewrite, "adding stored generated column %q to %q computes it for every existing row: the whole table is rewritten under ACCESS EXCLUSIVE",
				ac.def.Colname, displayRel(ac.rel))
		}
	},
}

func init() { Register(addColumnStoredGenerated) }
