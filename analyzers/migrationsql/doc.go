// Package migrationsql defines an Analyzer that reports risky or invalid
// SQL that Go code runs as a database migration.
//
// # Analyzer migrationsql
//
// migrationsql: report risky or invalid SQL in migrations written in or embedded by Go
//
// The analyzer applies migguard's SQL rules (the ones of `migguard lint`,
// with the same ids, severities and .migguard.yaml settings) to:
//
//   - goose Go migrations: the SQL of the Exec calls in the up function
//     registered with goose.AddMigrationContext and its variants.
//     AddMigrationNoTxContext and the other NoTx variants run without a
//     transaction, which changes the verdict of rules such as
//     create-index-non-concurrently and concurrently-in-transaction; so
//     does a goose.NewGoMigration (Provider API) whose GoFunc sets RunDB
//     rather than RunTx. bun's Migrations.MustRegister(up, down) is read
//     alike;
//   - migration lists: a package-level slice or array of migrations that
//     a hand-written runner applies in order (var migrations =
//     []func(tx *sql.Tx) error{…}, or structs holding an up function or
//     the statements), each element one migration;
//   - in migration packages with neither, the SQL passed to Exec or
//     ExecContext of database/sql, pgx, sqlx, bun, GORM and go-pg;
//   - .sql migration files that the package embeds with //go:embed, and
//     the goose .sql files beside a package's Go migrations, which goose
//     reads from that directory (when another package embeds them, the
//     package of the Go migrations lints them, with its Go migrations
//     between them, and the embedding package does not); sql-migrate files are read as the CLI
//     reads them (their Down sections are neither linted nor replayed),
//     and directories of another engine (SQLite, MySQL, ClickHouse, …;
//     see migguard sets) are left alone.
//
// The SQL of an Exec call is read wherever Go code holds it before the
// program runs: literals and constants, local variables (the value at the
// call), concatenations, fmt.Sprintf, strings.Join and strings.TrimSpace
// of such values, package functions that return one, and the Exec calls
// of the package's functions that a migration calls. The loop that
// applies the migrations and its version-table bookkeeping are no
// migrations, and neither is anything in _test.go files.
//
// A finding in Go source is reported at the character of the string
// literal (or of the constant's declaration) where the offending SQL
// starts; the message starts with the rule id. A finding in a .sql file is
// reported in the file, at its line and column, where editors and SARIF
// viewers take the reader:
//
//	db/migrations/0002_index.sql:1:14: create-index-non-concurrently: creating index …
//
// golangci-lint drops findings outside Go files, so under its plugin the
// finding is reported at the variable that the //go:embed directive
// annotates, with the file's path, line and column in the message:
//
//	db/db.go:13:5: migrations/0002_index.sql:1:14: create-index-non-concurrently: creating index …
//
// SQL that a migration builds at run time (from a parameter, an
// environment variable) is reported once as not analysed (not-analysed),
// at its call; a table that a later statement of the same migration names
// and the replayed schema does not know counts as new, since that SQL may
// have created it. A migration whose SQL runs through calls the analyzer
// does not follow (methods, other packages) is reported the same way,
// never as an empty migration. In migration packages read as loose Exec
// calls, SQL built at run time is said once per package
// (sql-not-constant).
//
// Findings are suppressed in SQL as with migguard lint
// (-- migguard:ignore <rule-id> <reason>) or in Go with
//
//	//migguard:ignore <rule-id>[,<rule-id>] <reason>
//
// on the line before the call, constant or //go:embed directive (it covers
// the statement or declaration that follows, and the findings of the files
// the directive embeds), or //migguard:ignore-file for the whole Go file. A
// reason is required; an ignore that matches nothing is reported.
//
// See package migrationset for how the migrations are found and how go vet's
// and golangci-lint's caches treat migration files.
package migrationsql
