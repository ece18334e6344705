// Package gooseprovider holds goose migrations of the Provider API, which
// a goose.Provider is given with goose.WithGoMigrations.
package gooseprovider

import (
	"context"
	"database/sql"

	"github.com/pressly/goose/v3"
)

// Migrations are the package's migrations, in version order.
var Migrations = []*goose.Migration{
	goose.NewGoMigration(1, &goose.GoFunc{RunTx: createUsers}, &goose.GoFunc{RunTx: dropUsers}),
	// RunDB runs without a transaction: CONCURRENTLY is the safe form.
	goose.NewGoMigration(2, &goose.GoFunc{RunDB: func(ctx context.Context, db *sql.DB) error {
		_, err := db.ExecContext(ctx, `CREATE INDEX CONCURRENTLY users_email_idx ON users (email)`)
		return err
	}}, nil),
	// RunTx runs in a transaction, where CONCURRENTLY fails.
	goose.NewGoMigration(3, &goose.GoFunc{RunTx: func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `CREATE INDEX CONCURRENTLY users_lower_email_idx ON users (lower(email))`) // want `concurrently-in-transaction: .*goose.NewGoMigration runs RunTx in a transaction`
		return err
	}}, nil),
	// users exists since version 1: a plain index blocks its writes.
	goose.NewGoMigration(4, &goose.GoFunc{RunTx: func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `CREATE INDEX users_created_idx ON users (created_at)`) // want `create-index-non-concurrently: ` `require-lock-timeout: ` `require-statement-timeout: `
		return err
	}}, nil),
}

func createUsers(ctx context.Context, tx *sql.Tx) error {
	// Created in this migration: indexing it blocks nobody.
	_, err := tx.ExecContext(ctx, `CREATE TABLE users (id bigint PRIMARY KEY, email text, created_at timestamptz);
CREATE INDEX users_id_idx ON users (id, email);`)
	return err
}

func dropUsers(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `DROP TABLE users`)
	return err
}
