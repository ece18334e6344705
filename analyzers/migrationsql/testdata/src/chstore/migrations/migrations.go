// Package migrations keeps ClickHouse migrations in a list: its database
// driver is another engine's, so their SQL is not judged as PostgreSQL.
package migrations

import (
	"context"

	"github.com/uptrace/go-clickhouse/ch"
)

var migrations = []func(ctx context.Context, db *ch.DB) error{
	func(ctx context.Context, db *ch.DB) error {
		_, err := db.ExecContext(ctx, "CREATE TABLE spans (id UInt64, name LowCardinality(String)) ENGINE = MergeTree ORDER BY id")
		return err
	},
}
