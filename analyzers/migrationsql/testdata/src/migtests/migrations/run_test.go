package migrations

import (
	"context"
	"database/sql"
	"testing"
)

// Test files are no migrations: their SQL is not linted.
func resetForTest(t *testing.T, ctx context.Context, db *sql.DB) {
	if _, err := db.ExecContext(ctx, "DROP TABLE users"); err != nil {
		t.Fatal(err)
	}
}
