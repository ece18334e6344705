// Package models has GORM models and imports no migrations: they are
// compared with the sets of the repository, and a table that both the
// embedded set and a stale copy no code embeds create is the embedded
// set's.
package models

import "gorm.io/gorm"

type User struct {
	ID       uint64 `gorm:"primaryKey"`
	Name     string `gorm:"not null"`
	Nickname string `gorm:"not null"`
	Email    string // want `model-column-missing: .*users.email`
}

func Users(db *gorm.DB) (users []User) {
	db.Find(&users)
	return users
}
