// Package notmig is application code, not a migration package: its SQL is
// not linted as a migration.
package notmig

import (
	"context"
	"database/sql"
)

func Reset(ctx context.Context, db *sql.DB) error {
	_, err := db.ExecContext(ctx, "TRUNCATE sessions")
	return err
}
