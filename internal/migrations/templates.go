package migrations

import (
	"fmt"
	"strings"
)

// Go templates: tern renders every migration with text/template, and
// tools built on gobuffalo/pop (supabase/auth's {{ index .Options
// "Namespace" }}) do the same with .up.sql files that otherwise look like
// golang-migrate's. An action is not SQL, so migguard reads each action
// that stands for a value as an identifier of the action's own length,
// which keeps every byte offset of the file: a placeholder made from its
// key ({{.Schema}} → schema_____), or the value configured for the key
// (template_values in .migguard.yaml; see SetTemplateValues). Comments and
// control actions ({{/* */}}, {{if}}, {{end}}) are blanked; an included
// template ({{template "x"}}) is blanked and noted, as its SQL is not
// linted.

// Template is a Go-template action `{{ … }}` of a migration file that
// stands for a value.
type Template struct {
	// Start and End delimit the action in Src, braces included.
	Start, End int
	// Key names the value: a field path (Schema, Options.Namespace, from
	// {{.Schema}} and {{index .Options "Namespace"}}), else the action's
	// text without braces and spaces.
	Key string
	// current is the text the parts hold at [Start, End), "" once a value
	// replaced it.
	current string
}

// templateKeywords are the actions that produce no value of their own.
var templateKeywords = map[string]bool{
	"if": true, "else": true, "end": true, "range": true, "with": true, "define": true,
	"block": true, "break": true, "continue": true,
}

// readTemplates finds the actions of f's text and replaces them in its
// parts: a placeholder identifier for a value, blanks for the rest.
func readTemplates(f *File) {
	if !strings.Contains(f.Src, "{{") {
		return
	}
	up, down := []byte(f.Up), []byte(f.Down)
	for _, l := range splitLines(f.Src) {
		for from := 0; ; {
			i := strings.Index(l.text[from:], "{{")
			if i < 0 {
				break
			}
			i += from
			j := strings.Index(l.text[i+2:], "}}")
			if j < 0 {
				break
			}
			end := i + 2 + j + 2
			from = end
			start, stop := l.start+i, l.start+end
			repl, note, ok := readAction(l.text[i+2:end-2], end-i)
			if !ok {
				from = i + 2
				continue
			}
			if repl == "" {
				repl = strings.Repeat(" ", end-i)
			} else {
				f.Templates = append(f.Templates, Template{Start: start, End: stop, Key: templateKey(l.text[i+2 : end-2]), current: repl})
			}
			if note != "" {
				f.Notes = append(f.Notes, Problem{Offset: start, Message: fmt.Sprintf("%s on line %d: %s", l.text[i:end], l.n, note)})
			}
			overwrite(up, start, stop, f.Src, repl)
			if len(down) > 0 {
				overwrite(down, start, stop, f.Src, repl)
			}
		}
	}
	f.Up = string(up)
	if len(down) > 0 {
		f.Down = string(down)
	}
}

// overwrite puts repl at [start, end) of a part that holds src's text there.
func overwrite(part []byte, start, end int, src, repl string) {
	if string(part[start:end]) == src[start:end] {
		copy(part[start:end], repl)
	}
}

// readAction reads the text between an action's braces; n is the length
// of the action with its braces. It returns the placeholder identifier
// for a value, "" for an action to blank (with a note for an included
// template), and false for text that is not a template action (the
// {{1,2},{3,4}} of an array literal).
func readAction(inner string, n int) (repl, note string, ok bool) {
	a := trimAction(inner)
	if strings.HasPrefix(a, "/*") {
		return "", "", true
	}
	if a == "" || strings.ContainsAny(a, "{}") {
		return "", "", false
	}
	word, _, _ := strings.Cut(a, " ")
	switch c := a[0]; {
	case c == '.' || c == '$':
	case isLetter(c):
		if !isIdentifier(word) {
			return "", "", false
		}
		if templateKeywords[word] {
			return "", "", true
		}
		if word == "template" {
			return "", "the included template is not linted", true
		}
	default:
		return "", "", false
	}
	return placeholder(templateKey(inner), n), "", true
}

// trimAction removes the trim markers and spaces around an action's text.
func trimAction(inner string) string {
	a := strings.TrimSpace(inner)
	if strings.HasPrefix(a, "- ") || a == "-" {
		a = a[1:]
	}
	if strings.HasSuffix(a, " -") {
		a = a[:len(a)-1]
	}
	return strings.TrimSpace(a)
}

