// Package models is compared with the migrations at the top of the
// repository, outside the Go module in backend/.
package models

import "database/sql"

// User maps users.
type User struct {
	ID    int64          `db:"id"`
	Email string         `db:"email"`
	Bio   sql.NullString `db:"bio"`
	Age   int            `db:"age"`
}

func (User) TableName() string { return "users" }
