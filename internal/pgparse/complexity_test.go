package pgparse

import (
	"math"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
)

// tokensOf scans src with PostgreSQL's scanner.
func tokensOf(t testing.TB, src string) []*ScanToken {
	t.Helper()
	tokens, lexErr := scanPrefix(src)
	if lexErr != nil {
		t.Fatalf("scanning: %v", lexErr)
	}
	return tokens
}

// TestTooComplexStatements parses the inputs that overflowed the C stack
// inside the parser's protobuf output (a fatal SIGSEGV): each must come
// back as one statement that is too complex, with its neighbours parsed.
func TestTooComplexStatements(t *testing.T) {
	for _, c := range []struct{ kind, count int }{
		{chainPlus, 25000}, {chainConcat, 25000}, {chainCast, 25000}, {chainUnion, 60000},
		{chainJoin, 25000}, {chainJoinAnd, 25000}, {chainCollate, 25000}, {chainAtTimeZone, 25000},
		{chainSetOps, 30000}, {chainMixed, 12000},
	} {
		for _, wrap := range []int{0, c.kind % 3, 3} {
			name := deepName(c.kind, c.count, 0, wrap)
			deep := deepSQL(c.kind, c.count, 0, wrap)
			src := "CREATE TABLE a (id int);\n" + deep + ";\nCREATE TABLE b (id int);\n"
			stmts := Parse(src)
			checkStmts(t, src, stmts)
			if len(stmts) != 3 || stmts[0].Err != nil || stmts[2].Err != nil {
				t.Fatalf("%s: want 3 statements with the neighbours parsed, got %d", name, len(stmts))
			}
			s := stmts[1]
			if s.Err == nil || !s.Err.TooComplex {
				t.Fatalf("%s: want a too-complex statement, got %+v", name, s.Err)
			}
			if s.Err.Offset != s.Start || src[s.Start:s.End] != deep {
				t.Errorf("%s: error at %d for the statement at [%d,%d)", name, s.Err.Offset, s.Start, s.End)
			}
			if !strings.HasPrefix(s.Err.Message, "statement too complex to analyse: its estimated nesting depth ") {
				t.Errorf("%s: message %q", name, s.Err.Message)
			}
			bad := SyntaxErrors(src)
			if len(bad) != 1 || bad[0].Err == nil || !bad[0].Err.TooComplex || bad[0].Start != s.Start {
				t.Errorf("%s: SyntaxErrors = %d statements, want the too-complex one", name, len(bad))
			}
		}
	}
}

// TestTooComplexBeforeLexicalError checks the path of a file that does not
// scan to its end: the deep statement before the error is still guarded.
func TestTooComplexBeforeLexicalError(t *testing.T) {
	deep := deepSQL(chainPlus, 30000, 0, 0)
	src := "SELECT 1;\n" + deep + ";\nSELECT 'open"
	stmts := Parse(src)
	checkStmts(t, src, stmts)
	if len(stmts) != 3 || stmts[0].Err != nil || stmts[1].Err == nil || !stmts[1].Err.TooComplex ||
		stmts[2].Err == nil || stmts[2].Err.TooComplex {
		t.Fatalf("got %d statements, want parsed, too complex, unterminated", len(stmts))
	}
}

// TestRealisticLargeInputsParse checks that the guard leaves alone what
// real migrations hold: long lists, seed files of many megabytes, long but
// flat CASE and OR lists, and deep but sane nesting.
func TestRealisticLargeInputsParse(t *testing.T) {
	if testing.Short() {
		t.Skip("large inputs")
	}
	for _, c := range []struct{ kind, count, nest int }{
		{listValues, 150000, 0}, // a 2.7 MB seed INSERT
		{listIn, 100000, 0},
		{listCase, 10000, 0},
		{listOr, 10000, 0},
		{chainUnion, 3000, 0},
		{chainJoin, 500, 3},
		{chainConcat, 1000, 5},
		{chainMixed, 300, 10},
		{nestParens, 200, 0},
		{nestSubquery, 100, 0},
		{nestFunc, 300, 0},
		{nestCase, 200, 0},
		{prefixNot, 500, 0},
	} {
		for _, wrap := range []int{c.count % 4, c.count%4 + 1} { // lists are slow to parse: two wraps
			name := deepName(c.kind, c.count, c.nest, wrap)
			src := "CREATE TABLE a (id int);\n" + deepSQL(c.kind, c.count, c.nest, wrap) + ";\n"
			for i, s := range Parse(src) {
				if s.Err != nil {
					t.Fatalf("%s: statement %d: %v", name, i, s.Err)
				}
			}
		}
	}
	src, _ := bigMigration(4 << 20)
	if mayNestTooDeep(src) && nesting(tokensOf(t, src)) > MaxNesting {
		t.Fatalf("a 4 MB file of ordinary statements estimates over the limit")
	}
}

// largestAccepted returns the largest count of links or levels of kind
// whose statement the estimate accepts, and that statement.
func largestAccepted(t testing.TB, kind, wrap int) (int, string) {
	est := func(n int) int { return nesting(tokensOf(t, deepSQL(kind, n, 0, wrap))) }
	// The estimate grows by the same cost per link: start from the line
	// through two counts, then step to the exact count.
	e0, e1 := est(100), est(101)
	if e1 <= e0 {
		t.Fatalf("%s: the estimate does not grow with the count", deepName(kind, 100, 0, wrap))
	}
	n := 100 + (MaxNesting-e0)/(e1-e0)
	for est(n) > MaxNesting {
		n--
	}
	for est(n+1) <= MaxNesting {
		n++
	}
	return n, deepSQL(kind, n, 0, wrap)
}

