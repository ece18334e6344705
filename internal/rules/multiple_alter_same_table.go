package rules

import (
	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/migguard/migguard/internal/schema"
)

// multipleAlterSameTable flags consecutive ALTER TABLE statements on the
// same existing table in one transaction, which one statement can do.
//
//	ALTER TABLE users ALTER COLUMN id TYPE bigint;
//	ALTER TABLE users ALTER COLUMN org_id TYPE bigint;  -- flagged: two rewrites
//
//	ALTER TABLE users ALTER COLUMN id TYPE bigint,
//	                  ALTER COLUMN org_id TYPE bigint;  -- fine: one rewrite
var multipleAlterSameTable = &Rule{
	ID:       "multiple-alter-same-table",
	Title:    "consecutive alter table statements on one table that could be one",
	Severity: Info,
	Lock:     "ACCESS EXCLUSIVE",
	Detects: "Two or more `ALTER TABLE` statements in a row on the same table that existed before the migration, in one " +
		"transaction (SET, RESET and SAVEPOINT between them do not break the run). Reported once per run, on its " +
		"second statement. Tables created in the same file are left alone, and so are ALTER TABLE statements that " +
		"cannot be merged (ATTACH and DETACH PARTITION) or should not be (VALIDATE CONSTRAINT, which belongs in a " +
		"later transaction than the ADD … NOT VALID).",
	Why: "PostgreSQL does the work of each ALTER TABLE statement separately: two type changes rewrite the table twice, " +
		"two new constraints scan it twice, all under ACCESS EXCLUSIVE. One statement with several actions rewrites " +
		"or scans at most once and keeps the lock for less time.",
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
			return
		}
		if run.reported {
			return
		}
		run.reported = true
		count := 2
		for _, s := range p.Stmts[p.Index+1:] {
			if s.Node == nil {
				break
			}
			if runNeutral(s.Node) {
				continue
			}
			next := s.Node.GetAlterTableStmt()
			if !mergeableAlter(next) || schema.RelKey(next.Relation) != key {
				break
			}
			count++
		}
		p.Report(at.Relation.Location, "%d consecutive ALTER TABLE statements on %q in one transaction, from line %d: "+
			"each does its own scan or rewrite under ACCESS EXCLUSIVE, where one statement with comma-separated actions does it once",
			count, displayRel(at.Relation), lineOf(p, run.first))
	},
}

func init() { Register(multipleAlterSameTable) }

// alterRun is a run of ALTER TABLE statements on one table in one transaction.
type alterRun struct {
	tx       int
	key      string
	first    int // offset of the first statement of the run
	reported bool
}

// mergeableAlter reports whether an ALTER TABLE on a table could be merged
// with its neighbours: partition commands cannot share a statement, and
// VALIDATE CONSTRAINT should run in a later transaction than its ADD.
func mergeableAlter(at *pg_query.AlterTableStmt) bool {
	if at == nil || at.Objtype != pg_query.ObjectType_OBJECT_TABLE || at.Relation == nil {
		return false
	}
	for _, c := range at.Cmds {
		switch c.GetAlterTableCmd().GetSubtype() {
		case pg_query.AlterTableType_AT_AttachPartition, pg_query.AlterTableType_AT_DetachPartition,
			pg_query.AlterTableType_AT_DetachPartitionFinalize, pg_query.AlterTableType_AT_ValidateConstraint:
			return false
		}
	}
	return true
}

// runNeutral reports whether a statement leaves a run of ALTER TABLE
// statements intact: SET, RESET, SHOW, set_config, SAVEPOINT and RELEASE.
func runNeutral(n *pg_query.Node) bool {
	if ts := n.GetTransactionStmt(); ts != nil {
		return ts.Kind == pg_query.TransactionStmtKind_TRANS_STMT_SAVEPOINT ||
			ts.Kind == pg_query.TransactionStmtKind_TRANS_STMT_RELEASE
	}
	return isSessionStmt(n)
}
