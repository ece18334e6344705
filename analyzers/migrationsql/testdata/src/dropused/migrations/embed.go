// Package migrations holds goose migrations that drop what the
// application code of the module still uses, and what it no longer uses.
package migrations

import "embed"

// FS are the migrations, passed to goose.SetBaseFS.
//
//go:embed *.sql
var FS embed.FS
