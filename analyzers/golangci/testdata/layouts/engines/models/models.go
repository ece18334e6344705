// Package models maps the PostgreSQL tables: the SQLite directory's sku
// column and the ClickHouse events table are no concern of it.
package models

// Item maps items.
type Item struct {
	ID    int64   `db:"id"`
	Name  string  `db:"name"`
	Price float64 `db:"price"`
}

func (Item) TableName() string { return "items" }

// Event is a ClickHouse row type, named by no migration migguard reads.
//
//migguard:model ignore
type Event struct {
	ID uint64 `db:"id"`
}
