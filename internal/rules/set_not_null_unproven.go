package rules

import (
	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
)

// setNotNullUnproven flags SET NOT NULL on a column of an existing table
// unless a CHECK (col IS NOT NULL), validated in an earlier committed
// step, lets PostgreSQL 12 and later skip the scan.
//
//	ALTER TABLE users ALTER COLUMN email SET NOT NULL;                                   -- flagged
//
//	ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL) NOT VALID; -- migration 1
//	ALTER TABLE users VALIDATE CONSTRAINT users_email_nn;                                -- migration 2
//	ALTER TABLE users ALTER COLUMN email SET NOT NULL;                                   -- migration 3: fine on PG 12+
var setNotNullUnproven = &Rule{
	ID:       "set-not-null-unproven",
	Fails:    []Failure{{SQLState: "23502"}},
	Title:    "set not null scans the table while blocking all access",
	Severity: Error,
	Lock:     "ACCESS EXCLUSIVE",
	Detects: "`ALTER TABLE … ALTER COLUMN c SET NOT NULL` on a table that existed before this migration, unless the " +
		"column is already NOT NULL or (PostgreSQL 12 and later) a validated `CHECK (c IS NOT NULL)` on the table " +
		"exists from an earlier committed step: validated in an earlier migration, or by a VALIDATE CONSTRAINT " +
		"committed before. Tables created earlier in the same file or transaction, and temporary tables, are exempt.",
	Why: "SET NOT NULL takes ACCESS EXCLUSIVE and reads every row to make sure none is NULL: every query on the table, " +
		"reads included, waits until the scan is done, which takes minutes on a large table. PostgreSQL 12 and later " +
		"skip the scan when a valid CHECK constraint already proves the column non-null. That CHECK must be validated " +
		"in an earlier transaction: validated in the same one, its scan runs under the same transaction's locks " +
		"(under ACCESS EXCLUSIVE if the CHECK was also added there), and the transaction holds ACCESS EXCLUSIVE from " +
		"SET NOT NULL until it commits.",
	Fix: "Add `CONSTRAINT c CHECK (col IS NOT NULL) NOT VALID` and commit; backfill the NULLs; run " +
		"`VALIDATE CONSTRAINT c` in a later transaction (it scans under SHARE UPDATE EXCLUSIVE, so reads and writes go " +
		"on); then, in a later migration, `ALTER COLUMN col SET NOT NULL` (no scan on PostgreSQL 12 and later) and " +
		"`DROP CONSTRAINT c`.",
	Versions: "Before PostgreSQL 12, SET NOT NULL always scans the table, even when a validated CHECK proves the column " +
		"non-null: there the change needs a maintenance window, or can stay a validated CHECK constraint.",
	Help: "prove the column non-null with a validated CHECK (col IS NOT NULL) in an earlier migration first (PostgreSQL 12+)",
	Check: func(p *Pass) {
		at := existingTableAlter(p)
		if at == nil {
			return
		}
		table := displayRel(at.Relation)
		t := p.Table(at.Relation)
		for _, c := range at.Cmds {
			cmd := c.GetAlterTableCmd()
			if cmd.GetSubtype() != pgparse.AlterTableType_AT_SetNotNull {
				continue
			}
			col := cmd.Name
			if t != nil {
				if tc := t.Column(col); tc != nil && tc.NotNull {
					continue // already NOT NULL: nothing to check
				}
			}
			head := "setting column " + quoteName(col) + ` of "` + table + `" NOT NULL`
			scan := `scans the whole table under ACCESS EXCLUSIVE: every query on "` + table + `" waits until the scan ends`
			if !p.PG.AtLeast(12, 0) {
				p.Report(at.Relation.Location, "%s %s; before PostgreSQL 12 even a validated CHECK (%s IS NOT NULL) does not avoid the scan",
					head, scan, col)
				continue
			}
			proof, state := notNullProof(p, t, col)
			switch state {
			case proofCommitted:
				continue
			case proofSameTx:
				if proof.Created.Tx == p.Tx.ID {
					p.Report(at.Relation.Location, "%s relies on CHECK %q, added and validated in this same transaction: its validation scan runs under the ACCESS EXCLUSIVE lock the ADD took, so every query on %q waits until it ends",
						head, proof.Name, table)
				} else {
					p.Report(at.Relation.Location, "%s relies on CHECK %q, validated in this same transaction: its validation scan and the ACCESS EXCLUSIVE lock SET NOT NULL holds until commit share one transaction; commit the VALIDATE in an earlier migration",
						head, proof.Name)
				}
			case proofNotValid:
				p.Report(at.Relation.Location, "%s %s: CHECK %q proves the column non-null but is still NOT VALID; validate it in an earlier migration",
					head, scan, proof.Name)
			default:
				p.Report(at.Relation.Location, "%s %s; no CHECK (%s IS NOT NULL) validated in an earlier migration proves it", head, scan, col)
			}
		}
	},
}

func init() { Register(setNotNullUnproven) }

// notNullState says how well a table's CHECK constraints prove a column non-null.
type notNullState int

const (
	proofNone      notNullState = iota
	proofNotValid               // a CHECK proves it but is NOT VALID
	proofSameTx                 // a CHECK proves it, validated in the open transaction
	proofCommitted              // a CHECK proves it, validated in an earlier committed step
)

// notNullProof returns the best CHECK constraint of t that proves column
// col non-null, and how good that proof is.
func notNullProof(p *Pass, t *schema.Table, col string) (*schema.Constraint, notNullState) {
	if t == nil {
		return nil, proofNone
	}
	var best *schema.Constraint
	state := proofNone
	for _, c := range t.Constraints {
		if c.Kind != schema.Check || !c.ImpliesNotNull(col) {
			continue
		}
		s := proofNotValid
		if c.Validated {
			s = proofCommitted
			if p.Tx.Open && c.ValidatedAt.Tx == p.Tx.ID {
				s = proofSameTx
			}
		}
		if s > state {
			best, state = c, s
		}
	}
	return best, state
}