// TestAtTheLimitParses parses, for every kind that nests, the deepest
// statement the guard lets through: it must parse (or be rejected by the
// grammar's own stack limit) without overflowing the C stack, and one more
// link must be too complex.
func TestAtTheLimitParses(t *testing.T) {
	for kind := 0; kind < deepKinds; kind++ {
		if kind >= listIn {
			continue
		}
		for wrap := 0; wrap < 4; wrap++ {
			n, src := largestAccepted(t, kind, wrap)
			for _, s := range Parse(src) {
				// Prefixes and brackets may reach the grammar's own limit
				// first, which is a syntax error; chains must parse.
				if s.Err != nil && (s.Err.TooComplex || kind <= chainMixed) {
					t.Errorf("%s: %v", deepName(kind, n, 0, wrap), s.Err)
				}
			}
			over := deepSQL(kind, n+1, 0, wrap)
			if s := Parse(over); len(s) != 1 || s[0].Err == nil || !s[0].Err.TooComplex {
				t.Errorf("%s: one link over the limit is not too complex", deepName(kind, n+1, 0, wrap))
			}
		}
	}
}

// TestAtTheLimitWithAQuarterOfTheStack runs TestAtTheLimitParses in a child
// process whose threads get a 2 MB stack, a quarter of the usual 8 MB: the
// limit keeps a margin of four (with 1.5 MB, JOIN chains, unary minus and
// nested subqueries at the limit overflow).
func TestAtTheLimitWithAQuarterOfTheStack(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("sets the stack size with the shell's ulimit, as glibc reads it")
	}
	if testing.Short() {
		t.Skip("runs the test binary again")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("sh", "-c", `ulimit -s 2048 && exec "$0" -test.run='^TestAtTheLimitParses$' -test.count=1`, exe)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("with a 2 MB stack: %v\n%s", err, out)
	}
}

// TestNestingEstimates pins the estimate of small statements, so that a
// change in what it counts is deliberate.
func TestNestingEstimates(t *testing.T) {
	for _, c := range []struct {
		sql  string
		want int
	}{
		{"", 1},
		{"SELECT 1", 3},
		{"SELECT 1+1+1", 7},
		{"SELECT 1, 2, 3", 3},            // list items are siblings
		{"SELECT a AND b AND c OR d", 3}, // AND and OR lists are flat
		{"SELECT (1)", 1 + 1 + (2 + 1)},  // a bracket level costs two
		{"SELECT 1 UNION SELECT 2, 3 UNION SELECT 4", 1 + 2 + 2}, // set operations chain across commas
		{"SELECT * FROM a JOIN b ON x AND y JOIN c ON z", 1 + 2 + 4},
		{"SELECT CASE WHEN a THEN b ELSE c END", 1 + 1 + (2 + 1)},
		{"SELECT 1; SELECT 1+1+1+1", 9}, // a ';' ends a chain
		{"CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END", 1 + 11 + 2},
		{"SELECT (1", 1 + 1 + (2 + 1)}, // an unclosed bracket still counts
		{"SELECT 1)", 4},               // a stray one counts as a token
		{"SELECT /* c */ 1 -- d", 3},
	} {
		if got := nesting(tokensOf(t, c.sql)); got != c.want {
			t.Errorf("nesting(%q) = %d, want %d", c.sql, got, c.want)
		}
	}
}

// TestNestingBoundCoversEstimate checks that the scanner-free bound that
// lets short files skip scanning is never below the estimate.
func TestNestingBoundCoversEstimate(t *testing.T) {
	srcs := []string{"", "SELECT $$x$$abc", "SELECT $1, a$b, 'x'y", "SELECT ((((1))))", "SELECT ARRAY[[1]]",
		"SELECT 1.5e3::numeric", "SELECT U&'\\0041' UESCAPE '\\'", "SELECT é+é", "SELECT 1 -- (((\n", "SELECT x/*((*/"}
	for kind := 0; kind < deepKinds; kind++ {
		srcs = append(srcs, deepSQL(kind, 50, 3, kind))
	}
	for _, src := range srcs {
		b := nestingBound(src, math.MaxInt)
		if n := nesting(tokensOf(t, src)); b < n {
			t.Errorf("nestingBound(%q) = %d below the estimate %d", src, b, n)
		}
		if c := countedBound(src); c < b {
			t.Errorf("countedBound(%q) = %d below nestingBound's %d", src, c, b)
		}
	}
}

// No source of maxCheap bytes has a nesting bound above MaxNesting, so
// mayNestTooDeep need not look at it; one byte more can.
func TestMaxCheap(t *testing.T) {
	for _, c := range []byte{'(', '[', 'x', ';', ' '} {
		src := strings.Repeat(string(c), maxCheap)
		if b := nestingBound(src, math.MaxInt); b > MaxNesting {
			t.Errorf("%d of %q: bound %d above %d", maxCheap, c, b, MaxNesting)
		}
	}
	if b := nestingBound(strings.Repeat("CASE ", maxCheap/5), math.MaxInt); b > MaxNesting {
		t.Errorf("CASEs: bound %d above %d", b, MaxNesting)
	}
	if deep := strings.Repeat("(", maxCheap+1); !mayNestTooDeep(deep) || nestingBound(deep, math.MaxInt) <= MaxNesting {
		t.Errorf("%d brackets are not looked at, or bound no higher", maxCheap+1)
	}
	if mayNestTooDeep(strings.Repeat("(", maxCheap)) {
		t.Errorf("%d brackets are looked at", maxCheap)
	}
}
