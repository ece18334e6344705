// Package db embeds the shop's migrations; the model packages import it.
package db

import "embed"

//go:embed migrations/*.sql
var Migrations embed.FS
