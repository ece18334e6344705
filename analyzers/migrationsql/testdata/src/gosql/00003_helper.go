package gosql

import (
	"context"
	"database/sql"
	"strings"

	"github.com/pressly/goose/v3"
)

func init() {
	goose.AddMigrationContext(upDropEmail, nil)
}

// strings.Join of constants, and a helper function the migration calls:
// its SQL is part of this migration.
func upDropEmail(ctx context.Context, tx *sql.Tx) error {
	stmt := strings.Join([]string{"ALTER TABLE users", "DROP COLUMN email"}, " ") // want `drop-column: dropping column "email" of "users"`
	if _, err := tx.ExecContext(ctx, stmt); err != nil {
		return err
	}
	return addAgeIndex(ctx, tx)
}

func addAgeIndex(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, "CREATE INDEX users_age_idx ON users (age)") // want `create-index-non-concurrently: creating index "users_age_idx" on "users"` `statements-after-access-exclusive: .*since line 18`
	return err
}
