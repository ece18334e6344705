package rules

import "github.com/migguard/migguard/internal/migrations"

// uncommittedTransaction flags a file that ends inside a transaction block
// it opened itself.
//
//	-- migguard:tx none
//	BEGIN;                                       -- flagged
//	ALTER TABLE users ADD COLUMN nickname text;
//	-- (no COMMIT)
var uncommittedTransaction = &Rule{
	ID:       "uncommitted-transaction",
	Peers:    []string{"squawk:ban-uncommitted-transaction"},
	Title:    "transaction left open at the end of the file",
	Severity: Error,
	Detects: "A file that ends while a transaction block it opened (`BEGIN`, `START TRANSACTION`, `COMMIT AND CHAIN`) " +
		"is still open. Files the migration tool wraps in its own transaction are left to transaction-nesting, since " +
		"the tool's COMMIT ends the block there.",
	Why: "Nothing in the file commits the changes: they are rolled back when the connection closes, so the migration " +
		"looks applied but is not, or they are committed by whatever happens to run next on the same connection. " +
		"Until then the transaction holds every lock its statements took, blocking the tables it touched.",
	Fix: "End the transaction with `COMMIT;` (or `ROLLBACK;`) in the same file, or remove the BEGIN and let the " +
		"migration tool run the file in its transaction.",
	Help: "add COMMIT at the end of the file, or leave the transaction to the migration tool",
	End: func(p *Pass) {
		if !p.Tx.Open || !p.Tx.Explicit || p.Tx.Mode == migrations.TxWrapped {
			return
		}
		p.ReportAt(p.Tx.BeginOffset, "the transaction opened on line %d is still open at the end of the file: its changes "+
			"are lost when the connection closes, or committed by whatever runs next on it", lineOf(p, p.Tx.BeginOffset))
	},
}

func init() { Register(uncommittedTransaction) }