// templateKey names the value an action stands for: .A.B and $.A.B are
// A.B, index .A "b" "c" is A.b.c; any other action is its own text.
func templateKey(inner string) string {
	a := trimAction(inner)
	if k, ok := fieldPath(a); ok {
		return k
	}
	if rest, ok := strings.CutPrefix(a, "index "); ok {
		fields := strings.Fields(rest)
		if len(fields) >= 2 {
			if k, ok := fieldPath(fields[0]); ok {
				parts := []string{k}
				for _, q := range fields[1:] {
					if len(q) < 2 || q[0] != '"' || q[len(q)-1] != '"' {
						return a
					}
					parts = append(parts, q[1:len(q)-1])
				}
				return strings.TrimPrefix(strings.Join(parts, "."), ".")
			}
		}
	}
	return a
}

// fieldPath reads .A.B or $.A.B as A.B.
func fieldPath(s string) (string, bool) {
	s = strings.TrimPrefix(s, "$")
	if !strings.HasPrefix(s, ".") {
		return "", false
	}
	if s == "." {
		return "", true
	}
	for _, seg := range strings.Split(s[1:], ".") {
		if !isIdentifier(seg) {
			return "", false
		}
	}
	return s[1:], true
}

// placeholder makes an identifier of exactly n bytes from a key.
func placeholder(key string, n int) string {
	b := make([]byte, 0, n)
	for i := 0; i < len(key) && len(b) < n; i++ {
		switch c := key[i]; {
		case c >= 'A' && c <= 'Z':
			b = append(b, c+'a'-'A')
		case isLetter(c) || c >= '0' && c <= '9':
			b = append(b, c)
		default:
			b = append(b, '_')
		}
	}
	if len(b) == 0 || b[0] >= '0' && b[0] <= '9' {
		b = append([]byte{'t'}, b...)
	}
	for len(b) < n {
		b = append(b, '_')
	}
	return string(b[:n])
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' }

func isIdentifier(s string) bool {
	if s == "" || !isLetter(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if !isLetter(s[i]) && !(s[i] >= '0' && s[i] <= '9') {
			return false
		}
	}
	return true
}

// isIdentByte reports whether c continues an SQL identifier.
func isIdentByte(c byte) bool { return isLetter(c) || c >= '0' && c <= '9' || c == '$' || c >= 0x80 }

// SetTemplateValues puts the configured value of each template action's
// key in place of its placeholder, in the file's parts and its down file's.
// The text keeps its length: a value shorter than the action is padded
// with spaces on the side that does not touch an identifier, and a quoted
// action ('{{.Schema}}') keeps its quotes next to the value. A value that
// does not fit, or an action glued to identifiers on both sides, keeps
// its placeholder, with a note.
func (f *File) SetTemplateValues(values map[string]string) {
	if len(values) == 0 {
		return
	}
	if f.DownFile != nil {
		f.DownFile.SetTemplateValues(values)
	}
	if len(f.Templates) == 0 {
		return
	}
	up, down := []byte(f.Up), []byte(f.Down)
	for i := range f.Templates {
		t := &f.Templates[i]
		v, ok := values[t.Key]
		if !ok || t.current == "" {
			continue
		}
		start, end, text, note := fitValue(f.Src, t.Start, t.End, v)
		if note != "" {
			f.Notes = append(f.Notes, Problem{Offset: t.Start, Message: fmt.Sprintf("the value %q of %s on line %d %s: read as %s",
				v, t.Key, lineAt(f.Src, t.Start), note, t.current)})
			continue
		}
		for _, part := range [][]byte{up, down} {
			if len(part) > 0 && string(part[t.Start:t.End]) == t.current && string(part[start:t.Start]) == f.Src[start:t.Start] &&
				string(part[t.End:end]) == f.Src[t.End:end] {
				copy(part[start:end], text)
			}
		}
		t.current = ""
	}
	f.Up = string(up)
	if len(down) > 0 {
		f.Down = string(down)
	}
}

// fitValue places value v in the action at [start, end) of src without
// moving any other byte: it returns the span to write and its text, or a
// note saying why the value does not fit.
func fitValue(src string, start, end int, v string) (int, int, string, string) {
	n := end - start
	if start > 0 && end < len(src) && src[start-1] == src[end] && (src[end] == '"' || src[end] == '\'') {
		q := string(src[end])
		text := q + v + q
		if len(text) > n+2 {
			return 0, 0, "", "is longer than the action"
		}
		return start - 1, end + 1, text + strings.Repeat(" ", n+2-len(text)), ""
	}
	if len(v) > n {
		return 0, 0, "", "is longer than the action"
	}
	pad := strings.Repeat(" ", n-len(v))
	left := start > 0 && isIdentByte(src[start-1])
	right := end < len(src) && isIdentByte(src[end])
	switch {
	case pad == "":
		return start, end, v, ""
	case left && right:
		return 0, 0, "", "is shorter than the action, which identifiers touch on both sides"
	case right:
		return start, end, pad + v, ""
	}
	return start, end, v + pad, ""
}
