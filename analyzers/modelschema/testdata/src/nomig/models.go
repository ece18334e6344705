// Package nomig has models and no migrations to compare them with.
package nomig

type User struct { // want `model-no-migrations: no migrations found`
	ID   uint64 `gorm:"primaryKey"`
	Name string
}
