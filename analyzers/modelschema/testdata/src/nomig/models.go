// Package nomig has models and no migrations to compare them with: the
// first package of the module with models says so, once.
package nomig

import "gorm.io/gorm"

type User struct { // want `model-no-migrations: no PostgreSQL migrations found in the repository to check the models of this module against \(said once, for the first package with models\)`
	ID   uint64 `gorm:"primaryKey"`
	Name string
}

func Load(db *gorm.DB) {
	db.Find(&User{})
}
