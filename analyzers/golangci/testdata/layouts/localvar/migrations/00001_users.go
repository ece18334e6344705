// Package migrations holds goose Go migrations whose SQL sits in local
// variables, fmt.Sprintf of constants, and SQL built at run time.
package migrations

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/pressly/goose/v3"
)

func init() {
	goose.AddMigrationContext(upUsers, nil)
}

const table = "users"

func upUsers(ctx context.Context, tx *sql.Tx) error {
	ddl := fmt.Sprintf(`CREATE TABLE %s (id bigserial PRIMARY KEY, email text NOT NULL)`, table)
	_, err := tx.ExecContext(ctx, ddl)
	return err
}
