package pgparse

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"
	"time"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// checkStmts verifies what every result of Parse must satisfy: statements
// lie inside src, are ordered and do not overlap, have either a node or an
// error, and error offsets lie inside src.
func checkStmts(t testing.TB, src string, stmts []*Stmt) {
	t.Helper()
	prevEnd := 0
	for i, s := range stmts {
		if s == nil {
			t.Fatalf("statement %d is nil", i)
		}
		if s.Start < 0 || s.Start > s.End || s.End > len(src) {
			t.Fatalf("statement %d: bad span [%d,%d) for %d bytes of source", i, s.Start, s.End, len(src))
		}
		if s.Start < prevEnd {
			t.Fatalf("statement %d starts at %d, before the end %d of the previous one", i, s.Start, prevEnd)
		}
		prevEnd = s.End
		if (s.Node == nil) == (s.Err == nil) {
			t.Fatalf("statement %d: want exactly one of Node and Err, got node %v, err %v", i, s.Node != nil, s.Err)
		}
		if s.Err != nil && (s.Err.Offset < 0 || s.Err.Offset > len(src)) {
			t.Fatalf("statement %d: error offset %d outside source of %d bytes", i, s.Err.Offset, len(src))
		}
	}
}

// texts returns the source text of each statement.
func texts(src string, stmts []*Stmt) []string {
	out := make([]string, len(stmts))
	for i, s := range stmts {
		out[i] = src[s.Start:s.End]
	}
	return out
}

func sameStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestParseSplitsStatements(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"empty input", "", nil},
		{"white space only", " \n\t\r\n ", nil},
		{"comments only", "-- one\n/* two */\n-- three", nil},
		{"semicolons only", ";;\n;", nil},
		{"one statement", "SELECT 1;", []string{"SELECT 1"}},
		{"last without semicolon", "SELECT 1;\nSELECT 2", []string{"SELECT 1", "SELECT 2"}},
		{"last without semicolon, trailing space", "SELECT 1;\nSELECT 2  \n\n", []string{"SELECT 1", "SELECT 2"}},
		{"double semicolon", "SELECT 1;;SELECT 2;", []string{"SELECT 1", "SELECT 2"}},
		{"space before semicolon", "SELECT 1 ;\n", []string{"SELECT 1"}},
		{
			"leading comments and white space skipped",
			"-- migration: add users\n\n/* block\n comment */\n  CREATE TABLE users (id int);\n-- between\nSELECT 2; -- trailing\n",
			[]string{"CREATE TABLE users (id int)", "SELECT 2"},
		},
		{"nested block comment", "/* a /* b */ c */ SELECT 1;", []string{"SELECT 1"}},
		{"comment inside statement kept", "SELECT /* x */ 1;", []string{"SELECT /* x */ 1"}},
		{"trailing comment after last statement", "SELECT 1; -- done", []string{"SELECT 1"}},
		{
			"semicolons inside strings, dollar quotes and identifiers",
			"SELECT 'a;b', $$c;d$$, \"e;f\";\nSELECT 2;",
			[]string{"SELECT 'a;b', $$c;d$$, \"e;f\"", "SELECT 2"},
		},
		{
			"function body with semicolons",
			"CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $fn$\nBEGIN\n  PERFORM 1;\n  PERFORM 2;\nEND\n$fn$;\nSELECT f();",
			[]string{"CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $fn$\nBEGIN\n  PERFORM 1;\n  PERFORM 2;\nEND\n$fn$", "SELECT f()"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stmts := Parse(tt.src)
			checkStmts(t, tt.src, stmts)
			if got := texts(tt.src, stmts); !sameStrings(got, tt.want) {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
			for i, s := range stmts {
				if s.Err != nil {
					t.Errorf("statement %d: unexpected error %v", i, s.Err)
				}
			}
		})
	}
}

func TestParseOffsetsAreBytes(t *testing.T) {
	src := "-- é\nSELECT 'ü';\n  SELECT 2;"
	stmts := Parse(src)
	checkStmts(t, src, stmts)
	if len(stmts) != 2 {
		t.Fatalf("got %d statements, want 2", len(stmts))
	}
	if want := strings.Index(src, "SELECT 'ü'"); stmts[0].Start != want {
		t.Errorf("first Start = %d, want %d", stmts[0].Start, want)
	}
	if want := strings.Index(src, ";"); stmts[0].End != want {
		t.Errorf("first End = %d, want %d (the semicolon)", stmts[0].End, want)
	}
	if want := strings.LastIndex(src, "SELECT"); stmts[1].Start != want {
		t.Errorf("second Start = %d, want %d", stmts[1].Start, want)
	}
	if want := len(src) - 1; stmts[1].End != want {
		t.Errorf("second End = %d, want %d", stmts[1].End, want)
	}
}

