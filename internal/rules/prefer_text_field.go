package rules

// preferTextField flags varchar columns with a length limit.
//
//	CREATE TABLE users (email varchar(255));                                -- flagged
//	CREATE TABLE users (email text CHECK (length(email) <= 255));           -- fine
var preferTextField = &Rule{
	ID:       "prefer-text-field",
	Peers:    []string{"squawk:prefer-text-field"},
	Title:    "varchar with a length limit instead of text",
	Severity: Info,
	Optional: true,
	Detects: "Columns of type `varchar(n)` / `character varying(n)` (arrays included) in CREATE TABLE, ADD COLUMN and " +
		"ALTER COLUMN … TYPE. Plain `varchar` without a length and temporary tables are left alone.",
	Why: "The limit is enforced by the column type, so changing it means ALTER COLUMN … TYPE under ACCESS EXCLUSIVE: " +
		"raising it is a catalog change but still queues behind every running query, and lowering it scans or " +
		"rewrites the table. varchar(n) stores and performs exactly like text; the limit is its only difference.",
	Fix: "Use `text`, and enforce a limit that matters with `CHECK (length(col) <= n)`: a CHECK can be replaced " +
		"online by adding the new one NOT VALID, validating it in a later transaction (SHARE UPDATE EXCLUSIVE) and " +
		"dropping the old one.",
	Versions: "Raising a varchar limit has been a catalog-only change since PostgreSQL 9.2; lowering it always checks every row.",
	Help:     "use text with a CHECK on length(col) instead of varchar(n)",
	Check: func(p *Pass) {
		for _, c := range typedColumns(p.Node()) {
			if c.typ.Name != "varchar" || len(c.typ.Mods) == 0 {
				continue
			}
			p.Report(c.loc, "%s is %s: changing the limit later takes ACCESS EXCLUSIVE (and a full scan to lower it); "+
				"text with a CHECK on length(%s) can be changed without blocking", c.where(), sqlTypeName(c.typ), c.name)
		}
	},
}

func init() { Register(preferTextField) }
