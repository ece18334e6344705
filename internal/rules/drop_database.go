package rules

// dropDatabase flags DROP DATABASE, which has no place in a migration.
//
//	DROP DATABASE analytics;  -- flagged
var dropDatabase = &Rule{
	ID:       "drop-database",
	Peers:    []string{"squawk:ban-drop-database"},
	Title:    "dropping a database deletes all of its data",
	Severity: Error,
	Detects:  "`DROP DATABASE` (with or without IF EXISTS or FORCE).",
	Why: "DROP DATABASE removes the whole database, every schema and all data in it, irreversibly. With FORCE it " +
		"terminates the sessions connected to it first. It cannot run inside a transaction block, so a migration " +
		"tool that wraps files in a transaction fails on it, and one that does not runs it with no way back.",
	Fix: "Do not drop databases from migrations. Retire a database by hand (or in infrastructure code) after taking " +
		"a backup and making sure nothing connects to it any more.",
	Help: "never drop a database from a migration; retire it by hand after a backup",
	Check: func(p *Pass) {
		d := p.Node().GetDropdbStmt()
		if d == nil {
			return
		}
		force := ""
		if HasOption(d.Options, "force") {
			force = ", and FORCE first terminates every session connected to it"
		}
		p.Report(-1, "DROP DATABASE %q deletes the whole database and all of its data%s", d.Dbname, force)
	},
}

func init() { Register(dropDatabase) }
