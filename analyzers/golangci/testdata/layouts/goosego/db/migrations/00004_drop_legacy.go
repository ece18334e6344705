package migrations

import (
	"context"
	"database/sql"

	"github.com/pressly/goose/v3"
)

func init() {
	goose.AddMigrationContext(upDropLegacy, nil)
}

func upDropLegacy(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, "SET LOCAL lock_timeout = '1s'; ALTER TABLE users DROP COLUMN legacy")
	return err
}
