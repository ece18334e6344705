package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/migguard/migguard/internal/pgparse"
)

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
		"statements on the locked table, on new objects, or on a table that an `ADD COLUMN … NOT NULL` without a " +
		"value proved empty earlier in the transaction are left alone, and so is a slow operation that itself takes ACCESS EXCLUSIVE on the locked table, " +
		"which its own rule reports. Reported once per held lock and file, at the first such statement, listing the later " +
		"ones; not at all when the transaction drops the locked table, which nothing queries once it commits. A lock on an " +
		"index holds up its table.",
	Why: "Locks are held until the transaction ends. Once a statement holds ACCESS EXCLUSIVE, every query on the table, " +
		"reads included, waits until COMMIT; every later statement in the transaction adds its run time to that outage. " +
		"An index build or backfill after a quick ALTER turns a millisecond lock into minutes, and a statement waiting " +
		"for a lock on a second table keeps the first one blocked for as long as it waits.",
	Fix: "Commit right after the statement that takes ACCESS EXCLUSIVE: move the slow or waiting statements to a " +
		"transaction (or migration) of their own, build indexes CONCURRENTLY outside any transaction, and backfill in " +
		"batches after the schema change has committed.",
	Help: "commit after the ACCESS EXCLUSIVE statement and run this one in a later transaction",
	Check: func(p *Pass) {
		st := Scratch(p, func() *heldGroups { return &heldGroups{} })
		n := p.Node()
		if n == nil {
			return
		}
		change := nameChangeOf(n, p.Stmt.Start)
		defer st.hold(p, n, change)
		tx := p.Tx
		if !tx.Open || tx.StrongestLock != LockAccessExclusive || isSessionStmt(n) {
			return
		}
		g := st.group(p)
		g.dropped = change.dropState(tx.LockedRel, g.dropped)
		off, work, why, ok := afterExclusive(p, n, st.held)
		if !ok {
			return
		}
		if g.msg == "" {
			g.stmt, g.node, g.off, g.work, g.msg = p.Stmt, n, off, work, why.text(p, n)
			return
		}
		// Only the first maxLaterListed are named: the others are counted.
		if g.laterCount++; len(g.later) < maxLaterListed {
			g.later = append(g.later, fmt.Sprintf("%s on line %d", laterSubject(n), lineOf(p, p.Stmt.Start)))
		}
	},
	End: func(p *Pass) {
		st := Scratch(p, func() *heldGroups { return &heldGroups{} })
		for _, g := range st.groups {
			if g.msg == "" || g.dropped {
				continue
			}
			at := *g.stmt // its parse tree is dropped: the finding names the table it works on
			at.Node = g.node
			p.Stmt = &at
			p.reportAt(g.off, p.rule.Lock, g.work, g.msg+laterStatements(g.later, g.laterCount))
		}
		p.Stmt = nil
	},
}

func init() { Register(statementsAfterAccessExclusive) }

// heldGroups are the findings of statements-after-access-exclusive in a
// file, one group per ACCESS EXCLUSIVE lock a transaction holds: a lock
// held over a long script (one timezone migration had 186 statements
// after it) is one problem, reported once at the first statement that
// runs under it, with the later ones listed.
type heldGroups struct {
	groups []*heldGroup
	byKey  map[heldKey]*heldGroup
	// held are the table locks the open transaction (heldTx) holds, by
	// relation: a statement that needs one of them waits for nothing.
	held   map[string]Lock
	heldTx int
	// renames are the statements of the open transaction that drop a
	// relation or give a relation its name, for dropState.
	renames []nameChange
}

// nameChange is what a statement does to relation names: the relations
// it drops, the name it gives a relation ("" for none), and where it
// starts.
type nameChange struct {
	at    int
	drops []string
	takes string
}

