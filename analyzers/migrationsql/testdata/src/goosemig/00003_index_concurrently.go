package goosemig

import (
	"context"
	"database/sql"

	"github.com/pressly/goose/v3"
)

// Without a transaction, CREATE INDEX CONCURRENTLY is the safe form.
func init() {
	goose.AddMigrationNoTxContext(func(ctx context.Context, db *sql.DB) error {
		_, err := db.ExecContext(ctx, `
			CREATE INDEX CONCURRENTLY users_lower_email_idx ON users (lower(email))`)
		return err
	}, nil)
}
