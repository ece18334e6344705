package apply

import (
	"context"

	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/rules"
)

func parseStmts(part string) []*pgparse.Stmt { return pgparse.Parse(part) }

// runPart applies one part of a file (its up or down text, blanked
// elsewhere so offsets are offsets of src) the way its tool would, and
// stops at the first failing statement. With record false only failures
// are kept. The error is an environment failure.
func (r *runner) runPart(ctx context.Context, path, src, part string, mode migrations.TxMode, record bool) (*FileResult, error) {
	fr := &FileResult{Path: path, Tx: txName(mode)}
	stmts := parseStmts(part)
	lines := pgparse.NewLines(src)
	r.predicting = record
	wrap := false
	switch mode {
	case migrations.TxWrapped:
		wrap = true
	case migrations.TxImplicit:
		// One multi-statement string is one implicit transaction, unless
		// it controls transactions itself; a single statement runs alone.
		wrap = len(stmts) > 1 && !hasTxControl(stmts)
		if !wrap {
			fr.Tx = "one statement, outside a transaction"
		}
	}
	if wrap {
		if _, err := r.conn.Exec(ctx, "BEGIN"); err != nil {
			return nil, r.envErr(ctx, "BEGIN", err)
		}
	}
	var held map[Lock]bool // locks held in the open transaction
	for _, s := range stmts {
		saved, err := r.savepoint(ctx)
		if err != nil {
			return nil, err
		}
		st, err := r.runStmt(ctx, path, src, part, lines, s, &held)
		if err != nil {
			return nil, err
		}
		if record || st.Error != nil {
			fr.Statements = append(fr.Statements, st)
		}
		if st.Error != nil {
			if r.keepGoing {
				if err := r.skipFailed(ctx, saved, wrap, &held); err != nil {
					return nil, err
				}
				continue
			}
			r.rollback(ctx)
			r.dataCause(ctx, st.Error)
			return fr, nil
		}
	}
	if r.conn.PgConn().TxStatus() != 'I' && (wrap || mode != migrations.TxNone) {
		// The tool's COMMIT (or the end of the implicit transaction).
		end := lines.Pos(len(part))
		st := &Statement{Path: path, Line: end.Line, Col: end.Col, Text: "COMMIT"}
		if err := r.commit(ctx, st, nil, lines, src); err != nil {
			return nil, err
		}
		if st.Error != nil {
			fr.Statements = append(fr.Statements, st)
		}
	}
	return fr, nil
}

// commit commits the open transaction under the statement limits
// (deferred constraints and triggers run at COMMIT). A COMMIT that fails
// is recorded in st (with s, the statement it belongs to, when known) and
// the transaction rolled back; the error is an environment failure.
func (r *runner) commit(ctx context.Context, st *Statement, s *pgparse.Stmt, lines *pgparse.Lines, src string) error {
	sctx, _, stop := r.limited(ctx)
	_, err := r.conn.Exec(sctx, "COMMIT")
	cause := context.Cause(sctx)
	stop()
	if err == nil {
		return nil
	}
	if env := r.asEnv(ctx, "COMMIT", err); env != nil {
		return env
	}
	st.Error = r.pgError(err, s, lines, src, sample{}, cause)
	r.rollback(ctx)
	return nil
}

// rollback ends a transaction a failure left open.
func (r *runner) rollback(ctx context.Context) {
	if r.conn.PgConn().TxStatus() != 'I' {
		r.conn.Exec(ctx, "ROLLBACK")
	}
}

// hasTxControl reports whether the statements include BEGIN, COMMIT or the like.
func hasTxControl(stmts []*pgparse.Stmt) bool {
	for _, s := range stmts {
		if s.Node != nil && s.Node.GetTransactionStmt() != nil {
			return true
		}
	}
	return false
}

// allowedInTx reports whether a statement may run inside a transaction
// block, so that an autocommit statement can be wrapped in one without
// changing what it does.
func allowedInTx(n *pgparse.Node) bool {
	switch {
	case n.GetTransactionStmt() != nil, n.GetVacuumStmt() != nil, n.GetCreatedbStmt() != nil,
		n.GetDropdbStmt() != nil, n.GetAlterSystemStmt() != nil, n.GetCallStmt() != nil,
		n.GetCreateTableSpaceStmt() != nil, n.GetDropTableSpaceStmt() != nil, n.GetDoStmt() != nil,
		n.GetVariableSetStmt() != nil, n.GetCreateSubscriptionStmt() != nil, n.GetDropSubscriptionStmt() != nil,
		n.GetAlterSubscriptionStmt() != nil, n.GetAlterEnumStmt() != nil:
		return false
	case n.GetIndexStmt() != nil:
		return !n.GetIndexStmt().GetConcurrent()
	case n.GetDropStmt() != nil:
		return !n.GetDropStmt().GetConcurrent()
	case n.GetReindexStmt() != nil:
		return !rules.HasOption(n.GetReindexStmt().GetParams(), "concurrently")
	case n.GetAlterTableStmt() != nil:
		for _, c := range n.GetAlterTableStmt().GetCmds() {
			if pc := c.GetAlterTableCmd().GetDef().GetPartitionCmd(); pc != nil && pc.GetConcurrent() {
				return false
			}
		}
	}
	return true
}

func isBlank(s string) bool {
	return len(parseStmts(s)) == 0
}

// savepoint sets a savepoint before a statement when failures are skipped
// (keepGoing) and a transaction is open, and says whether it did.
func (r *runner) savepoint(ctx context.Context) (bool, error) {
	if !r.keepGoing || r.conn.PgConn().TxStatus() != 'T' {
		return false, nil
	}
	if _, err := r.conn.Exec(ctx, "SAVEPOINT migguard_keep_going"); err != nil {
		return false, r.envErr(ctx, "SAVEPOINT", err)
	}
	return true, nil
}

// skipFailed goes on after a failed statement when failures are skipped:
// back to the savepoint before it, so the transaction keeps what the
// statements before it did, or else a new transaction where the file's
// was rolled back.
func (r *runner) skipFailed(ctx context.Context, saved, wrap bool, held *map[Lock]bool) error {
	if saved && r.conn.PgConn().TxStatus() == 'E' {
		if _, err := r.conn.Exec(ctx, "ROLLBACK TO SAVEPOINT migguard_keep_going"); err == nil {
			return nil
		}
	}
	r.rollback(ctx)
	*held = nil
	if wrap {
		if _, err := r.conn.Exec(ctx, "BEGIN"); err != nil {
			return r.envErr(ctx, "BEGIN", err)
		}
	}
	return nil
}
