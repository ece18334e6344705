package rules

import "github.com/migguard/migguard/internal/pgparse"

// flywayTransactionalLock flags CREATE INDEX CONCURRENTLY and REINDEX
// CONCURRENTLY in a Flyway migration that runs outside a transaction
// while Flyway holds its migration lock in an open transaction (Flyway
// 9.1.2 and later, unless postgresql.transactional.lock is false): the
// statement waits for that transaction, which waits for the migration.
//
//	-- V7__users_email_idx.sql, with no flyway.conf or flyway.toml turning the lock off
//	CREATE INDEX CONCURRENTLY users_email_idx ON users (email); -- flagged: the deploy hangs
var flywayTransactionalLock = &Rule{
	ID:       "flyway-transactional-lock",
	Title:    "concurrent index build waits forever for flyway's own lock transaction",
	Severity: Error,
	Lock:     "SHARE UPDATE EXCLUSIVE, waiting for every older transaction",
	Detects: "`CREATE INDEX CONCURRENTLY` and `REINDEX … CONCURRENTLY` in a Flyway migration that Flyway runs outside " +
		"a transaction (one that holds only statements Flyway does not run in one, `mixed=true`, or " +
		"`executeInTransaction=false`) when the project's Flyway configuration (flyway.toml or flyway.conf, the nearest " +
		"one above the migrations) does not set `postgresql.transactional.lock` to false.",
	Why: "Since Flyway 9.1.2, Flyway takes its migration lock with pg_advisory_xact_lock inside a transaction that stays " +
		"open, on a connection of its own, while each migration runs. A concurrent index build or rebuild waits, before " +
		"it finishes, for every transaction that holds a snapshot older than its own, and Flyway's lock transaction is " +
		"one of them (checked on PostgreSQL 15 with an idle transaction that took an advisory lock over the extended " +
		"query protocol, as JDBC does). The migration waits for Flyway and Flyway for the migration: the deploy hangs " +
		"until someone cancels it, and the cancelled build leaves an INVALID index behind. DROP INDEX CONCURRENTLY " +
		"does not wait for it.",
	Fix: "Make Flyway use a session lock: `flyway.postgresql.transactional.lock=false` in flyway.conf, " +
		"`[flyway.postgresql]` `transactional.lock = false` in flyway.toml, `-postgresql.transactional.lock=false` on " +
		"the command line or FLYWAY_POSTGRESQL_TRANSACTIONAL_LOCK=false in the environment (for the last two, turn this " +
		"rule off in .migguard.yaml, which cannot see them). Write `IF NOT EXISTS` so that a re-run after a hang is safe.",
	Help: "set flyway.postgresql.transactional.lock=false (flyway.conf) or [flyway.postgresql] transactional.lock = false (flyway.toml)",
	Check: func(p *Pass) {
		if p.File.LockTx == "" || p.Tx.Open {
			return
		}
		what := ""
		switch n := p.Node().GetNode().(type) {
		case *pgparse.Node_IndexStmt:
			if n.IndexStmt.Concurrent {
				what = "CREATE INDEX CONCURRENTLY " + indexName(n.IndexStmt)
			}
		case *pgparse.Node_ReindexStmt:
			if HasOption(n.ReindexStmt.Params, "concurrently") {
				what = "REINDEX CONCURRENTLY"
			}
		}
		if what == "" || !p.Once("") {
			return
		}
		p.Report(-1, "%s never finishes under Flyway: it waits for every older transaction to end, and %s, which waits for this migration; "+
			"turn the lock off with postgresql.transactional.lock=false", what, p.File.LockTx)
	},
}

func init() { Register(flywayTransactionalLock) }
