package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"

	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/rules"
)

// ANSI SGR sequences used by the text format. Only these few are needed
// and the caller decides whether to colour, so a colour library would add
// nothing but a dependency.
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[1;31m"
	ansiYellow = "\x1b[1;33m"
	ansiCyan   = "\x1b[1;36m"
	ansiBlue   = "\x1b[1;34m"
)

// tabWidth is how many spaces a tab becomes in an excerpt, as in rustc.
const tabWidth = 4

// textWriter renders the text format.
type textWriter struct {
	w     io.Writer
	o     Options
	lines map[string]*pgparse.Lines // nil entry: no source for that path
}

func writeText(w io.Writer, findings []rules.Finding, o Options) {
	t := &textWriter{w: w, o: o, lines: map[string]*pgparse.Lines{}}
	for _, f := range findings {
		t.finding(f)
	}
	fmt.Fprintln(w, t.paint(ansiBold, summaryLine(findings)))
}

// paint wraps s in an SGR sequence when colour is on.
func (t *textWriter) paint(sgr, s string) string {
	if !t.o.Color || s == "" {
		return s
	}
	return sgr + s + ansiReset
}

func severityColor(s rules.Severity) string {
	switch s {
	case rules.Error:
		return ansiRed
	case rules.Warning:
		return ansiYellow
	}
	return ansiCyan
}

// finding prints one finding:
//
//	error[create-index-non-concurrently]: creating index "i" on "users" …
//	 --> db/1.sql:3:17
//	  |
//	3 | CREATE INDEX i ON users (email);
//	  |                   ^
//	  = lock: SHARE
//	  = help: use CREATE INDEX CONCURRENTLY …
func (t *textWriter) finding(f rules.Finding) {
	sev := severityColor(f.Severity)
	fmt.Fprintf(t.w, "%s%s\n", t.paint(sev, f.Severity.String()+"["+f.Rule+"]"), t.paint(ansiBold, ": "+f.Message))
	gw := len(strconv.Itoa(f.Pos.Line))
	pad := strings.Repeat(" ", gw+1)
	fmt.Fprintf(t.w, "%s%s %s:%d:%d\n", pad[1:], t.paint(ansiBlue, "-->"), f.Path, f.Pos.Line, f.Pos.Col)
	if line, ok := t.sourceLine(f.Path, f.Pos.Line); ok {
		text, caret := excerpt(line, f.Pos.Col)
		bar := t.paint(ansiBlue, "|")
		fmt.Fprintf(t.w, "%s%s\n", pad, bar)
		fmt.Fprintln(t.w, strings.TrimRight(t.paint(ansiBlue, fmt.Sprintf("%*d |", gw, f.Pos.Line))+" "+text, " "))
		fmt.Fprintf(t.w, "%s%s %s%s\n", pad, bar, strings.Repeat(" ", caret), t.paint(sev, "^"))
	}
	if f.Lock != "" {
		fmt.Fprintf(t.w, "%s%s %s %s\n", pad, t.paint(ansiBlue, "="), t.paint(ansiBold, "lock:"), f.Lock)
	}
	if f.Help != "" {
		fmt.Fprintf(t.w, "%s%s %s %s\n", pad, t.paint(ansiBlue, "="), t.paint(ansiBold, "help:"), f.Help)
	}
	fmt.Fprintln(t.w)
}

// sourceLine returns line n of the file at path, without its terminator
// and without a byte order mark.
func (t *textWriter) sourceLine(path string, n int) (string, bool) {
	l, seen := t.lines[path]
	if !seen {
		if t.o.Source != nil {
			if src, ok := t.o.Source(path); ok {
				l = pgparse.NewLines(src)
			}
		}
		t.lines[path] = l
	}
	if l == nil || n < 1 || n > l.Count() {
		return "", false
	}
	line := l.Line(n)
	if n == 1 {
		line = strings.TrimPrefix(line, "\uFEFF")
	}
	return line, true
}

// excerpt makes a source line printable and returns it with the display
// width that precedes 1-based character column col. Tabs become spaces,
// control characters and invalid bytes become U+FFFD (so a file cannot
// send escape codes to the terminal), and East Asian wide characters count
// two cells, so the caret lands under the right character.
func excerpt(line string, col int) (text string, caret int) {
	var b strings.Builder
	cells, n := 0, 1
	caret = -1
	col = max(col, 1)
	for _, r := range line {
		if n == col {
			caret = cells
		}
		n++
		switch {
		case r == '\t':
			b.WriteString(strings.Repeat(" ", tabWidth))
			cells += tabWidth
		case r == utf8.RuneError || unicode.IsControl(r):
			b.WriteRune(utf8.RuneError)
			cells++
		default:
			b.WriteRune(r)
			cells += runeWidth(r)
		}
	}
	if caret < 0 { // past the end of the line
		caret = cells + max(col-n, 0)
	}
	return b.String(), caret
}

// runeWidth returns how many terminal cells r takes.
func runeWidth(r rune) int {
	if unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf) {
		return 0
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

// summaryLine says how many findings of each severity were found and in
// how many files.
func summaryLine(findings []rules.Finding) string {
	if len(findings) == 0 {
		return "no problems found"
	}
	errs, warns, infos := Summary(findings)
	var parts []string
	if errs > 0 {
		parts = append(parts, plural(errs, "error", "errors"))
	}
	if warns > 0 {
		parts = append(parts, plural(warns, "warning", "warnings"))
	}
	if infos > 0 {
		parts = append(parts, plural(infos, "info", "info"))
	}
	files := map[string]bool{}
	for _, f := range findings {
		files[f.Path] = true
	}
	return strings.Join(parts, ", ") + " in " + plural(len(files), "file", "files")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

func writeCompact(w io.Writer, findings []rules.Finding) {
	for _, f := range findings {
		fmt.Fprintf(w, "%s:%d:%d: %s %s: %s\n", f.Path, f.Pos.Line, f.Pos.Col, f.Severity, f.Rule, f.Message)
	}
}
