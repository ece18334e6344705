package rules

// migrationFileNotRun is reported by the engine for a .sql file in a
// migration set that the set's tool never runs.
var migrationFileNotRun = &Rule{
	ID:       "migration-file-not-run",
	Title:    "sql file in a migration set that its tool never runs",
	Severity: Info,
	Detects: "A .sql file where a migration set's tool looks for migrations, whose name or place the tool does not read as one: " +
		"`002_add.sql` in a golang-migrate directory (which needs `.up.sql`), a README.sql beside goose files, a loose file beside " +
		"diesel's or Prisma's migration directories, a Sqitch script of a change that sqitch.plan does not name, " +
		"a pop or plain SQL down file without the up file of its version or name.",
	Why:      "The file looks like a migration but never reaches the database: wherever the tool migrates, the change it holds is silently missing.",
	Fix:      "Rename the file to the tool's pattern (or add its change to sqitch.plan), or move it out of the migration directory when it is no migration.",
	Help:     "rename it to the tool's pattern, or move it out of the migration set",
	byEngine: true,
}

func init() { Register(migrationFileNotRun) }
