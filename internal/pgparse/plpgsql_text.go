package pgparse

import (
	"sort"
	"strings"
)

// This file places the statements of a DO block's body in the file: it
// finds the body's string constant in the DO statement, each statement
// the PL/pgSQL parser reports at its line of the body, and maps every
// offset of a statement's text to the file through the quoting of the
// body and of an EXECUTE's string constant.

// readBlock reads the body of DO statement s of src, whose value is body.
func readBlock(src string, s *Stmt, body string) *Block {
	b := &Block{}
	offs, ok := bodyOffsets(src, s, body)
	if !ok {
		b.Err = &SyntaxError{Offset: s.Start, Message: "the body of the DO block was not found in its text"}
		return b
	}
	items, vars, err := plpgsqlItems(body)
	if err != nil {
		b.Err = &SyntaxError{Offset: s.Start, Message: err.Error()}
		return b
	}
	lines := lineStarts(body)
	var claimed [][2]int
	for _, it := range items {
		from := 0
		if it.line >= 1 && it.line <= len(lines) {
			from = lines[it.line-1]
		}
		if !it.dynamic {
			at := findText(body, it.query, from, claimed, true)
			if at < 0 {
				continue
			}
			claimed = append(claimed, [2]int{at, at + len(it.query)})
			b.Body = append(b.Body, parseText(src, it.query, offs[at:at+len(it.query)+1], vars)...)
			continue
		}
		expr := strings.TrimSpace(it.query)
		at := findText(body, expr, from, claimed, false)
		if at < 0 {
			continue
		}
		claimed = append(claimed, [2]int{at, at + len(expr)})
		sql, voffs, ok := constant(expr, 0)
		if !ok {
			b.Dynamic = append(b.Dynamic, offs[at])
			continue
		}
		m := make([]int, len(voffs))
		for i, o := range voffs {
			m[i] = offs[at+o]
		}
		b.Body = append(b.Body, parseText(src, sql, m, nil)...)
	}
	sort.SliceStable(b.Body, func(i, j int) bool { return b.Body[i].Start < b.Body[j].Start })
	return b
}

// bodyOffsets finds the string constant that holds the body of DO
// statement s (the one not after LANGUAGE) and returns the offset in src
// of each byte of the body, and of its end.
func bodyOffsets(src string, s *Stmt, body string) ([]int, bool) {
	res, err := scanTokens(src[s.Start:s.End])
	if err != nil {
		return nil, false
	}
	afterLanguage := false
	for _, tok := range res.Tokens {
		switch {
		case tok.Token == Token_SQL_COMMENT || tok.Token == Token_C_COMMENT:
			continue
		case tok.Token == Token_SCONST && !afterLanguage:
			val, offs, ok := constant(src, s.Start+int(tok.Start))
			if !ok || val != body {
				return nil, false
			}
			return offs, true
		}
		afterLanguage = tok.Token == Token_LANGUAGE
	}
	return nil, false
}

// lineStarts returns the offset where each line of text starts.
func lineStarts(text string) []int {
	out := []int{0}
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			out = append(out, i+1)
		}
	}
	return out
}

// findText returns the first offset at or after from where text q stands
// in body outside the claimed ranges, or -1. With blanks, a space of q
// matches any byte: the PL/pgSQL parser blanks the INTO clause of a
// static statement, keeping its length.
func findText(body, q string, from int, claimed [][2]int, blanks bool) int {
	if q == "" {
		return -1
	}
	head := q
	if i := strings.IndexAny(q, " \t\r\n"); blanks && i > 0 {
		head = q[:i]
	}
	for at := from; at <= len(body)-len(q); {
		i := strings.Index(body[at:], head)
		if i < 0 {
			return -1
		}
		at += i
		if matchAt(body, at, q, blanks) && !overlaps(claimed, at, at+len(q)) {
			return at
		}
		at++
	}
	return -1
}

// matchAt reports whether q stands in body at offset at.
func matchAt(body string, at int, q string, blanks bool) bool {
	if at+len(q) > len(body) {
		return false
	}
	if !blanks {
		return body[at:at+len(q)] == q
	}
	for k := 0; k < len(q); k++ {
		if q[k] != body[at+k] && q[k] != ' ' {
			return false
		}
	}
	return true
}

func overlaps(claimed [][2]int, start, end int) bool {
	for _, c := range claimed {
		if start < c[1] && c[0] < end {
			return true
		}
	}
	return false
}

