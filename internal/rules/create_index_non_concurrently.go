package rules

import "github.com/migguard/migguard/internal/pgparse"

// createIndexNonConcurrently flags CREATE INDEX without CONCURRENTLY on a
// table that existed before the migration.
//
//	CREATE INDEX users_email_idx ON users (email);              -- flagged
//	CREATE INDEX CONCURRENTLY users_email_idx ON users (email); -- fine
var createIndexNonConcurrently = &Rule{
	ID:       "create-index-non-concurrently",
	Peers:    []string{"squawk:require-concurrent-index-creation", "eugene:E6"},
	Fails:    []Failure{{SQLState: "23505"}},
	Title:    "index built without CONCURRENTLY blocks writes",
	Severity: Error,
	Lock:     "SHARE",
	Detects: "`CREATE INDEX` without `CONCURRENTLY` on a table that existed before this migration (tables created earlier in " +
		"the same file or transaction, and temporary tables, are exempt, but not a copy of existing rows made by CREATE TABLE … " +
		"AS, SELECT … INTO or CREATE MATERIALIZED VIEW … AS once the transaction that made it has committed: the build " +
		"then blocks writes to it while it reads every copied row).",
	Why: "A plain CREATE INDEX holds a SHARE lock on the table for the whole build: every INSERT, UPDATE and DELETE waits, " +
		"for minutes on a large table, and everything queued behind them waits too.",
	Fix: "Build it with `CREATE INDEX CONCURRENTLY IF NOT EXISTS …` in a migration the tool does not wrap in a transaction " +
		"(goose `-- +goose NO TRANSACTION`, dbmate `transaction:false`, Atlas `-- atlas:txmode none`). " +
		"If the build fails it leaves an INVALID index: drop it (`DROP INDEX CONCURRENTLY`) before retrying.",
	Versions: "Concurrent builds on PostgreSQL 14.0–14.3 can corrupt indexes; upgrade to 14.4 or later first.",
	Help:     "use CREATE INDEX CONCURRENTLY in a migration that runs outside a transaction",
	Check: func(p *Pass) {
		idx := p.Node().GetIndexStmt()
		if idx == nil || idx.Concurrent || p.IsNew(idx.Relation) {
			return
		}
		if t := p.Table(idx.Relation); t != nil && t.Partitioned {
			return // index-on-partitioned-table explains what to do instead
		}
		p.Report(idx.Relation.Location, "creating index %s on %q without CONCURRENTLY blocks writes to the table while it builds%s",
			indexName(idx), idx.Relation.Relname, copiedNote(p, idx.Relation))
	},
}

func init() { Register(createIndexNonConcurrently) }

// indexName returns the quoted name of an index, or "(unnamed)".
func indexName(idx *pgparse.IndexStmt) string {
	if idx.Idxname == "" {
		return "(unnamed)"
	}
	return `"` + idx.Idxname + `"`
}
