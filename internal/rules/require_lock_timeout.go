package rules

// requireLockTimeout flags the first statement of a file that waits for a
// lock blocking reads or writes of an existing table while no lock_timeout
// is in effect.
//
//	ALTER TABLE users ADD COLUMN nickname text;  -- flagged
//
//	SET lock_timeout = '2s';
//	ALTER TABLE users ADD COLUMN nickname text;  -- fine
var requireLockTimeout = &Rule{
	ID:       "require-lock-timeout",
	Peers:    []string{"squawk:require-lock-timeout", "eugene:E9"},
	Fails:    []Failure{{SQLState: "55P03", Fallback: true}},
	Title:    "lock requested with no lock_timeout",
	Severity: Warning,
	Lock:     "the lock the statement waits for, SHARE or stronger (each finding names it)",
	Detects: "The first statement of a migration that waits for SHARE or a stronger lock (ALTER TABLE, non-concurrent " +
		"CREATE INDEX, DROP, TRUNCATE, LOCK, CREATE TRIGGER, a new foreign key's lock on the table it references, " +
		"CREATE TABLE … PARTITION OF on its parent…) on a table that existed before the migration while no non-zero " +
		"lock_timeout is in effect. Reported once per file. Tables created earlier in the file, temporary tables and " +
		"the SHARE UPDATE EXCLUSIVE of concurrent builds and VALIDATE, which blocks no reads or writes, are left alone.",
	Why: "A lock request waits behind every transaction that holds a conflicting lock, such as a long report or an " +
		"idle-in-transaction session. While it waits, every later query that conflicts with it queues behind it: " +
		"for ACCESS EXCLUSIVE that is every query on the table, so even an instant ALTER can stop the application " +
		"for as long as the longest running transaction. A lock_timeout makes the migration fail fast instead.",
	Fix: "Start the migration with `SET lock_timeout = '2s';` (or `SET LOCAL lock_timeout` inside its transaction, or " +
		"`SELECT set_config('lock_timeout', '2s', false)`), and retry the migration when it times out. The tracking " +
		"follows PostgreSQL: SET LOCAL ends at COMMIT or ROLLBACK, a ROLLBACK undoes a SET made in its transaction, " +
		"RESET, SET … TO DEFAULT and 0 turn the timeout off, and `ALTER ROLE|DATABASE … SET lock_timeout` only applies " +
		"to later sessions, not to the one running the migration.",
	Versions: "PostgreSQL 17 adds transaction_timeout, a useful extra bound on the whole transaction.",
	Help:     "SET lock_timeout = '2s' before the statement and retry the migration when it times out",
	Check: func(p *Pass) {
		n := p.Node()
		if n == nil || p.Tx.LockTimeout.InEffect() {
			return
		}
		for _, t := range sessionLocks(p, n) {
			if !t.lock.BlocksWrites() || !t.preExisting(p) {
				continue
			}
			if !p.Once("") {
				return
			}
			subj, about := subject(n)
			on := ""
			if t.key != about {
				on = ` on "` + displayKey(t.key) + `"`
			}
			victims := "every write to"
			if t.lock.BlocksReads() {
				victims = "every query on"
			}
			p.ReportLock(t.loc, t.lock, "%s waits for %s%s with no lock_timeout: while it waits, %s %q queues behind it",
				subj, t.lock, on, victims, queuedOn(p, t.key))
			return
		}
	},
}

func init() { Register(requireLockTimeout) }
