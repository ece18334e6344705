// Package embedsql embeds golang-migrate migrations from a directory, and
// queries that are not migrations.
package embedsql

import "embed"

//go:embed db/migrations/000[1-3]_*.sql
var Migrations embed.FS // want `db/migrations/0002_add_status.up.sql:1:13: require-lock-timeout: ` `db/migrations/0002_add_status.up.sql:1:31: add-column-required: ` `db/migrations/0003_bad.up.sql:1:8: syntax-error: syntax error at or near "TABLEX"`

// A directory of queries is not a migration set.
//
//go:embed queries/*.sql
var Queries embed.FS

// The down migration of 0004 is not linted beyond syntax; its up file holds
// an SQL-side ignore, and the Go ignore below covers the variable.
//
//migguard:ignore require-lock-timeout the runner sets lock_timeout for every migration
//go:embed db/migrations/0004_*.sql
var Renames embed.FS

// An embedded .sql file that golang-migrate never runs (no .up) is
// reported; README.sql, which nothing embeds, is not.
//
//go:embed db/migrations/0005_notes.sql
var Notes embed.FS // want `db/migrations/0005_notes.sql:1:1: migration-file-not-run: 0005_notes.sql is never run: golang-migrate runs only files named`
