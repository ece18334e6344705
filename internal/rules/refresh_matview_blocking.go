package rules

// refreshMatviewBlocking flags REFRESH MATERIALIZED VIEW without
// CONCURRENTLY on a view that existed before the migration.
//
//	REFRESH MATERIALIZED VIEW daily_totals;              -- flagged
//	REFRESH MATERIALIZED VIEW CONCURRENTLY daily_totals; -- fine
var refreshMatviewBlocking = &Rule{
	ID:       "refresh-matview-blocking",
	Title:    "refreshing a materialized view without concurrently blocks reads of it",
	Severity: Warning,
	Lock:     "ACCESS EXCLUSIVE",
	Detects: "`REFRESH MATERIALIZED VIEW` without `CONCURRENTLY` on a view that existed before this migration, " +
		"including `WITH NO DATA`, which empties it.",
	Why: "A plain refresh runs the view's query and swaps in the result while holding ACCESS EXCLUSIVE on the view: " +
		"every query that reads the view waits for the whole query to run. WITH NO DATA leaves the view unpopulated, " +
		"and every query on it fails until the next refresh.",
	Fix: "Use `REFRESH MATERIALIZED VIEW CONCURRENTLY`, which takes EXCLUSIVE (reads go on) and updates the rows " +
		"in place. It needs a unique index on the view that covers all rows (plain columns, no WHERE) and a view that " +
		"is already populated; add the index first (CONCURRENTLY) if it is missing.",
	Help: "use REFRESH MATERIALIZED VIEW CONCURRENTLY (needs a unique index on the view)",
	Check: func(p *Pass) {
		r := p.Node().GetRefreshMatViewStmt()
		if r == nil || r.Concurrent || r.Relation == nil || p.Created(r.Relation) {
			return
		}
		if r.SkipData {
			p.Report(r.Relation.Location, "REFRESH MATERIALIZED VIEW WITH NO DATA empties %q: every query on it fails until it is refreshed again",
				displayRel(r.Relation))
			return
		}
		p.Report(r.Relation.Location, "refreshing materialized view %q without CONCURRENTLY blocks reads of it until its query finishes",
			displayRel(r.Relation))
	},
}

func init() { Register(refreshMatviewBlocking) }
