// Package gopgmodels holds go-pg models: pg tags, and the sql tags of
// go-pg before v9.
package gopgmodels

import (
	"time"

	_ "example.com/shop/db"
)

type Profile struct {
	ID int64
}

// Account names its table in the tableName field's tag.
type Account struct {
	tableName struct{} `pg:"accounts,alias:a"`

	ID      int64    `pg:",pk"`
	Owner   string   `pg:"owner,notnull"`
	Active  bool     `pg:",use_zero"` // want `model-type: Account.Active is bool \(boolean\) but accounts.active is int4`
	Labels  []string `pg:"tags,array"`
	Profile *Profile `pg:"rel:has-one"`
	Cache   string   `pg:"-"`
}

// Order takes go-pg's default table name, orders.
type Order struct {
	ID       int64 `pg:",pk"`
	UserID   int64
	Total    float64
	Status   string
	PlacedAt *time.Time
	Note     string `pg:"note"` // want `model-column-missing: model changed without a migration: add a migration that adds orders.note`
}

// LegacyUser maps some columns of users with go-pg's old sql tags.
//
//migguard:model partial
type LegacyUser struct {
	tableName struct{} `sql:"users"`

	ID       int64  `sql:",pk"`
	Email    string `sql:",notnull"`
	Nickname string `sql:"nick"` // want `model-column-missing: model changed without a migration: add a migration that adds users.nick`
}
