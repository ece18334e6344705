package rules

// The findings of `migguard models` (hooks/models).
func init() {
	Register(&Rule{ID: "model-without-migration", Kind: ModelsRule, Severity: Error,
		Title: "a branch changes database models without a migration that makes the change",
		Detects: "A change to a database model on the branch that can change the schema (a field or column added, removed or retyped, " +
			"nullable, server_default or a tag changed, a table added or removed, a new member of an Enum the column uses) in a model file " +
			"(models: globs of .migguard.yaml) that the schema built by the migrations of the checked tree — the base's and the branch's, " +
			"replayed — does not show: the branch adds no migration, or its migrations touch something else. SQLAlchemy models are read " +
			"column by column (types as SQLAlchemy renders them on PostgreSQL), Go structs field by field (a pointer or sql.Null type is " +
			"nullable). A change to a table that no migration creates is covered by any migration of the branch. A field or model removed " +
			"needs no migration: the column or table may stay until a later pull request drops it, the safe order (drop-still-used " +
			"reports the other), unless the column is NOT NULL without a default, which the model's inserts no longer set.",
		Why:  "The code expects a schema that no migration creates: it fails in every environment that is migrated rather than built from the models.",
		Fix:  "Generate or write the migration for the model change on the same branch (alembic revision --autogenerate, atlas migrate diff, …), and check that it makes this change.",
		Help: "add a migration that makes the model change"},
		&Rule{ID: "model-enum-value-removed", Kind: ModelsRule, Severity: Warning,
			Title:   "a model's enum no longer lists a member the database type has",
			Detects: "A Python Enum member (or a label of sa.Enum) removed from a model's column on the branch.",
			Why: "PostgreSQL cannot drop a value from an enum type, and rows may still hold it: the application can no longer read " +
				"them, and recreating the type fails while they exist.",
			Fix: "Decide what becomes of the rows first: migrate them to another value in a migration, then recreate the type " +
				"without the value (new type, ALTER COLUMN … TYPE … USING, drop the old type), or keep the member.",
			Help: "migrate the rows that hold the value before removing it from the type"})
}
