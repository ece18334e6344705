package rules

// The findings that only the go vet analyzers report (analyzers/): models
// compared with the schema the migrations build (modelschema), and what
// migrationsql cannot read. The SQL rules' findings in Go code keep their
// own ids.
func init() {
	Register(
		&Rule{ID: "model-table-missing", Kind: GoRule, Severity: Error,
			Title:   "a go model maps a table that no migration creates",
			Detects: "A GORM, bun, go-pg or db-tagged model whose table (TableName, a table tag, //migguard:model table=, or the ORM's naming) is created by no migration.",
			Why:     "Every query of the model fails with `relation does not exist` in an environment built by the migrations.",
			Fix:     "Add the migration that creates the table, or map the model to the table that exists.",
			Help:    "add a migration that creates the table"},
		&Rule{ID: "model-column-missing", Kind: GoRule, Severity: Error,
			Title:   "a go model maps a column that no migration adds",
			Detects: "A field of a model whose column (the ORM's tag, else its naming of the field) the table the migrations build does not have.",
			Why:     "The model changed without a migration: inserts and selects of the model fail with `column does not exist`.",
			Fix:     "Add a migration that adds the column, or tag the field so the ORM skips it.",
			Help:    "add a migration that adds the column"},
		&Rule{ID: "model-column-lost", Kind: GoRule, Severity: Warning,
			Title: "a table has a column that its go model does not map",
			Detects: "A NOT NULL column without a default of the model's table, as the migrations build it, that no field of the model maps, unless the model is marked //migguard:model partial; " +
				"with -modelschema.strict any column the model does not map.",
			Why:  "A NOT NULL column without a default that the model does not set makes the model's inserts fail; otherwise the field was often removed by mistake.",
			Fix:  "Map the column, drop it in a migration, or mark the model //migguard:model partial.",
			Help: "map the column, or drop it in a migration"},
		&Rule{ID: "model-nullability", Kind: GoRule, Severity: Warning,
			Title: "a go field and its column disagree about NULL",
			Detects: "A field that can hold NULL (a pointer, sql.Null*, pgtype) over a NOT NULL column; or one that cannot over a nullable column, where the scan fails on NULL " +
				"(database/sql, sqlx, pgx, ent, sqlc) — for GORM, bun, go-pg and beego, which read NULL as the zero value, only with -modelschema.strict.",
			Why: "Scanning NULL into a non-pointer field fails at run time in database/sql, sqlx and pgx; writing nil into a NOT NULL column fails the insert; " +
				"an ORM that reads NULL as the zero value hides which rows hold none.",
			Fix:  "Make the field's type match the column, or change the column's nullability in a migration.",
			Help: "make the field's type and the column's nullability agree"},
		&Rule{ID: "model-type", Kind: GoRule, Severity: Warning,
			Title:   "a go field's type clearly disagrees with its column's type",
			Detects: "A field whose Go type cannot hold the column's values (an int for a text column, a bool for an integer, a time.Time for text); types drivers convert and types with their own Scan or Value are left alone.",
			Why:     "Scans fail or values are truncated at run time.",
			Fix:     "Change the field's type, or the column's type in a migration.",
			Help:    "make the field's type fit the column"},
		&Rule{ID: "model-table-unknown", Kind: GoRule, Severity: Info,
			Title:   "a go model's table name is not a constant",
			Detects: "A model whose TableName method returns something other than a constant, so its table cannot be known statically.",
			Why:     "The model cannot be compared with the schema; drift goes unnoticed.",
			Fix:     "Return a constant from TableName, or name the table with //migguard:model table=<name>.",
			Help:    "name the table with //migguard:model table=<name>"},
		&Rule{ID: "model-no-migrations", Kind: GoRule, Severity: Warning,
			Title:   "a go module has models but the repository has no postgresql migrations to compare them with",
			Detects: "Models in a module whose repository holds no PostgreSQL migration set, embedded, on disk or written in Go; said once, by the first package with models.",
			Why:     "Nothing checks that the models match the database.",
			Fix:     "Import the package that embeds the migrations, name the sets in .migguard.yaml, or pass -migrationset.dir.",
			Help:    "tell migguard where the migrations are"},
		&Rule{ID: "sql-not-constant", Kind: GoRule, Severity: Info,
			Title:   "migration sql in go code is not a constant",
			Detects: "An Exec call in migration code whose SQL is built at run time (fmt.Sprintf, concatenation of variables); said once per package.",
			Why:     "migguard lints constant strings and embedded .sql files; SQL built at run time is not checked.",
			Fix:     "Write the SQL as a constant or an embedded .sql file, or review it by hand.",
			Help:    "write the SQL as a constant to have it checked"},
		&Rule{ID: "input-error", Kind: GoRule, Severity: Error,
			Title:   "an embedded migration file cannot be read as text",
			Detects: "A file embedded as a migration that is not UTF-8 text, is binary, or is too large.",
			Why:     "The migration cannot be linted or replayed, so later findings may be wrong.",
			Fix:     "Keep migration files as UTF-8 text, or embed only the migration files.",
			Help:    "keep migration files as UTF-8 text"},
	)
}
