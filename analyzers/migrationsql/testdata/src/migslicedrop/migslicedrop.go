// Package migslicedrop keeps its migrations in a slice of functions: the
// SQL of an earlier migration in the list is no use of the table that a
// later one drops; the application's queries (package app) are.
package migslicedrop

import "database/sql"

var migrations = [...]func(tx *sql.Tx) error{
	func(tx *sql.Tx) (err error) {
		_, err = tx.Exec(`CREATE TABLE sessions (id bigserial PRIMARY KEY, ip inet);
			CREATE TABLE tokens (id bigserial PRIMARY KEY, value text NOT NULL)`)
		return err
	},
	func(tx *sql.Tx) (err error) {
		_, err = tx.Exec(`UPDATE sessions SET ip = '127.0.0.1'::inet WHERE ip IS NULL`) // want `unbatched-data-change: UPDATE "sessions"`
		return err
	},
	func(tx *sql.Tx) (err error) {
		_, err = tx.Exec(`DROP TABLE sessions`) // want `drop-table: dropping table "sessions"`
		return err
	},
	func(tx *sql.Tx) (err error) {
		_, err = tx.Exec(`DROP TABLE tokens`) // want `drop-still-used: table "tokens" is still used by query "SELECT value FROM tokens WHERE id = \$1" \(app/app.go:9\)` `drop-table: dropping table "tokens"`
		return err
	},
}

// Migrate applies the migrations.
func Migrate(tx *sql.Tx) error {
	for _, m := range migrations {
		if err := m(tx); err != nil {
			return err
		}
	}
	return nil
}
