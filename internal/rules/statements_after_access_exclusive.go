package rules

import "fmt"

// statementsAfterAccessExclusive flags statements that make a transaction
// hold ACCESS EXCLUSIVE on an existing table longer than it must: work that
// runs long, and waits for locks on other tables.
//
//	ALTER TABLE users ADD COLUMN org_id bigint;
//	CREATE INDEX orders_org_idx ON orders (org_id); -- flagged: users stays locked during the build
//
//	ALTER TABLE users ADD COLUMN org_id bigint;
//	ALTER TABLE users ADD COLUMN locale text;       -- fine: quick, and on the table already locked
var statementsAfterAccessExclusive = &Rule{
	ID:       "statements-after-access-exclusive",
	Peers:    []string{"eugene:E4"},
	Fails:    []Failure{{SQLState: "55P03"}},
	Title:    "slow or waiting statement while the transaction holds access exclusive",
	Severity: Warning,
	Lock:     "ACCESS EXCLUSIVE",
	Detects: "Inside a transaction that already holds ACCESS EXCLUSIVE on a table that existed before the migration " +
		"(taken by ALTER TABLE, DROP, TRUNCATE, RENAME, LOCK TABLE, a blocking REFRESH…): a later statement whose run " +
		"time grows with the size of an existing table (index build, rewrite, scan, VALIDATE, UPDATE or DELETE without " +
		"WHERE), an UPDATE, DELETE, INSERT … SELECT or MERGE whose WHERE has no constant bound or LIMIT, or a " +
		"statement that waits for a lock on another existing table while no lock_timeout bounds the wait. Quick " +
		"statements on the locked table or on new objects are left alone, and so is a slow operation that itself takes ACCESS EXCLUSIVE on the locked table, " +
		"which its own rule reports.",
	Why: "Locks are held until the transaction ends. Once a statement holds ACCESS EXCLUSIVE, every query on the table, " +
		"reads included, waits until COMMIT; every later statement in the transaction adds its run time to that outage. " +
		"An index build or backfill after a quick ALTER turns a millisecond lock into minutes, and a statement waiting " +
		"for a lock on a second table keeps the first one blocked for as long as it waits.",
	Fix: "Commit right after the statement that takes ACCESS EXCLUSIVE: move the slow or waiting statements to a " +
		"transaction (or migration) of their own, build indexes CONCURRENTLY outside any transaction, and backfill in " +
		"batches after the schema change has committed.",
	Help: "commit after the ACCESS EXCLUSIVE statement and run this one in a later transaction",
	Check: func(p *Pass) {
		n := p.Node()
		tx := p.Tx
		if n == nil || !tx.Open || tx.StrongestLock != LockAccessExclusive || isSessionStmt(n) {
			return
		}
		held := displayKey(tx.LockedRel)
		// The message parts are built only for a finding.
		holding := func() string {
			return fmt.Sprintf("while the transaction holds ACCESS EXCLUSIVE on %q since line %d", held, lineOf(p, tx.LockedAt))
		}
		waits := func() string {
			return fmt.Sprintf("every query on %q waits until it finishes and the transaction commits", held)
		}
		ownAE := false
		for _, t := range sessionLocks(p, n) {
			if t.key == tx.LockedRel && t.lock == LockAccessExclusive {
				ownAE = true
			}
		}
		for _, op := range statementWork(p, n) {
			if op.temp || p.Tx.IsNew(op.key) || (lockedTable(p.Catalog, op.key) == tx.LockedRel && ownAE) {
				continue
			}
			p.reportItem(op, LockNone, "%s %s %s: %s", slowSubject(n, op), op.what, holding(), waits())
			return
		}
		if dc := dataChangeOf(n); dc != nil && dc.verb != "INSERT INTO" && dc.unbounded(n) && !p.IsNew(dc.rel) {
			// An INSERT … SELECT is a copy: statementWork's.
			p.Report(dc.rel.Location, "%s %q may touch every row %s: %s", dc.verb, displayRel(dc.rel), holding(), waits())
			return
		}
		if tx.LockTimeout.InEffect() {
			return // the wait is bounded by lock_timeout
		}
		for _, t := range sessionLocks(p, n) {
			if t.key == tx.LockedRel || !t.preExisting(p) {
				continue
			}
			subj, _ := subject(n)
			p.Report(t.loc, "%s waits for %s on %q %s, with no lock_timeout: every query on %q queues for as long as it waits",
				subj, t.lock, displayKey(t.key), holding(), held)
			return
		}
	},
}

func init() { Register(statementsAfterAccessExclusive) }
