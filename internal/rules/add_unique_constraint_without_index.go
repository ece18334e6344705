package rules

import "github.com/migguard/migguard/internal/pgparse"

// addUniqueConstraintWithoutIndex flags a UNIQUE constraint added to a
// table that existed before the migration without USING INDEX: its index
// is built while all access to the table is blocked.
//
//	ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);                        -- flagged
//	CREATE UNIQUE INDEX CONCURRENTLY users_email_idx ON users (email);                       -- fine
//	ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_idx;     -- fine
var addUniqueConstraintWithoutIndex = &Rule{
	ID:       "add-unique-constraint-without-index",
	Peers:    []string{"squawk:constraint-missing-not-valid", "squawk:disallowed-unique-constraint", "eugene:E7"},
	Fails:    []Failure{{SQLState: "23505"}},
	Title:    "unique constraint builds its index while blocking all access",
	Severity: Error,
	Lock:     "ACCESS EXCLUSIVE",
	Detects: "`ALTER TABLE … ADD [CONSTRAINT c] UNIQUE (…)` without `USING INDEX`, and `ADD COLUMN … UNIQUE`, on a table " +
		"that existed before this migration (tables created earlier in the same file or transaction, and temporary " +
		"tables, are exempt).",
	Why: "ADD UNIQUE builds a new unique index while holding ACCESS EXCLUSIVE on the table: every query on it, reads " +
		"included, waits until the whole index is built (minutes on a large table), and everything queued behind them " +
		"waits too. If a duplicate exists, the statement fails only at the end of the build.",
	Fix: "Build the index first with `CREATE UNIQUE INDEX CONCURRENTLY idx ON t (…)` in a migration that runs outside a " +
		"transaction, check that it is valid (a failed build leaves an INVALID index to drop), then attach it with " +
		"`ALTER TABLE t ADD CONSTRAINT c UNIQUE USING INDEX idx`, which only takes a brief lock. A partitioned table " +
		"does not accept USING INDEX: use a partitioned unique index instead (`CREATE UNIQUE INDEX idx ON ONLY t (…)`, " +
		"`CREATE UNIQUE INDEX CONCURRENTLY` on each partition, then `ALTER INDEX idx ATTACH PARTITION` for each).",
	Versions: "`UNIQUE NULLS NOT DISTINCT` (PostgreSQL 15 and later) locks the same way.",
	Help:     "build a unique index CONCURRENTLY, then ADD CONSTRAINT … UNIQUE USING INDEX",
	Check: func(p *Pass) {
		checkIndexConstraint(p, pgparse.ConstrType_CONSTR_UNIQUE, "UNIQUE")
	},
}

func init() { Register(addUniqueConstraintWithoutIndex) }
