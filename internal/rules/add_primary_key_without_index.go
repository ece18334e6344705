package rules

import "github.com/migguard/migguard/internal/pgparse"

// addPrimaryKeyWithoutIndex flags a primary key added to a table that
// existed before the migration without USING INDEX: its index is built,
// and nullable key columns are scanned, while all access is blocked.
//
//	ALTER TABLE events ADD PRIMARY KEY (id);                                    -- flagged
//	ALTER TABLE events ADD COLUMN id bigserial PRIMARY KEY;                     -- flagged
//	CREATE UNIQUE INDEX CONCURRENTLY events_id_idx ON events (id);              -- fine
//	ALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY USING INDEX events_id_idx; -- fine
var addPrimaryKeyWithoutIndex = &Rule{
	ID:       "add-primary-key-without-index",
	Peers:    []string{"squawk:adding-serial-primary-key-field", "squawk:constraint-missing-not-valid", "eugene:E7"},
	Fails:    []Failure{{SQLState: "23505"}},
	Title:    "primary key builds its index while blocking all access",
	Severity: Error,
	Lock:     "ACCESS EXCLUSIVE",
	Detects: "`ALTER TABLE … ADD [CONSTRAINT c] PRIMARY KEY (…)` without `USING INDEX`, and `ADD COLUMN … PRIMARY KEY`, " +
		"on a table that existed before this migration (tables created earlier in the same file or transaction, and " +
		"temporary tables, are exempt).",
	Why: "ADD PRIMARY KEY holds ACCESS EXCLUSIVE on the table while it sets every key column NOT NULL (scanning the " +
		"table for a column that was nullable) and builds a new unique index: every query on the table, reads " +
		"included, waits until both are done, which takes minutes on a large table.",
	Fix: "Make the key columns NOT NULL without a long lock first (`CHECK (col IS NOT NULL) NOT VALID`, VALIDATE in a " +
		"later transaction, then `SET NOT NULL` on PostgreSQL 12 and later). Build the index with " +
		"`CREATE UNIQUE INDEX CONCURRENTLY idx ON t (…)` outside a transaction, check that it is valid, then " +
		"`ALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY USING INDEX idx`, which only takes a brief lock. A " +
		"partitioned table does not accept USING INDEX; a partitioned unique index on NOT NULL columns " +
		"(`ON ONLY`, then CONCURRENTLY on each partition and ATTACH PARTITION) gives the same guarantee.",
	Help: "build a unique index CONCURRENTLY, then ADD CONSTRAINT … PRIMARY KEY USING INDEX",
	Check: func(p *Pass) {
		checkIndexConstraint(p, pgparse.ConstrType_CONSTR_PRIMARY, "PRIMARY KEY")
	},
}

func init() { Register(addPrimaryKeyWithoutIndex) }
