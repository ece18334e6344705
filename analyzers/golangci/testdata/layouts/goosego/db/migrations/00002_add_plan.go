// Package migrations holds goose migrations: .sql files that goose reads
// from this directory, and Go migrations that register themselves when
// the program imports the package.
package migrations

import (
	"context"
	"database/sql"

	"github.com/pressly/goose/v3"
)

func init() {
	goose.AddMigrationContext(upAddPlan, nil)
}

func upAddPlan(ctx context.Context, tx *sql.Tx) error {
	query := `ALTER TABLE users ADD COLUMN plan text NOT NULL DEFAULT 'free'`
	_, err := tx.ExecContext(ctx, query)
	return err
}
