package rules

import (
	"strings"

	"github.com/migguard/migguard/internal/pgcatalog"
	"github.com/migguard/migguard/internal/pgparse"
)

// This file holds how rules tell whether an expression calls a volatile
// function, which makes a column default rewrite the table.

// extensionVolatile lists volatile functions of common extensions
// (uuid-ossp, pgcrypto), which live outside pg_catalog and so are not in
// the built-in list.
var extensionVolatile = map[string]bool{
	"uuid_generate_v1": true, "uuid_generate_v1mc": true, "uuid_generate_v4": true,
	"gen_random_bytes": true, "gen_salt": true, "gen_random_uuid": true,
}

// volatileCallIn returns the name of the first volatile function that an
// expression calls, "" when it calls none that is known to be volatile.
//
// A function is volatile when the built-in catalog (pg_proc, see
// internal/pgcatalog) says so, when an earlier migration created it
// without IMMUTABLE or STABLE, or when it is one of the volatile functions
// of uuid-ossp and pgcrypto. A function known to none of them is not
// reported: its volatility cannot be known from the migrations.
func volatileCallIn(p *Pass, n *pgparse.Node) string {
	found := ""
	pgparse.Walk(n, func(x *pgparse.Node) bool {
		if found != "" {
			return false
		}
		if fc := x.GetFuncCall(); fc != nil && functionVolatile(p, fc) {
			found = strings.Join(strs(fc.Funcname), ".")
			return false
		}
		return true
	})
	return found
}

// functionVolatile reports whether a function call is known to be volatile.
func functionVolatile(p *Pass, fc *pgparse.FuncCall) bool {
	parts := strs(fc.Funcname)
	if len(parts) == 0 {
		return false
	}
	name := parts[len(parts)-1]
	sch := ""
	if len(parts) > 1 {
		sch = parts[len(parts)-2]
	}
	if sch == "" || sch == "pg_catalog" {
		// pg_catalog comes first in every search path.
		if v := pgcatalog.FuncVolatility(name); v != pgcatalog.Unknown || sch == "pg_catalog" {
			return v == pgcatalog.Volatile
		}
	}
	if v := p.Catalog.FunctionVolatility(sch, name); v != 0 {
		return v == 'v'
	}
	return extensionVolatile[name]
}
