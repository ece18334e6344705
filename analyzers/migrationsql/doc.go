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
//   - goose Go migrations: the constant SQL of the Exec calls in the up
//     function registered with goose.AddMigrationContext and its variants.
//     AddMigrationNoTxContext and the other NoTx variants run without a
//     transaction, which changes the verdict of rules such as
//     create-index-non-concurrently and concurrently-in-transaction; so
//     does a goose.NewGoMigration (Provider API) whose GoFunc sets RunDB
//     rather than RunTx;
//   - in migration packages, the constant SQL passed to Exec or ExecContext
//     of database/sql, pgx and sqlx;
//   - .sql migration files that the package embeds with //go:embed.
//
// A finding in Go source is reported at the character of the string
// literal (or of the constant's declaration) where the offending SQL
// starts; the message starts with the rule id. A finding in an embedded
// file is reported at the variable that the //go:embed directive
// annotates (an editor shows the directive above it), and the message starts
// with the file's path, line and column:
//
//	db.go:13:5: migrations/0002_index.sql:1:14: create-index-non-concurrently: creating index …
//
// SQL that is not a constant, such as a string built with fmt.Sprintf,
// cannot be analysed; the analyzer says so once per package
// (sql-not-constant).
//
// Findings are suppressed in SQL as with migguard lint
// (-- migguard:ignore <rule-id> <reason>) or in Go with
//
//	//migguard:ignore <rule-id>[,<rule-id>] <reason>
//
// on the line before the call, constant or //go:embed directive (it covers
// the statement or declaration that follows), or //migguard:ignore-file for
// the whole Go file. A reason is required; an ignore that matches nothing
// is reported.
//
// See package migrationset for how the migrations are found and how go vet's
// and golangci-lint's caches treat migration files.
package migrationsql
