package lsp

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/migguard/migguard/internal/pgparse"
)

// Positions count UTF-16 code units, or characters, or bytes, as agreed.
func TestPositions(t *testing.T) {
	text := "-- é\nSELECT '😀', x;\r\nEND"
	off := strings.Index(text, "x")
	for enc, want := range map[string]Position{encUTF16: {1, 13}, encUTF32: {1, 12}, encUTF8: {1, 15}} {
		if got := positionOf(text, off, enc); got != want {
			t.Errorf("%s: positionOf = %+v, want %+v", enc, got, want)
		}
		if got := offsetOf(text, want, enc); got != off {
			t.Errorf("%s: offsetOf(%+v) = %d, want %d", enc, want, got, off)
		}
	}
	// Past the end of a line: its end, before CR LF; past the last line:
	// the end of the text.
	if got := offsetOf(text, Position{1, 99}, encUTF16); got != strings.Index(text, "\r\n") {
		t.Errorf("past the end of the line: %d", got)
	}
	if got := offsetOf(text, Position{9, 0}, encUTF16); got != len(text) {
		t.Errorf("past the last line: %d", got)
	}
	// migguard's positions count characters; a byte order mark takes none.
	if got := offsetOfPos("\uFEFFSELECT x;", pgparse.Pos{Line: 1, Col: 8}); got != len("\uFEFFSELECT ") {
		t.Errorf("offsetOfPos after a byte order mark: %d", got)
	}
	if got := applyChange("abc\ndef\n", contentChange{Range: &Range{Start: Position{0, 1}, End: Position{1, 1}}, Text: "X"}, encUTF16); got != "aXef\n" {
		t.Errorf("applyChange: %q", got)
	}
	if p, err := uriPath("file:///tmp/a%20b/c.sql"); err != nil || p != "/tmp/a b/c.sql" || pathURI(p) != "file:///tmp/a%20b/c.sql" {
		t.Errorf("uriPath: %q, %v", p, err)
	}
	if _, err := uriPath("untitled:Untitled-1"); err == nil {
		t.Error("an untitled: URI names a file")
	}
}

// No change, however malformed its range, makes the server panic or
// leaves text that is not the edit of the old one.
func FuzzApplyChange(f *testing.F) {
	f.Add("SELECT 1;\n", 0, 3, 0, 5, "x", false)
	f.Add("a😀b\r\nc", 0, 2, 1, 0, "", true)
	f.Add("", -1, -5, 7, 99, "é", false)
	f.Fuzz(func(t *testing.T, text string, l1, c1, l2, c2 int, insert string, utf8Units bool) {
		enc := encUTF16
		if utf8Units {
			enc = encUTF8
		}
		r := Range{Start: Position{l1, c1}, End: Position{l2, c2}}
		got := applyChange(text, contentChange{Range: &r, Text: insert}, enc)
		start := offsetOf(text, r.Start, enc)
		end := max(start, offsetOf(text, r.End, enc))
		if got != text[:start]+insert+text[end:] {
			t.Fatalf("applyChange(%q, %+v, %q) = %q", text, r, insert, got)
		}
		if utf8.ValidString(text) && (!utf8.ValidString(text[:start]) || !utf8.ValidString(text[end:])) {
			t.Fatalf("the range %+v splits a character of %q", r, text)
		}
		p := positionOf(text, start, enc)
		if back := offsetOf(text, p, enc); back != start && !strings.HasPrefix(text[start:], "\n") {
			t.Fatalf("offset %d → %+v → %d in %q", start, p, back, text)
		}
	})
}

// A fix's edit replaces whole lines, and applied gives the fixed text.
func TestReplacement(t *testing.T) {
	for _, tc := range []struct{ old, new string }{
		{"a\nCREATE INDEX i ON t (x);\nb\n", "a\n-- +goose NO TRANSACTION\nCREATE INDEX CONCURRENTLY i ON t (x);\nb\n"},
		{"x = 1\n", "x = 1\ny = 2\n"},
		{"é😀", "é😀é"},
		{"same\n", "same\n"},
		{"no newline at the end", "no newline at all"},
	} {
		e := replacement(tc.old, tc.new, encUTF16)
		if got := applyEdits(tc.old, []TextEdit{e}); got != tc.new {
			t.Errorf("%q → %q: the edit %+v gives %q", tc.old, tc.new, e, got)
		}
		if e.Range.Start.Character != 0 || e.Range.End.Character != 0 && e.Range.End.Line < strings.Count(tc.old, "\n") {
			t.Errorf("%q → %q: the edit %+v is not of whole lines", tc.old, tc.new, e)
		}
	}
}

// Positions count characters when the client can: utf-32, then utf-8,
// else the protocol's utf-16.
func TestChooseEncoding(t *testing.T) {
	for offered, want := range map[string]string{"": encUTF16, "utf-16": encUTF16, "utf-8 utf-16": encUTF8, "utf-8 utf-16 utf-32": encUTF32} {
		if got := chooseEncoding(strings.Fields(offered)); got != want {
			t.Errorf("offered %q: %s, want %s", offered, got, want)
		}
	}
}
