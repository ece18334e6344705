// Package models has GORM models, and nothing in Go names the
// migrations: they are found in db/migrations as migguard lint finds them.
package models

import "gorm.io/gorm"

type User struct {
	ID       uint64 `gorm:"primaryKey"`
	Name     string `gorm:"not null"`
	Nickname string // want `model-column-missing: .*users.nickname`
}

func Users(db *gorm.DB) (users []User) {
	db.Find(&users)
	return users
}
