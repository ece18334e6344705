// Package models maps the columns DO blocks add: their DDL is replayed.
package models

import "database/sql"

// Order maps orders.
type Order struct {
	ID     int64          `db:"id"`
	State  string         `db:"state"`
	Note   sql.NullString `db:"note"`
	Amount int64          `db:"amount"`
}

func (Order) TableName() string { return "orders" }
