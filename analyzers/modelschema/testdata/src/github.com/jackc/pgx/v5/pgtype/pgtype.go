// Package pgtype is a stub of github.com/jackc/pgx/v5/pgtype: the types
// that hold a value or NULL.
package pgtype

import (
	"math/big"
	"time"
)

type Text struct {
	String string
	Valid  bool
}

type Int8 struct {
	Int64 int64
	Valid bool
}

type Timestamptz struct {
	Time  time.Time
	Valid bool
}

type Timestamp struct {
	Time  time.Time
	Valid bool
}

type Date struct {
	Time  time.Time
	Valid bool
}

type Numeric struct {
	Int   *big.Int
	Exp   int32
	Valid bool
}

type UUID struct {
	Bytes [16]byte
	Valid bool
}
