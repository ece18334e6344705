package rules

// The finding of `migguard models` (hooks/models).
func init() {
	Register(&Rule{ID: "model-without-migration", Kind: ModelsRule, Severity: Error,
		Title: "a branch changes database models without adding a migration",
		Detects: "A change to a database model on the branch that can change the schema (a field or column added, removed or retyped, a tag or nullable changed) " +
			"in a model file (models: globs of .migguard.yaml) when the branch adds no migration.",
		Why:  "The code expects a schema that no migration creates: it fails in every environment that is migrated rather than built from the models.",
		Fix:  "Generate or write the migration for the model change on the same branch (alembic revision --autogenerate, atlas migrate diff, …).",
		Help: "add a migration for the model change"})
}
