package gosql

import (
	"context"
	"database/sql"

	"github.com/pressly/goose/v3"
)

func init() {
	goose.AddMigrationContext(upBackfill, nil)                                                 // want `not-analysed: no SQL that migguard can read: the function runs its SQL through calls it does not follow, which is not analysed`
	goose.AddMigrationContext(func(ctx context.Context, tx *sql.Tx) error { return nil }, nil) // want `empty-migration: migration has no statements`
	goose.AddMigrationContext(func(ctx context.Context, tx *sql.Tx) error {
		// This used to add a column that nothing reads since 2.0: a
		// no-op kept so that the applied versions stay in order.
		return nil
	}, nil)
}

type store struct{}

func (store) backfill(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, "UPDATE users SET age = 0")
	return err
}

// The migration runs its SQL through a method: it is not followed, and the
// migration is not taken for an empty one.
func upBackfill(ctx context.Context, tx *sql.Tx) error {
	return store{}.backfill(ctx, tx)
}
