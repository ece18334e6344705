// Package strict holds a GORM model checked with -modelschema.strictnull:
// a field that cannot hold NULL over a nullable column is reported even
// though GORM reads NULL as the zero value.
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
