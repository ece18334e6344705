package rules

import (
	"strings"

	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
)

// This file holds which table locks a statement waits for, on every
// relation it touches, and whose queries queue behind them.

// lockTarget is a table lock that a statement takes on one relation.
type lockTarget struct {
	lock Lock
	key  string // catalog key of the relation
	loc  int32  // location of the relation's name in the statement, -1 when unknown
	temp bool   // the statement names a temporary relation
}

// preExisting reports whether a locked relation existed before this file:
// not created earlier in it, and not temporary.
func (t lockTarget) preExisting(p *Pass) bool { return !t.temp && !p.Tx.Created(t.key) }

// sessionLocks returns the table locks a statement waits for: LockOf's lock
// on its main relation, the same lock on every other relation a TRUNCATE,
// LOCK, VACUUM or DROP names, and the locks taken on other relations:
// SHARE ROW EXCLUSIVE on the table a new foreign key references, ACCESS
// EXCLUSIVE on the parent of CREATE TABLE … PARTITION OF and on the
// partition being attached or detached, the locks of REINDEX, SET SCHEMA
// and DROP TRIGGER/RULE/POLICY. A lock on an index is a lock on its table
// (see lockedTable). Half a dozen rules ask it of each statement: the
// answer for the statement being checked is kept in the Pass, and the
// slice is shared, so callers must not change it.
func sessionLocks(p *Pass, n *pgparse.Node) []lockTarget {
	if out, ok := p.locks.lookup(p, n); ok {
		return out
	}
	out := relationLocks(p.PG, n)
	for i := range out {
		out[i].key = lockedTable(p.Catalog, out[i].key)
	}
	p.locks.keep(p, n, out)
	return out
}

// keptFor is the answer of a function of a Pass and a node (sessionLocks,
// statementWork) for a node of the statement being checked: while the
// statement is, the catalog and the transaction do not change.
type keptFor[T any] struct {
	stmt   *pgparse.Stmt
	node   *pgparse.Node
	answer T
}

// lookup returns the answer kept for node n of the statement p checks.
func (k *keptFor[T]) lookup(p *Pass, n *pgparse.Node) (T, bool) {
	if p.Stmt != nil && k.stmt == p.Stmt && k.node == n {
		return k.answer, true
	}
	var zero T
	return zero, false
}

// keep keeps the answer for node n of the statement p checks; with no
// statement being checked it keeps nothing.
func (k *keptFor[T]) keep(p *Pass, n *pgparse.Node, answer T) {
	if p.Stmt != nil {
		*k = keptFor[T]{stmt: p.Stmt, node: n, answer: answer}
	}
}

// relationLocks is sessionLocks before indexes are replaced by their tables.
func relationLocks(pg Version, n *pgparse.Node) []lockTarget {
	var out []lockTarget
	add := func(l Lock, rv *pgparse.RangeVar) {
		if rv != nil && rv.Relname != "" && l > LockNone {
			out = append(out, lockTarget{lock: l, key: schema.RelKey(rv), loc: rv.Location, temp: rv.Relpersistence == "t"})
		}
	}
	lock, key := stmtLock(pg, n)
	switch s := n.Node.(type) {
	case *pgparse.Node_AlterTableStmt:
		add(lock, s.AlterTableStmt.Relation)
		for _, c := range s.AlterTableStmt.Cmds {
			alterCmdLocks(c.GetAlterTableCmd(), add)
		}
	case *pgparse.Node_CreateStmt:
		cs := s.CreateStmt
		if cs.Partbound != nil && len(cs.InhRelations) > 0 {
			add(LockAccessExclusive, cs.InhRelations[0].GetRangeVar())
		}
		for _, elt := range cs.TableElts {
			if con := elt.GetConstraint(); con != nil {
				add(fkLock(con), con.Pktable)
			}
			for _, cc := range elt.GetColumnDef().GetConstraints() {
				add(fkLock(cc.GetConstraint()), cc.GetConstraint().GetPktable())
			}
		}
	case *pgparse.Node_IndexStmt:
		add(lock, s.IndexStmt.Relation)
	case *pgparse.Node_TruncateStmt:
		for _, r := range s.TruncateStmt.Relations {
			add(lock, r.GetRangeVar())
		}
	case *pgparse.Node_LockStmt:
		for _, r := range s.LockStmt.Relations {
			add(lock, r.GetRangeVar())
		}
	case *pgparse.Node_VacuumStmt:
		for _, r := range s.VacuumStmt.Rels {
			add(lock, r.GetVacuumRelation().GetRelation())
		}
	case *pgparse.Node_CreateTrigStmt:
		add(lock, s.CreateTrigStmt.Relation)
	case *pgparse.Node_ClusterStmt:
		add(lock, s.ClusterStmt.Relation)
	case *pgparse.Node_RefreshMatViewStmt:
		add(lock, s.RefreshMatViewStmt.Relation)
	case *pgparse.Node_RenameStmt:
		add(lock, s.RenameStmt.Relation)
	case *pgparse.Node_AlterObjectSchemaStmt:
		add(LockAccessExclusive, s.AlterObjectSchemaStmt.Relation)
	case *pgparse.Node_ReindexStmt:
		r := s.ReindexStmt
		if !HasOption(r.Params, "concurrently") {
			switch r.Kind {
			case pgparse.ReindexObjectType_REINDEX_OBJECT_TABLE:
				add(LockShare, r.Relation)
			case pgparse.ReindexObjectType_REINDEX_OBJECT_INDEX:
				add(LockAccessExclusive, r.Relation)
			}
		}
	case *pgparse.Node_DropStmt:
		out = append(out, dropLocks(s.DropStmt, lock, key)...)
	}
	return out
}

