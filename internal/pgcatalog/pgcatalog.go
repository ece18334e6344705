// Package pgcatalog holds facts read from a real PostgreSQL catalog, such
// as the volatility of built-in functions.
//
// The facts are generated: volatility_list.go comes from the command in
// internal/gencatalog, which reads pg_proc of the server that
// MIGGUARD_PG_URL (or the PG* variables) points at:
//
//	MIGGUARD_PG_URL=postgres://… go generate ./internal/pgcatalog
//
// TestVolatilityListFresh compares the committed list with such a server.
package pgcatalog

//go:generate go run ./internal/gencatalog -o volatility_list.go

import (
	"strings"
	"sync"
)

// Volatility is a function's pg_proc.provolatile class.
type Volatility byte

// Volatility classes. Unknown is a function that is not built in.
const (
	Unknown   Volatility = 0
	Immutable Volatility = 'i'
	Stable    Volatility = 's'
	Volatile  Volatility = 'v'
)

// String returns the SQL keyword of the class, or "unknown".
func (v Volatility) String() string {
	switch v {
	case Immutable:
		return "immutable"
	case Stable:
		return "stable"
	case Volatile:
		return "volatile"
	}
	return "unknown"
}

// FuncVolatility returns the volatility of a built-in function by its
// name, unqualified or qualified with pg_catalog. An overloaded name is as
// volatile as its most volatile overload. Names outside pg_catalog, such
// as user functions, are Unknown.
func FuncVolatility(name string) Volatility {
	return builtin()[strings.TrimPrefix(name, "pg_catalog.")]
}

// builtin is the list of the functions of pg_catalog, built when first
// asked for: most runs ask for none.
var builtin = sync.OnceValue(builtinList)
