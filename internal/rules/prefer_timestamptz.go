package rules

// preferTimestamptz flags timestamp without time zone columns.
//
//	CREATE TABLE events (created_at timestamp NOT NULL);   -- flagged
//	CREATE TABLE events (created_at timestamptz NOT NULL); -- fine
var preferTimestamptz = &Rule{
	ID:       "prefer-timestamptz",
	Peers:    []string{"squawk:prefer-timestamp-tz"},
	Aliases:  []string{"prefer-timestamp-tz"},
	Title:    "timestamp without time zone instead of timestamptz",
	Severity: Info,
	Optional: true,
	Detects: "Columns of type `timestamp` / `timestamp without time zone` (with or without a precision, arrays " +
		"included) in CREATE TABLE, ADD COLUMN and ALTER COLUMN … TYPE. Temporary tables are left alone.",
	Why: "A timestamp without time zone stores the wall-clock reading and drops the UTC offset: 10:00+02 and 10:00-06, " +
		"eight hours apart, are both stored as 10:00, and values written by sessions or servers in different time " +
		"zones cannot be compared or converted afterwards. timestamptz stores the instant (in UTC) and converts on " +
		"output, at the same size.",
	Fix: "Use `timestamptz` (`timestamp with time zone`). Converting an existing column with ALTER COLUMN … TYPE " +
		"timestamptz rewrites the table unless the session TimeZone is UTC (PostgreSQL 12+); do it like any other type " +
		"change on a large table.",
	Help: "use timestamptz",
	Check: func(p *Pass) {
		for _, c := range typedColumns(p.Node()) {
			if c.typ.Name != "timestamp" {
				continue
			}
			p.Report(c.loc, "%s is %s without time zone: values lose their UTC offset, so instants written from "+
				"different time zones cannot be told apart; use timestamptz", c.where(), sqlTypeName(c.typ))
		}
	},
}

func init() { Register(preferTimestamptz) }
