// Package gooseembed runs the goose migrations of its migrations
// directory: it embeds the .sql files and blank-imports the package there,
// which registers the Go migrations between them. The files are one set,
// linted by the package that registers the Go migrations, so each finding
// is reported once; this package reports none.
package gooseembed

import (
	"embed"

	_ "gooseembed/migrations"
)

//go:embed migrations/*.sql
var embedMigrations embed.FS
