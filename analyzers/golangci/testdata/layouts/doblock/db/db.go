// Package db embeds the migrations.
package db

import "embed"

//go:embed migrations/*.sql
var Migrations embed.FS
