package pgparse

import (
	"fmt"
	"reflect"
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// sameAsUpstream reports where a tree of pgparse's types differs from a
// tree of pg_query_go's, field by field through reflection, or "" when
// they hold the same values: the same exported fields by name (no more,
// no fewer), the same numbers for enums, the same oneof wrappers by name.
// It does not go through either side's encoder.
func sameAsUpstream(ours, theirs any) string {
	return sameValue("", reflect.ValueOf(ours), reflect.ValueOf(theirs))
}

func sameValue(path string, a, b reflect.Value) string {
	if a.Kind() != b.Kind() {
		return fmt.Sprintf("%s: kind %s against %s", path, a.Kind(), b.Kind())
	}
	switch a.Kind() {
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() {
				return path + ": nil on one side"
			}
			return ""
		}
		if a.Kind() == reflect.Interface && a.Elem().Type().Elem().Name() != b.Elem().Type().Elem().Name() {
			return fmt.Sprintf("%s: %s against %s", path, a.Elem().Type().Elem().Name(), b.Elem().Type().Elem().Name())
		}
		return sameValue(path, a.Elem(), b.Elem())
	case reflect.Struct:
		exported := 0
		for i := range b.NumField() {
			if b.Type().Field(i).IsExported() {
				exported++
			}
		}
		if a.NumField() != exported {
			return fmt.Sprintf("%s: %s has %d fields, pg_query_go's %d", path, a.Type(), a.NumField(), exported)
		}
		for i := range a.NumField() {
			f := a.Type().Field(i)
			bf := b.FieldByName(f.Name)
			if !bf.IsValid() {
				return fmt.Sprintf("%s: no field %s in pg_query_go's %s", path, f.Name, b.Type())
			}
			if d := sameValue(path+"."+f.Name, a.Field(i), bf); d != "" {
				return d
			}
		}
		return ""
	case reflect.Slice:
		if a.Len() != b.Len() {
			return fmt.Sprintf("%s: %d elements against %d", path, a.Len(), b.Len())
		}
		for i := range a.Len() {
			if d := sameValue(fmt.Sprintf("%s[%d]", path, i), a.Index(i), b.Index(i)); d != "" {
				return d
			}
		}
		return ""
	case reflect.String:
		if a.String() != b.String() {
			return fmt.Sprintf("%s: %q against %q", path, a.String(), b.String())
		}
	case reflect.Bool:
		if a.Bool() != b.Bool() {
			return fmt.Sprintf("%s: %v against %v", path, a.Bool(), b.Bool())
		}
	case reflect.Int32, reflect.Int64:
		if a.Int() != b.Int() {
			return fmt.Sprintf("%s: %d against %d", path, a.Int(), b.Int())
		}
	case reflect.Uint32, reflect.Uint64:
		if a.Uint() != b.Uint() {
			return fmt.Sprintf("%s: %d against %d", path, a.Uint(), b.Uint())
		}
	case reflect.Float32, reflect.Float64:
		if a.Float() != b.Float() {
			return fmt.Sprintf("%s: %v against %v", path, a.Float(), b.Float())
		}
	default:
		return fmt.Sprintf("%s: unexpected kind %s", path, a.Kind())
	}
	return ""
}

// upstreamTree decodes the parser's protobuf output for sql with the
// protobuf runtime into pg_query_go's types; nil when sql does not parse.
func upstreamTree(t testing.TB, data []byte) *pg_query.ParseResult {
	want := &pg_query.ParseResult{}
	if err := proto.Unmarshal(data, want); err != nil {
		t.Fatalf("proto.Unmarshal: %v", err)
	}
	return want
}

// upstreamMessages counts the messages below m that the protobuf
// runtime's traversal sees, m included, and the Nodes among them.
func upstreamMessages(m protoreflect.Message) (messages, nodes int) {
	messages = 1
	if _, ok := m.Interface().(*pg_query.Node); ok {
		nodes = 1
	}
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case fd.Message() == nil:
		case fd.IsList():
			for i := range v.List().Len() {
				a, b := upstreamMessages(v.List().Get(i).Message())
				messages, nodes = messages+a, nodes+b
			}
		default:
			a, b := upstreamMessages(v.Message())
			messages, nodes = messages+a, nodes+b
		}
		return true
	})
	return messages, nodes
}

// The generated types are pg_query_go's, field for field, and their enums
// print the names the protobuf runtime prints.
func TestTypesMatchUpstream(t *testing.T) {
	tree, err := parseTree("ALTER TABLE t ADD COLUMN c int NOT NULL DEFAULT -1; SELECT 1.5, 'x', true")
	if err != nil {
		t.Fatal(err)
	}
	want, err := pg_query.Parse("ALTER TABLE t ADD COLUMN c int NOT NULL DEFAULT -1; SELECT 1.5, 'x', true")
	if err != nil {
		t.Fatal(err)
	}
	if d := sameAsUpstream(tree, want); d != "" {
		t.Fatalf("differs from pg_query_go's tree: %s", d)
	}
	// The comparison itself tells a difference.
	tree.Stmts[0].Stmt.GetAlterTableStmt().Relation.Relname = "u"
	if d := sameAsUpstream(tree, want); d == "" {
		t.Fatal("a changed name went unnoticed")
	}
	enums := pg_query.File_pg_query_proto.Enums()
	checked := 0
	for i := range enums.Len() {
		values := enums.Get(i).Values()
		for j := range values.Len() {
			n := values.Get(j).Number()
			name := string(values.Get(j).Name())
			var got string
			switch enums.Get(i).Name() {
			case "ObjectType":
				got = ObjectType(n).String()
			case "ConstrType":
				got = ConstrType(n).String()
			case "Token":
				got = Token(n).String()
			default:
				continue
			}
			checked++
			if got != name {
				t.Errorf("%s(%d).String() = %q, want %q", enums.Get(i).Name(), n, got, name)
			}
			if upstream := pg_query.ObjectType(n).String(); enums.Get(i).Name() == "ObjectType" && got != upstream {
				t.Errorf("ObjectType(%d): %q, pg_query_go %q", n, got, upstream)
			}
		}
	}
	if checked < 100 {
		t.Fatalf("only %d enum values checked", checked)
	}
	if got, want := ObjectType(999).String(), pg_query.ObjectType(999).String(); got != want {
		t.Errorf("an unknown value prints %q, pg_query_go %q", got, want)
	}
	if valueOfObjectType("OBJECT_TABLE") != ObjectType_OBJECT_TABLE || valueOfObjectType("nonsense") != 0 || valueOfToken("ASCII_40") != Token_ASCII_40 {
		t.Error("valueOf does not read the names back")
	}
}
