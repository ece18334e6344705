package migrations

import "strings"

// line is one line of a file: [start, end) without its line feed; text is
// the line without a trailing carriage return, as bufio.ScanLines gives it.
type line struct {
	start, end int
	text       string
	n          int // 1-based line number
}

func splitLines(src string) []line {
	out := make([]line, 0, strings.Count(src, "\n")+1)
	n := 1
	for start := 0; start < len(src); n++ {
		end := strings.IndexByte(src[start:], '\n')
		next := 0
		if end < 0 {
			end = len(src)
			next = end
		} else {
			end += start
			next = end + 1
		}
		out = append(out, line{start: start, end: end, text: strings.TrimSuffix(src[start:end], "\r"), n: n})
		start = next
	}
	return out
}

func lineAt(src string, off int) int {
	if off > len(src) {
		off = len(src)
	}
	return strings.Count(src[:off], "\n") + 1
}

func restOfLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// firstText returns the offset of the first byte that is not white space
// or a byte order mark, or 0.
func firstText(src string) int {
	i := len(bom) * boolInt(strings.HasPrefix(src, bom))
	for ; i < len(src); i++ {
		if !isSpaceByte(src[i]) {
			return i
		}
	}
	return 0
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// FirstText returns the offset of the first byte of src that is not white
// space or a byte order mark, or 0: where a finding about a whole file
// points.
func FirstText(src string) int { return firstText(src) }
