// Package strict holds GORM models checked with -modelschema.strict: a
// field that cannot hold NULL over a nullable column is reported even
// though GORM reads NULL as the zero value, and so is a nullable column the
// model does not map.
package strict

import (
	"time"

	_ "example.com/shop/db"
)

// Order maps some columns of orders.
//
//migguard:model table=orders partial
type Order struct {
	ID       int64
	PlacedAt time.Time // want `model-nullability: Order.PlacedAt is time.Time, which cannot hold NULL, but orders.placed_at is nullable: gorm reads NULL as the zero value`
}

// Account leaves out accounts.tags, which is nullable: reported only with
// -modelschema.strict.
//
//migguard:model table=accounts
type Account struct { // want `model-column-lost: accounts.tags has no field in model Account: add a migration that drops it`
	ID     int64
	Owner  string
	Active int
}
