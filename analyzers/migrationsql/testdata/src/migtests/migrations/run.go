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

// record is the runner's bookkeeping: SQL that only keeps the version
// table is no migration.
func record(ctx context.Context, db *sql.DB, version int) error {
	if _, err := db.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS schema_migrations (version bigint NOT NULL)"); err != nil {
		return err
	}
	if _, err := db.ExecContext(ctx, "TRUNCATE schema_migrations"); err != nil {
		return err
	}
	_, err := db.ExecContext(ctx, "INSERT INTO schema_migrations (version) VALUES ($1)", version)
	return err
}
