// Package bun is a stub of github.com/uptrace/bun for the tests.
package bun

import (
	"context"

	"github.com/uptrace/bun/schema"
)

// BaseModel is an alias of schema.BaseModel, as since bun 1.1.
type BaseModel = schema.BaseModel

// DB is a bun database handle.
type DB struct{}

type SelectQuery struct{}

type CreateTableQuery struct{}

func (db *DB) NewSelect() *SelectQuery                                  { return &SelectQuery{} }
func (db *DB) NewCreateTable() *CreateTableQuery                        { return &CreateTableQuery{} }
func (q *SelectQuery) Model(model any) *SelectQuery                     { return q }
func (q *SelectQuery) Scan(ctx context.Context, dest ...any) error      { return nil }
func (q *CreateTableQuery) Model(model any) *CreateTableQuery           { return q }
func (q *CreateTableQuery) Exec(ctx context.Context, dest ...any) error { return nil }
