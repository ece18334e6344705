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

// DB is a GORM database handle; its methods take models.
type DB struct{}

func (db *DB) Model(value any) *DB                { return db }
func (db *DB) Find(dest any, conds ...any) *DB    { return db }
func (db *DB) First(dest any, conds ...any) *DB   { return db }
func (db *DB) Create(value any) *DB               { return db }
func (db *DB) Where(query any, args ...any) *DB   { return db }
func (db *DB) Scan(dest any) *DB                  { return db }
func (db *DB) AutoMigrate(dst ...any) error       { return nil }
func (db *DB) Exec(sql string, values ...any) *DB { return db }
