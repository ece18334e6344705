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
//     migration tool's (golang-migrate, goose, dbmate, Flyway, Atlas,
//     sql-migrate, …), its name mentions migrations, or .migguard.yaml
//     names it under sets; a directory written for another engine than
//     PostgreSQL (package internal/project decides, as for every migguard
//     command: its name, statements only that engine accepts, the driver
//     of the embedding package) is left alone, and the PostgreSQL
//     directory of the same embed still read;
//   - Go migrations registered with goose (goose.AddMigrationContext,
//     AddMigrationNoTxContext and the other variants, and the Provider
//     API's goose.NewGoMigration) or with bun's Migrations.MustRegister,
//     joined in version order with the goose .sql files of the package's
//     directory, embedded or read by goose from disk;
//   - migration lists: package-level slices or arrays of migration
//     functions, or of structs holding one or the statements;
//   - in migration packages with neither (a package whose name or import
//     path mentions migrations, or that has a //migguard:migrations
//     comment), every other Exec or ExecContext call of database/sql,
//     pgx, sqlx, bun, GORM or go-pg.
//
// The SQL of Go code is read wherever it is known before the program
// runs (see package migrationsql); runner bookkeeping and _test.go files
// are no migrations.
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
// migrations, its models are compared with the module's index (Index):
// every PostgreSQL set of the repository, configured under sets: or
// discovered wherever it sits (SQL formats and Alembic projects, inside
// or outside the Go module; `migguard sets` lists them) but in another
// Go module (a directory with a go.mod of its own, and below it: that
// module's database or test fixtures), and every migration that a
// package of the module writes in Go. The index also
// knows which structs the module passes to an ORM, and which package says,
// once, that the module has models and no migrations. Flags:
//
//	-migrationset.config  path of .migguard.yaml
//	-migrationset.dir     only these migration directories (relative to the
//	                      module root; one outside the repository is read with
//	                      its own project), instead of the project's sets
//	-migrationset.pg      PostgreSQL version the migrations target
//	-migrationset.key     ignored, kept for old scripts
//
// # Caching
//
// go vet caches a package's result under a key that covers its Go files,
// its embedded files, its dependencies, the vet flags and the id of the
// vet tool, which it asks for once per run. cmd/migguard-vet adds the key
// of the module's index (ToolKey) to that id: the configuration, every
// file of every migration set, the module's .sql files, the Go migrations
// of every package and the structs the module gives its ORMs. When any of them changes, go vet
// analyses the packages again; no verdict is stale. The index is kept in
// the user's cache directory (migguard/vet) and rebuilt when a file it
// read changes its size or time.
//
// golangci-lint caches a package's findings by its Go files and the names
// of the analyzers; the plugin adds an analyzer named after the same key,
// so a changed migration, configuration or model use elsewhere makes it
// analyse again too.
package migrationset
