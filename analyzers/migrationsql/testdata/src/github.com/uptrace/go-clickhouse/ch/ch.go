// Package ch is a stub of github.com/uptrace/go-clickhouse/ch for the
// tests.
package ch

import (
	"context"
	"database/sql"
)

// DB is a ClickHouse database handle.
type DB struct{}

func (db *DB) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return nil, nil
}
