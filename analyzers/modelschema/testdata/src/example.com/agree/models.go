// Package agree holds a model of each convention and structs that are not
// models, read by both migguard models and modelschema in TestReadersAgree.
package agree

import (
	"time"

	"github.com/uptrace/bun"
	"gorm.io/gorm"
)

const customersTable = "customers"

// Base is embedded by models; it is not one itself.
type Base struct {
	ID        int64
	CreatedAt time.Time
}

// Address is embedded with a prefix. (With gorm tags of its own it would
// count as a model of its own.)
type Address struct {
	Street string
	City   string
}

// User is a GORM model: an embedded struct, a prefixed one, associations
// and fields that are not columns.
type User struct {
	Base
	Email    string   `gorm:"uniqueIndex;not null"`
	Nick     *string  `gorm:"column:nickname"`
	Home     Address  `gorm:"embedded;embeddedPrefix:home_"`
	Orders   []Order  // has many
	Profile  *Profile `gorm:"foreignKey:UserID"`
	Secret   string   `gorm:"-"`
	internal string
}

// Product embeds gorm.Model.
type Product struct {
	gorm.Model
	Code string
}

// Order names its table with TableName.
type Order struct {
	ID     int64
	UserID int64
	User   *User // belongs to
}

func (Order) TableName() string { return "orders" }

// Money converts itself: a column value, not an association.
type Money struct{ Cents int64 }

func (m *Money) Scan(any) error { return nil }

// Wallet has a field of a type with a Scan method.
type Wallet struct {
	ID      int64 `gorm:"primaryKey"`
	Balance Money `gorm:"type:bigint"`
}

// Account is a bun model.
type Account struct {
	bun.BaseModel `bun:"table:accounts,alias:a"`

	ID      int64    `bun:"id,pk,autoincrement"`
	Owner   string   `bun:"owner_name,notnull"`
	Tags    []string `bun:",array"`
	Profile *Profile `bun:"rel:has-one,join:id=id"`
	Audit   Base     `bun:"embed:audit_"`
}

// Invoice is a go-pg model with a table in a schema.
type Invoice struct {
	tableName struct{} `pg:"billing.invoices,alias:i"`

	ID     int64   `pg:",pk"`
	Amount float64 `pg:"amount_cents,notnull"`
	Lines  []Line  `pg:"rel:has-many"`
	Draft  string  `pg:"-"`
}

// Line has no tags: not a model.
type Line struct {
	ID int64
}

// LegacyInvoice uses the sql tags of go-pg before v9, and its default
// table name.
type LegacyInvoice struct {
	ID   int64 `sql:",pk"`
	Note string
}

// Customer has db tags and a TableName returning a constant.
type Customer struct {
	ID    int64  `db:"id"`
	Email string `db:"email"`
	Notes string // untagged: not a column
}

func (Customer) TableName() string { return customersTable }

// CustomerRow is a query's row type: db tags and no table.
type CustomerRow struct {
	ID    int64 `db:"id"`
	Total int64 `db:"total"`
}

// Profile has no tags: not a model.
type Profile struct {
	UserID int64
	Bio    string
}

// Settings has json tags only: not a model.
type Settings struct {
	Theme string `json:"theme"`
}

// Hidden is left alone on purpose.
//
//migguard:model ignore
type Hidden struct {
	ID int64 `gorm:"primaryKey"`
}
