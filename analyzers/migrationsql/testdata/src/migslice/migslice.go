// Package migslice keeps its migrations in a slice of functions that a
// hand-written runner applies in order and records in schema_version.
// Each element is a migration; the runner is not.
package migslice

import "database/sql"

var migrations = [...]func(tx *sql.Tx) error{
	func(tx *sql.Tx) (err error) {
		sql := `CREATE TABLE feeds (id bigserial PRIMARY KEY, url text NOT NULL);
			CREATE INDEX feeds_url_idx ON feeds (url);`
		_, err = tx.Exec(sql)
		return err
	},
	func(tx *sql.Tx) (err error) {
		sql := `CREATE INDEX feeds_id_url_idx ON feeds (id, url);` // want `create-index-non-concurrently: creating index "feeds_id_url_idx" on "feeds"`
		_, err = tx.Exec(sql)
		return err
	},
	addCategory,
}

func addCategory(tx *sql.Tx) error {
	_, err := tx.Exec(`ALTER TABLE feeds ADD COLUMN category text NOT NULL`) // want `add-column-required: adding column "category" to "feeds"`
	return err
}

// Migrate is the runner: its bookkeeping is not a migration.
func Migrate(db *sql.DB) error {
	var version int
	if err := db.QueryRow(`SELECT version FROM schema_version`).Scan(&version); err != nil {
		return err
	}
	for i := version; i < len(migrations); i++ {
		tx, err := db.Begin()
		if err != nil {
			return err
		}
		if err := migrations[i](tx); err != nil {
			return err
		}
		if _, err := tx.Exec(`TRUNCATE schema_version`); err != nil {
			return err
		}
		if _, err := tx.Exec(`INSERT INTO schema_version (version) VALUES ($1)`, i+1); err != nil {
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}
