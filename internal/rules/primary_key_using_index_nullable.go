package rules

import "github.com/migguard/migguard/internal/pgparse"

// primaryKeyUsingIndexNullable flags ADD PRIMARY KEY USING INDEX when a
// key column of the index is not known to be NOT NULL: PostgreSQL then
// makes it NOT NULL, scanning the table under ACCESS EXCLUSIVE.
//
//	CREATE UNIQUE INDEX CONCURRENTLY events_id_idx ON events (id);
//	ALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY USING INDEX events_id_idx; -- flagged: id is nullable
var primaryKeyUsingIndexNullable = &Rule{
	ID:       "primary-key-using-index-nullable",
	Peers:    []string{"eugene:W14"},
	Fails:    []Failure{{SQLState: "23502"}},
	Title:    "primary key using an index on nullable columns scans the table while blocking all access",
	Severity: Error,
	Lock:     "ACCESS EXCLUSIVE",
	Detects: "`ALTER TABLE … ADD CONSTRAINT c PRIMARY KEY USING INDEX idx` on a table that existed before this migration " +
		"when a key column of the index is not NOT NULL already and (PostgreSQL 12 and later) no validated " +
		"`CHECK (col IS NOT NULL)` proves it non-null. An index the migrations do not define is taken to be on such " +
		"columns. Tables created earlier in the same file or transaction, and temporary tables, are exempt.",
	Why: "A primary key's columns must be NOT NULL. When one is not, ADD PRIMARY KEY USING INDEX sets it NOT NULL " +
		"itself: it reads every row to make sure none is NULL while holding ACCESS EXCLUSIVE, so every query on the " +
		"table, reads included, waits until the scan ends; a NULL fails the statement. The index built CONCURRENTLY " +
		"beforehand saves the index build, not this scan.",
	Fix: "Make the key columns NOT NULL first: `ADD CONSTRAINT c CHECK (col IS NOT NULL) NOT VALID`, commit, " +
		"`VALIDATE CONSTRAINT c` in a later transaction, then `ALTER COLUMN col SET NOT NULL` (no scan on PostgreSQL " +
		"12 and later). Then `ADD CONSTRAINT … PRIMARY KEY USING INDEX idx` takes its lock only briefly.",
	Versions: "Before PostgreSQL 12 the NOT NULL step always scans, even with a validated CHECK: there the change needs " +
		"a maintenance window.",
	Help: "make the key columns NOT NULL (validated CHECK, then SET NOT NULL) before PRIMARY KEY USING INDEX",
	Check: func(p *Pass) {
		at := existingTableAlter(p)
		if at == nil {
			return
		}
		table := displayRel(at.Relation)
		for _, a := range addedConstraints(at, pgparse.ConstrType_CONSTR_PRIMARY) {
			if a.col != nil || a.con.Indexname == "" {
				continue // without USING INDEX: add-primary-key-without-index
			}
			cols := pkUnprovenColumns(p, at.Relation, a.con.Indexname)
			if len(cols) == 0 {
				continue
			}
			pk := constraintPhrase("primary key", a.con.Conname)
			if p.Catalog.Index(tableSchema(p, at.Relation), a.con.Indexname) == nil {
				p.ReportWork(a.loc(at), WorkScan, "adding %s to %q using index %q, which the migrations do not define, sets its columns NOT NULL unless they already are: that scans the whole table under ACCESS EXCLUSIVE, and every query on %q waits until the scan ends",
					pk, table, a.con.Indexname, table)
				continue
			}
			p.ReportWork(a.loc(at), WorkScan, "adding %s to %q using index %q sets %s NOT NULL: it scans the whole table under ACCESS EXCLUSIVE, and every query on %q waits until the scan ends",
				pk, table, a.con.Indexname, quoteList(cols), table)
		}
	},
}

func init() { Register(primaryKeyUsingIndexNullable) }
