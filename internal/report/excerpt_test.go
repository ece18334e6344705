package report

import (
	"fmt"
	"strings"
	"testing"

	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/rules"
)

// TestExcerptLongLine checks the window an excerpt shows of a long line:
// at most excerptCells cells, "…" where it cuts, and the caret still under
// the flagged character.
func TestExcerptLongLine(t *testing.T) {
	a, b := strings.Repeat("a", 1000), strings.Repeat("b", 1000)
	wide := strings.Repeat("注", 500)
	for _, tc := range []struct {
		name  string
		line  string
		col   int
		text  string
		caret int
	}{
		{"middle", a + "X" + b, 1001, "…" + a[:60] + "X" + b[:59] + "…", 61},
		{"near the start", a + b, 5, a[:120] + "…", 4},
		{"near the end", a, 998, "…" + a[:120], 1 + 117},
		{"just past the end", a, 1001, "…" + a[:120], 1 + 120},
		{"far past the end", a, 5000, "…" + a[:120], 1 + 120 + excerptCells},
		{"wide characters", wide, 251, "…" + wide[:30*3] + wide[:30*3] + "…", 1 + 60},
		{"tabs", strings.Repeat("\t", 100) + "X" + b, 101, "…" + strings.Repeat(" ", 60) + "X" + b[:59] + "…", 61},
		{"control characters", strings.Repeat("\x1b", 200) + "X", 201, "…" + strings.Repeat("\uFFFD", 119) + "X", 120},
		{"zero-width marks", "a" + strings.Repeat("\u0301", 10000) + "b", 1, "a" + strings.Repeat("\u0301", 119) + "…", 0},
		{"short line", "abc", 2, "abc", 1},
	} {
		text, caret := excerpt(tc.line, tc.col)
		if text != tc.text || caret != tc.caret {
			t.Errorf("%s: excerpt = %q, %d; want %q, %d", tc.name, text, caret, tc.text, tc.caret)
		}
	}
}

// TestTextOutputOnALongLine renders many findings on a one-line file of
// 150 kB; the whole line was printed once per finding (a file of 1.5 MB
// wrote over 10 GB): the output must grow with the number of findings
// only.
func TestTextOutputOnALongLine(t *testing.T) {
	src := strings.Repeat("SELECT 'é';", 150000/12)
	lines := pgparse.NewLines(src)
	var fs []rules.Finding
	for off := 0; off < len(src); off += len(src) / 300 / 12 * 12 { // at the start of a statement
		fs = append(fs, rules.Finding{Rule: "explicit-lock-table", Severity: rules.Warning, Path: "big.sql",
			Pos: lines.Pos(off), Offset: off, Message: "m"})
	}
	o := testOptions("text")
	o.Source = func(string) (string, bool) { return src, true }
	out := render(t, fs, o)
	if per := len(out) / len(fs); per > 400 {
		t.Fatalf("%d bytes of text for %d findings, %d per finding", len(out), len(fs), per)
	}
	// The caret of the last finding is still under its character.
	last := fs[len(fs)-1]
	want := fmt.Sprintf("%d |", last.Pos.Line)
	i := strings.LastIndex(string(out), want)
	excerptLine, caretLine, _ := strings.Cut(string(out[i+len(want)+1:]), "\n")
	caretLine, _, _ = strings.Cut(caretLine, "\n")
	caret := strings.Index(caretLine, "^") - len("  | ")
	if got, want := []rune(excerptLine)[caret], []rune(src[last.Offset:])[0]; got != want {
		t.Errorf("the caret is under %q, want %q", got, want)
	}
}
