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
	)
}
