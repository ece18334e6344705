// Package migrationset defines an Analyzer that finds the database
// migrations a Go package carries and replays them, for the migguard
// analyzers that report on them.
//
// # Analyzer migrationset
//
// migrationset: find and replay the migrations of a package
//
// The analyzer reports nothing itself. It finds, in each package:
//
//   - migration files embedded with //go:embed: the embedded .sql files of
//     a directory form a migration set when the directory's layout is a
//     migration tool's (golang-migrate, goose, dbmate, Flyway, Atlas), its
//     name mentions migrations, or .migguard.yaml names it under sets;
//   - goose Go migrations: goose.AddMigrationContext, AddMigrationNoTxContext
//     and the other Add…Migration… variants, whose up function's Exec calls
//     with constant SQL become one migration run in a transaction, or not,
//     as the variant says; goose.NewGoMigration(version, up, down) of the
//     Provider API is read the same way, its &goose.GoFunc{RunTx: …} run in
//     a transaction and {RunDB: …} without one; they join the package's
//     embedded goose set in version order;
//   - in migration packages (a package that registers goose migrations,
//     whose name or import path mentions migrations, or that has a
//     //migguard:migrations comment), every other Exec or ExecContext call of
//     database/sql, pgx or sqlx with a constant SQL string.
//
// It lints every set with migguard's rules and replays it into a schema,
// which it passes to importers as a fact, so that a package of models that
// imports (even with a blank import) the package that embeds the
// migrations sees the schema they build.
//
// The project, its configuration and its sets are those every migguard
// command reads (package internal/project): .migguard.yaml found by walking
// up from the package directory to the repository's top (rule severities,
// pg_version, sets, ignore, start_after, compared in each format's version
// order), the format and settings of an embedded directory as the project
// reads that directory. When a package neither embeds nor imports
// migrations, its models are compared with the sets read from disk: those
// named under sets:, else those discovered in the repository (SQL formats
// and Alembic projects, wherever they sit; `migguard sets` lists them).
// Flags:
//
//	-migrationset.config  path of .migguard.yaml
//	-migrationset.dir     only these migration directories (relative to the
//	                      module root; one outside the repository is read with
//	                      its own project), instead of the project's sets
//	-migrationset.pg      PostgreSQL version the migrations target
//	-migrationset.key     ignored; see below
//
// # Caching
//
// go vet caches a package's result under a key that covers its Go files,
// its embedded files, its dependencies, and the vet flags. Embedded
// migrations are therefore always current. Migrations read from disk
// (discovered, configured, or -migrationset.dir) and .migguard.yaml itself
// are not part of that key: go vet keeps reporting on the old files until a
// Go file of the package changes. Pass a value that changes with them as
// -migrationset.key: `migguard sets -key` hashes the configuration and
// every migration file of every set:
//
//	go vet -vettool=$(which migguard-vet) -migrationset.key=$(migguard sets -key) ./...
//
// golangci-lint caches by the Go files of a package and its dependencies
// only: no embedded or other file is part of its key. After a migration
// changes, run `golangci-lint cache clean` first, or give golangci-lint a
// cache directory named after the migrations:
//
//	GOLANGCI_LINT_CACHE=$HOME/.cache/golangci-lint/$(migguard sets -key) golangci-lint run
package migrationset
