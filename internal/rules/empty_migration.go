package rules

// emptyMigration is reported by the engine for a migration whose up part
// holds no statement.
var emptyMigration = &Rule{
	ID:       "empty-migration",
	Title:    "migration has no statements",
	Severity: Warning,
	Detects: "A migration file (or its up part) that contains only white space and comments. A deliberate no-op is " +
		"left alone: an up part with a comment saying it does nothing on purpose (`no-op`, `noop`, `nothing to do`, " +
		"`does nothing`, `intentionally`, `deliberately`, `on purpose`, `left empty`, `placeholder`), a Go migration " +
		"function that only returns nil under a comment, and an empty pop file for PostgreSQL beside other databases' " +
		"files. Such files keep the tool's version history as it was applied.",
	Why:      "Some tools fail on an empty migration (golang-migrate reports an empty body as an error on some drivers), and an empty file is usually a forgotten edit.",
	Fix:      "Write the migration, or, when it was never applied anywhere, delete the file. A deliberate no-op says why in a comment of its own.",
	Help:     "write the migration or delete the file",
	byEngine: true,
}

func init() { Register(emptyMigration) }
