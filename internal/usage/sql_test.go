package usage

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// maySQLEveryQuote is maySQL as its documentation says it: some quote or
// backquote is followed by a query's verb.
func maySQLEveryQuote(src []byte) bool {
	for i, c := range src {
		if c == '"' || c == '`' {
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
	for _, c := range cases {
		if got, want := maySQL([]byte(c)), maySQLEveryQuote([]byte(c)); got != want {
			t.Errorf("maySQL(%q) = %v, want %v", c, got, want)
		}
	}
	files, positive := 0, 0
	err := filepath.WalkDir("../..", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() && (d.Name() == ".git" || d.Name() == ".bench") {
			return fs.SkipDir
		}
		if ext := filepath.Ext(p); ext != ".go" && ext != ".py" {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		files++
		got, want := maySQL(src), maySQLEveryQuote(src)
		if got != want {
			t.Errorf("%s: maySQL = %v, want %v", p, got, want)
		}
		if want {
			positive++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 200 || positive < 10 || positive == files {
		t.Fatalf("%d files, %d may hold SQL: not a test of both answers", files, positive)
	}
}