// alterCmdLocks adds the locks an ALTER TABLE command takes on relations
// other than the altered table.
func alterCmdLocks(cmd *pgparse.AlterTableCmd, add func(Lock, *pgparse.RangeVar)) {
	if cmd == nil {
		return
	}
	switch cmd.Subtype {
	case pgparse.AlterTableType_AT_AddConstraint:
		con := cmd.GetDef().GetConstraint()
		add(fkLock(con), con.GetPktable())
	case pgparse.AlterTableType_AT_AddColumn:
		for _, cc := range cmd.GetDef().GetColumnDef().GetConstraints() {
			add(fkLock(cc.GetConstraint()), cc.GetConstraint().GetPktable())
		}
	case pgparse.AlterTableType_AT_AttachPartition:
		add(LockAccessExclusive, cmd.GetDef().GetPartitionCmd().GetName())
	case pgparse.AlterTableType_AT_DetachPartition:
		if pc := cmd.GetDef().GetPartitionCmd(); pc != nil && !pc.Concurrent {
			add(LockAccessExclusive, pc.Name)
		}
	}
}

// fkLock is the lock a new foreign key takes on the table it references.
func fkLock(con *pgparse.Constraint) Lock {
	if con == nil || con.Contype != pgparse.ConstrType_CONSTR_FOREIGN {
		return LockNone
	}
	return LockShareRowExclusive
}

// dropLocks returns the locks of a DROP statement: on every relation it
// drops, or on the table of a trigger, rule or policy.
func dropLocks(d *pgparse.DropStmt, lock Lock, key string) []lockTarget {
	var out []lockTarget
	switch d.RemoveType {
	case pgparse.ObjectType_OBJECT_TRIGGER, pgparse.ObjectType_OBJECT_RULE, pgparse.ObjectType_OBJECT_POLICY:
		for _, o := range d.Objects {
			if items := o.GetList().GetItems(); len(items) > 1 {
				out = append(out, lockTarget{lock: LockAccessExclusive, key: nameKey(items[:len(items)-1]), loc: -1})
			}
		}
		return out
	}
	if key == "" || lock == LockNone {
		return nil
	}
	for _, o := range d.Objects {
		if k := listKey(o); k != "" {
			out = append(out, lockTarget{lock: lock, key: k, loc: -1})
		}
	}
	return out
}

// queuedOn returns the name of the table whose queries queue behind a lock
// on key: the table itself, or the table of an index the catalog knows.
func queuedOn(p *Pass, key string) string { return displayKey(lockedTable(p.Catalog, key)) }

// lockedTable returns the key of the table whose queries queue behind a
// lock on relation key: the table of an index the catalog knows, else key.
// Every query on a table opens all of its indexes (the planner, and every
// write, with ACCESS SHARE or ROW EXCLUSIVE), so ACCESS EXCLUSIVE on one
// index (DROP INDEX, REINDEX INDEX, ALTER INDEX … SET TABLESPACE) stops
// every query on the table, as on PostgreSQL 15 a plain SELECT count(*)
// on the table waits while ALTER INDEX … SET TABLESPACE holds its lock;
// DROP INDEX takes ACCESS EXCLUSIVE on the table itself (pg_locks).
// Locks on two indexes of one table are therefore one held lock, and a
// message names the table.
func lockedTable(cat *schema.Catalog, key string) string {
	if sch, name, ok := strings.Cut(key, "."); ok {
		if idx := cat.Index(sch, name); idx != nil && idx.Table != "" {
			return idx.Table
		}
	}
	return key
}

// stmtLock is LockOf with the lock of ALTER INDEX … RENAME, which takes
// SHARE UPDATE EXCLUSIVE on the index since PostgreSQL 12 (pg_locks), not
// ACCESS EXCLUSIVE: it blocks no query.
func stmtLock(pg Version, n *pgparse.Node) (Lock, string) {
	if r := n.GetRenameStmt(); r != nil && r.RenameType == pgparse.ObjectType_OBJECT_INDEX && pg.AtLeast(12, 0) {
		return LockShareUpdateExclusive, schema.RelKey(r.Relation)
	}
	return LockOf(n)
}
