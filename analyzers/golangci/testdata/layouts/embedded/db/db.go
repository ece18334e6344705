// Package db embeds the migrations; no package of models imports it.
package db

import "embed"

//go:embed migrations/*.sql
var Migrations embed.FS
