package migrations

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// flywaySQL is one statement of a file as Flyway's parser splits it: at a
// semicolon outside parentheses, quotes, comments and BEGIN ATOMIC blocks.
// words are its keywords at the top level, upper-cased: Flyway's keywords
// are words of letters and underscores, so a name such as idx1 or a
// quoted name is not one.
type flywaySQL struct {
	off   int
	words []string
}

// flywaySplit splits text into Flyway's statements. Quotes and comments
// are skipped with the psql reader's scanner (psql.go).
func flywaySplit(text string) []flywaySQL {
	b := []byte(text)
	var out []flywaySQL
	cur := flywaySQL{off: -1}
	depth, block := 0, 0
	end := func() {
		if cur.off >= 0 {
			out = append(out, cur)
		}
		cur, depth, block = flywaySQL{off: -1}, 0, 0
	}
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case isSpaceByte(c):
			i++
			continue
		case strings.HasPrefix(text[i:], "--"):
			i = lineEnd(b, i)
			continue
		case strings.HasPrefix(text[i:], "/*"):
			i = commentEnd(b, i)
			continue
		case c == ';' && depth == 0 && block == 0:
			end()
			i++
			continue
		}
		if cur.off < 0 {
			cur.off = i
		}
		next, word := flywayToken(b, text, i)
		switch {
		case c == '(':
			depth++
		case c == ')' && depth > 0:
			depth--
		case word != "" && depth == 0:
			block = flywayBlock(cur.words, word, block)
			cur.words = append(cur.words, word)
		}
		i = next
	}
	end()
	return out
}

// flywayBlock tracks Flyway's block depth for SQL-standard function
// bodies: BEGIN ATOMIC opens a block, CASE inside one opens another, END
// closes one.
func flywayBlock(words []string, word string, block int) int {
	switch {
	case word == "ATOMIC" && len(words) > 0 && words[len(words)-1] == "BEGIN":
		return block + 1
	case word == "CASE" && block > 0:
		return block + 1
	case word == "END" && block > 0:
		return block - 1
	}
	return block
}

// flywayToken returns the end of the token at i of text (b is the same
// bytes) and, for a keyword, its upper-cased text.
func flywayToken(b []byte, text string, i int) (next int, keyword string) {
	c := text[i]
	switch {
	case c == '\'' || c == '"':
		return quotedEnd(b, i, c, false), ""
	case (c == 'E' || c == 'e') && i+1 < len(text) && text[i+1] == '\'':
		return quotedEnd(b, i+1, '\'', true), ""
	case c == '$':
		if tag := dollarTag(b, i); tag != "" {
			if n := strings.Index(text[i+len(tag):], tag); n >= 0 {
				return i + len(tag) + n + len(tag), ""
			}
			return len(text), ""
		}
		return i + 1, ""
	}
	r, size := utf8.DecodeRuneInString(text[i:])
	if !unicode.IsLetter(r) && r != '_' {
		return i + size, ""
	}
	j, plain := i, true
	for j < len(text) {
		r, size := utf8.DecodeRuneInString(text[j:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' && r != '$' {
			break
		}
		plain = plain && (unicode.IsLetter(r) || r == '_')
		j += size
	}
	if !plain {
		return j, ""
	}
	return j, strings.ToUpper(text[i:j])
}
