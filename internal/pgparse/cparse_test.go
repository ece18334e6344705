package pgparse

import (
	"reflect"
	"testing"
)

// No string of a decoded tree points into the parser's JSON text, which
// is freed once decoded: every fixture, every kind of node.
func TestTreeOutsideParserText(t *testing.T) {
	strs := 0
	eachFixtureSQL(t, func(name, sql string) {
		var text string
		var tree *ParseResult
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
		for _, raw := range tree.Stmts {
			Inspect(raw.Stmt, func(m any) bool {
				v := reflect.ValueOf(m).Elem()
				for i := range v.NumField() {
					switch f := v.Field(i); {
					case f.Kind() == reflect.String:
						check(f.String())
					case f.Kind() == reflect.Slice && f.Type().Elem().Kind() == reflect.String:
						for j := range f.Len() {
							check(f.Index(j).String())
						}
					}
				}
				return true
			})
		}
	})
	if strs < 1000 {
		t.Fatalf("only %d strings checked", strs)
	}
}
