package rules

// The findings of the Alembic reader (internal/alembic), reported with the
// SQL rules' findings when `migguard lint` reads Alembic revisions.
func init() {
	Register(
		&Rule{ID: "alembic-revision-graph", Kind: AlembicRule, Severity: Error,
			Title: "alembic revision file or revision graph is broken or misleading",
			Detects: "Revision files migguard cannot read statically (syntax errors, no revision variable, computed ids), " +
				"duplicate revision ids, down_revision or depends_on naming a missing revision, cycles, and (as notes) " +
				"docstring Revises: lines or file names that disagree with the variables.",
			Why: "Alembic refuses to load a graph with missing parents, cycles or unreadable files; duplicate ids silently hide one " +
				"migration; a stale docstring misleads reviewers about the order.",
			Fix:  "Write revision and down_revision as string literals, point down_revision at an existing revision, and keep the docstring in step.",
			Help: "fix the revision variables so the graph is complete and acyclic"},
		&Rule{ID: "alembic-not-analysed", Kind: AlembicRule, Severity: Info,
			Title: "part of an alembic upgrade() was not turned into SQL",
			Detects: "Calls in upgrade() whose SQL migguard cannot know without running Python: dynamic values, loops and " +
				"conditions, ORM sessions, helper functions, and op.* operations it does not translate.",
			Why: "The SQL rules only see the statements migguard could translate; what is listed here was not checked.",
			Fix: "Prefer literal arguments and op.execute(\"…\") for hand-written SQL, review the listed calls by hand, " +
				"or lint with `migguard lint -alembic-offline`, which lints the SQL that `alembic upgrade --sql` renders.",
			Help: "review this call by hand: its SQL was not linted"},
		&Rule{ID: "alembic-imports-app-code", Kind: AlembicRule, Severity: Warning,
			Title: "alembic revision imports the application's code",
			Detects: "Imports in a revision file (at its top or inside upgrade()) of modules of the repository outside the " +
				"migration environment: the application's models, enums, column types, ORM session helpers.",
			Why: "A revision must do the same thing whenever it runs. The application's code changes after the revision is " +
				"merged: a column renamed in a model, an enum member removed, a helper deleted. Replaying old migrations on a new " +
				"database (CI, a new developer, a disaster recovery) then runs today's code, which builds a different schema or " +
				"fails to import.",
			Fix: "Copy into the revision what it needs, frozen as it was: table and column names with sa.table() and " +
				"sa.column(), enum labels as string literals, the column type as the SQLAlchemy type it renders.",
			Help: "copy what the migration needs into the revision instead of importing it"},
		&Rule{ID: "alembic-commit-in-migration", Kind: AlembicRule, Severity: Warning,
			Title: "alembic revision commits the transaction it runs in",
			Detects: "op.execute(\"COMMIT\") (or a connection's execute) in upgrade(), the idiom that commits a new enum value " +
				"(ALTER TYPE … ADD VALUE) before a later statement uses it.",
			Why: "The COMMIT ends the transaction Alembic opened for the migration: what ran before it stays committed when a " +
				"later statement fails, so the migration is half applied and not recorded, and the statements after it run in a new " +
				"transaction that the driver opens. migguard lints the two parts as two transactions.",
			Fix: "Run what must be committed first inside `with op.get_context().autocommit_block():`, which Alembic documents " +
				"for this, or split the migration in two revisions.",
			Help: "use `with op.get_context().autocommit_block():` for the statements that must commit first"},
	)
}
