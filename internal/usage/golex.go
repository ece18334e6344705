package usage

import (
	"bytes"
	"strconv"
	"unsafe"
)

// goTok is a token of goLexer.
type goTok uint8

const (
	tokEOF     goTok = iota
	tokString        // an interpreted or raw string literal
	tokAdd           // + (not ++ or +=)
	tokNewline       // a line end outside a literal, or a comment holding one
	tokWord          // an identifier, a keyword or a number
	tokLbrace        // {
	tokRbrace        // }
	tokOpen          // ( or [
	tokClose         // ) or ]
	tokOther         // any other operator, a rune literal, a stray byte
)

// goLexer splits Go source into the few kinds of token that the index
// reads without parsing: string literals and what joins them, braces and
// brackets, words. Comments are skipped (a comment holding a line end
// counts as one, as for Go's semicolons); a rune literal is one token, so
// that '"' starts no string. On source that go/scanner reads without
// error it finds the same string literals, words and brackets; it never
// fails, and reads any byte sequence in one pass.
type goLexer struct {
	src []byte
	pos int
	// start is where the last token starts; the token is src[start:pos].
	start int
}

// next returns the next token.
func (l *goLexer) next() goTok {
	src := l.src
	for l.pos < len(src) {
		l.start = l.pos
		c := src[l.pos]
		l.pos++
		switch c {
		case ' ', '\t', '\r':
		case '\n':
			return tokNewline
		case '/':
			end, ok := commentEnd(src, l.start)
			if !ok {
				return tokOther
			}
			l.pos = end
			if bytes.IndexByte(src[l.start:end], '\n') >= 0 { // a // comment's line end is the next token
				return tokNewline
			}
			continue
		case '"':
			l.pos = quoted(src, l.pos, '"')
			return tokString
		case '`':
			if end := bytes.IndexByte(src[l.pos:], '`'); end < 0 {
				l.pos = len(src)
			} else {
				l.pos += end + 1
			}
			return tokString
		case '\'':
			l.pos = quoted(src, l.pos, '\'')
			return tokOther
		case '+':
			if l.pos < len(src) && (src[l.pos] == '+' || src[l.pos] == '=') {
				l.pos++
				return tokOther
			}
			return tokAdd
		case '{':
			return tokLbrace
		case '}':
			return tokRbrace
		case '(', '[':
			return tokOpen
		case ')', ']':
			return tokClose
		default:
			if !wordByte(c) {
				return tokOther
			}
			for l.pos < len(src) && wordByte(src[l.pos]) {
				l.pos++
			}
			return tokWord
		}
	}
	l.start = len(src)
	return tokEOF
}

// word is the text of the last token.
func (l *goLexer) word() string {
	return unsafe.String(unsafe.SliceData(l.src[l.start:]), l.pos-l.start)
}

// unquote returns the value of the string literal last returned, and
// false when it is not a well-formed literal (an unterminated string, a
// bad escape). The value may share memory with the source.
func (l *goLexer) unquote() (string, bool) {
	v, err := strconv.Unquote(l.word())
	return v, err == nil
}

// wordByte reports whether c belongs to a word: ASCII letters, digits,
// the underscore, and every byte of a UTF-8 sequence (Go's letters
// outside ASCII; a word holding other characters is no keyword either).
func wordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c >= 0x80
}

// lineEnd returns the offset of the first line end at or after i, or the
// length of src.
func lineEnd(src []byte, i int) int {
	if end := bytes.IndexByte(src[i:], '\n'); end >= 0 {
		return i + end
	}
	return len(src)
}

// commentEnd returns where the comment that starts at i ends: at the line
// end of a // comment (not in it), after the */ of a /* comment, or at the
// end of src; false when no comment starts at i.
func commentEnd(src []byte, i int) (int, bool) {
	if i+1 >= len(src) || src[i] != '/' {
		return i, false
	}
	switch src[i+1] {
	case '/':
		return lineEnd(src, i+2), true
	case '*':
		if end := bytes.Index(src[i+2:], []byte("*/")); end >= 0 {
			return i + 2 + end + 2, true
		}
		return len(src), true
	}
	return i, false
}

// quoted returns the end of a literal closed by quote whose body starts
// at i: after the closing quote, or before the line end or at the end of
// src that leaves it unterminated. A backslash escapes the byte after it.
func quoted(src []byte, i int, quote byte) int {
	for i < len(src) {
		switch src[i] {
		case '\\':
			i += 2
			continue
		case quote:
			return i + 1
		case '\n':
			return i
		}
		i++
	}
	return len(src)
}

// lineCounter gives the line of offsets of a source, asked in increasing
// order.
type lineCounter struct {
	src  []byte
	at   int // the offset counted up to
	line int // the line of at
}

// lineOf returns the line (from 1) of offset off, at or after the last
// offset asked.
func (c *lineCounter) lineOf(off int) int {
	if c.line == 0 {
		c.line = 1
	}
	c.line += bytes.Count(c.src[c.at:off], []byte{'\n'})
	c.at = off
	return c.line
}

