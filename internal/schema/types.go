package schema

import (
	"github.com/migguard/migguard/internal/pgparse"
)

// typeAliases maps names that PostgreSQL accepts in column definitions
// but that are not catalog type names, and that the parser leaves as
// written, to the names TypeOf returns. Keyword spellings (integer,
// double precision, character varying, timestamp with time zone, …)
// already arrive from the parser as pg_catalog.<internal name>.
var typeAliases = map[string]string{
	"serial4": "serial", "serial8": "bigserial", "serial2": "smallserial",
}

// serialBase maps the serial pseudo-types to the integer type of the
// column they create.
var serialBase = map[string]string{
	"serial": "int4", "bigserial": "int8", "smallserial": "int2",
}

// ParseType reads a type written in SQL ("varchar(20)", "BIGINT") as
// TypeOf normalises it; false when it is no type.
func ParseType(sql string) (Type, bool) {
	stmts := pgparse.Parse("ALTER TABLE t ALTER COLUMN c TYPE " + sql)
	if len(stmts) != 1 || stmts[0].Node == nil {
		return Type{}, false
	}
	at := stmts[0].Node.GetAlterTableStmt()
	if at == nil || len(at.Cmds) != 1 {
		return Type{}, false
	}
	def := at.Cmds[0].GetAlterTableCmd().GetDef().GetColumnDef()
	if def == nil || def.TypeName == nil {
		return Type{}, false
	}
	return TypeOf(def.TypeName), true
}

