package schema

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// typeAliases maps the names the parser returns for SQL-standard spellings
// and common aliases to PostgreSQL's internal type names.
var typeAliases = map[string]string{
	"integer": "int4", "int": "int4", "smallint": "int2", "bigint": "int8",
	"boolean": "bool", "real": "float4", "double precision": "float8",
	"character varying": "varchar", "character": "bpchar", "char": "bpchar",
	"decimal": "numeric", "timestamp with time zone": "timestamptz",
	"timestamp without time zone": "timestamp", "time with time zone": "timetz",
	"time without time zone": "time", "serial4": "serial", "serial8": "bigserial",
	"int2": "int2", "int4": "int4", "int8": "int8",
}

// TypeOf normalises a parsed type name: pg_catalog is stripped, aliases are
// mapped (integer → int4), and other schemas are kept as a prefix.
func TypeOf(tn *pg_query.TypeName) Type {
	if tn == nil {
		return Type{}
	}
	var parts []string
	for _, n := range tn.Names {
		if s := n.GetString_(); s != nil {
			parts = append(parts, s.Sval)
		}
	}
	if len(parts) > 1 && parts[0] == "pg_catalog" {
		parts = parts[1:]
	}
	name := strings.Join(parts, ".")
	if a, ok := typeAliases[strings.ToLower(name)]; ok {
		name = a
	}
	t := Type{Name: name, Array: len(tn.ArrayBounds) > 0}
	for _, m := range tn.Typmods {
		if c := m.GetAConst(); c != nil && c.GetIval() != nil {
			t.Mods = append(t.Mods, c.GetIval().Ival)
		}
	}
	return t
}

// BinaryCoercible reports whether changing a column from type from to type
// to needs neither a table rewrite nor an index rebuild.
func BinaryCoercible(from, to Type) bool {
	return false
}
