package usage

import (
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/migguard/migguard/internal/treetest"
)

// maySQLEveryQuote is maySQL as its documentation says it: some quote is
// followed by a query's verb.
func maySQLEveryQuote(src []byte, quotes *[2]byte) bool {
	for i, c := range src {
		if c == quotes[0] || c == quotes[1] {
			if rest := string(src[i+1 : min(len(src), i+64)]); looksLikeQuery(rest) {
				return true
			}
		}
	}
	return false
}

// maySQL finds what looking after every quote finds: on strings whose
// quotes and backquotes interleave, and on the repository's own Go and
// Python files.
func TestMaySQL(t *testing.T) {
	cases := []string{"", "x", `"`, "`", `"select`, `"select x"`, "`SELECT x`", `"a" "b" ` + "`c` `\n  update t`",
		`"insert"` + "`", `x := "with"; y := ` + "`with t AS`", `"""delete from t"""`, "`a\"b` \"`c\" select x"}
	cases = append(cases, `'a' "b" 'c' 'select x'`, `"it's" 'update t'`, `'''delete from t'''`)
	for _, c := range cases {
		for _, q := range []*[2]byte{goQuotes, pythonQuotes} {
			if got, want := maySQL([]byte(c), q), maySQLEveryQuote([]byte(c), q); got != want {
				t.Errorf("maySQL(%q, %q) = %v, want %v", c, q[:], got, want)
			}
		}
	}
	files, positive := 0, 0
	treetest.EachRepoFile(t, func(p string, src []byte) {
		files++
		q := goQuotes
		if filepath.Ext(p) == ".py" {
			q = pythonQuotes
		}
		got, want := maySQL(src, q), maySQLEveryQuote(src, q)
		if got != want {
			t.Errorf("%s: maySQL = %v, want %v", p, got, want)
		}
		if want {
			positive++
		}
	}, ".go", ".py")
	if files < 200 || positive < 10 || positive == files {
		t.Fatalf("%d files, %d may hold SQL: not a test of both answers", files, positive)
	}
}

// looksLikeQueryDecoding is looksLikeQuery without its shortcut.
func looksLikeQueryDecoding(s string) bool {
	s = strings.TrimLeftFunc(s, unicode.IsSpace)
	for _, v := range sqlVerbs {
		if len(s) > len(v) && strings.EqualFold(s[:len(v)], v) && (s[len(v)] == ' ' || s[len(v)] == '\n' || s[len(v)] == '\t' || s[len(v)] == '\r') {
			return true
		}
	}
	return false
}

// looksLikeQuery answers as decoding every string would, on strings that
// start with white space inside and outside ASCII, and on every string
// literal of the repository's Go files.
func TestLooksLikeQuery(t *testing.T) {
	cases := []string{"", " ", "select", "select x", "SELECT x", " \t\v\f\r\nUpdate t", "\u00a0select x", "\u2003DELETE x",
		"\u0085with x", "ſelect x", "\x85select x", "Insert\tx", "inserted x", "@select x", "3select x", "Wi\u0307th x", "DELETE\u00a0x"}
	for _, c := range cases {
		if got, want := looksLikeQuery(c), looksLikeQueryDecoding(c); got != want {
			t.Errorf("looksLikeQuery(%q) = %v, want %v", c, got, want)
		}
	}
	strs, queries := 0, 0
	eachGoFile(t, func(p string, src []byte) {
		l := goLexer{src: src}
		for tok := l.next(); tok != tokEOF; tok = l.next() {
			if tok != tokString {
				continue
			}
			v, ok := l.unquote()
			if !ok {
				continue
			}
			strs++
			want := looksLikeQueryDecoding(v)
			if looksLikeQuery(v) != want {
				t.Errorf("%s: looksLikeQuery(%q) = %v", p, v, !want)
			}
			if want {
				queries++
			}
		}
	})
	if strs < 10000 || queries < 50 {
		t.Fatalf("%d strings, %d queries: not a test of looksLikeQuery", strs, queries)
	}
}
