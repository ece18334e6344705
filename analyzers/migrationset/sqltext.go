package migrationset

import (
	"go/ast"
	"go/token"
	"strconv"
	"strings"
	"unicode/utf8"
)

// sqlText is SQL assembled from Go string constants, with the Go position
// of every byte, so that a finding at an offset of the SQL is reported at
// the character of the Go literal that holds it.
type sqlText struct {
	text string
	at   []token.Pos // len(text)+1 entries
}

func (t *sqlText) pos(off int) token.Pos {
	if len(t.at) == 0 {
		return token.NoPos
	}
	if off < 0 {
		off = 0
	}
	if off >= len(t.at) {
		off = len(t.at) - 1
	}
	return t.at[off]
}

// add appends s, whose bytes sit at the given positions (nil: all at pos).
func (t *sqlText) add(s string, at []token.Pos, pos token.Pos) {
	t.text += s
	for i := range len(s) {
		if at != nil {
			t.at = append(t.at, at[i])
		} else {
			t.at = append(t.at, pos)
		}
	}
}

// finish adds the end position.
func (t *sqlText) finish(end token.Pos) {
	t.at = append(t.at, end)
}

// litPositions maps the bytes of a string literal's value to the positions
// of the source characters that produce them.
func litPositions(lit *ast.BasicLit) []token.Pos {
	src := lit.Value
	var at []token.Pos
	if strings.HasPrefix(src, "`") {
		for i := 1; i < len(src)-1; i++ {
			if src[i] != '\r' {
				at = append(at, lit.Pos()+token.Pos(i))
			}
		}
		return at
	}
	body := src[1 : len(src)-1]
	for off := 0; off < len(body); {
		v, _, tail, err := strconv.UnquoteChar(body[off:], '"')
		if err != nil {
			return nil
		}
		n := utf8.RuneLen(v)
		if strings.HasPrefix(body[off:], `\x`) || isOctalEscape(body[off:]) {
			n = 1 // a byte escape
		}
		for range n {
			at = append(at, lit.Pos()+1+token.Pos(off))
		}
		off = len(body) - len(tail)
	}
	return at
}

func isOctalEscape(s string) bool {
	return len(s) > 1 && s[0] == '\\' && s[1] >= '0' && s[1] <= '7'
}
