package rules

import "github.com/migguard/migguard/internal/pgparse"

// dropIndexNonConcurrently flags DROP INDEX without CONCURRENTLY on an
// index that existed before the migration.
//
//	DROP INDEX users_email_idx;                          -- flagged
//	DROP INDEX CONCURRENTLY IF EXISTS users_email_idx;   -- fine
var dropIndexNonConcurrently = &Rule{
	ID:       "drop-index-non-concurrently",
	Peers:    []string{"squawk:require-concurrent-index-deletion"},
	Title:    "index dropped without CONCURRENTLY blocks all access to its table",
	Severity: Warning,
	Lock:     "ACCESS EXCLUSIVE",
	Detects: "`DROP INDEX` without `CONCURRENTLY` of an index that existed before this migration. Indexes created " +
		"earlier in the same file, indexes of tables created there or of temporary tables, indexes that back a " +
		"constraint (which DROP INDEX cannot drop) and indexes of partitioned tables (which cannot be dropped " +
		"concurrently) are left alone.",
	Why: "A plain DROP INDEX takes ACCESS EXCLUSIVE on the index and on its table. The drop itself is quick, but the " +
		"lock request waits behind every running query on the table, and every query that arrives meanwhile, reads " +
		"included, queues behind it; in a wrapped migration the lock is held until the transaction commits.",
	Fix: "`DROP INDEX CONCURRENTLY IF EXISTS idx;` in a migration the tool does not wrap in a transaction (one index " +
		"per statement, no CASCADE). It waits for running queries without blocking new ones. To remove an index " +
		"that backs a constraint, drop the constraint instead.",
	Help: "use DROP INDEX CONCURRENTLY IF EXISTS in a migration that runs outside a transaction",
	Check: func(p *Pass) {
		d := p.Node().GetDropStmt()
		if d == nil || d.RemoveType != pgparse.ObjectType_OBJECT_INDEX || d.Concurrent {
			return
		}
		for _, o := range d.Objects {
			key := listKey(o)
			if key == "" || p.Tx.IsNew(key) {
				continue
			}
			table := "its table"
			if ix := indexOfKey(p, key); ix != nil {
				t := tableOfKey(p, ix.Table)
				if ix.Constraint != "" || ix.Partitioned || p.Tx.Created(ix.Table) || t != nil && t.Persistence == 't' {
					continue
				}
				table = `"` + displayKey(ix.Table) + `"`
			}
			p.Report(-1, "dropping index %q without CONCURRENTLY takes ACCESS EXCLUSIVE on %s: every query on it, reads included, queues until the drop commits",
				displayKey(key), table)
		}
	},
}

func init() { Register(dropIndexNonConcurrently) }
