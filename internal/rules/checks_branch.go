package rules

// The findings of `migguard branch` (hooks/branch): against the base
// branch, a branch adds at most one migration per set, on top of the base's
// newest one, and leaves merged migrations alone.
func init() {
	Register(
		&Rule{ID: "branch-migration-count", Kind: BranchRule, Severity: Error,
			Title:   "a branch adds more than the allowed number of migrations to one set",
			Detects: "A branch that adds more migrations to one set than branch.max_migrations allows (one by default), counted against the merge-base with the base branch.",
			Why:     "Each branch should land as one reviewable, revertible schema step; several migrations from one branch interleave with other branches' and are deployed half-way when one fails.",
			Fix:     "Fold the branch's migrations into one file, or raise branch.max_migrations in .migguard.yaml.",
			Help:    "fold the branch's migrations into one"},
		&Rule{ID: "branch-stale-migration", Kind: BranchRule, Severity: Error,
			Title:   "a new migration does not sit on top of the base branch's newest migration",
			Detects: "A migration the branch adds whose version sorts before the newest migration of the base branch (in the set's version order: numerically, part by part for Flyway), or an Alembic revision whose down_revision is not the base's head.",
			Why:     "The migration tool would apply it out of order, skip it, or (Alembic) end with two heads after the merge.",
			Fix:     "Rebase on the base branch and renumber the migration (Alembic: set down_revision to the base's head).",
			Help:    "rebase on the base branch and renumber the migration"},
		&Rule{ID: "branch-duplicate-version", Kind: BranchRule, Severity: Error,
			Title:   "a new migration reuses a version that the base branch already has",
			Detects: "A migration the branch adds with a version (or Alembic revision id) that a migration on the base branch, or another new migration, already has.",
			Why:     "Two files with one version make golang-migrate, goose and Flyway refuse the set, and make dbmate and Atlas skip one of them.",
			Fix:     "Rename the migration to a version after the base's newest.",
			Help:    "rename the migration to a version after the base's newest"},
		&Rule{ID: "branch-edits-merged-migration", Kind: BranchRule, Severity: Error,
			Title:   "a branch edits, renames or deletes a migration that is already on the base branch",
			Detects: "A change to a migration that the base branch had when the branch forked: an edit beyond layout, a rename, or a deletion.",
			Why:     "Databases that already ran the migration never see the change, so environments drift apart; a renamed file is run again.",
			Fix:     "Leave merged migrations alone and add a new migration that makes the change.",
			Help:    "revert the change and add a new migration instead"},
		&Rule{ID: "branch-reformats-merged-migration", Kind: BranchRule, Severity: Info,
			Title:   "a branch reformats a migration that is already on the base branch",
			Detects: "An edit of a merged migration that changes only layout: whitespace, line breaks and comments (SQL), or also quote style and trailing commas (Python).",
			Why:     "Layout-only changes run nothing new; some tools checksum files (Flyway, Atlas) and will want the checksum repaired.",
			Fix:     "Nothing, unless the tool checksums migration files; set branch.strict_formatting to forbid it.",
			Help:    "layout only: nothing runs differently"},
		&Rule{ID: "branch-multiple-heads", Kind: BranchRule, Severity: Error,
			Title:   "merging the branch would leave the migration graph with more than one head",
			Detects: "Alembic revisions of the branch that, merged into the base branch, leave the revision graph with several heads.",
			Why:     "alembic upgrade head refuses to run with several heads.",
			Fix:     "Rebase and point down_revision at the base's head, or add a merge revision (alembic merge heads).",
			Help:    "point down_revision at the base's head"},
	)
}
