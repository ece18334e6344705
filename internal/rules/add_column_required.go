package rules

import (
	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
)

// addColumnRequired flags adding a NOT NULL column without a default to an
// existing table: existing rows would hold NULL, so the statement fails.
//
//	ALTER TABLE users ADD COLUMN plan text NOT NULL;                  -- flagged
//	ALTER TABLE users ADD COLUMN plan text NOT NULL DEFAULT 'free';   -- fine on PostgreSQL 11+
var addColumnRequired = &Rule{
	ID:       "add-column-required",
	Peers:    []string{"squawk:adding-required-field"},
	Fails:    []Failure{{SQLState: "23502"}},
	Title:    "required column added without a default",
	Severity: Error,
	Lock:     "ACCESS EXCLUSIVE",
	Detects: "`ALTER TABLE … ADD COLUMN … NOT NULL` (or `PRIMARY KEY`, which implies NOT NULL) without a DEFAULT other " +
		"than NULL, an identity, a generated expression or a serial type, on a table that existed before this " +
		"migration. Tables created earlier in the same file, temporary tables, and tables emptied by TRUNCATE earlier " +
		"in the same transaction (with no INSERT or COPY into them since) are exempt.",
	Why: "Existing rows get NULL in the new column, so PostgreSQL rejects the statement with `column … contains null " +
		"values` as soon as the table has a single row: the migration passes on an empty development database and " +
		"fails in production. Even where it succeeds, application code deployed before the migration inserts rows " +
		"without the column, and those inserts start failing.",
	Fix: "Add the column with a constant default (`NOT NULL DEFAULT 'free'`, instant on PostgreSQL 11 and later), or add " +
		"it nullable, backfill it in batches, then enforce NOT NULL with a `CHECK (col IS NOT NULL) NOT VALID` " +
		"constraint, VALIDATE it in a later transaction and `SET NOT NULL` (PostgreSQL 12+ reuses the validated check).",
	Versions: "Before PostgreSQL 11 a default rewrites the table (see add-column-volatile-default): use the nullable " +
		"column, backfill and CHECK recipe there.",
	Help: "give the column a constant default, or add it nullable, backfill, then enforce NOT NULL",
	Check: func(p *Pass) {
		truncated := Scratch(p, func() map[string]int { return map[string]int{} })
		if trackEmptied(p, truncated) {
			return
		}
		for _, ac := range addedColumnsOnExisting(p) {
			if id, ok := truncated[schema.RelKey(ac.rel)]; ok && p.Tx.Open && id == p.Tx.ID {
				continue // the transaction emptied the table: no row to hold NULL
			}
			cd := ac.def
			notNull := cd.IsNotNull || constraintOf(cd, pgparse.ConstrType_CONSTR_NOTNULL) != nil
			pk := constraintOf(cd, pgparse.ConstrType_CONSTR_PRIMARY) != nil
			if !notNull && !pk {
				continue
			}
			if def := columnDefault(cd); def != nil && !isNullConst(def) {
				continue
			}
			if isSerialType(cd) || constraintOf(cd, pgparse.ConstrType_CONSTR_IDENTITY) != nil ||
				constraintOf(cd, pgparse.ConstrType_CONSTR_GENERATED) != nil || cd.Identity != "" || cd.Generated != "" {
				continue
			}
			how := "NOT NULL"
			if !notNull {
				how = "PRIMARY KEY (which implies NOT NULL)"
			}
			p.Report(columnLoc(cd), "adding column %q to %q as %s without a default fails as soon as the table has a row: existing rows would hold NULL",
				cd.Colname, displayRel(ac.rel), how)
		}
	},
}

func init() { Register(addColumnRequired) }

// trackEmptied records in truncated (table key → transaction id) the
// tables a TRUNCATE inside a transaction empties, and forgets a table an
// INSERT or COPY fills again; it reports whether the statement was one of
// these.
//
//	TRUNCATE places;                                   -- places is empty until COMMIT
//	ALTER TABLE places ADD COLUMN source text NOT NULL; -- no row to fail on
func trackEmptied(p *Pass, truncated map[string]int) bool {
	n := p.Node()
	switch {
	case n.GetTruncateStmt() != nil:
		for _, r := range n.GetTruncateStmt().GetRelations() {
			if rv := r.GetRangeVar(); rv != nil && p.Tx.Open {
				truncated[schema.RelKey(rv)] = p.Tx.ID
			}
		}
		return true
	case n.GetInsertStmt() != nil:
		delete(truncated, schema.RelKey(n.GetInsertStmt().GetRelation()))
		return true
	case n.GetCopyStmt() != nil && n.GetCopyStmt().GetIsFrom():
		delete(truncated, schema.RelKey(n.GetCopyStmt().GetRelation()))
		return true
	}
	return false
}
