package modelschema

import (
	"go/types"
	"strings"

	"github.com/migguard/migguard/analyzers/migrationset"
	"github.com/migguard/migguard/internal/modeltag"
)

// kind is modeltag's class of values, shared by Go types and column
// types.
type kind = modeltag.Kind

const (
	kUnknown = modeltag.KindUnknown
	kInt     = modeltag.KindInt
	kFloat   = modeltag.KindFloat
	kNumeric = modeltag.KindNumeric
	kString  = modeltag.KindString
	kBool    = modeltag.KindBool
	kTime    = modeltag.KindTime
	kBytes   = modeltag.KindBytes
	kUUID    = modeltag.KindUUID
	kJSON    = modeltag.KindJSON
	kArray   = modeltag.KindArray
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
	if k, ok := modeltag.NullWrappers[name]; ok {
		return goType{kind: k, nullable: 1}
	}
	if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "database/sql" && n.Obj().Name() == "Null" {
		inner := classify(n.TypeArgs().At(0))
		return goType{kind: inner.kind, nullable: 1}
	}
	if k, ok := modeltag.ValueTypes[name]; ok {
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
	name := c.Type.Name
	if base, ok := c.Type.SerialBase(); ok {
		name = base.Name
	}
	if k := modeltag.ColumnKind(name, c.Type.Array); k != kUnknown {
		return k
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

// incompatible: see modeltag.Incompatible.
func incompatible(g, c kind) bool { return modeltag.Incompatible(g, c) }
