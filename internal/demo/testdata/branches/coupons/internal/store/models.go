// Package store maps the shop's tables to Go structs.
package store

import "time"

// User is a row of users.
type User struct {
	ID        int64     `db:"id"`
	Email     string    `db:"email"`
	Name      string    `db:"name"`
	CreatedAt time.Time `db:"created_at"`
}

// Order is a row of orders.
type Order struct {
	ID     int64  `db:"id"`
	UserID int64  `db:"user_id"`
	Status string `db:"status"`
	// CouponCode is the coupon applied at checkout.
	CouponCode string    `db:"coupon_code"`
	CreatedAt  time.Time `db:"created_at"`
}

// Paid reports whether the order has been paid.
func (o *Order) Paid() bool { return o.Status == "paid" }
