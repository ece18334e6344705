package migrations

import (
	"context"
	"database/sql"

	"github.com/pressly/goose/v3"
)

func init() {
	goose.AddMigrationContext(upIndex, nil)
}

// The statement is built in a local variable, piece by piece.
func upIndex(ctx context.Context, tx *sql.Tx) error {
	stmt := "SET LOCAL lock_timeout = '1s'; SET LOCAL statement_timeout = '1min'; "
	stmt += "CREATE INDEX users_email_idx ON users (email)"
	_, err := tx.ExecContext(ctx, stmt)
	return err
}
