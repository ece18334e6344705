// Package goose is a stub of github.com/pressly/goose/v3 for the tests.
package goose

import (
	"context"
	"database/sql"
)

type GoMigrationContext func(ctx context.Context, tx *sql.Tx) error

func AddMigrationContext(up, down GoMigrationContext) {}

func Up(db *sql.DB, dir string) error { return nil }
