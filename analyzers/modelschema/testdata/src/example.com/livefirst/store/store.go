// Package store embeds the migrations the application runs.
package store

import "embed"

//go:embed migrations/*.sql
var Migrations embed.FS
