package rules

import (
	"strings"

	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
)

// This file holds how type names and column types lead to the catalog key
// of the enum type they name.

// enumKeyOf returns the catalog key of the enum type a type name would
// name (its last two parts, pg_catalog dropped), and whether it is an array.
func enumKeyOf(tn *pgparse.TypeName) (string, bool) {
	if tn == nil {
		return "", false
	}
	parts := strs(tn.Names)
	if len(parts) == 0 || parts[0] == "pg_catalog" {
		return "", false
	}
	return nameKey(tn.Names), len(tn.ArrayBounds) > 0
}

// columnTypeKey returns the catalog key of a column's type (as enumKeyOf
// does for a type name), "" for arrays.
func columnTypeKey(t schema.Type) string {
	if t.Array || t.Name == "" {
		return ""
	}
	if i := strings.LastIndexByte(t.Name, '.'); i >= 0 {
		return schema.Key(t.Name[:i], t.Name[i+1:])
	}
	return schema.Key("", t.Name)
}
