// Package goose is a stub of github.com/pressly/goose/v3 for the tests.
package goose

import (
	"context"
	"database/sql"
)

type GoMigrationContext func(ctx context.Context, tx *sql.Tx) error
type GoMigrationNoTxContext func(ctx context.Context, db *sql.DB) error
type GoMigration func(tx *sql.Tx) error
type GoMigrationNoTx func(db *sql.DB) error

func AddMigrationContext(up, down GoMigrationContext)                               {}
func AddMigrationNoTxContext(up, down GoMigrationNoTxContext)                       {}
func AddNamedMigrationContext(filename string, up, down GoMigrationContext)         {}
func AddNamedMigrationNoTxContext(filename string, up, down GoMigrationNoTxContext) {}
func AddMigration(up, down GoMigration)                                             {}
func AddMigrationNoTx(up, down GoMigrationNoTx)                                     {}

// The Provider API (goose v3.16 and later).

type TransactionMode int

const (
	TransactionEnabled TransactionMode = iota + 1
	TransactionDisabled
)

type GoFunc struct {
	RunTx func(ctx context.Context, tx *sql.Tx) error
	RunDB func(ctx context.Context, db *sql.DB) error
	Mode  TransactionMode
}

type Migration struct{ Version int64 }

func NewGoMigration(version int64, up, down *GoFunc) *Migration { return &Migration{Version: version} }
