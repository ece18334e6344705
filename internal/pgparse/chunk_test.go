package pgparse

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// chunkCases are sources whose statement ends a scanner must find past
// quotes, comments and bodies that hold semicolons, and sources with
// errors at and after a run's end.
var chunkCases = []string{
	"CREATE TABLE a (id int);\nSELECT 'x;y' FROM a;\nSELECT $$ ; $$;\n/* ; */ SELECT 1; -- ;\nSELECT 2;",
	"CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END;\nSELECT f();\nSELECT 3;",
	"CREATE RULE r AS ON INSERT TO a DO ALSO (SELECT 1; SELECT 2);\nSELECT 4;\nSELECT 5;",
	"SELECT 1;\nSELEC 2;\nSELECT 3;\nSELECT 'unterminated;\nSELECT 4;\nSELECT 5;",
	"SELECT 1;\nSELECT 2;\nSELECT 3 \x00;\nSELECT 4;",
	"SELECT 1;\nSELECT (2;\nSELECT 3);\nSELECT 4;\nDO $$ BEGIN PERFORM 1; END $$;\nSELECT 6;",
	"SELECT 1;\nSELECT 2;\n/* unterminated ; comment\nSELECT 3;",
	"SELECT 'é;ü' AS \"ö;\";\nSELECT E'\\';';\nSELECT U&'d\\0061t;a';\nSELECT 9;",
}

// TestChunkedParseIsTheSame parses every SQL fixture of the repository and
// the cases above in runs of a few bytes and as a whole, and requires
// the same statements: spans, errors, trees and the offset of every
// location in them.
func TestChunkedParseIsTheSame(t *testing.T) {
	srcs := map[string]string{}
	for i, c := range chunkCases {
		srcs[fmt.Sprintf("case %d", i)] = c
	}
	root := filepath.Join("..", "..")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == ".bench") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(path, ".sql") && strings.Contains(path, "testdata") {
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			srcs[path] = string(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(srcs) < 100 {
		t.Fatalf("found only %d SQL fixtures", len(srcs))
	}
	defer func(n int) { ChunkBytes = n }(ChunkBytes)
	chunked := 0
	for name, src := range srcs {
		ChunkBytes = 1 << 30
		whole := describe(src, Parse(src))
		sizes := []int{64, 2000}
		if strings.HasPrefix(name, "case ") {
			sizes = []int{1, 7, 17}
		}
		for _, size := range sizes {
			ChunkBytes = size
			for _, parsers := range []int{1, 3} {
				if len(src) <= size {
					break
				}
				var stmts []*Stmt
				last := true
				parseRuns(blankBOM(src), parsers, ChunkBytes, func(run []*Stmt, more bool) bool {
					stmts = append(stmts, run...)
					last = !more
					return true
				})
				if !last {
					t.Errorf("%s: the last run of %d-byte runs says more follow", name, size)
				}
				got := describe(src, stmts)
				if got != whole {
					t.Errorf("%s: in runs of %d bytes, %d parsers:\n%s\nas a whole:\n%s", name, size, parsers, got, whole)
				}
			}
		}
		if len(src) > 64 {
			chunked++
		}
	}
	if chunked < 100 {
		t.Fatalf("only %d sources are longer than one run", chunked)
	}
}

// describe prints what Parse found: each statement's text, error, tree and
// the source offset of each location in it.
func describe(src string, stmts []*Stmt) string {
	var b strings.Builder
	for _, s := range stmts {
		fmt.Fprintf(&b, "%d-%d %q", s.Start, s.End, src[s.Start:s.End])
		if s.Err != nil {
			fmt.Fprintf(&b, " error %d %q %v", s.Err.Offset, s.Err.Message, s.Err.TooComplex)
		}
		if s.Node != nil {
			var locs []int
			Inspect(s.Node, func(m any) bool {
				if f := reflect.ValueOf(m).Elem().FieldByName("Location"); f.IsValid() {
					locs = append(locs, s.Offset(int32(f.Int())))
				}
				return true
			})
			sql, err := Deparse(&ParseResult{Stmts: []*RawStmt{{Stmt: s.Node}}})
			fmt.Fprintf(&b, " tree %q %v locations %v", sql, err, locs)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// TestRunsStop checks that Runs returns once its caller stops taking runs,
// with runs still being parsed, and that a source within ChunkBytes is one
// run.
func TestRunsStop(t *testing.T) {
	defer func(n int) { ChunkBytes = n }(ChunkBytes)
	ChunkBytes = 16
	src := strings.Repeat("CREATE TABLE t (id int);\n", 200)
	taken := 0
	Runs(src, func(run []*Stmt, more bool) bool {
		if len(run) == 0 || !more {
			t.Fatalf("run %d: %d statements, more %v", taken, len(run), more)
		}
		taken++
		return taken < 3
	})
	if taken != 3 {
		t.Fatalf("took %d runs, want 3", taken)
	}
	ChunkBytes = len(src)
	runs := 0
	Runs(src, func(run []*Stmt, more bool) bool {
		runs++
		if len(run) != 200 || more {
			t.Errorf("one run: %d statements, more %v", len(run), more)
		}
		return true
	})
	if runs != 1 {
		t.Errorf("%d runs, want 1", runs)
	}
}
