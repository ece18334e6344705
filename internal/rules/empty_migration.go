package rules

// emptyMigration is reported by the engine for a migration whose up part
// holds no statement.
var emptyMigration = &Rule{
	ID:       "empty-migration",
	Title:    "migration has no statements",
	Severity: Warning,
	Detects:  "A migration file (or its up part) that contains only white space and comments.",
	Why:      "Some tools fail on an empty migration (golang-migrate reports an empty body as an error on some drivers), and an empty file is usually a forgotten edit.",
	Fix:      "Write the migration, or delete the file. A deliberate no-op can say `SELECT 1;` with a comment.",
	Help:     "write the migration or delete the file",
	byEngine: true,
}

func init() { Register(emptyMigration) }