// hold records the table locks statement n takes in the open
// transaction, and what it does to relation names.
func (st *heldGroups) hold(p *Pass, n *pgparse.Node, change nameChange) {
	if !p.Tx.Open {
		st.held, st.heldTx = nil, 0
		return
	}
	if st.held == nil || st.heldTx != p.Tx.ID {
		st.held, st.heldTx, st.renames = map[string]Lock{}, p.Tx.ID, nil
	}
	if len(change.drops) > 0 || change.takes != "" {
		st.renames = append(st.renames, change)
	}
	for _, t := range sessionLocks(p, n) {
		if t.lock > st.held[t.key] {
			st.held[t.key] = t.lock
		}
	}
}

// heldGroup is the finding for one held lock.
type heldGroup struct {
	stmt  *pgparse.Stmt // the first statement that runs under the lock
	node  *pgparse.Node // its parse tree
	off   int
	work  Work
	msg   string
	later []string // the first later statements, as `UPDATE "users" on line 12`
	// laterCount counts the later statements, named or not.
	laterCount int
	// dropped is set when the transaction drops the locked table: nothing
	// will query it once the transaction commits.
	dropped bool
}

// heldKey names a held lock: the transaction, the relation and where the
// lock was taken.
type heldKey struct {
	tx  int
	rel string
	at  int
}

// group returns the group of the lock the transaction holds.
func (st *heldGroups) group(p *Pass) *heldGroup {
	key := heldKey{p.Tx.ID, p.Tx.LockedRel, p.Tx.LockedAt}
	if g := st.byKey[key]; g != nil {
		return g
	}
	if st.byKey == nil {
		st.byKey = map[heldKey]*heldGroup{}
	}
	g := &heldGroup{}
	// From the statement that took the lock on.
	for _, c := range st.renames {
		if c.at >= p.Tx.LockedAt {
			g.dropped = c.dropState(p.Tx.LockedRel, g.dropped)
		}
	}
	st.byKey[key] = g
	st.groups = append(st.groups, g)
	return g
}

// nameChangeOf returns what statement n, which starts at offset at, does
// to relation names.
func nameChangeOf(n *pgparse.Node, at int) nameChange {
	return nameChange{at: at, drops: droppedRelationKeys(n), takes: takenName(n)}
}

// dropState returns whether relation key is dropped after the statement
// c describes, given whether it was before: a DROP of it drops it, a
// relation created or renamed to its name (a materialized view dropped to
// be created again) gives the name back, and queries on it wait for the
// lock again.
func (c nameChange) dropState(key string, dropped bool) bool {
	switch {
	case slices.Contains(c.drops, key):
		return true
	case dropped && c.takes == key:
		return false
	}
	return dropped
}

// droppedRelationKeys returns the keys of the relations a DROP TABLE (or
// VIEW, MATERIALIZED VIEW, FOREIGN TABLE) drops, nil for other statements.
func droppedRelationKeys(n *pgparse.Node) []string {
	d := n.GetDropStmt()
	if d == nil {
		return nil
	}
	switch d.RemoveType {
	case pgparse.ObjectType_OBJECT_TABLE, pgparse.ObjectType_OBJECT_VIEW, pgparse.ObjectType_OBJECT_MATVIEW,
		pgparse.ObjectType_OBJECT_FOREIGN_TABLE:
	default:
		return nil
	}
	var keys []string
	for _, o := range d.Objects {
		keys = append(keys, listKey(o))
	}
	return keys
}

// laterSubject names a later statement of a group: `ALTER TABLE
// "accounts"`, `UPDATE "users"`.
func laterSubject(n *pgparse.Node) string {
	subj, about := subject(n)
	if dc := dataChangeOf(n); about == "" && dc != nil && dc.rel != nil {
		return dc.verb + ` "` + displayRel(dc.rel) + `"`
	}
	return subj
}

// maxLaterListed bounds the later statements a finding lists by name.
const maxLaterListed = 8

