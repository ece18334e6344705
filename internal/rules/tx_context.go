package rules

import (
	"strconv"

	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
)

// This file holds what rules say about the transaction a statement runs
// in: why it runs in one, which later statements share it, and which
// statements only control the session or the transaction.

// txReason says why the current statement runs inside a transaction block.
func txReason(p *Pass) string {
	switch {
	case p.Tx.Block:
		return "it runs in the DO block on line " + strconv.Itoa(p.Lines.Pos(p.Tx.BlockOffset).Line) + ", which runs as one transaction"
	case p.Tx.Explicit:
		return "it runs inside the transaction block opened by BEGIN on line " + strconv.Itoa(p.Lines.Pos(p.Tx.BeginOffset).Line)
	case p.Tx.Mode == migrations.TxImplicit:
		s := "the migration tool sends this file as one multi-statement string, which PostgreSQL runs as one transaction"
		if p.File.TxSource != "" {
			s += " (" + p.File.TxSource + ")"
		}
		return s
	}
	return txOrigin(p)
}

// txOrigin explains in words why the file runs in a transaction, for
// messages: `the migration tool runs this file in one transaction (goose default)`.
func txOrigin(p *Pass) string {
	s := "the migration tool runs this file in one transaction"
	if p.File.TxSource != "" {
		s += " (" + p.File.TxSource + ")"
	}
	return s
}

// unlessLaterInTx calls report, holding its findings back until a later
// statement of the open transaction matches (they are dropped) or the
// transaction or the file ends (they are kept). Outside a transaction
// block no later statement shares the current one's transaction: report
// is called as is.
func unlessLaterInTx(p *Pass, match func(*pgparse.Node) bool, report func()) {
	if !p.Tx.Open {
		report()
		return
	}
	p.hold(report, func(s *pgparse.Stmt) later {
		switch {
		case s.Node == nil:
			return laterNext
		case txEnds(s.Node):
			return laterKeep
		case match(s.Node):
			return laterDrop
		}
		return laterNext
	}, nil)
}

// txEnds reports whether a statement ends the open transaction (COMMIT,
// ROLLBACK, PREPARE TRANSACTION).
func txEnds(n *pgparse.Node) bool {
	ts := n.GetTransactionStmt()
	if ts == nil {
		return false
	}
	switch ts.Kind {
	case pgparse.TransactionStmtKind_TRANS_STMT_COMMIT, pgparse.TransactionStmtKind_TRANS_STMT_ROLLBACK,
		pgparse.TransactionStmtKind_TRANS_STMT_PREPARE:
		return true
	}
	return false
}

// unlessNameTakenOverInTx is unlessLaterInTx for a later statement of
// the open transaction that gives the relation name key back to a
// relation: a view or materialized view created under it (`CREATE VIEW
// users AS SELECT * FROM customers`, a materialized view dropped to change
// its query and created again), or a relation renamed or moved to it. Code
// that uses the old name then keeps working once the transaction commits.
func unlessNameTakenOverInTx(p *Pass, key string, report func()) {
	unlessLaterInTx(p, func(n *pgparse.Node) bool { return takesName(n, key) }, report)
}

// takesName reports whether a statement gives the relation name key to a
// relation (see takenName).
func takesName(n *pgparse.Node, key string) bool { return takenName(n) == key }

// takenName returns the relation name a statement gives to a relation: a
// view or materialized view created under it, or a relation renamed or
// moved to it; "" for none.
func takenName(n *pgparse.Node) string {
	switch s := n.Node.(type) {
	case *pgparse.Node_ViewStmt:
		return schema.RelKey(s.ViewStmt.View)
	case *pgparse.Node_CreateTableAsStmt:
		// CREATE MATERIALIZED VIEW (or TABLE) … AS under the old name.
		return schema.RelKey(s.CreateTableAsStmt.GetInto().GetRel())
	case *pgparse.Node_RenameStmt:
		r := s.RenameStmt
		switch r.RenameType {
		case pgparse.ObjectType_OBJECT_TABLE, pgparse.ObjectType_OBJECT_VIEW, pgparse.ObjectType_OBJECT_MATVIEW,
			pgparse.ObjectType_OBJECT_FOREIGN_TABLE:
			if r.Relation != nil {
				return schema.Key(r.Relation.Schemaname, r.Newname)
			}
		}
	case *pgparse.Node_AlterObjectSchemaStmt:
		a := s.AlterObjectSchemaStmt
		if a.Relation != nil {
			return schema.Key(a.Newschema, a.Relation.Relname)
		}
	}
	return ""
}

// isSessionStmt reports whether a statement only controls the session or
// the transaction (BEGIN, COMMIT, SET, RESET, SHOW, set_config), so holds
// no lock of its own and takes no time.
func isSessionStmt(n *pgparse.Node) bool {
	switch s := n.Node.(type) {
	case *pgparse.Node_TransactionStmt, *pgparse.Node_VariableSetStmt, *pgparse.Node_VariableShowStmt,
		*pgparse.Node_DiscardStmt:
		return true
	case *pgparse.Node_SelectStmt:
		return isSetConfig(s.SelectStmt)
	}
	return false
}

// isSetConfig reports whether a SELECT only calls set_config or current_setting.
func isSetConfig(sel *pgparse.SelectStmt) bool {
	if len(sel.TargetList) == 0 || len(sel.FromClause) > 0 {
		return false
	}
	for _, rt := range sel.TargetList {
		fc := rt.GetResTarget().GetVal().GetFuncCall()
		if fc == nil || (funcName(fc) != "set_config" && funcName(fc) != "current_setting") {
			return false
		}
	}
	return true
}
