// Package store embeds the migrations of each database it supports; only
// the PostgreSQL directory is PostgreSQL's to judge.
package store

import "embed"

//go:embed migrations
var Migrations embed.FS
