package migrations

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jmoiron/sqlx"
)

// Init creates the tables.
func Init(ctx context.Context, db *sql.DB) error {
	//migguard:ignore-file require-lock-timeout the runner sets lock_timeout
	_, err := db.ExecContext(ctx, createAccounts)
	return err
}

// Migrate changes them, each Exec on its own.
func Migrate(ctx context.Context, db *sql.DB) error {
	if _, err := db.ExecContext(ctx, addBalance); err != nil {
		return err
	}
	_, err := db.ExecContext(ctx, dropOwner)
	return err
}

// Backfill builds its SQL at run time: it is not analysed, and the
// analyzer says so once for the package.
func Backfill(ctx context.Context, db *sql.DB, table string) error {
	_, err := db.ExecContext(ctx, fmt.Sprintf("UPDATE %s SET balance = 0", table)) // want `sql-not-constant: SQL built with fmt.Sprintf is not analysed`
	if err != nil {
		return err
	}
	_, err = db.ExecContext(ctx, fmt.Sprintf("VACUUM %s", table))
	return err
}

// Cleanup drops a table on purpose; the Go ignore covers the call.
func Cleanup(ctx context.Context, db *sql.DB) error {
	//migguard:ignore drop-table the table was replaced by accounts in 2023
	_, err := db.ExecContext(ctx,
		`DROP TABLE legacy_accounts`)
	return err
}

// IgnoreProblems shows ignores that are reported themselves.
func IgnoreProblems(ctx context.Context, db *sql.DB) error {
	//migguard:ignore drop-table nothing is dropped here // want `unused-ignore: ignore directive for drop-table matched no finding`
	_, err := db.ExecContext(ctx, `SELECT 1`)
	if err != nil {
		return err
	}
	//migguard:ignore truncate-table // want `invalid-ignore: ignore directive for truncate-table gives no reason`
	_, err = db.ExecContext(ctx, `TRUNCATE accounts`) // want `truncate-table: TRUNCATE "accounts" deletes every row`
	if err != nil {
		return err
	}
	//migguard:ignore no-such-rule typo // want `invalid-ignore: ignore directive names unknown rule "no-such-rule"`
	return nil
}

// WithPgx runs SQL through pgx, on a transaction.
func WithPgx(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, "CREATE INDEX CONCURRENTLY accounts_owner_idx ON accounts (owner)") // want `concurrently-in-transaction: .*Exec on a transaction`
	return err
}

// WithSqlx runs SQL through sqlx, outside a transaction: the statement is
// safe there.
func WithSqlx(db *sqlx.DB) {
	db.MustExec("CREATE INDEX CONCURRENTLY accounts_balance_idx ON accounts (balance)")
}

// SQL-side ignores work as in .sql files.
func SQLIgnore(ctx context.Context, db *sql.DB) error {
	_, err := db.ExecContext(ctx, `
		-- migguard:ignore drop-column the column moved to account_owners
		ALTER TABLE accounts DROP COLUMN balance`)
	return err
}
