// Package models is compared with the sets of its own module: lib/x has
// a go.mod of its own, and its migrations are that module's.
package models

import "gorm.io/gorm"

type User struct {
	ID       uint64 `gorm:"primaryKey"`
	Name     string `gorm:"not null"`
	Nickname *string
}

type Widget struct { // want `model-table-missing: model Widget maps to table widgets, which no migration creates`
	ID uint64 `gorm:"primaryKey"`
}

func Users(db *gorm.DB) (users []User, widgets []Widget) {
	db.Find(&users)
	db.Find(&widgets)
	return users, widgets
}
