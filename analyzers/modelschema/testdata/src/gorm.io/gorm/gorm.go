// Package gorm is a stub of gorm.io/gorm for the tests.
package gorm

import (
	"database/sql"
	"database/sql/driver"
	"time"
)

type DeletedAt sql.NullTime

func (n *DeletedAt) Scan(value any) error        { return nil }
func (n DeletedAt) Value() (driver.Value, error) { return nil, nil }

type Model struct {
	ID        uint `gorm:"primarykey"`
	CreatedAt time.Time
	UpdatedAt time.Time
	DeletedAt DeletedAt `gorm:"index"`
}
