// Package storage applies its migrations from a list of functions, each in
// a transaction, and records the version: each element is a migration, the
// runner is not.
package storage

import "database/sql"

var schemaVersion = len(migrations)

var migrations = [...]func(tx *sql.Tx) error{
	func(tx *sql.Tx) (err error) {
		sql := `
			CREATE TABLE schema_version (version text NOT NULL);
			CREATE TABLE feeds (
				id bigserial PRIMARY KEY,
				url text NOT NULL,
				title text NOT NULL DEFAULT ''
			);`
		_, err = tx.Exec(sql)
		return err
	},
	func(tx *sql.Tx) (err error) {
		sql := `ALTER TABLE feeds ADD COLUMN etag text NOT NULL;`
		_, err = tx.Exec(sql)
		return err
	},
	func(tx *sql.Tx) (err error) {
		_, err = tx.Exec(`ALTER TABLE feeds ADD COLUMN category_id bigint`)
		return err
	},
}

// Migrate is the runner.
func Migrate(db *sql.DB) error {
	var current int
	_ = db.QueryRow(`SELECT version FROM schema_version`).Scan(&current)
	for v := current; v < schemaVersion; v++ {
		tx, err := db.Begin()
		if err != nil {
			return err
		}
		if err := migrations[v](tx); err != nil {
			_ = tx.Rollback()
			return err
		}
		if _, err := tx.Exec(`TRUNCATE schema_version`); err != nil {
			return err
		}
		if _, err := tx.Exec(`INSERT INTO schema_version (version) VALUES ($1)`, v+1); err != nil {
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}
