package rules

import "github.com/migguard/migguard/internal/pgparse"

// unbatchedDataChange flags UPDATE and DELETE of every row of an existing
// table, and backfills whose condition does not bound the rows they touch,
// run as one statement inside a migration.
//
//	UPDATE users SET locale = 'en';                       -- flagged
//	UPDATE users SET locale = 'en' WHERE locale IS NULL;  -- flagged
//	UPDATE users SET locale = 'en' WHERE id BETWEEN 1 AND 10000; -- fine: one batch
var unbatchedDataChange = &Rule{
	ID:       "unbatched-data-change",
	Title:    "data change over a whole existing table in one statement",
	Severity: Warning,
	Lock:     "ROW EXCLUSIVE",
	Detects: "On a table that existed before the migration: `UPDATE` or `DELETE` without WHERE; `UPDATE`, `DELETE` or " +
		"`MERGE` whose condition compares columns only (`WHERE c IS NULL`, a join condition, `WHERE NOT archived`) " +
		"with no constant, parameter or LIMIT bounding the rows; `INSERT … SELECT` into it that reads an existing " +
		"table the same way; a copy of an existing table made the same way by `CREATE TABLE … AS SELECT`, `SELECT … " +
		"INTO` or `CREATE MATERIALIZED VIEW … AS` (without WITH NO DATA). Tables created earlier in the file, " +
		"temporary tables, and a table that an `ADD COLUMN … NOT NULL` without a value proved empty earlier in the " +
		"same transaction are left alone. " +
		"statements-after-access-exclusive also reports these when the transaction holds ACCESS EXCLUSIVE.",
	Why: "One statement changes every matching row in one transaction: each changed row stays locked against other " +
		"writes until the migration commits, so the application's updates of those rows wait; the statement writes a " +
		"new version of every row (bloat, a burst of WAL that replicas must replay) and holds back vacuum while it " +
		"runs. Inside the migration's transaction it also keeps every lock the earlier statements took, ACCESS " +
		"EXCLUSIVE included, for its whole run.",
	Fix: "Backfill outside the schema-changing transaction, in batches of a few thousand rows keyed by the primary " +
		"key (`UPDATE … WHERE id >= $1 AND id < $1 + 5000`), each committed on its own, with a pause between " +
		"batches; for a new column, prefer a non-volatile DEFAULT (PostgreSQL 11+) over an UPDATE. To empty a table, " +
		"TRUNCATE is instant but takes ACCESS EXCLUSIVE.",
	Help: "backfill in committed batches keyed by the primary key, outside the migration's DDL transaction",
	Check: func(p *Pass) {
		n := p.Node()
		locked := "until it finishes"
		if p.Tx.Open {
			locked = "until the migration's transaction commits"
		}
		if reportCopy(p, n, locked) {
			return
		}
		dc := dataChangeOf(n)
		if dc == nil || dc.rel == nil || p.IsNew(dc.rel) || p.Tx.EmptiedInTx(relKey(dc.rel)) || !dc.unbounded(n) {
			return
		}
		name := displayRel(dc.rel)
		switch {
		case dc.verb == "INSERT INTO":
			src := dc.readsExisting(p)
			if src == nil {
				return
			}
			p.ReportWork(src.Location, WorkRows, "INSERT INTO %q … SELECT copies every matching row of %q in one statement, with no bound "+
				"on how many: it runs as long as the copy takes and holds its locks %s", name, displayRel(src), locked)
		case dc.where == nil && dc.verb == "UPDATE":
			p.ReportWork(dc.rel.Location, WorkRows, "UPDATE of %q has no WHERE: it rewrites every row in one statement, and each "+
				"row stays locked against other writes %s", name, locked)
		case dc.where == nil:
			p.ReportWork(dc.rel.Location, WorkRows, "DELETE FROM %q has no WHERE: it deletes every row in one statement, and each "+
				"row stays locked against other writes %s", name, locked)
		default:
			p.Report(dc.rel.Location, "%s %q selects its rows with no constant bound or LIMIT, so it may change every "+
				"row in one statement, and each changed row stays locked against other writes %s", dc.verb, name, locked)
		}
	},
}

func init() { Register(unbatchedDataChange) }

// reportCopy reports a copy of every row of an existing table into a new
// one (CREATE TABLE … AS SELECT, SELECT … INTO, CREATE MATERIALIZED VIEW
// … AS), which runs as long as an INSERT … SELECT of the same rows; it
// reports whether the statement is one.
func reportCopy(p *Pass, n *pgparse.Node, locked string) bool {
	var into *pgparse.IntoClause
	switch s := n.Node.(type) {
	case *pgparse.Node_CreateTableAsStmt:
		into = s.CreateTableAsStmt.Into
	case *pgparse.Node_SelectStmt:
		into = s.SelectStmt.IntoClause
	}
	if into == nil || into.GetRel().GetRelpersistence() == "t" {
		return false // not a copy, or one to a temporary table, which only the migration uses
	}
	for _, it := range copiedRelations(p, n) {
		if it.subject == "SELECT" || it.temp || p.Tx.Empty(it.key) {
			continue
		}
		// A copy into a new relation only reads the table it copies.
		p.ReportLockWork(it.loc, LockAccessShare, WorkRows, "%s %s in one statement, with no bound on how many: it runs as long as the table is large, and holds its locks %s",
			it.subject, it.what, locked)
		return true
	}
	return false
}