// relationOffset returns the source offset of the relation of an ALTER
// TABLE statement, through Stmt.Offset.
func relationOffset(t *testing.T, s *Stmt) int {
	t.Helper()
	at := s.Node.GetAlterTableStmt()
	if at == nil || at.Relation == nil {
		t.Fatalf("not an ALTER TABLE statement: %v", s.Node)
	}
	return s.Offset(at.Relation.Location)
}

func TestOffsetWholeFile(t *testing.T) {
	src := "-- café\nSELECT 'naïve';\nALTER TABLE \"übung\" ADD COLUMN x int;\nALTER TABLE t2 ADD COLUMN y int"
	stmts := Parse(src)
	checkStmts(t, src, stmts)
	if len(stmts) != 3 {
		t.Fatalf("got %d statements, want 3", len(stmts))
	}
	for i, s := range stmts {
		if s.Base != 0 {
			t.Errorf("statement %d: Base = %d, want 0 when the file parses as a whole", i, s.Base)
		}
	}
	if off := relationOffset(t, stmts[1]); !strings.HasPrefix(src[off:], `"übung" ADD`) {
		t.Errorf("relation offset %d points at %q", off, src[off:])
	}
	if off := relationOffset(t, stmts[2]); !strings.HasPrefix(src[off:], "t2 ADD") {
		t.Errorf("relation offset %d points at %q", off, src[off:])
	}
}

func TestOffsetUnknownOrOutsideMapsToStart(t *testing.T) {
	src := "SELECT 1;\nSELECT 2;"
	stmts := Parse(src)
	s := stmts[1]
	if got := s.Offset(-1); got != s.Start {
		t.Errorf("Offset(-1) = %d, want Start %d", got, s.Start)
	}
	if got := s.Offset(0); got != s.Start {
		t.Errorf("Offset(0) (inside the previous statement) = %d, want Start %d", got, s.Start)
	}
	if got := s.Offset(1 << 30); got != s.Start {
		t.Errorf("Offset(huge) = %d, want Start %d", got, s.Start)
	}
}

