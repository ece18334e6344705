// Package sqlxmodels holds row types with db tags.
package sqlxmodels

import (
	"database/sql"
	"time"

	_ "example.com/shop/db"
)

// OrderRow maps some columns of orders.
//
//migguard:model table=orders partial
type OrderRow struct {
	ID     int64           `db:"id"`
	Total  sql.NullFloat64 `db:"total"` // want `model-nullability: OrderRow.Total is sql.NullFloat64, which holds NULL, but orders.total is NOT NULL`
	Status string          `db:"status"`
	// database/sql fails to scan NULL into a time.Time.
	PlacedAt time.Time `db:"placed_at"` // want `model-nullability: OrderRow.PlacedAt is time.Time, which cannot hold NULL, but orders.placed_at is nullable: reading a NULL fails the scan`
}

// Row has db tags but no table: a query result, not a model.
type Row struct {
	ID    int64  `db:"id"`
	Other string `db:"other"`
}

// Customer names a table that no migration creates.
type Customer struct { // want `model-table-missing: model Customer maps to table customers`
	ID    int64  `db:"id"`
	Email string `db:"email"`
}

func (Customer) TableName() string { return "customers" }
