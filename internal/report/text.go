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

// excerptCells bounds the source an excerpt shows, in terminal cells: a
// finding on a line of megabytes must not print megabytes, once per
// finding.
const excerptCells = 120

// textWriter renders the text format.
type textWriter struct {
	w     io.Writer
	o     Options
	lines map[string]*pgparse.Lines // nil entry: no source for that path
	cur   lineCursor
}

// lineCursor remembers where the last excerpt found its column, so that
// the next finding on the same line (findings come sorted) continues from
// there instead of counting characters from the start of a long line.
type lineCursor struct {
	path      string
	line, col int
	off       int // byte offset of column col in the line
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
	fmt.Fprintf(t.w, "%s%s\n", t.paint(sev, f.Severity.String()+"["+escapeText(f.Rule, false)+"]"),
		t.paint(ansiBold, ": "+escapeText(f.Message, false)))
	gw := len(strconv.Itoa(f.Pos.Line))
	pad := strings.Repeat(" ", gw+1)
	fmt.Fprintf(t.w, "%s%s %s:%d:%d\n", pad[1:], t.paint(ansiBlue, "-->"), escapeText(f.Path, false), f.Pos.Line, f.Pos.Col)
	if line, ok := t.sourceLine(f.Path, f.Pos.Line); ok {
		off, past := t.column(f.Path, f.Pos.Line, line, f.Pos.Col)
		text, caret := excerptAt(line, off, past)
		bar := t.paint(ansiBlue, "|")
		fmt.Fprintf(t.w, "%s%s\n", pad, bar)
		fmt.Fprintln(t.w, strings.TrimRight(t.paint(ansiBlue, fmt.Sprintf("%*d |", gw, f.Pos.Line))+" "+text, " "))
		fmt.Fprintf(t.w, "%s%s %s%s\n", pad, bar, strings.Repeat(" ", caret), t.paint(sev, "^"))
	}
	if f.Lock != "" {
		fmt.Fprintf(t.w, "%s%s %s %s\n", pad, t.paint(ansiBlue, "="), t.paint(ansiBold, "lock:"), escapeText(f.Lock, false))
	}
	if f.Help != "" {
		fmt.Fprintf(t.w, "%s%s %s %s\n", pad, t.paint(ansiBlue, "="), t.paint(ansiBold, "help:"), escapeText(f.Help, false))
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

// column returns the byte offset of 1-based character column col of line
// n of path, whose text is line, and how many columns col lies past the
// end of the line.
func (t *textWriter) column(path string, n int, line string, col int) (off, past int) {
	from, fromCol := 0, 1
	col = max(col, 1)
	if c := t.cur; c.path == path && c.line == n && c.col <= col {
		from, fromCol = c.off, c.col
	}
	off, past = charOffset(line, from, fromCol, col)
	if past == 0 {
		t.cur = lineCursor{path: path, line: n, col: col, off: off}
	}
	return off, past
}

// charOffset returns the byte offset of 1-based character column col of
// line, counting from byte offset from at column fromCol, and how many
// columns col lies past the end of the line.
func charOffset(line string, from, fromCol, col int) (off, past int) {
	off, n := from, fromCol
	for n < col && off < len(line) {
		_, size := utf8.DecodeRuneInString(line[off:])
		off += size
		n++
	}
	return off, max(col-n, 0)
}

// excerpt makes the part of a source line around 1-based character column
// col printable and returns it with the display width that precedes the
// column; see excerptAt.
func excerpt(line string, col int) (text string, caret int) {
	off, past := charOffset(line, 0, 1, max(col, 1))
	return excerptAt(line, off, past)
}

// excerptAt makes the part of line around byte offset at printable, and
// returns it with the display width that precedes at, plus past cells for
// a column past the end of the line. It shows at most excerptCells cells
// of the line, about half of them before at when the line is long, with
// "…" where it cuts. Tabs become spaces, control characters, bidirectional
// overrides and invalid bytes become U+FFFD (so a file cannot send escape
// codes to the terminal), and East Asian wide characters count two cells,
// so the caret lands under the right character.
func excerptAt(line string, at, past int) (text string, caret int) {
	from, to := excerptWindow(line, at)
	var b strings.Builder
	if from > 0 {
		b.WriteString("…")
		caret = 1
	}
	caret += writeCells(&b, line[from:at])
	writeCells(&b, line[at:to])
	if to < len(line) {
		b.WriteString("…")
	}
	// A wild column past the end must not print a wild caret line.
	return b.String(), caret + min(past, excerptCells)
}

// excerptWindow returns the bytes [from, to) of line around at that fit in
// excerptCells cells: up to half before at, and more before when the line
// ends sooner after it. A character takes at least one cell of the budget,
// so zero-width marks cannot make the excerpt long either.
func excerptWindow(line string, at int) (from, to int) {
	half := excerptCells / 2
	from, before := fitBack(line, at, half)
	to, after := fitForward(line, at, excerptCells-before)
	if after < excerptCells-before && from > 0 {
		from, _ = fitBack(line, at, excerptCells-after)
	}
	return from, to
}

// fitBack returns how far before at the characters of line fill at most
// budget cells, and the cells they take.
func fitBack(line string, at, budget int) (from, cells int) {
	from = at
	for from > 0 {
		r, size := utf8.DecodeLastRuneInString(line[:from])
		w := max(cellWidth(r), 1)
		if cells+w > budget {
			break
		}
		cells += w
		from -= size
	}
	return from, cells
}

// fitForward returns how far after at the characters of line fill at most
// budget cells, and the cells they take.
func fitForward(line string, at, budget int) (to, cells int) {
	to = at
	for to < len(line) {
		r, size := utf8.DecodeRuneInString(line[to:])
		w := max(cellWidth(r), 1)
		if cells+w > budget {
			break
		}
		cells += w
		to += size
	}
	return to, cells
}

// writeCells writes s as an excerpt shows it and returns the cells it takes.
func writeCells(b *strings.Builder, s string) int {
	cells := 0
	for _, r := range s {
		switch {
		case r == '\t':
			b.WriteString(strings.Repeat(" ", tabWidth))
		case r == utf8.RuneError || unsafeRune(r):
			b.WriteRune(utf8.RuneError)
		default:
			b.WriteRune(r)
		}
		cells += cellWidth(r)
	}
	return cells
}

// cellWidth returns how many cells r takes in an excerpt.
func cellWidth(r rune) int {
	switch {
	case r == '\t':
		return tabWidth
	case r == utf8.RuneError || unsafeRune(r):
		return 1
	}
	return runeWidth(r)
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
		fmt.Fprintf(w, "%s:%d:%d: %s %s: %s\n", escapeText(f.Path, false), f.Pos.Line, f.Pos.Col, f.Severity,
			escapeText(f.Rule, false), escapeText(f.Message, false))
	}
}
