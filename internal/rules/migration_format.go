package rules

// migrationFormat is reported by the engine for problems in the layout of a
// migration file that its migration tool would reject or misread.
var migrationFormat = &Rule{
	ID:       "migration-format",
	Title:    "migration file breaks its tool's format",
	Severity: Error,
	Detects: "Format problems the migration tool would reject or misread: goose annotations out of order or unknown, " +
		"a dbmate file without `-- migrate:up`, statements before the up marker, a goose StatementBegin without StatementEnd, " +
		"a golang-migrate down file without the up file of its version (migrating up records the version and runs nothing).",
	Why:      "The migration tool refuses the file, or runs a different set of statements than the author meant (for example the down part as part of up).",
	Fix:      "Follow the tool's layout: goose files start with `-- +goose Up`; dbmate files with `-- migrate:up`; annotations sit alone on their line.",
	Help:     "follow the migration tool's file layout",
	byEngine: true,
}

func init() { Register(migrationFormat) }