func TestSyntaxErrorKeepsNeighbours(t *testing.T) {
	src := "-- ünïcödé header\n" +
		"ALTER TABLE \"äöü\" ADD COLUMN a int;\n" +
		"SELECT 'ß', é frm t;\n" +
		"/* note */ ALTER TABLE \"größe\" ADD COLUMN b int;\n" +
		"ALTER TABLE last ADD COLUMN c int"
	stmts := Parse(src)
	checkStmts(t, src, stmts)
	want := []string{
		`ALTER TABLE "äöü" ADD COLUMN a int`,
		`SELECT 'ß', é frm t`,
		`ALTER TABLE "größe" ADD COLUMN b int`,
		`ALTER TABLE last ADD COLUMN c int`,
	}
	if got := texts(src, stmts); !sameStrings(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	bad := stmts[1]
	if bad.Err == nil || bad.Node != nil {
		t.Fatalf("statement 1: want a syntax error, got node %v err %v", bad.Node, bad.Err)
	}
	if !strings.Contains(bad.Err.Message, `syntax error at or near "t"`) {
		t.Errorf("message = %q", bad.Err.Message)
	}
	// The parser reports a character position; with multi-byte characters
	// before it, the byte offset must still point at the offending token.
	if want := strings.Index(src, " t;") + 1; bad.Err.Offset != want {
		t.Errorf("error offset = %d (%q), want %d", bad.Err.Offset, src[bad.Err.Offset:], want)
	}
	for _, i := range []int{0, 2, 3} {
		if stmts[i].Err != nil {
			t.Fatalf("statement %d: unexpected error %v", i, stmts[i].Err)
		}
	}
	if off := relationOffset(t, stmts[0]); !strings.HasPrefix(src[off:], `"äöü" ADD`) {
		t.Errorf("statement 0 relation at %q", src[off:])
	}
	if off := relationOffset(t, stmts[2]); !strings.HasPrefix(src[off:], `"größe" ADD`) {
		t.Errorf("statement 2 relation at %q", src[off:])
	}
	if off := relationOffset(t, stmts[3]); !strings.HasPrefix(src[off:], "last ADD") {
		t.Errorf("statement 3 relation at %q", src[off:])
	}
}

func TestSyntaxErrorOffsets(t *testing.T) {
	tests := []struct {
		name, src string
		at        string // the error offset points at the first occurrence of this text
		msg       string
	}{
		{"first token", "SELEC 1;", "SELEC", `syntax error at or near "SELEC"`},
		{"after ascii", "SELECT 1;\nSELECT * FRM t;", "FRM", `syntax error at or near "FRM"`},
		{"after two-byte characters", "SELECT 'éé';\nSELECT 'ü' frm t;", "t;", `syntax error at or near "t"`},
		{"after four-byte characters", "SELECT '😀😀';\nSELECT '😀' frm t;", "t;", `syntax error at or near "t"`},
		{"after comment with multi-byte characters", "-- ça\nSELECT 'ü' frm t;", "t;", `syntax error at or near "t"`},
		{"end of input", "SELECT 1;\nSELECT ('é'", "", "syntax error at end of input"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stmts := Parse(tt.src)
			checkStmts(t, tt.src, stmts)
			var bad *Stmt
			for _, s := range stmts {
				if s.Err != nil {
					if bad != nil {
						t.Fatalf("more than one error")
					}
					bad = s
				}
			}
			if bad == nil {
				t.Fatal("no syntax error")
			}
			if bad.Err.Message != tt.msg {
				t.Errorf("message %q, want %q", bad.Err.Message, tt.msg)
			}
			want := len(tt.src)
			if tt.at != "" {
				want = strings.Index(tt.src, tt.at)
			}
			if bad.Err.Offset != want {
				t.Errorf("offset %d (%q), want %d", bad.Err.Offset, tt.src[bad.Err.Offset:], want)
			}
			if bad.Err.Error() != bad.Err.Message {
				t.Errorf("Error() = %q", bad.Err.Error())
			}
		})
	}
}

func TestLexicalErrors(t *testing.T) {
	tests := []struct {
		name, src string
		rest      string // the erroneous last statement's text
		at        string // where its error points
		msg       string
	}{
		{
			"unterminated string",
			"SELECT 1;\nSELECT 2;\n-- next\nSELECT 'é;\nSELECT 3;\n",
			"SELECT 'é;\nSELECT 3;", "'é;", "unterminated quoted string",
		},
		{
			"unterminated dollar quote",
			"SELECT 1;\nSELECT 2;\nCREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $bod$;\nSELECT 3;",
			"CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $bod$;\nSELECT 3;", "$body$", "unterminated dollar-quoted string",
		},
		{
			"unterminated block comment",
			"SELECT 1;\nSELECT 2;\nSELECT /* open\nSELECT 3;",
			"SELECT /* open\nSELECT 3;", "/* open", "unterminated /* comment",
		},
		{
			"unterminated block comment before any statement text",
			"SELECT 1;\nSELECT 2;\n/* open\nSELECT 3;",
			"/* open\nSELECT 3;", "/* open", "unterminated /* comment",
		},
		{
			"unterminated escape string",
			"SELECT 1;\nSELECT 2;\nSELECT E'\\'x;",
			"SELECT E'\\'x;", "E'", "unterminated quoted string",
		},
		{
			"unterminated bit string",
			"SELECT 1;\nSELECT 2;\nSELECT B'101",
			"SELECT B'101", "B'", "unterminated bit string literal",
		},
		{
			"unterminated quoted identifier",
			"SELECT 1;\nSELECT 2;\nSELECT \"x;",
			"SELECT \"x;", "\"x;", "unterminated quoted identifier",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stmts := Parse(tt.src)
			checkStmts(t, tt.src, stmts)
			got := texts(tt.src, stmts)
			want := []string{"SELECT 1", "SELECT 2", tt.rest}
			if !sameStrings(got, want) {
				t.Fatalf("got %q, want %q", got, want)
			}
			for _, s := range stmts[:2] {
				if s.Err != nil {
					t.Fatalf("statement before the error has error %v", s.Err)
				}
			}
			last := stmts[2]
			if last.Err == nil || last.Node != nil {
				t.Fatalf("last statement: want an error only, got node %v err %v", last.Node, last.Err)
			}
			if !strings.HasPrefix(last.Err.Message, tt.msg) {
				t.Errorf("message %q, want prefix %q", last.Err.Message, tt.msg)
			}
			if want := strings.Index(tt.src, tt.at); last.Err.Offset != want {
				t.Errorf("offset %d (%q), want %d", last.Err.Offset, tt.src[last.Err.Offset:], want)
			}
		})
	}
}