// parseText parses text, SQL that a DO block runs, into statements whose
// offsets are in src: m holds the offset in src of each byte of text and
// of its end. References to the block's variables vars become parameters
// (see paramsForVariables); EXECUTE's SQL sees no variables.
func parseText(src, text string, m []int, vars map[string]bool) []*Stmt {
	base, shifted := m[0], true
	for i, o := range m {
		if o != base+i {
			shifted = false
			break
		}
	}
	at := func(i int) int { return m[min(max(i, 0), len(text))] }
	tree, err := parseTree(text)
	if err != nil {
		s := SkipSpaceAndComments(text, 0, len(text))
		serr := toSyntaxError(text, 0, err)
		serr.Offset = at(serr.Offset)
		return []*Stmt{{Start: at(s), End: at(trimRight(text, s, len(text))), Err: serr}}
	}
	var out []*Stmt
	for _, raw := range tree.Stmts {
		start, end := int(raw.StmtLocation), len(text)
		if raw.StmtLen > 0 {
			end = start + int(raw.StmtLen)
		}
		start = SkipSpaceAndComments(text, start, end)
		end = trimRight(text, start, end)
		paramsForVariables(raw.Stmt, vars)
		st := &Stmt{Node: raw.Stmt, Start: at(start), End: at(end)}
		if shifted {
			st.Base = base
		} else {
			st.Map = m
		}
		out = append(out, st)
	}
	return out
}

// constant reads the string constant that starts at text[i]: '…' with
// quotes doubled inside it, E'…' with the backslash escapes \\ \' \" \n
// \t \r \b \f, or $tag$…$tag$. It returns its value and the offset in
// text of each byte of the value and of its end; ok is false for anything
// else, or when text goes on after the constant. The offsets let a
// statement's positions point into the file however it was quoted.
func constant(text string, i int) (val string, offs []int, ok bool) {
	if i >= len(text) {
		return "", nil, false
	}
	end := -1
	switch c := text[i]; {
	case c == '$':
		val, offs, end = dollarConstant(text, i)
	case c == '\'':
		val, offs, end = quotedConstant(text, i+1, false)
	case (c == 'E' || c == 'e') && i+1 < len(text) && text[i+1] == '\'':
		val, offs, end = quotedConstant(text, i+2, true)
	}
	if end < 0 || (i == 0 && strings.TrimSpace(text[end:]) != "") {
		return "", nil, false
	}
	return val, offs, true
}

// dollarConstant reads $tag$…$tag$ at text[i]; end is the offset after
// it, -1 when there is none.
func dollarConstant(text string, i int) (string, []int, int) {
	j := strings.IndexByte(text[i+1:], '$')
	if j < 0 {
		return "", nil, -1
	}
	tag := text[i : i+j+2]
	start := i + len(tag)
	k := strings.Index(text[start:], tag)
	if k < 0 {
		return "", nil, -1
	}
	offs := make([]int, k+1)
	for n := range offs {
		offs[n] = start + n
	}
	return text[start : start+k], offs, start + k + len(tag)
}

// quotedEscapes are the backslash escapes of E'…' that constant decodes.
var quotedEscapes = map[byte]byte{'\\': '\\', '\'': '\'', '"': '"', 'n': '\n', 't': '\t', 'r': '\r', 'b': '\b', 'f': '\f'}

// quotedConstant reads the inside of a quoted constant from text[i] to
// its closing quote; end is the offset after that quote, -1 when there is
// none or it uses an escape constant does not decode.
func quotedConstant(text string, i int, escapes bool) (string, []int, int) {
	var b strings.Builder
	var offs []int
	for i < len(text) {
		c := text[i]
		switch {
		case c == '\'' && i+1 < len(text) && text[i+1] == '\'':
			b.WriteByte('\'')
			offs = append(offs, i)
			i += 2
		case c == '\'':
			return b.String(), append(offs, i), i + 1
		case c == '\\' && escapes:
			if i+1 >= len(text) {
				return "", nil, -1
			}
			d, ok := quotedEscapes[text[i+1]]
			if !ok {
				return "", nil, -1
			}
			b.WriteByte(d)
			offs = append(offs, i)
			i += 2
		default:
			b.WriteByte(c)
			offs = append(offs, i)
			i++
		}
	}
	return "", nil, -1
}
