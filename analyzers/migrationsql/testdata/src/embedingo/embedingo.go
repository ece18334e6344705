// Package embedingo embeds migrations with findings, reported, as the
// golangci-lint plugin asks (ReportInGo), at the //go:embed variable with
// the file, line and column in the message; an ignore above a variable
// covers the findings of the files it embeds.
package embedingo

import "embed"

//go:embed migrations/*.sql
var Migrations embed.FS // want `^migrations/0002_index.up.sql:2:32: create-index-non-concurrently: creating index "items_name_idx"`

//migguard:ignore create-index-non-concurrently the table is empty in every environment
//go:embed later/*.sql
var Later embed.FS
