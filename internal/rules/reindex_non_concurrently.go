package rules

import "github.com/migguard/migguard/internal/pgparse"

// reindexNonConcurrently flags REINDEX without CONCURRENTLY of indexes
// that existed before the migration.
//
//	REINDEX INDEX users_email_idx;                -- flagged
//	REINDEX INDEX CONCURRENTLY users_email_idx;   -- fine (PostgreSQL 12+)
var reindexNonConcurrently = &Rule{
	ID:       "reindex-non-concurrently",
	Peers:    []string{"squawk:require-concurrent-reindex"},
	Title:    "reindex without CONCURRENTLY blocks writes and nearly every query on the table",
	Severity: Error,
	Lock:     "SHARE on the table, ACCESS EXCLUSIVE on each index",
	Detects: "`REINDEX INDEX|TABLE|SCHEMA|DATABASE …` without `CONCURRENTLY` (in either spelling, `REINDEX (CONCURRENTLY) …` " +
		"or `REINDEX … CONCURRENTLY`). REINDEX SYSTEM, which has no concurrent form, and indexes and tables created " +
		"earlier in the same file, or temporary, are left alone.",
	Why: "REINDEX holds SHARE on the table, so every INSERT, UPDATE and DELETE waits for the whole rebuild, and " +
		"ACCESS EXCLUSIVE on the index being rebuilt. Because the planner locks every index of a table while it plans a " +
		"query, nearly every query on the table waits as well, reads included, for as long as the rebuild runs. " +
		"REINDEX TABLE, SCHEMA and DATABASE do this for each index in turn. REINDEX SCHEMA and DATABASE also refuse " +
		"to run inside a transaction block.",
	Fix: "`REINDEX INDEX CONCURRENTLY idx;` (or `REINDEX TABLE CONCURRENTLY t`) in a migration the tool does not wrap " +
		"in a transaction. It builds a new copy next to the old index and swaps them, taking only SHARE UPDATE " +
		"EXCLUSIVE. If it fails it leaves an INVALID `<name>_ccnew` index behind: drop it before retrying.",
	Versions: "REINDEX CONCURRENTLY exists from PostgreSQL 12; before it, build a replacement with " +
		"`CREATE INDEX CONCURRENTLY`, then `DROP INDEX CONCURRENTLY` the old one and rename the new one. " +
		"Concurrent builds on PostgreSQL 14.0–14.3 can corrupt indexes; upgrade to 14.4 or later first.",
	Help: "use REINDEX … CONCURRENTLY in a migration that runs outside a transaction",
	Check: func(p *Pass) {
		r := p.Node().GetReindexStmt()
		if r == nil || HasOption(r.Params, "concurrently") || reindexIsNew(p, r) {
			return
		}
		var msg string
		switch r.Kind {
		case pgparse.ReindexObjectType_REINDEX_OBJECT_SYSTEM:
			return
		case pgparse.ReindexObjectType_REINDEX_OBJECT_INDEX:
			table := "its table"
			if ix := indexOfKey(p, relKey(r.Relation)); ix != nil {
				table = `"` + displayKey(ix.Table) + `"`
			}
			msg = "REINDEX " + reindexTarget(r) + " without CONCURRENTLY blocks writes to " + table +
				" and, since planning locks every index, nearly every query on it until the rebuild ends"
		case pgparse.ReindexObjectType_REINDEX_OBJECT_TABLE:
			msg = "REINDEX " + reindexTarget(r) + " without CONCURRENTLY rebuilds each of its indexes while blocking " +
				"writes and nearly every query on the table"
		default:
			msg = "REINDEX " + reindexTarget(r) + " without CONCURRENTLY rebuilds every index there, each blocking " +
				"writes and nearly every query on its table"
			if p.Tx.Open {
				msg += ", and it cannot run inside a transaction block"
			}
		}
		if !p.PG.AtLeast(12, 0) {
			msg += "; PostgreSQL " + p.PG.String() + " has no REINDEX CONCURRENTLY: build a replacement with CREATE INDEX CONCURRENTLY instead"
		}
		loc := int32(-1)
		if r.Relation != nil {
			loc = r.Relation.Location
		}
		p.Report(loc, "%s", msg)
	},
}

func init() { Register(reindexNonConcurrently) }

// reindexIsNew reports whether a REINDEX works on an index or table created
// earlier in this file, or on a temporary one.
func reindexIsNew(p *Pass, r *pgparse.ReindexStmt) bool {
	if r.Relation == nil {
		return false
	}
	if r.Kind == pgparse.ReindexObjectType_REINDEX_OBJECT_TABLE {
		return p.IsNew(r.Relation)
	}
	key := relKey(r.Relation)
	if p.Tx.IsNew(key) {
		return true
	}
	if ix := indexOfKey(p, key); ix != nil {
		t := tableOfKey(p, ix.Table)
		return p.Tx.IsNew(ix.Table) || t != nil && t.Persistence == 't'
	}
	return false
}
