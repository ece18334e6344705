package goosemig

import (
	"context"
	"database/sql"

	"github.com/pressly/goose/v3"
)

// The named variant takes its version from the file name it is given.
func init() {
	goose.AddNamedMigrationNoTxContext("00006_add_nickname.go", upNickname, nil)
}

func upNickname(ctx context.Context, db *sql.DB) error {
	// Two statements in one Exec call are one implicit transaction.
	_, err := db.ExecContext(ctx, `ALTER TABLE users ADD COLUMN nickname text;
CREATE INDEX CONCURRENTLY users_nickname_idx ON users (nickname);`) // want `concurrently-in-transaction: .*one implicit transaction` `statements-after-access-exclusive: .*since line 17`
	return err
}
