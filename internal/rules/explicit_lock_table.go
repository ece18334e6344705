package rules

import "strings"

// explicitLockTable flags LOCK TABLE in a mode that blocks writes or reads
// of a table that existed before the migration.
//
//	LOCK TABLE users IN ACCESS EXCLUSIVE MODE; -- flagged
//	LOCK TABLE users IN ROW EXCLUSIVE MODE;    -- fine: blocks no reads or writes
var explicitLockTable = &Rule{
	ID:       "explicit-lock-table",
	Title:    "explicit lock table blocks the table until the transaction ends",
	Severity: Warning,
	Lock:     "as requested (ACCESS EXCLUSIVE by default)",
	Detects: "`LOCK [TABLE] … [IN <mode> MODE]` in SHARE mode or stronger (the default is ACCESS EXCLUSIVE) on a table that " +
		"existed before this migration, and LOCK TABLE outside a transaction block, which fails.",
	Why: "An explicit lock is held until the transaction commits, on top of the locks the following statements take " +
		"themselves: every write (and, for ACCESS EXCLUSIVE, every read) waits for the rest of the migration. While " +
		"the LOCK itself waits for running transactions, everything queued behind it waits too.",
	Fix: "Drop the LOCK and let each statement take the lock it needs. If the lock is needed (to order locks and avoid " +
		"deadlocks), take it as the first statement of a short transaction, after `SET LOCAL lock_timeout = '2s'`, and " +
		"retry on timeout; `NOWAIT` fails at once instead of queueing.",
	Help: "drop the explicit LOCK, or keep its transaction short and set lock_timeout",
	Check: func(p *Pass) {
		ls := p.Node().GetLockStmt()
		if ls == nil || len(ls.Relations) == 0 {
			return
		}
		first := ls.Relations[0].GetRangeVar()
		if !p.Tx.Open {
			p.Report(first.GetLocation(), "LOCK TABLE on %q outside a transaction block fails: PostgreSQL only allows it inside one",
				displayRel(first))
			return
		}
		mode := Lock(ls.Mode)
		if mode < LockShare || mode > LockAccessExclusive {
			return
		}
		var names []string
		loc := int32(-1)
		for _, r := range ls.Relations {
			rv := r.GetRangeVar()
			if rv == nil || p.Created(rv) {
				continue
			}
			if loc < 0 {
				loc = rv.Location
			}
			names = append(names, `"`+displayRel(rv)+`"`)
		}
		if len(names) == 0 {
			return
		}
		p.Report(loc, "LOCK TABLE holds %s on %s until the transaction ends: %s",
			mode, strings.Join(names, ", "), lockEffect(mode))
	},
}

func init() { Register(explicitLockTable) }

// lockEffect says in words what a table lock blocks.
func lockEffect(l Lock) string {
	switch {
	case l == LockAccessExclusive:
		return "every query on it waits, reads included"
	case l == LockExclusive:
		return "every write and locking read waits"
	case l.BlocksWrites():
		return "every write waits"
	}
	return "other schema changes wait"
}
