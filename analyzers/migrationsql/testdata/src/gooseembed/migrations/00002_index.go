// Package migrations registers Go migrations beside .sql files that goose
// reads from the FS its importer embeds (goose.SetBaseFS): one
// set, in version order; the .sql files' findings are reported in them,
// once, by this package.
package migrations

import (
	"context"
	"database/sql"

	"github.com/pressly/goose/v3"
)

func init() {
	goose.AddMigrationContext(upIndex, nil)
}

// users comes from 00001_users.sql: it exists, so the index blocks writes.
func upIndex(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, "CREATE INDEX users_email_idx ON users (email)") // want `create-index-non-concurrently: creating index "users_email_idx" on "users"`
	return err
}
