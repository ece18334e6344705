package gosql

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/pressly/goose/v3"
)

func init() {
	goose.AddMigrationContext(upAge, nil)
}

const usersTable = "users"

// fmt.Sprintf of constants is known before the program runs: the finding
// points into the format string.
func upAge(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, fmt.Sprintf("ALTER TABLE %s ADD COLUMN age integer NOT NULL", usersTable)) // want `add-column-required: adding column "age" to "users" as NOT NULL without a default`
	return err
}
