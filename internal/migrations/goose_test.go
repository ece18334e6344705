package migrations

import (
	"strings"
	"testing"
	"unicode"
)

// endsWithSemicolon reads words as strings.FieldsFunc(text,
// unicode.IsSpace) splits them, without the slice.
func TestEndsWithSemicolon(t *testing.T) {
	fields := func(text string) bool {
		prev := ""
		for _, w := range strings.FieldsFunc(text, unicode.IsSpace) {
			if strings.HasPrefix(w, "--") {
				break
			}
			prev = w
		}
		return strings.HasSuffix(prev, ";")
	}
	for _, text := range []string{"", " ", ";", "SELECT 1;", "SELECT 1; ", "SELECT 1;\t-- done", "SELECT 1 -- x;", "SELECT ';' --",
		"a;\u00a0", "a;\u2003-- b", "a\u00a0;", "--;", "a; --", "a;--b", "  a ;  b", "x;\r", "é;", "a;\v--"} {
		if got, want := endsWithSemicolon(text), fields(text); got != want {
			t.Errorf("endsWithSemicolon(%q) = %v, want %v", text, got, want)
		}
	}
}
