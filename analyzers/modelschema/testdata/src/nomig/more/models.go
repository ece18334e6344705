// Package more has models too: the module's note is not repeated here.
package more

import "gorm.io/gorm"

type Order struct {
	ID uint64 `gorm:"primaryKey"`
}

func Load(db *gorm.DB) {
	db.Find(&Order{})
}
