package goosemig

import (
	"database/sql"

	"github.com/pressly/goose/v3"
)

// The variants without a context follow the same transaction models.
func init() {
	goose.AddMigration(upLegacy, nil)
	goose.AddMigrationNoTx(upLegacyNoTx, nil)
}

func upLegacy(tx *sql.Tx) error {
	_, err := tx.Exec(`DROP INDEX CONCURRENTLY users_lower_email_idx`) // want `concurrently-in-transaction: .*goose.AddMigration runs it in a transaction`
	return err
}

func upLegacyNoTx(db *sql.DB) error {
	_, err := db.Exec(`DROP INDEX users_id_email_idx`) // want `drop-index-non-concurrently: `
	return err
}
