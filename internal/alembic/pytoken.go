package alembic

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokKind is the kind of a Python token.
type tokKind int

const (
	tName tokKind = iota
	tNumber
	tString
	tOp
)

// token is one Python token. Strings keep their decoded value in val.
type token struct {
	kind tokKind
	text string // source text
	val  string // decoded value of a string literal
	off  int    // byte offset in the file
	line int    // 1-based line
	// dynamic marks an f-string, whose value is only known at run time;
	// bytes marks a b"" literal.
	dynamic, bytes bool
}

// logicalLine is one Python logical line: a statement, or the header of a
// compound statement, with bracketed continuations and backslash joins
// folded in.
type logicalLine struct {
	indent int // column of the first token, tabs to multiples of 8
	line   int // line of the first token
	toks   []token
}

// SyntaxError is a revision file the static reader cannot tokenize.
type SyntaxError struct {
	Line int
	Msg  string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// tokenize splits Python source into logical lines. It knows strings
// (prefixed, triple-quoted), comments, bracket nesting and backslash
// continuations; it does not check the grammar.
func tokenize(src string) ([]logicalLine, *SyntaxError) {
	z := &tokenizer{src: src}
	if err := z.run(); err != nil {
		return nil, err
	}
	return z.lines, nil
}

// run reads the whole source.
func (z *tokenizer) run() *SyntaxError {
	src := z.src
	z.line = 1
	if strings.HasPrefix(src, "\uFEFF") {
		z.i = len("\uFEFF")
		z.lineStart = z.i
	}
	for z.i < len(src) {
		if err := z.step(); err != nil {
			return err
		}
	}
	if len(z.stack) > 0 {
		o := z.stack[len(z.stack)-1]
		return &SyntaxError{o.line, fmt.Sprintf("%q is never closed", o.text)}
	}
	z.flush()
	return nil
}

// tokenizer is tokenize's position in the source and what it has read.
type tokenizer struct {
	src       string
	i         int // offset of the next byte to read
	line      int // 1-based line of src[i]
	lineStart int // offset of the start of that line
	lines     []logicalLine
	stack     []token // open brackets
	// cur is the logical line being read, when open; its tokens are
	// toks[first:]. toks holds the tokens of every line read, each line's
	// a piece of it: one slice grows for the file, not one for each line.
	cur   logicalLine
	open  bool
	first int
	toks  []token
	// visit, when set, is given each token instead of keeping it, with
	// whether it starts a logical line; lines is then left empty.
	visit func(t token, starts bool)
}

// flush ends the current logical line.
func (z *tokenizer) flush() {
	if z.open && z.visit == nil {
		z.cur.toks = z.toks[z.first:len(z.toks):len(z.toks)]
		z.lines = append(z.lines, z.cur)
	}
	z.open = false
}

// add appends a token to the current logical line, starting one if needed.
func (z *tokenizer) add(t token) {
	starts := !z.open
	if starts {
		z.cur, z.open, z.first = logicalLine{indent: indentOf(z.src[z.lineStart:t.off]), line: t.line}, true, len(z.toks)
	}
	if z.visit != nil {
		z.visit(t, starts)
		return
	}
	z.toks = append(z.toks, t)
}

// step reads what starts at z.i: a line end, white space, a comment, a
// backslash continuation, a name, a string, a number or an operator.
func (z *tokenizer) step() *SyntaxError {
	src, i := z.src, z.i
	c := src[i]
	switch {
	case c == '\n':
		z.i++
		z.line++
		z.lineStart = z.i
		if len(z.stack) == 0 {
			z.flush()
		}
	case c == ' ' || c == '\t' || c == '\r' || c == '\f':
		z.i++
	case c == '#':
		for z.i < len(src) && src[z.i] != '\n' {
			z.i++
		}
	case c == '\\':
		return z.continuation()
	case isNameStart(src, i):
		return z.name()
	case c == '"' || c == '\'':
		return z.str(i, i)
	case c >= '0' && c <= '9' || c == '.' && i+1 < len(src) && src[i+1] >= '0' && src[i+1] <= '9':
		z.number()
	default:
		return z.op()
	}
	return nil
}

// continuation reads a backslash that joins the next line to this one.
func (z *tokenizer) continuation() *SyntaxError {
	src := z.src
	j := z.i + 1
	if j < len(src) && src[j] == '\r' {
		j++
	}
	if j >= len(src) || src[j] != '\n' {
		return &SyntaxError{z.line, "unexpected character after line continuation"}
	}
	z.i = j + 1
	z.line++
	z.lineStart = z.i
	return nil
}

// name reads a name, or a string literal when the name is a string prefix
// (r, b, f, …) followed by a quote.
func (z *tokenizer) name() *SyntaxError {
	src, i := z.src, z.i
	j := i
	for j < len(src) {
		if c := src[j]; c < utf8.RuneSelf {
			if !isAlnum(c) && c != '_' {
				break
			}
			j++
			continue
		}
		r, n := utf8.DecodeRuneInString(src[j:])
		if r != '_' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			break
		}
		j += n
	}
	if j < len(src) && (src[j] == '"' || src[j] == '\'') && isStringPrefix(src[i:j]) {
		return z.str(i, j)
	}
	z.add(token{kind: tName, text: src[i:j], off: i, line: z.line})
	z.i = j
	return nil
}

