package modeltag

import "strings"

// Kind is a coarse class of values, shared by Go types and column types,
// used to tell pairs that cannot work together: a Go field of one kind
// over a column of another. The go/types reader (modelschema) and the
// syntax readers (the code the migrations are compared with) both
// classify through here.
type Kind string

// The kinds.
const (
	KindUnknown Kind = ""
	KindInt     Kind = "integer"
	KindFloat   Kind = "floating-point"
	KindNumeric Kind = "numeric"
	KindString  Kind = "text"
	KindBool    Kind = "boolean"
	KindTime    Kind = "time"
	KindBytes   Kind = "bytes"
	KindUUID    Kind = "uuid"
	KindJSON    Kind = "json"
	KindArray   Kind = "array"
)

// NullWrappers are the standard and pgx types that hold a value or NULL,
// by import path and name, with the kind of the value.
var NullWrappers = map[string]Kind{
	"database/sql.NullString": KindString, "database/sql.NullInt64": KindInt, "database/sql.NullInt32": KindInt,
	"database/sql.NullInt16": KindInt, "database/sql.NullByte": KindInt, "database/sql.NullFloat64": KindFloat,
	"database/sql.NullBool": KindBool, "database/sql.NullTime": KindTime,
	"gorm.io/gorm.DeletedAt":              KindTime,
	"github.com/jackc/pgx/v5/pgtype.Text": KindString, "github.com/jackc/pgx/v5/pgtype.Int2": KindInt,
	"github.com/jackc/pgx/v5/pgtype.Int4": KindInt, "github.com/jackc/pgx/v5/pgtype.Int8": KindInt,
	"github.com/jackc/pgx/v5/pgtype.Float4": KindFloat, "github.com/jackc/pgx/v5/pgtype.Float8": KindFloat,
	"github.com/jackc/pgx/v5/pgtype.Bool": KindBool, "github.com/jackc/pgx/v5/pgtype.Timestamptz": KindTime,
	"github.com/jackc/pgx/v5/pgtype.Timestamp": KindTime, "github.com/jackc/pgx/v5/pgtype.Date": KindTime,
	"github.com/jackc/pgx/v5/pgtype.Numeric": KindNumeric, "github.com/jackc/pgx/v5/pgtype.UUID": KindUUID,
}

// ValueTypes are named types that hold a value that is never NULL.
var ValueTypes = map[string]Kind{
	"time.Time":                   KindTime,
	"github.com/google/uuid.UUID": KindUUID,
	"github.com/gofrs/uuid.UUID":  KindUUID,
}

// basicKinds are the kinds of Go's predeclared types, by name.
var basicKinds = map[string]Kind{
	"int": KindInt, "int8": KindInt, "int16": KindInt, "int32": KindInt, "int64": KindInt, "rune": KindInt,
	"uint": KindInt, "uint8": KindInt, "uint16": KindInt, "uint32": KindInt, "uint64": KindInt, "byte": KindInt,
	"float32": KindFloat, "float64": KindFloat, "string": KindString, "bool": KindBool,
	"[]byte": KindBytes, "[]uint8": KindBytes,
}

// GoKind classifies a field type as the syntax readers write it (Field.Type:
// import path and name for a named type of another package, "*T" for a
// pointer): known is false for a type it cannot tell from its name (a
// type of the field's own package, a struct, a map).
func GoKind(typ string) (k Kind, pointer, known bool) {
	typ, pointer = strings.CutPrefix(typ, "*")
	if k, ok := NullWrappers[typ]; ok {
		return k, true, true
	}
	if k, ok := ValueTypes[typ]; ok {
		return k, pointer, true
	}
	k, ok := basicKinds[typ]
	return k, pointer, ok
}

// IntBits returns the size in bits of a Go integer type given by name, 0
// for any other type. int and uint count as 64: migguard judges code for
// 64-bit platforms.
func IntBits(typ string) int {
	switch strings.TrimPrefix(typ, "*") {
	case "int8", "uint8", "byte":
		return 8
	case "int16", "uint16":
		return 16
	case "int32", "uint32", "rune", "database/sql.NullInt32", "github.com/jackc/pgx/v5/pgtype.Int4":
		return 32
	case "database/sql.NullInt16", "github.com/jackc/pgx/v5/pgtype.Int2":
		return 16
	case "int", "int64", "uint", "uint64", "database/sql.NullInt64", "github.com/jackc/pgx/v5/pgtype.Int8":
		return 64
	}
	return 0
}

// ColumnKind classifies a column type by its name as the catalog writes
// it (int8, varchar, timestamptz); array columns are KindArray whatever
// their element. An enum type is a string to the drivers: the caller,
// which knows the enums, says so.
func ColumnKind(name string, array bool) Kind {
	if array {
		return KindArray
	}
	switch name {
	case "int2", "int4", "int8", "oid":
		return KindInt
	case "float4", "float8":
		return KindFloat
	case "numeric", "money":
		return KindNumeric
	case "text", "varchar", "bpchar", "char", "citext", "name", "inet", "cidr", "macaddr", "xml":
		return KindString
	case "bool":
		return KindBool
	case "timestamp", "timestamptz", "date", "time", "timetz":
		return KindTime
	case "bytea":
		return KindBytes
	case "uuid":
		return KindUUID
	case "json", "jsonb":
		return KindJSON
	}
	return KindUnknown
}

// ColumnIntBits returns the size in bits of an integer column type, 0 for
// any other.
func ColumnIntBits(name string) int {
	switch name {
	case "int2":
		return 16
	case "int4", "oid":
		return 32
	case "int8":
		return 64
	}
	return 0
}

// Incompatible reports whether a Go value of kind g clearly cannot hold
// or write a column of kind c. Pairs that drivers convert (a string for a
// numeric, a time or a uuid) are left alone.
func Incompatible(g, c Kind) bool {
	if g == KindUnknown || c == KindUnknown || g == c {
		return false
	}
	switch g {
	case KindInt, KindFloat:
		return c != KindInt && c != KindFloat && c != KindNumeric
	case KindBool:
		return true
	case KindTime:
		return true
	case KindString:
		return c == KindInt || c == KindBool || c == KindFloat
	case KindUUID:
		return c != KindString
	case KindNumeric:
		return c != KindInt && c != KindFloat && c != KindString
	}
	return false
}