// goLiteralQueries calls found with each string literal of Go source that looks
// like a query (see looksLikeQuery), or concatenation of literals ("SELECT
// a " + "FROM t"), with its value and the line it starts on. The lines
// are the file's own: //line directives do not move them.
func goLiteralQueries(src []byte, found func(line int, q string)) {
	l := goLexer{src: src}
	lines := lineCounter{src: src}
	var cur []byte
	start, open, plus := 0, false, false
	flush := func() {
		if open {
			found(lines.lineOf(start), string(cur))
		}
		cur = cur[:0]
		open, plus = false, false
	}
	skip := newStringSkipper()
	for {
		if !open {
			// Only a string literal can start a query: the bytes before
			// the next one are passed over without tokens.
			l.pos = skip.next(src, l.pos)
		}
		switch t := l.next(); {
		case t == tokEOF:
			flush()
			return
		case t == tokString:
			if !plus {
				flush()
			}
			v, ok := l.unquote()
			if !ok {
				flush()
				continue
			}
			if !open {
				if !looksLikeQuery(v) {
					continue
				}
				start, open = l.start, true
			}
			cur = append(cur, v...)
			plus = false
		case t == tokAdd && open:
			plus = true
		case t == tokNewline && plus:
			// No semicolon ends a line after a +: "a" +\n "b" is one.
		default:
			flush()
		}
	}
}

// stringSkipper finds where the next string literal of Go source starts,
// passing over comments and rune literals, with vectorised searches for
// the four bytes that may start one of them: it keeps the next offset of
// each, and looks for one again only once it is passed.
type stringSkipper struct {
	at [4]int // the next offset of each of quotes, -1 before the first search
}

func newStringSkipper() *stringSkipper { return &stringSkipper{at: [4]int{-1, -1, -1, -1}} }

// quotes are the bytes that start a string, a rune literal or a comment.
var quotes = [4]byte{'"', '`', '\'', '/'}

// next returns the offset, at or after from, of the next string
// literal's opening quote outside comments and rune literals, or the
// length of src.
func (s *stringSkipper) next(src []byte, from int) int {
	for {
		k := 0
		for i := range s.at {
			if s.at[i] < from {
				s.at[i] = nextByte(src, from, quotes[i])
			}
			if s.at[i] < s.at[k] {
				k = i
			}
		}
		i := s.at[k]
		switch {
		case i >= len(src) || k < 2:
			return i
		case k == 2:
			from = quoted(src, i+1, '\'')
		default:
			end, ok := commentEnd(src, i)
			if !ok {
				end = i + 1 // a division
			}
			from = end
		}
	}
}

// blankBodies returns Go source whose top-level function bodies are
// blanked, spaces for every byte but line ends, so that parsing it costs
// little more than its declarations while every declaration keeps its
// offset, line and column. The bodies of functions named keep stay. The
// source itself is returned when there is nothing to blank, or when it
// holds a line directive (//line, /*line), whose comments in a body move
// the positions of what follows.
func blankBodies(src []byte, keep string) []byte {
	if bytes.Contains(src, []byte("//line ")) || bytes.Contains(src, []byte("/*line ")) {
		return src
	}
	out, copied := src, false
	l := goLexer{src: src}
	brace, nest := 0, 0
	for {
		switch l.next() {
		case tokEOF:
			return out
		case tokLbrace:
			brace++
		case tokRbrace:
			brace--
		case tokOpen:
			nest++
		case tokClose:
			nest--
		case tokWord:
			if brace != 0 || nest != 0 || l.word() != "func" {
				continue
			}
			lo, hi, name, ok := l.funcBody()
			if !ok || name == keep || lo == hi {
				continue
			}
			if !copied {
				out, copied = bytes.Clone(src), true
			}
			for i := lo; i < hi; i++ {
				if out[i] != '\n' {
					out[i] = ' '
				}
			}
		}
	}
}

// funcBody reads a function's signature after its func keyword and the
// body that follows: lo and hi bound the inside of the body (after its {,
// before its }), name is the function's (the first word after the
// receiver, if any). ok is false when the declaration has no body, the
// end of the signature's line ending it, or the source ends first.
func (l *goLexer) funcBody() (lo, hi int, name string, ok bool) {
	t := l.next()
	if t == tokOpen { // a receiver
		if !l.skip(tokOpen, tokClose) {
			return 0, 0, "", false
		}
		t = l.next()
	}
	if t == tokWord {
		name = l.word()
	}
	nest, typeWord := 0, false
	for ; ; t = l.next() {
		switch t {
		case tokEOF:
			return 0, 0, "", false
		case tokOpen:
			nest++
		case tokClose:
			nest--
		case tokNewline:
			if nest == 0 {
				return 0, 0, "", false
			}
		case tokLbrace:
			if nest > 0 {
				break // a struct or interface type among the parameters
			}
			if typeWord { // a struct or interface result type
				if !l.skip(tokLbrace, tokRbrace) {
					return 0, 0, "", false
				}
				break
			}
			lo = l.pos
			if !l.skip(tokLbrace, tokRbrace) {
				return 0, 0, "", false
			}
			return lo, l.start, name, true
		}
		typeWord = t == tokWord && (l.word() == "struct" || l.word() == "interface")
	}
}

// skip reads up to the close that matches an open just read, and reports
// whether it found it before the end of the source.
func (l *goLexer) skip(open, close goTok) bool {
	for depth := 1; depth > 0; {
		switch l.next() {
		case open:
			depth++
		case close:
			depth--
		case tokEOF:
			return false
		}
	}
	return true
}
