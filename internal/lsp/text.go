package lsp

import (
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/migguard/migguard/internal/pgparse"
)

// Position encodings (LSP 3.17 PositionEncodingKind).
const (
	encUTF16 = "utf-16"
	encUTF32 = "utf-32"
	encUTF8  = "utf-8"
)

// chooseEncoding picks the encoding of positions from those the client
// offers: utf-32 counts characters as migguard's columns do, then utf-8;
// else the protocol's default, utf-16.
func chooseEncoding(offered []string) string {
	for _, want := range []string{encUTF32, encUTF8} {
		for _, e := range offered {
			if e == want {
				return want
			}
		}
	}
	return encUTF16
}

// width is how many units of the encoding rune r takes.
func width(r rune, enc string) int {
	switch enc {
	case encUTF32:
		return 1
	case encUTF8:
		return utf8.RuneLen(r)
	}
	return len(utf16.Encode([]rune{r}))
}

// lineStart returns the byte offset of the start of 0-based line n of
// text, and false when the text has fewer lines.
func lineStart(text string, n int) (int, bool) {
	off := 0
	for ; n > 0; n-- {
		i := strings.IndexByte(text[off:], '\n')
		if i < 0 {
			return len(text), false
		}
		off += i + 1
	}
	return off, true
}

// offsetOf returns the byte offset of position p in text, clamped to the
// end of its line and to the end of the text.
func offsetOf(text string, p Position, enc string) int {
	if p.Line < 0 {
		return 0
	}
	off, ok := lineStart(text, p.Line)
	if !ok {
		return len(text)
	}
	for units := 0; off < len(text) && units < p.Character; {
		r, size := utf8.DecodeRuneInString(text[off:])
		if r == '\n' || r == '\r' && strings.HasPrefix(text[off:], "\r\n") {
			break
		}
		units += width(r, enc)
		off += size
	}
	return off
}

// positionOf returns the position of byte offset off in text.
func positionOf(text string, off int, enc string) Position {
	off = max(0, min(off, len(text)))
	line := strings.Count(text[:off], "\n")
	start := strings.LastIndexByte(text[:off], '\n') + 1
	units := 0
	for _, r := range text[start:off] {
		units += width(r, enc)
	}
	return Position{Line: line, Character: units}
}

// offsetOfPos returns the byte offset of a migguard position (1-based
// line, column in characters; a byte order mark takes no column).
func offsetOfPos(text string, p pgparse.Pos) int {
	off, ok := lineStart(text, p.Line-1)
	if !ok {
		return len(text)
	}
	if p.Line == 1 && strings.HasPrefix(text, "\uFEFF") {
		off = len("\uFEFF")
	}
	for col := 1; col < p.Col && off < len(text); col++ {
		r, size := utf8.DecodeRuneInString(text[off:])
		if r == '\n' {
			break
		}
		off += size
	}
	return off
}

// applyChange applies one content change to text.
func applyChange(text string, c contentChange, enc string) string {
	if c.Range == nil {
		return c.Text
	}
	start := offsetOf(text, c.Range.Start, enc)
	end := max(start, offsetOf(text, c.Range.End, enc))
	return text[:start] + c.Text + text[end:]
}

// uriPath returns the file-system path of a file: URI.
func uriPath(uri string) (string, error) {
	u, err := url.Parse(uri)
	if err != nil {
		return "", fmt.Errorf("%s: %v", uri, err)
	}
	if u.Scheme != "file" {
		return "", fmt.Errorf("%s: not a file: URI", uri)
	}
	p := u.Path
	if len(p) >= 3 && p[0] == '/' && p[2] == ':' { // file:///C:/…
		p = p[1:]
	}
	return filepath.FromSlash(p), nil
}

// pathURI returns the file: URI of an absolute path.
func pathURI(p string) string {
	p = filepath.ToSlash(p)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}
