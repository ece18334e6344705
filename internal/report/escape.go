package report

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// File names, identifiers and parser messages come from the repository
// being checked, and a hostile one can hold any byte. Written raw, a
// newline in a file name forges a finding of its own in the compact
// format, and escape sequences or bidirectional overrides rewrite what a
// terminal shows. Every format therefore writes such characters escaped.

// unsafeRune reports whether r must not reach the output as it is: control
// characters (C0, DEL and C1, which some terminals obey even when UTF-8
// encoded), the line and paragraph separators, and the bidirectional
// formatting characters that reorder what a reader sees.
func unsafeRune(r rune) bool {
	switch {
	case unicode.IsControl(r), r == '\u2028', r == '\u2029':
		return true
	case r == '\u061c', r == '\u200e', r == '\u200f':
		return true
	case r >= '\u202a' && r <= '\u202e', r >= '\u2066' && r <= '\u2069':
		return true
	}
	return false
}

// hasUnsafe reports whether s holds an unsafe rune or invalid UTF-8.
func hasUnsafe(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == 0x7f {
			return true
		}
		if c >= utf8.RuneSelf {
			// Only now decode: most text is ASCII.
			for _, r := range s[i:] {
				if r == utf8.RuneError || unsafeRune(r) {
					return true
				}
			}
			return false
		}
	}
	return false
}

// escapeText returns s with each unsafe rune written as a Go escape (\n,
// \t, \x1b, \u202e) and each byte of invalid UTF-8 as \xff. With
// keepNewlines, CR and LF are left for the caller's own escaping.
func escapeText(s string, keepNewlines bool) string {
	if !hasUnsafe(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case keepNewlines && (r == '\r' || r == '\n'):
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x80 && unsafeRune(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafeRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// escapeJSON rewrites the unsafe runes that encoding/json leaves as they
// are (DEL, C1 controls and bidirectional formatting characters; it
// escapes C0 and the separators itself) as \u escapes. Such runes can only
// occur inside strings of the encoded document, so its meaning is kept.
func escapeJSON(doc []byte) []byte {
	if bytes.IndexFunc(doc, func(r rune) bool { return r >= 0x7f }) < 0 {
		return doc // ASCII, whose controls the encoder escaped
	}
	var b bytes.Buffer
	b.Grow(len(doc))
	for i := 0; i < len(doc); {
		r, size := utf8.DecodeRune(doc[i:])
		if r != '\n' && r != utf8.RuneError && unsafeRune(r) {
			fmt.Fprintf(&b, `\u%04x`, r)
		} else {
			b.Write(doc[i : i+size])
		}
		i += size
	}
	return b.Bytes()
}
