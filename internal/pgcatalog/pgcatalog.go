// Package pgcatalog holds facts read from a real PostgreSQL catalog, such
// as the volatility of built-in functions.
package pgcatalog

// Volatility is a function's pg_proc.provolatile class.
type Volatility byte

// Volatility classes. Unknown is a function that is not built in.
const (
	Unknown   Volatility = 0
	Immutable Volatility = 'i'
	Stable    Volatility = 's'
	Volatile  Volatility = 'v'
)

// FuncVolatility returns the volatility of a built-in function by its
// unqualified lower-case name. An overloaded name is as volatile as its
// most volatile overload.
func FuncVolatility(name string) Volatility {
	return builtin[name]
}

var builtin = map[string]Volatility{
	"now": Stable, "random": Volatile, "gen_random_uuid": Volatile, "nextval": Volatile,
	"clock_timestamp": Volatile, "lower": Immutable, "upper": Immutable,
}
