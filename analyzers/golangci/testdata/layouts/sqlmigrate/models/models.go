// Package models is compared with the sql-migrate files in sql/, which no
// package embeds (sql-migrate reads them with a FileMigrationSource).
package models

import "time"

// User maps users.
type User struct {
	ID       int64      `db:"id"`
	Email    string     `db:"email"`
	Visits   int        `db:"visits"`
	LastSeen *time.Time `db:"last_seen"`
	Plan     string     `db:"plan"`
}

func (User) TableName() string { return "users" }
