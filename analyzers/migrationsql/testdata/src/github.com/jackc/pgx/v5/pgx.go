// Package pgx is a stub of github.com/jackc/pgx/v5 for the tests.
package pgx

import "context"

type CommandTag struct{}

type Conn struct{}

func (c *Conn) Exec(ctx context.Context, sql string, arguments ...any) (CommandTag, error) {
	return CommandTag{}, nil
}

type Tx interface {
	Exec(ctx context.Context, sql string, arguments ...any) (CommandTag, error)
}
