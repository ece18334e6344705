// Package multidb embeds the migrations of each database it supports; only
// the PostgreSQL directory is linted as PostgreSQL.
package multidb

import "embed"

//go:embed migrations
var Migrations embed.FS
