package goosemig

import (
	"context"
	"database/sql"

	"github.com/pressly/goose/v3"
)

// The same statement in a transactional migration fails at run time.
func init() {
	goose.AddMigrationContext(func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `CREATE INDEX CONCURRENTLY users_id_email_idx ON users (id, email)`) // want `concurrently-in-transaction: .*goose.AddMigrationContext runs it in a transaction`
		return err
	}, nil)
}
