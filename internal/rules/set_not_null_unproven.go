package rules

import "github.com/migguard/migguard/internal/pgparse"

// setNotNullUnproven flags SET NOT NULL on a column of an existing table
// unless a validated CHECK (col IS NOT NULL) lets PostgreSQL 12 and later
// skip the scan.
//
//	ALTER TABLE users ALTER COLUMN email SET NOT NULL;                                   -- flagged
//
//	ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL) NOT VALID; -- migration 1
//	ALTER TABLE users VALIDATE CONSTRAINT users_email_nn;                                -- migration 2
//	ALTER TABLE users ALTER COLUMN email SET NOT NULL;                                   -- fine on PG 12+
var setNotNullUnproven = &Rule{
	ID:       "set-not-null-unproven",
	Peers:    []string{"squawk:adding-not-nullable-field", "eugene:E2"},
	Fails:    []Failure{{SQLState: "23502"}},
	Title:    "set not null scans the table while blocking all access",
	Severity: Error,
	Lock:     "ACCESS EXCLUSIVE",
	Detects: "`ALTER TABLE … ALTER COLUMN c SET NOT NULL` on a table that existed before this migration, unless the " +
		"column is already NOT NULL or (PostgreSQL 12 and later) a validated `CHECK (c IS NOT NULL)` on the table " +
		"proves it: validated in an earlier migration, or by a VALIDATE CONSTRAINT earlier in the same transaction. " +
		"Tables created earlier in the same file or transaction, and temporary tables, are exempt.",
	Why: "SET NOT NULL takes ACCESS EXCLUSIVE and reads every row to make sure none is NULL: every query on the table, " +
		"reads included, waits until the scan is done, which takes minutes on a large table. PostgreSQL 12 and later " +
		"skip the scan when a valid CHECK constraint already proves the column non-null, even one validated earlier " +
		"in the same transaction. (A VALIDATE in the transaction that added the CHECK NOT VALID scans under the ADD's " +
		"lock: validate-in-same-transaction reports that.)",
	Fix: "Add `CONSTRAINT c CHECK (col IS NOT NULL) NOT VALID` and commit; backfill the NULLs; run " +
		"`VALIDATE CONSTRAINT c` in a later transaction (it scans under SHARE UPDATE EXCLUSIVE, so reads and writes go " +
		"on); then `ALTER COLUMN col SET NOT NULL` (no scan on PostgreSQL 12 and later, in the VALIDATE's transaction " +
		"or a later one) and `DROP CONSTRAINT c`.",
	Versions: "Before PostgreSQL 12, SET NOT NULL always scans the table, even when a validated CHECK proves the column " +
		"non-null: there the change needs a maintenance window, or can stay a validated CHECK constraint.",
	Help: "prove the column non-null with a validated CHECK (col IS NOT NULL) first (PostgreSQL 12+)",
	Check: func(p *Pass) {
		at := existingTableAlter(p)
		if at == nil {
			return
		}
		table := displayRel(at.Relation)
		t := p.Table(at.Relation)
		seen := map[string]bool{}
		for _, c := range at.Cmds {
			cmd := c.GetAlterTableCmd()
			if cmd.GetSubtype() != pgparse.AlterTableType_AT_SetNotNull || seen[cmd.Name] || !setNotNullScans(p, at.Relation, cmd.Name) {
				continue
			}
			seen[cmd.Name] = true // the statement scans once for all of its checks
			col := cmd.Name
			head := "setting column " + quoteName(col) + ` of "` + table + `" NOT NULL`
			scan := `scans the whole table under ACCESS EXCLUSIVE: every query on "` + table + `" waits until the scan ends`
			if !p.PG.AtLeast(12, 0) {
				p.ReportWork(at.Relation.Location, WorkScan, "%s %s; before PostgreSQL 12 even a validated CHECK (%s IS NOT NULL) does not avoid the scan",
					head, scan, col)
				continue
			}
			if proof, state := notNullProof(p, t, col); state == proofNotValid {
				p.ReportWork(at.Relation.Location, WorkScan, "%s %s: CHECK %q proves the column non-null but is still NOT VALID; validate it first",
					head, scan, proof.Name)
				continue
			}
			p.ReportWork(at.Relation.Location, WorkScan, "%s %s; no validated CHECK (%s IS NOT NULL) proves it", head, scan, col)
		}
	},
}

func init() { Register(setNotNullUnproven) }
