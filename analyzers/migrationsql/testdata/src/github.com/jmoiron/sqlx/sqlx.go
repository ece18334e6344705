// Package sqlx is a stub of github.com/jmoiron/sqlx for the tests.
package sqlx

import "database/sql"

type DB struct{ *sql.DB }

func (db *DB) MustExec(query string, args ...any) sql.Result { return nil }
