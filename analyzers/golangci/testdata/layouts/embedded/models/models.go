// Package models is compared with the migrations package db embeds,
// though it does not import it.
package models

import "database/sql"

// User maps users.
type User struct {
	ID       int64          `db:"id"`
	Email    string         `db:"email"`
	Name     sql.NullString `db:"name"`
	Nickname string         `db:"nickname"`
}

func (User) TableName() string { return "users" }
