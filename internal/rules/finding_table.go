package rules

// This file decides which table a finding's lock or work is about
// (Finding.Table), and what the statement does with that table's rows
// (Finding.TableWork), so that what is known of the table in production
// (its size, from `migguard stats dump`) can be put beside the finding.

// findingTable returns the catalog key of the existing table that a
// finding at byte offset off, naming lock and work, is about: the relation
// of the statement's work of that kind (statementWork), else of its lock
// (sessionLocks), the one at off when there are several; an index stands
// for its table. It returns "" when the finding names neither, when the
// statement names no relation, and for a relation that is temporary or was
// created earlier in the file: no production table is behind it yet.
//
// It also returns the work that holds the lock on that table: work itself
// when the finding names some, else the slowest work the statement does
// through the table (a finding about the lock of CREATE INDEX names no
// work, but the lock is held while the index builds).
func (p *Pass) findingTable(off int, lock string, work Work) (string, Work) {
	n := p.Node()
	if n == nil || lock == "" && work == WorkNone {
		return "", WorkNone
	}
	at := func(loc int32) bool { return loc >= 0 && p.Stmt.Offset(loc) == off }
	items := statementWork(p, n)
	key, temp, found := "", false, false
	if work != WorkNone {
		for _, it := range items {
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
		return "", WorkNone
	}
	key = lockedTable(p.Catalog, key)
	if p.Tx.Created(key) {
		return "", WorkNone
	}
	if work == WorkNone {
		for _, it := range items {
			if lockedTable(p.Catalog, it.key) == key && slowness(it.kind) > slowness(work) {
				work = it.kind
			}
		}
	}
	return key, work
}

// slowness orders the kinds of work by how long each takes on one table:
// a rewrite (or a change of every row) writes the table and its indexes
// again, an index build reads and sorts, a scan only reads.
func slowness(w Work) int {
	switch w {
	case WorkRewrite:
		return 4
	case WorkRows:
		return 3
	case WorkBuild:
		return 2
	case WorkScan:
		return 1
	}
	return 0
}
