// Package model is compared with the migration list of package storage,
// which it does not import.
package model

import "database/sql"

// Feed maps feeds.
type Feed struct {
	ID         int64         `db:"id"`
	URL        string        `db:"url"`
	Title      string        `db:"title"`
	ETag       string        `db:"etag"`
	CategoryID sql.NullInt64 `db:"category_id"`
	Disabled   bool          `db:"disabled"`
}

func (Feed) TableName() string { return "feeds" }
