package rules

import (
	"fmt"

	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
)

// multipleAlterSameTable flags consecutive ALTER TABLE statements on the
// same existing table in one transaction that each scan or rewrite it, when
// one statement could do that work once.
//
//	ALTER TABLE users ALTER COLUMN id TYPE bigint;
//	ALTER TABLE users ALTER COLUMN org_id TYPE bigint;  -- flagged: two rewrites
//
//	ALTER TABLE users ALTER COLUMN id TYPE bigint,
//	                  ALTER COLUMN org_id TYPE bigint;  -- fine: one rewrite
var multipleAlterSameTable = &Rule{
	ID:       "multiple-alter-same-table",
	Peers:    []string{"eugene:W12"},
	Title:    "consecutive alter table statements that each scan or rewrite one table",
	Severity: Info,
	Lock:     "ACCESS EXCLUSIVE",
	Detects: "A run of `ALTER TABLE` statements in a row on the same table that existed before the migration, in one " +
		"transaction, of which two or more scan or rewrite the table (type changes, SET NOT NULL, CHECK constraints added " +
		"without NOT VALID, columns whose default or type rewrites the table…). Foreign keys and index builds (UNIQUE, PRIMARY KEY, " +
		"EXCLUDE) do not count: PostgreSQL validates each foreign key in a query of its own and builds each index by a " +
		"scan of its own, within one statement too. SET, RESET, SAVEPOINT and RELEASE between them do not break the run. Reported once per run. " +
		"Runs of catalog-only changes, which cost nothing more as separate statements inside one transaction, are " +
		"left alone, and so are tables created in the same file and ALTER TABLE statements that cannot be merged " +
		"(ATTACH and DETACH PARTITION) or should not be (VALIDATE CONSTRAINT, which belongs in a later transaction " +
		"than the ADD … NOT VALID).",
	Why: "PostgreSQL does the work of each ALTER TABLE statement separately: two type changes rewrite the table and " +
		"its indexes twice, two new constraints scan it twice, all while ACCESS EXCLUSIVE blocks every query on it. " +
		"In one statement PostgreSQL rewrites at most once and checks all new constraints in the same pass.",
	Fix: "Merge the statements into one `ALTER TABLE t action1, action2, …;`. Keep them apart only when something " +
		"must run between them (a backfill between ADD COLUMN and SET NOT NULL, say).",
	Help: "merge them into one ALTER TABLE with comma-separated actions",
	Check: func(p *Pass) {
		n := p.Node()
		if n == nil || runNeutral(n) {
			return
		}
		run := Scratch(p, func() *alterRun { return &alterRun{} })
		at := n.GetAlterTableStmt()
		if !mergeableAlter(at) || !p.Tx.Open || p.IsNew(at.Relation) {
			*run = alterRun{}
			return
		}
		key := schema.RelKey(at.Relation)
		if run.tx != p.Tx.ID || run.key != key {
			*run = alterRun{tx: p.Tx.ID, key: key, first: p.Stmt.Start}
		}
		if !slowOnTable(p, n, key) {
			return
		}
		run.slow++
		run.lock = max(run.lock, alterTableLock(at))
		if run.slow < 2 || run.reported {
			return
		}
		run.reported = true
		// The rest of the run is counted as it comes: the finding waits
		// for the first statement that ends the run, or the end of the
		// file.
		count, lock, first, rel := run.slow, run.lock, run.first, at.Relation
		message := func() string {
			// Foreign keys take SHARE ROW EXCLUSIVE, most other commands
			// ACCESS EXCLUSIVE: the run holds the strongest of its locks.
			return fmt.Sprintf("%d ALTER TABLE statements on %q in a row, from line %d, each scan or rewrite "+
				"the table under %s: one statement with comma-separated actions does that work in a single pass",
				count, displayRel(rel), lineOf(p, first), lock)
		}
		p.hold(func() { p.ReportLock(rel.Location, lock, "%s", message()) }, func(s *pgparse.Stmt) later {
			if s.Node == nil {
				return laterKeep
			}
			if runNeutral(s.Node) {
				return laterNext
			}
			next := s.Node.GetAlterTableStmt()
			if !mergeableAlter(next) || schema.RelKey(next.Relation) != key {
				return laterKeep
			}
			if slowOnTable(p, s.Node, key) {
				count++
				lock = max(lock, alterTableLock(next))
			}
			return laterNext
		}, func(fs []Finding, _ bool) bool {
			fs[0].Message, fs[0].Lock = message(), lock.String()
			return true
		})
	},
}

func init() { Register(multipleAlterSameTable) }

// alterRun is a run of ALTER TABLE statements on one table in one transaction.
type alterRun struct {
	tx       int
	key      string
	first    int  // offset of the first statement of the run
	slow     int  // statements of the run that scan or rewrite the table
	lock     Lock // the strongest lock of the statements that do
	reported bool
}

// mergeableAlter reports whether an ALTER TABLE on a table could be merged
// with its neighbours: partition commands cannot share a statement, and
// VALIDATE CONSTRAINT should run in a later transaction than its ADD.
func mergeableAlter(at *pgparse.AlterTableStmt) bool {
	if at == nil || at.Objtype != pgparse.ObjectType_OBJECT_TABLE || at.Relation == nil {
		return false
	}
	for _, c := range at.Cmds {
		switch c.GetAlterTableCmd().GetSubtype() {
		case pgparse.AlterTableType_AT_AttachPartition, pgparse.AlterTableType_AT_DetachPartition,
			pgparse.AlterTableType_AT_DetachPartitionFinalize, pgparse.AlterTableType_AT_ValidateConstraint:
			return false
		}
	}
	return true
}

// runNeutral reports whether a statement leaves a run of ALTER TABLE
// statements intact: SET, RESET, SHOW, set_config, SAVEPOINT and RELEASE.
func runNeutral(n *pgparse.Node) bool {
	if ts := n.GetTransactionStmt(); ts != nil {
		return ts.Kind == pgparse.TransactionStmtKind_TRANS_STMT_SAVEPOINT ||
			ts.Kind == pgparse.TransactionStmtKind_TRANS_STMT_RELEASE
	}
	return isSessionStmt(n)
}

// slowOnTable reports whether an ALTER TABLE scans, rewrites or builds an
// index on the relation key in a way that merging with its neighbours
// would share; validating a foreign key is not.
func slowOnTable(p *Pass, n *pgparse.Node, key string) bool {
	at := n.GetAlterTableStmt()
	slow := false
	add := func(w Work, rv *pgparse.RangeVar, _ string, _ bool, _ string) {
		// An index is built by a scan of its own, within one ALTER TABLE
		// too (pg_stat_user_tables counts two for ADD UNIQUE (a), ADD
		// UNIQUE (b)): merging saves no build.
		slow = slow || w != WorkBuild && rv != nil && schema.RelKey(rv) == key
	}
	for _, c := range at.GetCmds() {
		cmd := c.GetAlterTableCmd()
		if con := cmd.GetDef().GetConstraint(); cmd.GetSubtype() == pgparse.AlterTableType_AT_AddConstraint &&
			con.GetContype() == pgparse.ConstrType_CONSTR_FOREIGN {
			// PostgreSQL validates each foreign key in a query of its own,
			// within one ALTER TABLE too: merging saves no scan.
			continue
		}
		alterWork(p, at.Relation, cmd, true, add)
	}
	return slow
}