// TypeOf normalises a parsed type name: pg_catalog is stripped, aliases are
// mapped (integer → int4, serial4 → serial), other schemas are kept as a
// prefix ("app.mood"), and the length, precision or interval fields are
// kept as Mods, as the parser gives them. The serial pseudo-types stay
// serial, bigserial and smallserial: see Type.SerialBase.
func TypeOf(tn *pgparse.TypeName) Type {
	if tn == nil {
		return Type{}
	}
	parts := make([]string, 0, 2)
	for _, n := range tn.Names {
		if s := n.GetString_(); s != nil {
			parts = append(parts, s.Sval)
		}
	}
	if len(parts) > 1 && parts[0] == "pg_catalog" {
		parts = parts[1:]
	}
	name := ""
	for i, p := range parts {
		if i > 0 {
			name += "."
		}
		name += p
	}
	if a, ok := typeAliases[name]; ok {
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

// SerialBase returns the integer type that a serial, bigserial or
// smallserial column really has, and whether t is one of them.
func (t Type) SerialBase() (Type, bool) {
	if b, ok := serialBase[t.Name]; ok && !t.Array {
		return Type{Name: b}, true
	}
	return t, false
}

// Equal reports whether two types are the same, modifiers included.
func (t Type) Equal(u Type) bool {
	if t.Name != u.Name || t.Array != u.Array || len(t.Mods) != len(u.Mods) {
		return false
	}
	for i := range t.Mods {
		if t.Mods[i] != u.Mods[i] {
			return false
		}
	}
	return true
}

// Interval typmod constants of PostgreSQL (src/include/utils/timestamp.h).
const (
	intervalFullRange = 0x7FFF // INTERVAL_FULL_RANGE: no field restriction
	maxTimePrecision  = 6      // MAX_TIMESTAMP_PRECISION and MAX_INTERVAL_PRECISION
)

// BinaryCoercible reports whether ALTER COLUMN … TYPE from type from to
// type to, without a USING clause, keeps the stored values as they are:
// PostgreSQL then neither rewrites the table nor checks its rows. It is
// deliberately conservative: a false answer means "assume a rewrite".
// Collation changes are not the types' business; callers check them.
//
// The safe list, with the PostgreSQL code that makes each entry a no-op:
//
//   - the same type with the same modifiers (nothing to convert);
//   - varchar(n) → varchar(m) with m ≥ n, varchar(n) → varchar, and
//     varchar → text: varchar_support turns a non-shrinking length
//     coercion into a relabel, and varchar → text is a binary cast;
//   - text → varchar without a length: a binary cast with no length check
//     (text → varchar(n) must check every value, so it is not listed);
//   - numeric(p,s) → numeric(p2,s) with p2 ≥ p, and numeric(p,s) →
//     numeric: numeric_support accepts the same scale with no less
//     precision, or dropping the modifier (a scale change alters values);
//   - varbit(n) → varbit(m) with m ≥ n, and varbit(n) → varbit:
//     varbit_support; bit(n) is fixed-length and is not listed;
//   - cidr → inet: a binary cast (every cidr value is a valid inet);
//   - timestamp, timestamptz, time and timetz to the same type with a
//     precision that does not drop, or with no precision or precision 6:
//     TemporalSimplify (an unconstrained source counts as precision 6);
//   - interval to interval with no modifier, or with the same or the full
//     field range and a precision that does not drop: interval_support.
//
// Deliberately not listed: char(n) → char(m) (values are blank-padded to
// the new length, so the table is rewritten); timestamp ↔ timestamptz (PG
// 12 and later skip the rewrite only when the session TimeZone is UTC,
// which a linter cannot know); int widenings (int4 → int8 changes the
// storage size); json → jsonb; arrays of different element modifiers
// (ALTER TYPE wraps them in an array coercion, which always rewrites).
func BinaryCoercible(from, to Type) bool {
	if from.Name == "" || to.Name == "" {
		return false
	}
	if from.Equal(to) {
		return true
	}
	if from.Array || to.Array {
		return false
	}
	switch from.Name {
	case "varchar":
		switch to.Name {
		case "text":
			return true
		case "varchar":
			return widens(from.Mods, to.Mods)
		case "citext":
			return len(to.Mods) == 0
		}
	case "text":
		return to.Name == "varchar" && len(to.Mods) == 0 || to.Name == "citext" && len(to.Mods) == 0
	case "citext":
		// The citext extension's casts to and from text and varchar are
		// WITHOUT FUNCTION.
		return (to.Name == "text" || to.Name == "varchar") && len(to.Mods) == 0
	case "numeric":
		return to.Name == "numeric" && numericWidens(from.Mods, to.Mods)
	case "varbit":
		return to.Name == "varbit" && widens(from.Mods, to.Mods)
	case "cidr":
		return to.Name == "inet" && len(to.Mods) == 0
	case "timestamp", "timestamptz", "time", "timetz":
		return to.Name == from.Name && precisionWidens(from.Mods, to.Mods)
	case "interval":
		return to.Name == "interval" && intervalWidens(from.Mods, to.Mods)
	}
	return false
}

// OpclassChanges reports whether a binary-coercible change of type gives
// the indexes on the column another default operator class (text or
// varchar to citext and back), so PostgreSQL rebuilds them though it
// keeps the rows.
func OpclassChanges(from, to Type) bool {
	return (from.Name == "citext") != (to.Name == "citext") && BinaryCoercible(from, to)
}

// widens reports whether a one-number length modifier does not shrink:
// the target has none, or both have one and the target's is not smaller.
func widens(from, to []int32) bool {
	if len(to) == 0 {
		return true
	}
	return len(from) == 1 && len(to) == 1 && to[0] >= from[0]
}

// numericWidens implements numeric_support: the same scale (an absent
// scale is 0) and no less precision, or no modifier at all on the target.
func numericWidens(from, to []int32) bool {
	if len(to) == 0 {
		return true
	}
	if len(from) == 0 {
		return false
	}
	scale := func(m []int32) int32 {
		if len(m) > 1 {
			return m[1]
		}
		return 0
	}
	return scale(from) == scale(to) && to[0] >= from[0]
}

// precisionWidens implements TemporalSimplify for the datetime types.
func precisionWidens(from, to []int32) bool {
	if len(to) == 0 || to[0] >= maxTimePrecision {
		return true
	}
	return len(from) > 0 && to[0] >= from[0]
}

// intervalWidens is a conservative reading of interval_support: the
// target keeps the source's fields (or has the full range) and its
// fractional-second precision does not drop.
func intervalWidens(from, to []int32) bool {
	if len(to) == 0 {
		return true
	}
	rng := func(m []int32) int32 {
		if len(m) > 0 {
			return m[0]
		}
		return intervalFullRange
	}
	prec := func(m []int32) int32 {
		if len(m) > 1 {
			return m[1]
		}
		return maxTimePrecision
	}
	if rng(to) != intervalFullRange && rng(to) != rng(from) {
		return false
	}
	return prec(to) >= prec(from)
}