// str reads a string literal that starts at start (its prefix, if any)
// and whose opening quote is at q.
func (z *tokenizer) str(start, q int) *SyntaxError {
	t, nl, err := scanString(z.src, start, q, z.line)
	if err != nil {
		return err
	}
	z.add(t)
	if nl > 0 {
		z.line += nl
		z.lineStart = strings.LastIndexByte(z.src[:t.off+len(t.text)], '\n') + 1
	}
	z.i = t.off + len(t.text)
	return nil
}

// number reads a numeric literal: digits, letters (hex, exponents,
// suffixes), dots, underscores and an exponent's sign.
func (z *tokenizer) number() {
	src, i := z.src, z.i
	j := i
	for j < len(src) && (isAlnum(src[j]) || src[j] == '.' || src[j] == '_' ||
		(src[j] == '+' || src[j] == '-') && (src[j-1] == 'e' || src[j-1] == 'E') && !strings.HasPrefix(strings.ToLower(src[i:j]), "0x")) {
		j++
	}
	z.add(token{kind: tNumber, text: src[i:j], off: i, line: z.line})
	z.i = j
}

// op reads an operator or delimiter and keeps brackets balanced.
func (z *tokenizer) op() *SyntaxError {
	src, i := z.src, z.i
	n := opLen(src[i:])
	if n == 0 {
		r, _ := utf8.DecodeRuneInString(src[i:])
		return &SyntaxError{z.line, fmt.Sprintf("unexpected character %q", r)}
	}
	t := token{kind: tOp, text: src[i : i+n], off: i, line: z.line}
	switch t.text {
	case "(", "[", "{":
		z.stack = append(z.stack, t)
	case ")", "]", "}":
		if len(z.stack) == 0 {
			return &SyntaxError{z.line, fmt.Sprintf("unmatched %q", t.text)}
		}
		open := z.stack[len(z.stack)-1].text
		if open+t.text != "()" && open+t.text != "[]" && open+t.text != "{}" {
			return &SyntaxError{z.line, fmt.Sprintf("closing %q does not match %q on line %d", t.text, open, z.stack[len(z.stack)-1].line)}
		}
		z.stack = z.stack[:len(z.stack)-1]
	}
	z.add(t)
	z.i += n
	return nil
}

