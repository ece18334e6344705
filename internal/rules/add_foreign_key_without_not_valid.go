package rules

import (
	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
)

// addForeignKeyWithoutNotValid flags a foreign key added without NOT VALID
// to a table that existed before the migration: the check of every row
// runs while both the table and the table it references are locked
// against writes.
//
//	ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users;           -- flagged
//	ALTER TABLE orders ADD COLUMN user_id bigint DEFAULT 0 REFERENCES users;                         -- flagged
//	ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users NOT VALID; -- fine
//	ALTER TABLE orders ADD COLUMN user_id bigint REFERENCES users;                                   -- fine (all NULL, no scan)
var addForeignKeyWithoutNotValid = &Rule{
	ID:       "add-foreign-key-without-not-valid",
	Peers:    []string{"squawk:adding-foreign-key-constraint", "squawk:constraint-missing-not-valid", "eugene:E1"},
	Fails:    []Failure{{SQLState: "23503"}},
	Title:    "foreign key added without NOT VALID scans the table while blocking writes to both tables",
	Severity: Error,
	Lock:     "SHARE ROW EXCLUSIVE (both tables)",
	Detects: "`ALTER TABLE … ADD [CONSTRAINT c] FOREIGN KEY … REFERENCES …` without `NOT VALID` on a table that existed " +
		"before this migration, and `ADD COLUMN … REFERENCES …` when the new column gets a value in existing rows " +
		"(a DEFAULT, an identity, a generated expression, a serial type). Tables created earlier in the same file or " +
		"transaction, and temporary tables, are exempt, but not a copy of existing rows (CREATE TABLE … AS SELECT, " +
		"SELECT … INTO), whose check reads every copied row while the referenced table is locked against writes; a " +
		"new column without a default is NULL everywhere, so PostgreSQL marks its key valid without checking any row.",
	Why: "Adding a foreign key takes SHARE ROW EXCLUSIVE on the table and on the table it references, then checks " +
		"every row of the table against the referenced one. Until that check ends, no INSERT, UPDATE or DELETE can run " +
		"on either table (ADD COLUMN holds ACCESS EXCLUSIVE on the altered table, so reads of it wait too), and " +
		"everything queued behind them waits as well.",
	Fix: "Add the column without REFERENCES, then `ALTER TABLE … ADD CONSTRAINT fk FOREIGN KEY (…) REFERENCES … NOT VALID` " +
		"(a brief lock; new rows are checked from then on). Commit, then `ALTER TABLE … VALIDATE CONSTRAINT fk` in a " +
		"later transaction: validation takes SHARE UPDATE EXCLUSIVE on the table and ROW SHARE on the referenced one, " +
		"so writes go on. Build an index on the referencing columns CONCURRENTLY as well.",
	Versions: "PostgreSQL 18 accepts NOT VALID foreign keys on partitioned tables; before it, add the key NOT VALID to " +
		"each partition, validate those, then add it to the partitioned table, which adopts the validated keys " +
		"without a scan.",
	Help: "add the foreign key NOT VALID, then VALIDATE CONSTRAINT in a later transaction",
	Check: func(p *Pass) {
		at, unseen := existingTableAlter(p), false
		if at == nil {
			// A copy of existing rows made in this transaction is seen by
			// no other session, but the check reads every copied row
			// while the table it references is locked against writes.
			if at, unseen = copyAlter(p), true; at == nil {
				return
			}
		}
		table := displayRel(at.Relation)
		for _, a := range addedConstraints(at, pgparse.ConstrType_CONSTR_FOREIGN) {
			ref := displayRel(a.con.Pktable)
			self := schema.RelKey(a.con.Pktable) == schema.RelKey(at.Relation)
			if a.col != nil {
				if !hasWork(addColumnWork(p, a.col), WorkScan) {
					continue
				}
				locks := `ACCESS EXCLUSIVE on "` + table + `" and SHARE ROW EXCLUSIVE on "` + ref + `"`
				if self {
					locks = `ACCESS EXCLUSIVE on it`
				}
				// A referenced table created in this file blocks no one.
				// ADD COLUMN holds ACCESS EXCLUSIVE on the altered table.
				p.ReportLockWork(a.loc(at), LockAccessExclusive, WorkScan, "adding column %q with a value and REFERENCES %q to %q checks every row of %q while holding %s: %s until the check ends",
					a.col.Colname, ref, table, table, locks, blockedBy(table, ref, self || p.Created(a.con.Pktable), true))
				continue
			}
			if !hasWork(constraintWork(p, at.Relation, a.con), WorkScan) {
				continue
			}
			what := constraintPhrase("foreign key", a.con.Conname)
			if a.con.Conname == "" {
				what += " on " + quoteList(constraintColumns(a))
			}
			locks := `SHARE ROW EXCLUSIVE on "` + table + `" and on "` + ref + `"`
			if self {
				locks = "SHARE ROW EXCLUSIVE on it"
			}
			against := `"` + ref + `"`
			if self {
				against = "itself"
			}
			msg := "adding %s to %q without NOT VALID checks every row of %q against %s while holding %s: %s until the check ends"
			if t := p.Table(at.Relation); t != nil && t.Partitioned && !p.PG.AtLeast(18, 0) {
				msg += "; before PostgreSQL 18 a partitioned table does not accept NOT VALID: add the key NOT VALID to each partition, validate those, then add it here"
			}
			blocked := blockedBy(table, ref, self, false)
			if p.Created(a.con.Pktable) && !unseen {
				blocked = `writes to "` + table + `" wait`
			}
			if unseen {
				if self {
					continue
				}
				blocked, msg = `writes to "`+ref+`" wait`, msg+copiedNote(p, at.Relation)
			}
			p.ReportWork(a.loc(at), WorkScan, msg, what, table, table, against, locks, blocked)
		}
	},
}

// copyAlter returns the current statement when it is an ALTER TABLE of a
// copy of existing rows made earlier in the open transaction, nil
// otherwise.
func copyAlter(p *Pass) *pgparse.AlterTableStmt {
	at := p.Node().GetAlterTableStmt()
	if at == nil || at.Objtype != pgparse.ObjectType_OBJECT_TABLE || at.Relation == nil {
		return nil
	}
	if _, ok := p.Tx.CopiedAt(relKey(at.Relation)); !ok {
		return nil
	}
	return at
}

func init() { Register(addForeignKeyWithoutNotValid) }

// blockedBy says which queries a new foreign key's locks hold up: writes to
// both tables, and with exclusive (ADD COLUMN) reads of the altered table too.
func blockedBy(table, ref string, self, exclusive bool) string {
	switch {
	case self && exclusive:
		return `every query on "` + table + `" waits`
	case self:
		return `writes to "` + table + `" wait`
	case exclusive:
		return `every query on "` + table + `" and every write to "` + ref + `" waits`
	}
	return `writes to both tables wait`
}
