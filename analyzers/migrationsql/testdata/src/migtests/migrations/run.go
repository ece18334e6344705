// Package migrations runs its migrations through Exec; its test files,
// which drop tables to reset the database, are no migrations.
package migrations

import (
	"context"
	"database/sql"
)

// Up creates the tables.
func Up(ctx context.Context, db *sql.DB) error {
	_, err := db.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS users (id bigint PRIMARY KEY)")
	return err
}
