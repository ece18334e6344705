package modelschema

import (
	"go/types"
	"strings"

	"github.com/migguard/migguard/analyzers/migrationset"
)

// kind is a coarse class of values, shared by Go types and column types,
// used to tell clearly incompatible pairs.
type kind string

const (
	kUnknown kind = ""
	kInt     kind = "integer"
	kFloat   kind = "floating-point"
	kNumeric kind = "numeric"
	kString  kind = "text"
	kBool    kind = "boolean"
	kTime    kind = "time"
	kBytes   kind = "bytes"
	kUUID    kind = "uuid"
	kJSON    kind = "json"
	kArray   kind = "array"
)

// goType says what a model field's type can hold.
type goType struct {
	kind kind
	// nullable is +1 when the type holds NULL (pointer, sql.Null*), -1 when
	// it cannot (string, int64, time.Time), 0 when unknown.
	nullable int
	// relation is true for struct and slice-of-struct fields that GORM and
	// bun treat as associations, not columns.
	relation bool
}

// nullWrappers are the standard and pgx types that hold a value or NULL,
// with the kind of the value.
var nullWrappers = map[string]kind{
	"database/sql.NullString": kString, "database/sql.NullInt64": kInt, "database/sql.NullInt32": kInt,
	"database/sql.NullInt16": kInt, "database/sql.NullByte": kInt, "database/sql.NullFloat64": kFloat,
	"database/sql.NullBool": kBool, "database/sql.NullTime": kTime,
	"gorm.io/gorm.DeletedAt":              kTime,
	"github.com/jackc/pgx/v5/pgtype.Text": kString, "github.com/jackc/pgx/v5/pgtype.Int2": kInt,
	"github.com/jackc/pgx/v5/pgtype.Int4": kInt, "github.com/jackc/pgx/v5/pgtype.Int8": kInt,
	"github.com/jackc/pgx/v5/pgtype.Float4": kFloat, "github.com/jackc/pgx/v5/pgtype.Float8": kFloat,
	"github.com/jackc/pgx/v5/pgtype.Bool": kBool, "github.com/jackc/pgx/v5/pgtype.Timestamptz": kTime,
	"github.com/jackc/pgx/v5/pgtype.Timestamp": kTime, "github.com/jackc/pgx/v5/pgtype.Date": kTime,
	"github.com/jackc/pgx/v5/pgtype.Numeric": kNumeric, "github.com/jackc/pgx/v5/pgtype.UUID": kUUID,
}

// valueTypes are named types that hold a value that is never NULL.
var valueTypes = map[string]kind{
	"time.Time":                   kTime,
	"github.com/google/uuid.UUID": kUUID,
	"github.com/gofrs/uuid.UUID":  kUUID,
}

func typeName(t types.Type) string {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return ""
	}
	return n.Obj().Pkg().Path() + "." + n.Obj().Name()
}

// classify describes a field's Go type.
func classify(t types.Type) goType {
	nullable := -1
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t, nullable = p.Elem(), 1
	}
	name := typeName(t)
	if k, ok := nullWrappers[name]; ok {
		return goType{kind: k, nullable: 1}
	}
	if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "database/sql" && n.Obj().Name() == "Null" {
		inner := classify(n.TypeArgs().At(0))
		return goType{kind: inner.kind, nullable: 1}
	}
	if k, ok := valueTypes[name]; ok {
		return goType{kind: k, nullable: nullable}
	}
	if name != "" && implementsScanner(t) {
		// A custom type decides itself how it reads and writes values.
		if nullable < 0 {
			nullable = 0
		}
		return goType{nullable: nullable}
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsInteger != 0:
			return goType{kind: kInt, nullable: nullable}
		case u.Info()&types.IsFloat != 0:
			return goType{kind: kFloat, nullable: nullable}
		case u.Info()&types.IsString != 0:
			return goType{kind: kString, nullable: nullable}
		case u.Info()&types.IsBoolean != 0:
			return goType{kind: kBool, nullable: nullable}
		}
	case *types.Slice:
		if b, ok := u.Elem().Underlying().(*types.Basic); ok && b.Kind() == types.Byte {
			return goType{kind: kBytes}
		}
		if isStruct(u.Elem()) {
			return goType{relation: true}
		}
		return goType{}
	case *types.Struct:
		return goType{relation: true}
	case *types.Map, *types.Interface:
		return goType{}
	}
	return goType{}
}

func isStruct(t types.Type) bool {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	_, ok := t.Underlying().(*types.Struct)
	return ok && typeName(t) != "time.Time"
}

// implementsScanner reports whether *T has a Scan or Value method: the
// type converts values itself.
func implementsScanner(t types.Type) bool {
	ms := types.NewMethodSet(types.NewPointer(t))
	for i := range ms.Len() {
		switch ms.At(i).Obj().Name() {
		case "Scan", "Value":
			return true
		}
	}
	return false
}

// columnKind classifies a column type.
func columnKind(c *migrationset.Column, s *migrationset.Schema) kind {
	if c.Type.Array {
		return kArray
	}
	name := c.Type.Name
	if base, ok := c.Type.SerialBase(); ok {
		name = base.Name
	}
	switch name {
	case "int2", "int4", "int8", "oid":
		return kInt
	case "float4", "float8":
		return kFloat
	case "numeric", "money":
		return kNumeric
	case "text", "varchar", "bpchar", "char", "citext", "name", "inet", "cidr", "macaddr", "xml":
		return kString
	case "bool":
		return kBool
	case "timestamp", "timestamptz", "date", "time", "timetz":
		return kTime
	case "bytea":
		return kBytes
	case "uuid":
		return kUUID
	case "json", "jsonb":
		return kJSON
	}
	key := name
	if !strings.Contains(key, ".") {
		key = "public." + key
	}
	if s.IsEnum(key) {
		return kString
	}
	return kUnknown
}

// incompatible reports whether a Go value of kind g clearly cannot hold
// or write a column of kind c. Pairs that drivers convert (a string for a
// numeric, a time or a uuid) are left alone.
func incompatible(g, c kind) bool {
	if g == kUnknown || c == kUnknown || g == c {
		return false
	}
	switch g {
	case kInt, kFloat:
		return c != kInt && c != kFloat && c != kNumeric
	case kBool:
		return true
	case kTime:
		return true
	case kString:
		return c == kInt || c == kBool || c == kFloat
	case kUUID:
		return c != kString
	case kNumeric:
		return c != kInt && c != kFloat && c != kString
	}
	return false
}
