package pgparse

import (
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// No string of a decoded tree points into the parser's JSON text, which
// is freed once decoded: every fixture, every kind of node.
func TestTreeOutsideParserText(t *testing.T) {
	strs := 0
	eachFixtureSQL(t, func(name, sql string) {
		var text string
		var tree *pg_query.ParseResult
		err := parseJSON(sql, func(js string) {
			text = js
			tree, _, _ = decodeJSON(js, sql)
		})
		if err != nil || tree == nil {
			return // a syntax error, or a tree parsed again through protobuf
		}
		check := func(s string) {
			strs++
			if within(s, text) {
				t.Fatalf("%s: the tree's string %q points into the parser's text", name, s)
			}
		}
		Inspect(tree.ProtoReflect(), func(m protoreflect.Message) bool {
			m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
				switch {
				case fd.Kind() != protoreflect.StringKind:
				case fd.IsList():
					for i := range v.List().Len() {
						check(v.List().Get(i).String())
					}
				default:
					check(v.String())
				}
				return true
			})
			return true
		})
	})
	if strs < 1000 {
		t.Fatalf("only %d strings checked", strs)
	}
}
