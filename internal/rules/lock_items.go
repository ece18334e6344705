package rules

import "github.com/migguard/migguard/internal/pgparse"

// LockItem is a table lock that a statement takes, as sessionLocks
// decides it (see Options.Locks).
type LockItem struct {
	Lock Lock
	// Relation is the catalog key (schema.name) of the table whose
	// queries queue behind the lock: for a lock on an index, its table.
	Relation string
	// New is set when the relation is temporary or was created earlier in
	// the same file: no other session can be using it.
	New bool
}

// lockItems returns the locks a statement takes, for Options.Locks.
func lockItems(p *Pass, n *pgparse.Node) []LockItem {
	var out []LockItem
	for _, t := range sessionLocks(p, n) {
		out = append(out, LockItem{Lock: t.lock, Relation: t.key, New: !t.preExisting(p)})
	}
	return out
}
