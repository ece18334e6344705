// Package pg is a stub of github.com/go-pg/pg/v10 for the tests.
package pg

// DB is a go-pg database handle.
type DB struct{}

type Query struct{}

func (db *DB) Model(model ...any) *Query { return &Query{} }
func (q *Query) Select() error           { return nil }
