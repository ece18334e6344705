// Package app is the application: it still reads tokens.
package app

import "database/sql"

// Token reads a token.
func Token(db *sql.DB, id int64) (string, error) {
	var v string
	err := db.QueryRow(`SELECT value FROM tokens WHERE id = $1`, id).Scan(&v)
	return v, err
}