func indentOf(s string) int {
	col := 0
	for _, c := range s {
		switch c {
		case '\t':
			col = (col/8 + 1) * 8
		case ' ', '\f':
			col++
		default:
			return col
		}
	}
	return col
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isNameStart(src string, i int) bool {
	if c := src[i]; c < utf8.RuneSelf {
		return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
	}
	r, _ := utf8.DecodeRuneInString(src[i:])
	return r == '_' || unicode.IsLetter(r)
}

func isStringPrefix(p string) bool {
	switch strings.ToLower(p) {
	case "r", "u", "b", "f", "br", "rb", "fr", "rf":
		return true
	}
	return false
}

// opLen returns the length of the operator or delimiter that starts s,
// the longest that does; 0 when none does. The operators of two and
// three characters are listed by their first character.
func opLen(s string) int {
	if longer := opsAfter[s[0]]; longer != "" {
		for o := range strings.SplitSeq(longer, " ") {
			if strings.HasPrefix(s[1:], o) {
				return 1 + len(o)
			}
		}
	}
	if strings.IndexByte("()[]{}:,;.=+-*/%<>&|^~@!", s[0]) >= 0 {
		return 1
	}
	return 0
}

// opsAfter lists, for the first character of an operator of two or three
// characters, what follows it, the longest first: **= and ** give "*= *".
var opsAfter = [256]string{
	'*': "*= * =", '/': "/= / =", '>': ">= > =", '<': "<= < =", '.': "..",
	'!': "=", '=': "=", '-': "> =", '+': "=", '%': "=", '&': "=", '|': "=",
	'^': "=", '@': "=", ':': "=",
}

// scanString reads a string literal whose prefix starts at start and whose
// quote is at q. It returns the token and the number of newlines in it.
func scanString(src string, start, q, line int) (token, int, *SyntaxError) {
	prefix := strings.ToLower(src[start:q])
	raw := strings.Contains(prefix, "r")
	quote := src[q : q+1]
	triple := len(src) >= q+3 && src[q+1] == src[q] && src[q+2] == src[q]
	if triple {
		quote = src[q : q+3]
	}
	j := q + len(quote)
	nl := 0
	for {
		if j >= len(src) {
			return token{}, 0, &SyntaxError{line, "unterminated string literal"}
		}
		c := src[j]
		if c == '\\' && j+1 < len(src) {
			if src[j+1] == '\n' {
				nl++
			}
			j += 2
			continue
		}
		if c == '\n' {
			if !triple {
				return token{}, 0, &SyntaxError{line, "unterminated string literal"}
			}
			nl++
		}
		if c == quote[0] && strings.HasPrefix(src[j:], quote) {
			j += len(quote)
			break
		}
		j++
	}
	body := src[q+len(quote) : j-len(quote)]
	t := token{kind: tString, text: src[start:j], off: start, line: line,
		dynamic: strings.Contains(prefix, "f"), bytes: strings.Contains(prefix, "b")}
	if raw {
		t.val = strings.ReplaceAll(body, "\r\n", "\n")
	} else {
		t.val = unescape(strings.ReplaceAll(body, "\r\n", "\n"))
	}
	return t, nl, nil
}

// unescape decodes Python's backslash escapes; an unknown escape stays as
// written, as in Python.
func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s) {
			b.WriteByte(c)
			continue
		}
		i++
		switch e := s[i]; e {
		case '\n':
		case '\\', '\'', '"':
			b.WriteByte(e)
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case 'a':
			b.WriteByte('\a')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'v':
			b.WriteByte('\v')
		case 'x', 'u', 'U':
			n := map[byte]int{'x': 2, 'u': 4, 'U': 8}[e]
			if i+1+n <= len(s) {
				if v, err := strconv.ParseUint(s[i+1:i+1+n], 16, 32); err == nil {
					b.WriteRune(rune(v))
					i += n
					continue
				}
			}
			b.WriteByte('\\')
			b.WriteByte(e)
		case '0', '1', '2', '3', '4', '5', '6', '7':
			j := i
			for j < len(s) && j < i+3 && s[j] >= '0' && s[j] <= '7' {
				j++
			}
			v, _ := strconv.ParseUint(s[i:j], 8, 32)
			b.WriteRune(rune(v))
			i = j - 1
		default:
			b.WriteByte('\\')
			b.WriteByte(e)
		}
	}
	return b.String()
}
