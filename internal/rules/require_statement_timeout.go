package rules

import "github.com/migguard/migguard/internal/pgparse"

// requireStatementTimeout flags the first long-running, blocking operation
// on an existing table of a file while no statement_timeout is in effect,
// and a short statement_timeout in effect for operations built to run long
// without blocking (concurrent builds, VALIDATE), which it would cancel.
//
//	ALTER TABLE users ALTER COLUMN email TYPE citext;             -- flagged
//
//	SET statement_timeout = '5s';
//	CREATE INDEX CONCURRENTLY users_email_idx ON users (email);   -- flagged
//
//	SET statement_timeout = '15min';
//	ALTER TABLE users ALTER COLUMN email TYPE citext;             -- fine
var requireStatementTimeout = &Rule{
	ID:       "require-statement-timeout",
	Peers:    []string{"squawk:require-statement-timeout"},
	Fails:    []Failure{{SQLState: "57014", Fallback: true}},
	Title:    "long blocking operation with no statement_timeout",
	Severity: Warning,
	Lock:     "the lock the statement holds while it runs (each finding names it)",
	Detects: "The first statement of a migration whose run time grows with the size of a table that existed before the " +
		"migration, and that blocks writes or reads of it while it runs (a table rewrite or type change, a scan for " +
		"SET NOT NULL or a constraint added without NOT VALID, a plain CREATE INDEX or REINDEX, UPDATE or DELETE without " +
		"WHERE, VACUUM FULL, CLUSTER, a blocking REFRESH MATERIALIZED VIEW, ATTACH PARTITION's scan), while no non-zero " +
		"statement_timeout is in effect; reported once per file. Also every CONCURRENTLY build, REINDEX CONCURRENTLY, " +
		"VALIDATE CONSTRAINT or DETACH PARTITION CONCURRENTLY that runs under a statement_timeout shorter than 10 minutes. " +
		"Tables created earlier in the file, temporary tables, and a table that an `ADD COLUMN … NOT NULL` without a " +
		"value proved empty earlier in the same transaction (it fails on any row) are left alone.",
	Why: "Without a statement_timeout nothing bounds how long the blocking operation runs: if the table is larger than " +
		"expected, the application stays blocked until it finishes, and cancelling it by hand is the only way out. " +
		"Operations built to run long without blocking are the opposite case: a short statement_timeout cancels them " +
		"part-way, and a cancelled concurrent build leaves an INVALID index behind (a cancelled VALIDATE leaves the " +
		"constraint NOT VALID, a cancelled concurrent detach leaves it pending).",
	Fix: "Before a blocking operation, `SET statement_timeout` to the longest outage the application can take " +
		"(and prefer the non-blocking recipe for the operation). Before CONCURRENTLY builds and VALIDATE, turn the " +
		"timeout off or make it generous (`SET statement_timeout = 0;` or `'2h'`), in a migration of their own. The " +
		"tracking follows PostgreSQL's rules for SET, SET LOCAL, RESET, set_config and ROLLBACK, as for lock_timeout.",
	Help: "SET statement_timeout before blocking long operations; leave it off or generous for CONCURRENTLY and VALIDATE",
	Check: func(p *Pass) {
		n := p.Node()
		if n == nil || isSessionStmt(n) {
			return
		}
		st := p.Tx.StatementTimeout
		for _, op := range statementWork(p, n) {
			if op.temp || p.Tx.IsNew(op.key) || p.Tx.EmptiedInTx(op.key) {
				continue
			}
			lock := workLock(p, n, op)
			if op.onCancel != "" {
				if ms := st.Millis(); st.InEffect() && ms > 0 && ms < shortStatementTimeout {
					p.reportItem(op, lock, "with statement_timeout at %s, %s %s: when it runs longer it is cancelled and leaves %s",
						formatMillis(ms), slowSubject(n, op), op.what, op.onCancel)
				}
				continue
			}
			if !op.blocks || st.InEffect() {
				continue
			}
			if !p.Once("") {
				return
			}
			p.reportItem(op, lock, "%s %s with no statement_timeout: %s until it finishes, however long that takes",
				slowSubject(n, op), op.what, blockedWhile(p, n, op))
			return
		}
	},
}

func init() { Register(requireStatementTimeout) }

// heldWhileRunning is the table lock a slow statement holds while it
// runs: LockOf's, or for the statements LockOf leaves out, ROW EXCLUSIVE
// (UPDATE, DELETE) and SHARE (REINDEX; SHARE UPDATE EXCLUSIVE when
// concurrent).
func heldWhileRunning(n *pgparse.Node) Lock {
	if l, _ := LockOf(n); l != LockNone {
		return l
	}
	switch s := n.Node.(type) {
	case *pgparse.Node_UpdateStmt, *pgparse.Node_DeleteStmt:
		return LockRowExclusive
	case *pgparse.Node_ReindexStmt:
		if HasOption(s.ReindexStmt.Params, "concurrently") {
			return LockShareUpdateExclusive
		}
		return LockShare
	}
	return LockNone
}

// workLock is the lock a slow statement holds on the relation of one of
// its work items while it runs: the strongest of its locks on that
// relation or, for an index, its table (ACCESS EXCLUSIVE on the
// partition that ATTACH PARTITION scans, on the index REINDEX rebuilds),
// else heldWhileRunning's.
func workLock(p *Pass, n *pgparse.Node, op workItem) Lock {
	table := lockedTable(p.Catalog, op.key)
	best := LockNone
	for _, t := range sessionLocks(p, n) {
		if (t.key == op.key || t.key == table) && t.lock > best {
			best = t.lock
		}
	}
	if best == LockNone {
		return heldWhileRunning(n)
	}
	return best
}

// shortStatementTimeout is the statement_timeout below which a concurrent
// build or a VALIDATE on an existing table is likely to be cancelled.
const shortStatementTimeout = 10 * 60 * 1000

// slowSubject names the statement of a slow operation for the start of a
// message: `ALTER TABLE "users"`, `CREATE INDEX CONCURRENTLY on "users"`.
func slowSubject(n *pgparse.Node, op workItem) string {
	if op.subject != "" {
		return op.subject
	}
	switch s := n.Node.(type) {
	case *pgparse.Node_IndexStmt:
		if s.IndexStmt.Concurrent {
			return `CREATE INDEX CONCURRENTLY on "` + displayKey(op.key) + `"`
		}
		return `CREATE INDEX on "` + displayKey(op.key) + `"`
	case *pgparse.Node_ReindexStmt:
		if HasOption(s.ReindexStmt.Params, "concurrently") {
			return `REINDEX CONCURRENTLY "` + displayKey(op.key) + `"`
		}
	case *pgparse.Node_AlterTableStmt:
		return commandTag(n) + ` "` + displayRel(s.AlterTableStmt.Relation) + `"`
	case *pgparse.Node_DeleteStmt:
		return `DELETE FROM "` + displayKey(op.key) + `"`
	}
	return commandTag(n) + ` "` + displayKey(op.key) + `"`
}

// blockedWhile says who waits while a blocking slow operation runs: every
// query when the statement holds ACCESS EXCLUSIVE on the relation, writes
// otherwise. Work on an index blocks its table.
func blockedWhile(p *Pass, n *pgparse.Node, op workItem) string {
	if op.key == everyTable {
		return "every query on each table waits while it is copied"
	}
	table := lockedTable(p.Catalog, op.key)
	for _, t := range sessionLocks(p, n) {
		if t.key == table && t.lock.BlocksReads() {
			return `every query on "` + displayKey(table) + `" waits`
		}
	}
	return `writes to "` + displayKey(table) + `" wait`
}
