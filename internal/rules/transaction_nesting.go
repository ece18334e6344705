package rules

import (
	"strings"

	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/pgparse"
)

// transactionNesting flags transaction control that does not do what it
// says: BEGIN while a transaction is open, COMMIT or ROLLBACK with none
// open, and any BEGIN, COMMIT or ROLLBACK in a file the migration tool
// already runs in a transaction.
//
//	-- in a goose migration (goose wraps each file in a transaction)
//	BEGIN;                                       -- flagged
//	ALTER TABLE users ADD COLUMN nickname text;
//	COMMIT;                                      -- flagged
var transactionNesting = &Rule{
	ID:       "transaction-nesting",
	Peers:    []string{"squawk:transaction-nesting"},
	Title:    "transaction control inside a transaction or outside any",
	Severity: Error,
	Detects: "`BEGIN` / `START TRANSACTION` while a transaction block opened by the file is still open; `COMMIT` / `END` / " +
		"`ROLLBACK` / `ABORT` with no transaction open; and any of them in a file that the migration tool runs in a " +
		"transaction of its own (goose, dbmate, Flyway and Atlas by default). In a file sent as one multi-statement " +
		"string (golang-migrate), BEGIN … COMMIT is how the file takes control of its transaction, and a COMMIT that " +
		"ends the implicit transaction is a deliberate split, so both are left alone there.",
	Why: "PostgreSQL has no nested transactions: a second BEGIN only draws a warning, so the first COMMIT ends the " +
		"outer transaction and everything after it runs in autocommit. In a file the tool wraps, a COMMIT ends the " +
		"tool's transaction early, so a later failure leaves the migration half applied and the tool's own bookkeeping " +
		"runs outside the transaction; a ROLLBACK silently undoes the statements before it while the tool carries on. " +
		"A COMMIT with no transaction open groups nothing: the statements before it were already committed one by one.",
	Fix: "Let the migration tool own the transaction and remove BEGIN/COMMIT from the file; when a file must manage " +
		"its own transactions (to run CONCURRENTLY builds, say), turn the tool's wrapping off for that file " +
		"(`-- +goose NO TRANSACTION`, dbmate `transaction:false`, `-- atlas:txmode none`, `-- migguard:tx none`) " +
		"and pair every BEGIN with one COMMIT. Use SAVEPOINT for a nested unit of work.",
	Help: "let the migration tool own the transaction, or turn its wrapping off and pair each BEGIN with one COMMIT",
	Check: func(p *Pass) {
		ts := p.Node().GetTransactionStmt()
		if ts == nil {
			return
		}
		begin, end := false, false
		switch ts.Kind {
		case pgparse.TransactionStmtKind_TRANS_STMT_BEGIN, pgparse.TransactionStmtKind_TRANS_STMT_START:
			begin = true
		case pgparse.TransactionStmtKind_TRANS_STMT_COMMIT, pgparse.TransactionStmtKind_TRANS_STMT_ROLLBACK:
			end = true
		default:
			return
		}
		rollback := ts.Kind == pgparse.TransactionStmtKind_TRANS_STMT_ROLLBACK
		word := txKeyword(p)
		tx := p.Tx
		switch {
		case begin && tx.Open && tx.Explicit:
			p.Report(-1, "%s while the transaction opened on line %d is still open: PostgreSQL ignores it with a warning, "+
				"so the first COMMIT ends the outer transaction too and what follows runs outside any transaction",
				word, lineOf(p, tx.BeginOffset))
		case end && !tx.Open && rollback:
			p.Report(-1, "%s with no transaction open undoes nothing: the statements before it were already committed", word)
		case end && !tx.Open:
			p.Report(-1, "%s with no transaction open groups nothing: the statements before it were already committed one by one", word)
		case tx.Mode != migrations.TxWrapped:
			// BEGIN with none open, or COMMIT of the file's own or the
			// implicit transaction: what the file means.
		case begin && tx.Open:
			p.Report(-1, "%s while %s: PostgreSQL ignores it with a warning, and a COMMIT meant for it "+
				"would end the tool's transaction instead", word, txOrigin(p))
		case begin:
			p.Report(-1, "%s while %s: the file and the tool now both manage its transactions; let the tool do it",
				word, txOrigin(p))
		case rollback && !tx.Explicit:
			p.Report(-1, "%s while %s: it undoes the statements before it, the tool carries on as if they "+
				"ran, and what follows runs outside any transaction", word, txOrigin(p))
		case !tx.Explicit:
			p.Report(-1, "%s while %s: it ends the tool's transaction early, so what follows, the tool's own "+
				"bookkeeping included, runs outside it and a failure leaves the migration half applied", word, txOrigin(p))
		default:
			p.Report(-1, "%s while %s: the file and the tool now both manage its transactions; let the tool do it",
				word, txOrigin(p))
		}
	},
}

func init() { Register(transactionNesting) }

// txKeyword returns the keyword a transaction statement is written with:
// BEGIN, START TRANSACTION, COMMIT, END, ROLLBACK, ABORT.
func txKeyword(p *Pass) string {
	f := strings.Fields(p.Text())
	if len(f) == 0 {
		return "the statement"
	}
	w := strings.ToUpper(strings.TrimRight(f[0], ";"))
	if w == "START" {
		return "START TRANSACTION"
	}
	return w
}
