// Package gosql holds goose Go migrations whose SQL is held in Go code:
// local variables, concatenations, fmt.Sprintf, strings.Join, helper
// functions; findings are reported at the line of the string.
package gosql

import (
	"context"
	"database/sql"

	"github.com/pressly/goose/v3"
)

func init() {
	goose.AddMigrationContext(upUsers, nil)
}

// A local variable, assigned twice: each Exec runs the value it holds
// there. users is new in this migration: indexing it blocks nobody.
func upUsers(ctx context.Context, tx *sql.Tx) error {
	query := `CREATE TABLE users (id bigint PRIMARY KEY, email text)`
	if _, err := tx.ExecContext(ctx, query); err != nil {
		return err
	}
	query = "CREATE INDEX users_email_idx ON users (email)"
	_, err := tx.ExecContext(ctx, query)
	return err
}
