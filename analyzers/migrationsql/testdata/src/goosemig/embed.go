// Package goosemig holds goose migrations: SQL files embedded next to Go
// migrations, which goose applies in version order.
package goosemig

import "embed"

// Migrations are the SQL migrations, passed to goose.SetBaseFS.
//
//go:embed *.sql
var Migrations embed.FS