// laterStatements lists the later statements of a group for its message:
// n of them, the first (at most maxLaterListed) of which are named in
// later.
func laterStatements(later []string, n int) string {
	switch {
	case n == 0:
		return ""
	case n == 1:
		return "; 1 later statement also runs under this lock: " + later[0]
	case n <= maxLaterListed:
		return fmt.Sprintf("; %d later statements also run under this lock: %s", n, strings.Join(later, ", "))
	default:
		return fmt.Sprintf("; %d later statements also run under this lock: %s and %d more", n, strings.Join(later, ", "), n-maxLaterListed)
	}
}

// afterExclusive returns the finding of a statement that runs while the
// transaction holds ACCESS EXCLUSIVE on an existing table, with the
// offset and the work it claims; ok is false when the statement is quick.
// Its message is written only when asked for (slow.text), while the
// statement is being checked: a lock's finding is one message, its later
// statements are listed by line. locked are the locks the transaction
// already holds.
func afterExclusive(p *Pass, n *pgparse.Node, locked map[string]Lock) (off int, work Work, why slow, ok bool) {
	tx := p.Tx
	locks := sessionLocks(p, n)
	ownAE := false
	for _, t := range locks {
		if t.key == tx.LockedRel && t.lock == LockAccessExclusive {
			ownAE = true
		}
	}
	for _, op := range statementWork(p, n) {
		if op.temp || p.Tx.Empty(op.key) || (lockedTable(p.Catalog, op.key) == tx.LockedRel && ownAE) {
			continue
		}
		return p.Stmt.Offset(op.loc), op.kind, slow{kind: slowWork, op: op}, true
	}
	if dc := dataChangeOf(n); dc != nil && dc.verb != "INSERT INTO" && dc.unbounded(n) && !p.IsNew(dc.rel) &&
		!p.Tx.EmptiedInTx(relKey(dc.rel)) {
		// An INSERT … SELECT is a copy: statementWork's.
		return p.Stmt.Offset(dc.rel.Location), WorkNone, slow{kind: slowRows, change: dc}, true
	}
	if tx.LockTimeout.InEffect() {
		return 0, WorkNone, slow{}, false // the wait is bounded by lock_timeout
	}
	for _, t := range locks {
		if t.key == tx.LockedRel || !t.preExisting(p) || locked[t.key] >= t.lock {
			continue
		}
		return p.Stmt.Offset(t.loc), WorkNone, slow{kind: slowWait, wait: t}, true
	}
	return 0, WorkNone, slow{}, false
}

// slow is why afterExclusive flags a statement: long-running work, a data
// change that may touch every row, or a wait for another lock.
type slow struct {
	kind   slowKind
	op     workItem    // slowWork
	change *dataChange // slowRows
	wait   lockTarget  // slowWait
}

type slowKind int

const (
	slowWork slowKind = iota // statementWork's long-running work
	slowRows                 // an UPDATE, DELETE or MERGE without bound
	slowWait                 // a wait for a lock on another table
)

// text is the message of statement n, flagged for s, while it is being
// checked.
func (s slow) text(p *Pass, n *pgparse.Node) string {
	switch s.kind {
	case slowWork:
		return fmt.Sprintf("%s %s %s: %s", slowSubject(n, s.op), s.op.what, holding(p), waits(p))
	case slowRows:
		return fmt.Sprintf("%s %q may touch every row %s: %s", s.change.verb, displayRel(s.change.rel), holding(p), waits(p))
	}
	subj, _ := subject(n)
	return fmt.Sprintf("%s waits for %s on %q %s, with no lock_timeout: every query on %q queues for as long as it waits",
		subj, s.wait.lock, displayKey(s.wait.key), holding(p), displayKey(p.Tx.LockedRel))
}

// holding says which lock the transaction holds, for afterExclusive's
// messages.
func holding(p *Pass) string {
	return fmt.Sprintf("while the transaction holds ACCESS EXCLUSIVE on %q since line %d", displayKey(p.Tx.LockedRel), lineOf(p, p.Tx.LockedAt))
}

// waits says who waits for the held lock, for afterExclusive's messages.
func waits(p *Pass) string {
	return fmt.Sprintf("every query on %q waits until it finishes and the transaction commits", displayKey(p.Tx.LockedRel))
}
