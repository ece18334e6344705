// Package sqlmigrate embeds sql-migrate files: their Down sections are
// neither linted nor replayed.
package sqlmigrate

import "embed"

//go:embed sql/*.sql
var Migrations embed.FS
