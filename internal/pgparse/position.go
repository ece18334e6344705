package pgparse

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// Pos is a 1-based line and column. Columns count characters (runes), so a
// position lines up with what an editor shows for UTF-8 text.
type Pos struct {
	Line, Col int
}

// Lines maps byte offsets of one source text to positions.
type Lines struct {
	src    string
	starts []int // byte offset of the first byte of each line
}

// NewLines indexes the line starts of src. A CR LF pair ends one line.
func NewLines(src string) *Lines {
	starts := make([]int, 1, strings.Count(src, "\n")+1)
	for i := 0; i < len(src); i++ {
		if src[i] == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &Lines{src: src, starts: starts}
}

// Pos returns the position of byte offset off. A UTF-8 byte order mark at
// the start of the text takes no column.
func (l *Lines) Pos(off int) Pos {
	if off < 0 {
		off = 0
	}
	if off > len(l.src) {
		off = len(l.src)
	}
	line := sort.Search(len(l.starts), func(i int) bool { return l.starts[i] > off }) - 1
	start := l.starts[line]
	if line == 0 && strings.HasPrefix(l.src, "\uFEFF") && off >= 3 {
		start = 3
	}
	return Pos{Line: line + 1, Col: utf8.RuneCountInString(l.src[start:off]) + 1}
}

// Offset returns the byte offset of the start of 1-based line n, or the
// length of the text when n is past its end.
func (l *Lines) Offset(n int) int {
	if n < 1 {
		return 0
	}
	if n > len(l.starts) {
		return len(l.src)
	}
	return l.starts[n-1]
}

// Line returns the text of 1-based line n without its line terminator.
func (l *Lines) Line(n int) string {
	if n < 1 || n > len(l.starts) {
		return ""
	}
	end := len(l.src)
	if n < len(l.starts) {
		end = l.starts[n] - 1
	}
	return strings.TrimSuffix(l.src[l.starts[n-1]:end], "\r")
}

// Count returns the number of lines.
func (l *Lines) Count() int { return len(l.starts) }
