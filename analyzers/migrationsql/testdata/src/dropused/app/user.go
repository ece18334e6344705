// Package app is the application.
package app

// User is a user; it no longer maps legacy.
type User struct {
	ID       int64
	Email    string `gorm:"not null"`
	Nickname string
}
