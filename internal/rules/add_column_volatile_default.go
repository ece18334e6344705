package rules

// addColumnVolatileDefault flags ADD COLUMN with a default that makes
// PostgreSQL write the value into every existing row.
//
//	ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();  -- flagged
//	ALTER TABLE users ADD COLUMN active boolean NOT NULL DEFAULT true;  -- fine on PostgreSQL 11+
var addColumnVolatileDefault = &Rule{
	ID:       "add-column-volatile-default",
	Peers:    []string{"squawk:adding-field-with-default", "eugene:E10"},
	Title:    "column added with a volatile default rewrites the table",
	Severity: Error,
	Lock:     "ACCESS EXCLUSIVE",
	Detects: "`ALTER TABLE … ADD COLUMN … DEFAULT expr` on a table that existed before this migration, where expr calls " +
		"a volatile function: a built-in one according to pg_proc (random(), clock_timestamp(), nextval(), " +
		"gen_random_uuid()…), a function an earlier migration created without IMMUTABLE or STABLE, or a volatile " +
		"function of uuid-ossp or pgcrypto. Constants, casts, arrays, CURRENT_TIMESTAMP and stable or immutable " +
		"functions such as now() are fine. A function that is neither built in nor created by the migrations is not " +
		"flagged, since its volatility cannot be known. When targeting PostgreSQL 10 or older, every default other " +
		"than NULL is flagged. Tables created earlier in the same file, and temporary tables, are exempt.",
	Why: "PostgreSQL 11 and later store a non-volatile default once in the catalog, so adding the column is instant. " +
		"A volatile default must be evaluated for each row, so PostgreSQL rewrites the whole table and rebuilds all " +
		"its indexes while holding ACCESS EXCLUSIVE: no query can read or write the table until it is done, and the " +
		"rewrite needs as much free disk as the table and its indexes take.",
	Fix: "Add the column without a default (or with a constant one), then `ALTER TABLE … ALTER COLUMN … SET DEFAULT " +
		"expr` so that new rows get it, then fill the existing rows with batched UPDATEs in separate transactions.",
	Versions: "Before PostgreSQL 11 every ADD COLUMN with a non-NULL default rewrites the table, volatile or not.",
	Help:     "add the column without the default, SET DEFAULT separately, then backfill existing rows in batches",
	Check: func(p *Pass) {
		for _, ac := range addedColumnsOnExisting(p) {
			def := columnDefault(ac.def)
			if def == nil || isNullConst(def) || isSerialType(ac.def) {
				continue
			}
			if !hasWork(addColumnWork(p, ac.def), WorkRewrite) {
				continue
			}
			if !p.PG.AtLeast(11, 0) {
				p.ReportWork(columnLoc(ac.def), WorkRewrite, "adding column %q to %q with a default rewrites the whole table under ACCESS EXCLUSIVE on PostgreSQL %s (11 and later only record a non-volatile default)",
					ac.def.Colname, displayRel(ac.rel), p.PG)
				continue
			}
			if fn := volatileCallIn(p, def); fn != "" {
				p.ReportWork(columnLoc(ac.def), WorkRewrite, "adding column %q to %q with a default that calls volatile %s() rewrites the whole table and its indexes under ACCESS EXCLUSIVE",
					ac.def.Colname, displayRel(ac.rel), fn)
			}
		}
	},
}

func init() { Register(addColumnVolatileDefault) }
