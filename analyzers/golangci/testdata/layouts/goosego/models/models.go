// Package models is compared with the goose set of db/migrations: its
// .sql files and its Go migrations, in version order.
package models

// User maps users.
type User struct {
	ID     int64   `db:"id"`
	Email  string  `db:"email"`
	Plan   string  `db:"plan"`
	Legacy *string `db:"legacy"`
}

func (User) TableName() string { return "users" }
