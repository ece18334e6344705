package rules

// migrationLayoutUnknown is reported by the engine for a directory read
// as plain SQL whose layout no migration format explains.
var migrationLayoutUnknown = &Rule{
	ID:       "migration-layout-unknown",
	Title:    "directory linted as plain sql whose layout no migration format explains",
	Severity: Warning,
	Detects: "A directory given to lint (on the command line, or under sets: in .migguard.yaml) that no format explains: it holds .sql " +
		"files in subdirectories, which plain SQL does not read, or no .sql file at all. The finding names the files that were not read.",
	Why: "Such a directory would otherwise lint clean with nothing read: an unknown layout, a set one level further down or a mistyped " +
		"path would pass in silence.",
	Fix: "Lint the set's own directory, or name its format (`format:` of the set in .migguard.yaml: golang-migrate, goose, dbmate, " +
		"flyway, atlas, sql-migrate, tern, diesel, prisma, sqitch or plain).",
	Help:     "lint the migration set's own directory, or set its format in .migguard.yaml",
	byEngine: true,
}

func init() { Register(migrationLayoutUnknown) }
