package pgparse

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// shapes returns the shape of each statement of src.
func shapes(src string) [][]byte {
	var out [][]byte
	for _, s := range Parse(src) {
		if s.Node != nil {
			out = append(out, AppendShape(nil, s.Node))
		}
	}
	return out
}

// Moving a file's statements (text added before them) keeps their
// shapes; changing a name, a constant or a flag changes them.
func TestShape(t *testing.T) {
	n := 0
	filepath.WalkDir("../rules/testdata", func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".sql") {
			return nil
		}
		data, _ := os.ReadFile(p)
		src := string(data)
		a, b := shapes(src), shapes("-- moved\n\n   "+src)
		if len(a) != len(b) {
			t.Fatalf("%s: %d and %d statements", p, len(a), len(b))
		}
		for i := range a {
			if !bytes.Equal(a[i], b[i]) {
				t.Errorf("%s: statement %d changed shape when moved", p, i)
			}
		}
		n++
		return nil
	})
	if n < 100 {
		t.Fatalf("only %d fixtures", n)
	}
	for _, pair := range [][2]string{
		{"ALTER TABLE t ADD COLUMN a int", "ALTER TABLE t ADD COLUMN b int"},
		{"ALTER TABLE t ADD COLUMN a int DEFAULT 1", "ALTER TABLE t ADD COLUMN a int DEFAULT 2"},
		{"CREATE INDEX i ON t (a)", "CREATE INDEX CONCURRENTLY i ON t (a)"},
		{"CREATE INDEX i ON t (a)", "CREATE UNIQUE INDEX i ON t (a)"},
		{"SELECT 1", "SELECT '1'"},
		{"SELECT a, b", "SELECT b, a"},
		{"SELECT f(a)", "SELECT f(a, NULL)"},
		{"CREATE TABLE t (a int[])", "CREATE TABLE t (a int)"},
	} {
		x, y := shapes(pair[0]), shapes(pair[1])
		if bytes.Equal(x[0], y[0]) {
			t.Errorf("%q and %q have the same shape", pair[0], pair[1])
		}
	}
}
