package pgparse

import (
	"strings"
	"testing"
)

// TestSyntaxErrorQuotesLittle checks that a syntax error quotes at most
// the first line, and at most nearChars characters, of the source after
// its position: after an unterminated quote the parser quotes the rest of
// the file.
func TestSyntaxErrorQuotesLittle(t *testing.T) {
	long := strings.Repeat("x", 1000)
	for _, c := range []struct{ src, want string }{
		{"SELECT 1;\nSELECT 'token=abc123\nsecret line two\nsecret line three\n",
			`unterminated quoted string at or near "'token=abc123…"`},
		{"SELECT $$" + long, `unterminated dollar-quoted string at or near "$$` + long[:38] + `…"`},
		{"SELECT 1; /* " + long + "\nmore", `unterminated /* comment at or near "/* ` + long[:37] + `…"`},
		{"SELECT 1 FRM users;", `syntax error at or near "users"`},
		{"SELECT 'é' FRM t;", `syntax error at or near "t"`},
	} {
		var msg string
		for _, s := range Parse(c.src) {
			if s.Err != nil {
				msg = s.Err.Message
			}
		}
		if msg != c.want {
			t.Errorf("Parse(%.30q…): error %q, want %q", c.src, msg, c.want)
		}
	}
}

func TestClipNear(t *testing.T) {
	forty := strings.Repeat("é", 40)
	for _, c := range []struct{ in, want string }{
		{`syntax error at end of input`, `syntax error at end of input`},
		{`syntax error at or near "` + forty + `"`, `syntax error at or near "` + forty + `"`},
		{`syntax error at or near "` + forty + `é"`, `syntax error at or near "` + forty + `…"`},
		{"syntax error at or near \"a\r\nb\"", `syntax error at or near "a…"`},
		{`zero-length delimited identifier at or near """"`, `zero-length delimited identifier at or near """"`},
		{`unterminated quoted string at or near "'open`, `unterminated quoted string at or near "'open`},
	} {
		if got := clipNear(c.in); got != c.want {
			t.Errorf("clipNear(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