func TestLexicalErrorOnly(t *testing.T) {
	src := "  'never closed"
	stmts := Parse(src)
	checkStmts(t, src, stmts)
	if len(stmts) != 1 || stmts[0].Err == nil {
		t.Fatalf("want one erroneous statement, got %d", len(stmts))
	}
	if stmts[0].Start != 2 || stmts[0].End != len(src) || stmts[0].Err.Offset != 2 {
		t.Errorf("got [%d,%d) error at %d", stmts[0].Start, stmts[0].End, stmts[0].Err.Offset)
	}
}

func TestNullByte(t *testing.T) {
	// PostgreSQL rejects a zero byte in query text; the parser would stop
	// reading at it. What follows it must not vanish silently.
	src := "SELECT 1;\nSELECT 2;\nSELECT 3\x00garbage;\nDROP TABLE users;"
	stmts := Parse(src)
	checkStmts(t, src, stmts)
	got := texts(src, stmts)
	want := []string{"SELECT 1", "SELECT 2", "SELECT 3\x00garbage;\nDROP TABLE users;"}
	if !sameStrings(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	last := stmts[2]
	if last.Err == nil {
		t.Fatal("want an error for the statement with the zero byte")
	}
	if want := strings.IndexByte(src, 0); last.Err.Offset != want {
		t.Errorf("error offset %d, want %d", last.Err.Offset, want)
	}
	if cs := Comments("-- a\nSELECT 1;\x00-- b"); len(cs) != 1 || cs[0].Text != "-- a" {
		t.Errorf("Comments after a zero byte: %+v", cs)
	}
}

func TestByteOrderMark(t *testing.T) {
	src := "\uFEFF-- header\nALTER TABLE users ADD COLUMN x int;\nSELEC 1;"
	stmts := Parse(src)
	checkStmts(t, src, stmts)
	got := texts(src, stmts)
	want := []string{"ALTER TABLE users ADD COLUMN x int", "SELEC 1"}
	if !sameStrings(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	if stmts[0].Err != nil {
		t.Fatalf("statement after a byte order mark: %v", stmts[0].Err)
	}
	lines := NewLines(src)
	if off := relationOffset(t, stmts[0]); lines.Pos(off) != (Pos{2, 13}) {
		t.Errorf("relation at %+v, want 2:13", lines.Pos(off))
	}
	if stmts[1].Err == nil || lines.Pos(stmts[1].Err.Offset) != (Pos{3, 1}) {
		t.Errorf("syntax error %+v", stmts[1].Err)
	}
	// The mark takes no column on the first line.
	if p := lines.Pos(3); p != (Pos{1, 1}) {
		t.Errorf("Pos(3) = %+v, want 1:1", p)
	}
	if p := lines.Pos(5); p != (Pos{1, 3}) {
		t.Errorf("Pos(5) = %+v, want 1:3", p)
	}
	// A statement right after the mark on the first line.
	src = "\uFEFFSELEC 1;"
	stmts = Parse(src)
	checkStmts(t, src, stmts)
	if len(stmts) != 1 || stmts[0].Err == nil || NewLines(src).Pos(stmts[0].Err.Offset) != (Pos{1, 1}) {
		t.Fatalf("got %+v", stmts)
	}
	if cs := Comments("\uFEFF-- c\nSELECT 1;"); len(cs) != 1 || cs[0].Text != "-- c" || cs[0].Start != 3 {
		t.Errorf("Comments after a byte order mark: %+v", cs)
	}
}

func TestCRLF(t *testing.T) {
	src := "-- head\r\nSELECT 1;\r\n\r\nALTER TABLE t ADD COLUMN x int;\r\nSELEC 2;\r\n"
	stmts := Parse(src)
	checkStmts(t, src, stmts)
	want := []string{"SELECT 1", "ALTER TABLE t ADD COLUMN x int", "SELEC 2"}
	if got := texts(src, stmts); !sameStrings(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	lines := NewLines(src)
	if lines.Count() != 6 {
		t.Errorf("Count = %d, want 6", lines.Count())
	}
	if p := lines.Pos(relationOffset(t, stmts[1])); p != (Pos{4, 13}) {
		t.Errorf("relation at %+v, want 4:13", p)
	}
	if p := lines.Pos(stmts[2].Err.Offset); p != (Pos{5, 1}) {
		t.Errorf("error at %+v, want 5:1", p)
	}
	for n, want := range map[int]string{1: "-- head", 2: "SELECT 1;", 3: "", 4: "ALTER TABLE t ADD COLUMN x int;", 5: "SELEC 2;", 6: ""} {
		if got := lines.Line(n); got != want {
			t.Errorf("Line(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestTabsCountOneColumn(t *testing.T) {
	src := "\tSELECT 1;\n\t\tALTER TABLE\tt ADD COLUMN x int;"
	stmts := Parse(src)
	checkStmts(t, src, stmts)
	lines := NewLines(src)
	if p := lines.Pos(stmts[0].Start); p != (Pos{1, 2}) {
		t.Errorf("first statement at %+v, want 1:2", p)
	}
	if p := lines.Pos(relationOffset(t, stmts[1])); p != (Pos{2, 15}) {
		t.Errorf("relation at %+v, want 2:15", p)
	}
}

func TestLinesPos(t *testing.T) {
	src := "aé😀b\nxyz\n\nü"
	lines := NewLines(src)
	tests := []struct {
		off  int
		want Pos
	}{
		{-5, Pos{1, 1}},
		{0, Pos{1, 1}},
		{1, Pos{1, 2}},                           // é
		{3, Pos{1, 3}},                           // 😀
		{7, Pos{1, 4}},                           // b
		{8, Pos{1, 5}},                           // the newline
		{9, Pos{2, 1}},                           // x
		{12, Pos{2, 4}},                          // the newline
		{13, Pos{3, 1}},                          // the empty line
		{14, Pos{4, 1}},                          // ü
		{len(src), Pos{4, 2}},                    // end of text
		{len(src) + 10, Pos{4, 2}},               // clamped
		{strings.Index(src, "b"), Pos{1, 4}},     // sanity
		{strings.Index(src, "😀"), Pos{1, 3}},     // sanity
		{strings.LastIndex(src, "ü"), Pos{4, 1}}, // sanity
	}
	for _, tt := range tests {
		if got := lines.Pos(tt.off); got != tt.want {
			t.Errorf("Pos(%d) = %+v, want %+v", tt.off, got, tt.want)
		}
	}
	if lines.Count() != 4 {
		t.Errorf("Count = %d, want 4", lines.Count())
	}
	for n, want := range map[int]int{-1: 0, 0: 0, 1: 0, 2: 9, 3: 13, 4: 14, 5: len(src)} {
		if got := lines.Offset(n); got != want {
			t.Errorf("Offset(%d) = %d, want %d", n, got, want)
		}
	}
	for n, want := range map[int]string{0: "", 1: "aé😀b", 2: "xyz", 3: "", 4: "ü", 5: ""} {
		if got := lines.Line(n); got != want {
			t.Errorf("Line(%d) = %q, want %q", n, got, want)
		}
	}
	empty := NewLines("")
	if empty.Count() != 1 || empty.Pos(0) != (Pos{1, 1}) || empty.Line(1) != "" {
		t.Errorf("empty text: count %d pos %+v", empty.Count(), empty.Pos(0))
	}
}

func TestComments(t *testing.T) {
	src := "-- first\n" +
		"SELECT '-- not a comment', $$ -- nor this /* */ $$, $tag$ -- $$ nor this $tag$, E'\\' -- still string';\n" +
		"SELECT \"--col\" /* inline /* nested */ still */ FROM t; -- trailing\n" +
		"SELECT 1 - -2; --no space"
	got := Comments(src)
	want := []string{"-- first", "/* inline /* nested */ still */", "-- trailing", "--no space"}
	if len(got) != len(want) {
		t.Fatalf("got %d comments %+v, want %q", len(got), got, want)
	}
	for i, c := range got {
		if c.Text != want[i] || src[c.Start:c.End] != c.Text {
			t.Errorf("comment %d = %+v, want %q", i, c, want[i])
		}
	}
	if cs := Comments("-- a\nSELECT 'open -- b\n"); len(cs) != 1 || cs[0].Text != "-- a" {
		t.Errorf("comments before a lexical error: %+v", cs)
	}
	if cs := Comments(""); len(cs) != 0 {
		t.Errorf("comments of empty text: %+v", cs)
	}
}

func TestSkipSpaceAndComments(t *testing.T) {
	tests := []struct {
		src  string
		want int
	}{
		{"", 0},
		{"  x", 2},
		{"-- c\n x", 6},
		{"-- c", 4},
		{"/* a /* b */ c */x", 17},
		{"/* open", 7},
		{"- x", 0},
		{"/x", 0},
	}
	for _, tt := range tests {
		if got := SkipSpaceAndComments(tt.src, 0, len(tt.src)); got != tt.want {
			t.Errorf("SkipSpaceAndComments(%q) = %d, want %d", tt.src, got, tt.want)
		}
	}
}

// bigMigration returns about size bytes of migration text and the number
// of statements in it.
func bigMigration(size int) (string, int) {
	var b strings.Builder
	n := 0
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "-- step %d\nCREATE TABLE t%d (id bigint PRIMARY KEY, name text NOT NULL, created_at timestamptz DEFAULT now());\n", i, i)
		fmt.Fprintf(&b, "ALTER TABLE t%d ADD COLUMN note text;\n", i)
		fmt.Fprintf(&b, "CREATE INDEX CONCURRENTLY t%d_name_idx ON t%d (name);\n", i, i)
		fmt.Fprintf(&b, "INSERT INTO t%d (id, name) VALUES (1, 'é'), (2, 'ü');\n", i)
		n += 4
	}
	return b.String(), n
}

func TestParseLargeFile(t *testing.T) {
	if testing.Short() {
		t.Skip("large input")
	}
	src, n := bigMigration(10 << 20)
	start := time.Now()
	stmts := Parse(src)
	elapsed := time.Since(start)
	checkStmts(t, src, stmts)
	if len(stmts) != n {
		t.Fatalf("got %d statements, want %d", len(stmts), n)
	}
	for i, s := range stmts {
		if s.Err != nil {
			t.Fatalf("statement %d: %v", i, s.Err)
		}
	}
	// Generous: about 1 s on a 2-core machine; the bound catches a
	// quadratic slip, not a slow machine.
	if elapsed > 30*time.Second {
		t.Errorf("parsing %d bytes took %v", len(src), elapsed)
	}
	t.Logf("parsed %d bytes, %d statements in %v", len(src), len(stmts), elapsed)
}

func TestParseLargeFileWithError(t *testing.T) {
	if testing.Short() {
		t.Skip("large input")
	}
	src, n := bigMigration(2 << 20)
	src += "SELEC 1;\n" + src
	start := time.Now()
	stmts := Parse(src)
	elapsed := time.Since(start)
	checkStmts(t, src, stmts)
	if len(stmts) != 2*n+1 {
		t.Fatalf("got %d statements, want %d", len(stmts), 2*n+1)
	}
	if stmts[n].Err == nil {
		t.Fatalf("statement %d: want the syntax error", n)
	}
	if elapsed > 30*time.Second {
		t.Errorf("parsing %d bytes statement by statement took %v", len(src), elapsed)
	}
	t.Logf("parsed %d bytes, %d statements in %v", len(src), len(stmts), elapsed)
}

func TestBinaryGarbage(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	alphabet := []byte("';$\"/*-\n\\\x00é(),EU&xX0 ")
	for i := 0; i < 300; i++ {
		buf := make([]byte, rng.Intn(200))
		for j := range buf {
			if i%2 == 0 {
				buf[j] = byte(rng.Intn(256))
			} else {
				buf[j] = alphabet[rng.Intn(len(alphabet))]
			}
		}
		src := string(buf)
		stmts := Parse(src)
		checkStmts(t, src, stmts)
		_ = Comments(src)
		lines := NewLines(src)
		for _, s := range stmts {
			_ = lines.Pos(s.Start)
			if s.Err != nil {
				_ = lines.Pos(s.Err.Offset)
			}
		}
	}
}

func TestParseAgreesWithParser(t *testing.T) {
	// In whole-file mode the statements are pg_query's own, trimmed.
	src := "SELECT 1;\n-- c\nCREATE TABLE a (id int);\nALTER TABLE a ADD COLUMN b text"
	tree, err := pg_query.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	stmts := Parse(src)
	if len(stmts) != len(tree.Stmts) {
		t.Fatalf("got %d statements, pg_query has %d", len(stmts), len(tree.Stmts))
	}
	for i, raw := range tree.Stmts {
		if stmts[i].Start < int(raw.StmtLocation) {
			t.Errorf("statement %d starts at %d before pg_query's %d", i, stmts[i].Start, raw.StmtLocation)
		}
	}
}

func TestSyntaxErrorSplitsLikePsql(t *testing.T) {
	atomic := "CREATE FUNCTION f() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT 1;\n  SELECT CASE WHEN true THEN 2 END;\nEND"
	rule := "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2))"
	tests := []struct {
		name   string
		src    string
		want   []string
		errors []int // indexes of the statements with a syntax error
	}{
		{
			"begin atomic body before an error",
			"BEGIN;\n" + atomic + ";\nSELEC 1;\nEND;",
			[]string{"BEGIN", atomic, "SELEC 1", "END"}, []int{2},
		},
		{
			"parenthesised rule actions before an error",
			rule + ";\nSELEC 1;",
			[]string{rule, "SELEC 1"}, []int{1},
		},
		{
			"column named begin",
			"SELECT begin FROM t;\nSELECT 2;\nSELEC 3;\nSELECT 4;",
			[]string{"SELECT begin FROM t", "SELECT 2", "SELEC 3", "SELECT 4"}, []int{2},
		},
		{
			"unclosed parenthesis does not swallow later statements",
			"SELECT 1;\nSELECT (2;\nSELECT 3;\nSELECT 4",
			[]string{"SELECT 1", "SELECT (2", "SELECT 3", "SELECT 4"}, []int{1},
		},
		{
			"unclosed parenthesis before a lexical error",
			"SELECT (1;\nSELECT 2;\nSELECT 'open",
			[]string{"SELECT (1", "SELECT 2", "SELECT 'open"}, []int{0, 2},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stmts := Parse(tt.src)
			checkStmts(t, tt.src, stmts)
			if got := texts(tt.src, stmts); !sameStrings(got, tt.want) {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
			var errs []int
			for i, s := range stmts {
				if s.Err != nil {
					errs = append(errs, i)
				}
			}
			if fmt.Sprint(errs) != fmt.Sprint(tt.errors) {
				t.Errorf("errors in statements %v, want %v", errs, tt.errors)
			}
		})
	}
}

func TestDeepNesting(t *testing.T) {
	// The parser gives up on very deep nesting; that must be a syntax
	// error of the one statement, not a crash.
	for _, n := range []int{100, 5000, 100000} {
		src := "SELECT 1;\nSELECT " + strings.Repeat("1+(", n) + "1" + strings.Repeat(")", n) + ";\nSELECT 3;"
		stmts := Parse(src)
		checkStmts(t, src, stmts)
		if len(stmts) != 3 || stmts[0].Err != nil || stmts[2].Err != nil {
			t.Fatalf("depth %d: neighbours lost: %d statements", n, len(stmts))
		}
		if n > 1000 && stmts[1].Err == nil {
			t.Errorf("depth %d: want an error", n)
		}
	}
}

// TestSyntaxErrors checks that SyntaxErrors reports what Parse reports as
// errors, and nothing for a source that parses.
func TestSyntaxErrors(t *testing.T) {
	for _, src := range []string{
		"", "SELECT 1;", "DROP TABLE t;\nDROP INDEX i;\n",
		"SELECT 1;\nSELEC 2;\nSELECT 3;\nALTER TABLE;\n",
		"\ufeffDROP TABLE t;", "SELECT '\x00';", "CREATE FUNCTION f() AS $$ x",
	} {
		var want []string
		for _, s := range Parse(src) {
			if s.Err != nil {
				want = append(want, s.Err.Error())
			}
		}
		var got []string
		for _, s := range SyntaxErrors(src) {
			got = append(got, s.Err.Error())
		}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("SyntaxErrors(%q) = %q, want %q", src, got, want)
		}
	}
}
