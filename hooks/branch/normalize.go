package branch

import (
	"strings"
	"unicode"

	"github.com/migguard/migguard/internal/pgparse"
)

// FormattingOnly reports whether two versions of a migration differ only
// in layout: whitespace, line breaks and (outside directives) comments for
// SQL; whitespace, comments, quote style and trailing commas for Python,
// the changes of formatters such as ruff format and black.
func FormattingOnly(path string, a, b []byte) bool {
	if strings.HasSuffix(path, ".py") {
		return normalizePython(string(a)) == normalizePython(string(b))
	}
	return normalizeSQL(string(a)) == normalizeSQL(string(b))
}

// directive comments change what the migration tool does.
var directivePrefixes = []string{"+goose", "migrate:", "migguard:", "atlas:"}

func normalizeSQL(src string) string {
	var b strings.Builder
	last := 0
	for _, c := range pgparse.Comments(src) {
		text := strings.TrimSpace(strings.TrimPrefix(c.Text, "--"))
		keep := false
		for _, p := range directivePrefixes {
			if strings.HasPrefix(text, p) {
				keep = true
			}
		}
		b.WriteString(src[last:c.Start])
		if keep {
			b.WriteString(c.Text)
			b.WriteByte('\n')
		} else {
			b.WriteByte(' ')
		}
		last = c.End
	}
	b.WriteString(src[last:])
	return squeeze(b.String(), "'\"")
}

// squeeze drops whitespace outside quoted strings, keeping one space
// between two word characters.
func squeeze(s, quotes string) string {
	var b strings.Builder
	var quote rune
	pendingSpace := false
	var prev rune
	for _, r := range s {
		if quote != 0 {
			b.WriteRune(r)
			if r == quote {
				quote = 0
			}
			prev = r
			continue
		}
		if unicode.IsSpace(r) || r == '\ufeff' {
			pendingSpace = true
			continue
		}
		if pendingSpace && isWord(prev) && isWord(r) {
			b.WriteByte(' ')
		}
		pendingSpace = false
		if strings.ContainsRune(quotes, r) {
			quote = r
		}
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}

func isWord(r rune) bool { return r == '_' || r == '$' || unicode.IsLetter(r) || unicode.IsDigit(r) }

// normalizePython removes comments, unifies the quote style of simple
// strings and drops trailing commas, then squeezes whitespace.
func normalizePython(src string) string {
	var b strings.Builder
	rs := []rune(src)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == '#':
			for i < len(rs) && rs[i] != '\n' {
				i++
			}
			b.WriteByte('\n')
		case r == '\'' || r == '"':
			// Triple-quoted strings are copied as they are.
			if i+2 < len(rs) && rs[i+1] == r && rs[i+2] == r {
				end := strings.Index(string(rs[i+3:]), strings.Repeat(string(r), 3))
				if end < 0 {
					b.WriteString(string(rs[i:]))
					i = len(rs)
					continue
				}
				seg := rs[i : i+3+len([]rune(string(rs[i+3:])[:end]))+3]
				b.WriteString(`"""` + string(seg[3:len(seg)-3]) + `"""`)
				i += len(seg) - 1
				continue
			}
			j := i + 1
			for j < len(rs) && rs[j] != r && rs[j] != '\n' {
				if rs[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(rs) {
				j = len(rs) - 1
			}
			body := string(rs[i+1 : j])
			if !strings.ContainsAny(body, `"'\`) {
				b.WriteString(`"` + body + `"`)
			} else {
				b.WriteString(string(rs[i : j+1]))
			}
			i = j
		case r == ',':
			k := i + 1
			for k < len(rs) && (unicode.IsSpace(rs[k]) || rs[k] == '#') {
				if rs[k] == '#' {
					for k < len(rs) && rs[k] != '\n' {
						k++
					}
					continue
				}
				k++
			}
			if k < len(rs) && (rs[k] == ')' || rs[k] == ']' || rs[k] == '}') {
				continue // trailing comma
			}
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return squeeze(b.String(), "\"'")
}
