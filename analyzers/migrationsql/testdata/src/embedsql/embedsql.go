// Package embedsql embeds golang-migrate migrations from a directory, and
// queries that are not migrations. go vet reports the findings in the
// .sql files, at their lines (see their -- want comments).
package embedsql

import "embed"

//go:embed db/migrations/000[1-3]_*.sql
var Migrations embed.FS

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
var Notes embed.FS
