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

// Article names its table as the first part of the BaseModel tag. bun
// stores a struct that is no relation as JSON in one column, reads NULL
// as the zero value (nullzero writes "" as NULL), and m2m fields are
// associations.
type Article struct {
	bun.BaseModel `bun:"articles,alias:art"`

	ID    int64       `bun:",pk"`
	Title string      `bun:",notnull"`
	Body  string      `bun:",nullzero"`
	Meta  ArticleMeta `bun:"type:jsonb"`
	Tags  []*Tag      `bun:"m2m:article_tags,join:Article=Tag"`
	Views int
	Draft bool // want `model-column-missing: model changed without a migration: add a migration that adds articles.draft \(field Article.Draft\)`
}

// ArticleMeta is a JSON value, not a model.
type ArticleMeta struct {
	Keywords []string
}

// Tag is a bun model by its BaseModel.
type Tag struct {
	bun.BaseModel `bun:"table:tags"`

	ID   int64 `bun:",pk"`
	Name string
}

// ArticleWithTags extends Article: bun reads it as table articles (whose
// columns Article answers for), with a count that queries fill.
type ArticleWithTags struct {
	Article `bun:",extend"`

	TagCount int `bun:"tag_count,scanonly"`
}
