// Package project is migguard's one model of a repository: it turns a file
// system (the working tree, or a tree that git holds) and .migguard.yaml
// into the repository's migration sets, and every command gets its sets
// from here: lint in all its modes, branch, models, apply, the alembic
// subcommands, migguard-vet and the golangci-lint plugin.
//
// The data flow of migguard, as its packages implement it:
//
//	repository (working tree | git tree: internal/gitview)
//	  ──► config (.migguard.yaml: internal/config, found by config.Find)
//	  ──► project (this package): the migration sets, each with its format,
//	      directories, transaction overrides, start_after and ignores;
//	      SQL formats (internal/migrations) and Alembic projects
//	      (internal/alembic) alike
//	  ──► Set.Load: files in the order the tool applies them
//	  ──► statements (internal/pgparse) ──► schema replay (internal/schema)
//	  ──► rules (internal/rules, also the catalogue of every finding id)
//	  ──► findings ──► report (internal/report)
//
//	git ──► scope (hooks/scope: base, merge-base, changed files)
//	    ──► project at each tree (SetsContaining) ──► branch / models (hooks/)
//
//	apply (internal/apply): a set's base and new files on a scratch
//	PostgreSQL (internal/pgcluster, internal/seed)
//
// A set is either named under sets: in the configuration (then only the
// configured sets exist) or discovered by walking the repository once: a
// directory whose layout follows a migration tool's (golang-migrate, goose,
// dbmate, Flyway, Atlas, sql-migrate, tern, diesel, Prisma, Sqitch; see
// migrations.Detect), an alembic.ini or pyproject.toml [tool.alembic]
// anywhere, or a versions directory of Alembic revision files that no
// configuration names. The walk does not enter hidden directories, vendor,
// node_modules, Python virtual environments, site-packages, __pycache__,
// testdata (fixtures, as for Go tooling), or paths the configuration
// ignores.
//
// migguard reads every set as PostgreSQL, so discovery leaves out the
// directories written for another engine (SQLite, MySQL, ClickHouse, …),
// known by their names, by statements only that engine accepts, or by the
// driver of the Go package that embeds them (Set.Dialect);
// SetsAndSkipped lists them with the reason, and every command, the
// analyzers included, skips them. A set named under sets: is PostgreSQL.
//
// A set reaches as deep below its directory as its tool reads
// (migrations.Depth): Flyway and Sqitch sets include every subdirectory,
// and diesel and Prisma, which keep a directory per migration, their
// migration directories, so such a set is the parent of its version
// directories. Discovery looks for no other set where one reaches;
// SetsContaining, SetOf, SetAt (a migration directory given on the
// command line is read as part of its parent's set), Set.Holds and
// Set.IsMigration follow the same reach.
//
// Versions are compared in one way per format: migrations.CompareVersions
// for the formats that order by name, and the revision graph for Alembic
// (a revision is at or before another when it is that revision or one of
// its ancestors). start_after, apply --after and the branch check all ask
// Loaded or Set for the answer.
package project
