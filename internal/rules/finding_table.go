package rules

// This file decides which table a finding's lock or work is about
// (Finding.Table), so that what is known of that table in production (its
// size, from `migguard stats dump`) can be put beside the finding.

// findingTable returns the catalog key of the existing table that a
// finding at byte offset off, naming lock and work, is about: the relation
// of the statement's work of that kind (statementWork), else of its lock
// (sessionLocks), the one at off when there are several; an index stands
// for its table. It returns "" when the finding names neither, when the
// statement names no relation, and for a relation that is temporary or was
// created earlier in the file: no production table is behind it yet.
func (p *Pass) findingTable(off int, lock string, work Work) string {
	n := p.Node()
	if n == nil || lock == "" && work == WorkNone {
		return ""
	}
	at := func(loc int32) bool { return loc >= 0 && p.Stmt.Offset(loc) == off }
	key, temp, found := "", false, false
	if work != WorkNone {
		for _, it := range statementWork(p, n) {
			if it.kind == work && (!found || at(it.loc)) {
				key, temp, found = it.key, it.temp, true
			}
		}
	}
	if !found {
		// The lock named, at off if possible; else the statement's first.
		best := 0
		for _, t := range sessionLocks(p, n) {
			score := 1
			if t.lock.String() == lock {
				score = 2
				if at(t.loc) {
					score = 3
				}
			}
			if score > best {
				key, temp, found, best = t.key, t.temp, true, score
			}
		}
	}
	if !found || temp || key == everyTable {
		return ""
	}
	key = lockedTable(p.Catalog, key)
	if p.Tx.Created(key) {
		return ""
	}
	return key
}
