package goosemig

import (
	"context"
	"database/sql"

	"github.com/pressly/goose/v3"
)

// A Go migration in a transaction: CREATE INDEX without CONCURRENTLY
// blocks writes to users while it builds.
func init() {
	goose.AddMigrationContext(upIndexEmail, downIndexEmail)
}

func upIndexEmail(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, "CREATE INDEX users_email_idx ON users (email)") // want `create-index-non-concurrently: creating index "users_email_idx" on "users" without CONCURRENTLY`
	return err
}

func downIndexEmail(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, "DROP INDEX users_email_idx")
	return err
}
