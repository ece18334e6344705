// Package bunmodels holds bun models.
package bunmodels

import (
	"github.com/uptrace/bun"

	_ "example.com/shop/db"
)

type Profile struct {
	ID int64
}

// Account names its table in the bun.BaseModel tag.
type Account struct {
	bun.BaseModel `bun:"table:accounts,alias:a"`

	ID      int64    `bun:"id,pk,autoincrement"`
	Owner   string   `bun:"owner,notnull"`
	Active  bool     `bun:"active"` // want `model-type: Account.Active is bool \(boolean\) but accounts.active is int4`
	Tags    []string `bun:",array"`
	Profile *Profile `bun:"rel:has-one,join:id=id"`
}

// Invoice takes bun's default table name, invoices, which no migration
// creates.
type Invoice struct { // want `model-table-missing: model Invoice maps to table invoices`
	bun.BaseModel

	ID int64 `bun:",pk"`
}
