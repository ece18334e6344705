package lsp

import (
	"reflect"
	"strings"
	"testing"

	"github.com/migguard/migguard/internal/project"
)

// The ignore comment goes before the statement, indented like it; before
// the DO block that runs it (migguard reads no directive inside one); and
// between two statements that share a line.
func TestIgnoreAction(t *testing.T) {
	text := "SET x = 1; CREATE INDEX i ON t (x);\n  DO $$\n  BEGIN\n    CREATE INDEX j ON t (y);\n  END\n  $$;\n"
	at := func(s string) int { return strings.Index(text, s) }
	stmts := []*statement{
		{start: 0, end: at(";")},
		{start: at("CREATE INDEX i"), end: at("(x);") + 3},
		{start: at("DO"), end: at("$$;") + 2},
		{start: at("CREATE INDEX j"), end: at("(y);") + 3},
	}
	res := lintResult{stmts: stmts, target: &target{set: &project.Set{}}}
	d := &document{uri: "file:///m.sql", text: text}
	for _, tc := range []struct {
		at   string
		edit TextEdit
	}{
		{"t (x)", TextEdit{Range: rng(0, 11, 0, 11), NewText: "-- migguard:ignore r TODO: say why this is safe\n"}},
		{"t (y)", TextEdit{Range: rng(1, 0, 1, 0), NewText: "  -- migguard:ignore r TODO: say why this is safe\n"}},
	} {
		dg := Diagnostic{Code: "r", Range: Range{Start: positionOf(text, at(tc.at), encUTF16)}}
		a, ok := ignoreAction(d, res, dg, encUTF16)
		if !ok || !reflect.DeepEqual(a.Edit.Changes[d.uri], []TextEdit{tc.edit}) {
			t.Errorf("ignore at %q: %+v", tc.at, a.Edit)
		}
	}
}
