package migrations

import (
	"fmt"
	"strings"
	"unicode"
)

// Goose annotations, as pressly/goose's sqlparser spells them. They match
// case-insensitively.
var gooseAnnotations = []string{"Up", "Down", "StatementBegin", "StatementEnd", "NO TRANSACTION", "ENVSUB ON", "ENVSUB OFF"}

// gooseState is where a goose file's reader stands: before -- +goose Up,
// in the up or down part, or inside a StatementBegin block of either.
type gooseState int

const (
	gooseStart gooseState = iota
	gooseUp
	gooseUpBlock
	gooseDown
	gooseDownBlock
)

// parseGoose follows pressly/goose's sqlparser.ParseSQLMigration: a line
// whose trimmed text starts with "--" and that contains "+goose" is an
// annotation, which must start in column 1 and be one goose knows; the file
// must start with -- +goose Up (only blank and comment lines may come
// first); -- +goose Down ends the up part; StatementBegin/StatementEnd
// fence statements that hold semicolons; outside them goose ends a
// statement at a line whose last word ends with a semicolon. goose runs the
// file in a transaction unless -- +goose NO TRANSACTION appears anywhere.
func parseGoose(f *File) {
	r := &gooseReader{f: f, up: newPart(f.Src), down: newPart(f.Src), earlyOff: -1}
	f.Tx, f.TxSource = TxWrapped, "goose default: each file runs in a transaction"
	if strings.HasPrefix(f.Src, bom) {
		r.problem(0, "file starts with a UTF-8 byte order mark: goose reads line 1 as a statement before -- +goose Up and rejects the file")
	}
	for _, l := range splitLines(f.Src) {
		r.line(l)
	}
	r.finish()
	f.Up = r.up.String()
	if r.downLine > 0 {
		f.Down = r.down.String()
	}
}

// gooseReader is one pass of parseGoose over a file, line by line.
type gooseReader struct {
	f        *File
	up, down *part
	state    gooseState
	// Lines of the Up and Down annotations and of the open StatementBegin
	// (0 when not seen), and the StatementBegin's offset.
	upLine, downLine, blockLine, blockOff int
	// reportedEarly is set once an annotation before -- +goose Up has been
	// reported, so a missing Up is not reported twice.
	reportedEarly bool
	// The first statement before -- +goose Up (earlyOff -1 when none).
	earlyOff, earlyLine int
	// The statement goose is collecting: whether it has started, whether it
	// holds more than white space, and where it started.
	bufStarted, bufText bool
	bufOff, bufLine     int
}

func (r *gooseReader) problem(off int, format string, args ...any) {
	r.f.Problems = append(r.f.Problems, Problem{Offset: off, Message: fmt.Sprintf(format, args...)})
}

func (r *gooseReader) resetBuf() { r.bufStarted, r.bufText = false, false }

// unfinished reports the statement being collected, if it holds text,
// as one goose rejects because no line ended it with a semicolon.
func (r *gooseReader) unfinished(where string) {
	if r.bufText {
		r.problem(r.bufOff, "statement starting on line %d does not end with a semicolon at the end of a line %s: goose rejects the file", r.bufLine, where)
	}
	r.resetBuf()
}

// line reads one line: an annotation, a comment or blank line between
// statements, or a line of a statement.
func (r *gooseReader) line(l line) {
	text := l.text
	if l.n == 1 {
		text = strings.TrimPrefix(text, bom)
	}
	trimmed := strings.TrimSpace(text)
	if r.state == gooseStart && trimmed == "" {
		return
	}
	if strings.HasPrefix(trimmed, "--") && strings.Contains(text, "+goose") {
		r.annotation(l, text)
		return
	}
	if strings.HasPrefix(trimmed, "--") {
		if ann := gooseUpperCase(text); ann != "" {
			r.problem(l.start, "%q on line %d is not a goose annotation: goose looks for \"+goose\" in lower case and reads the line as a comment; write -- +goose %s",
				trimmed, l.n, ann)
		}
	}
	if !r.bufStarted && (strings.HasPrefix(trimmed, "--") || text == "") {
		// Comments and empty lines between statements: goose skips
		// them; they stay in the part so migguard directives apply.
		r.keep(l)
		return
	}
	r.statementLine(l, text, trimmed)
}

// keep copies the line into the part the reader is in, if any.
func (r *gooseReader) keep(l line) {
	switch r.state {
	case gooseUp, gooseUpBlock:
		r.up.keep(l.start, l.end)
	case gooseDown, gooseDownBlock:
		r.down.keep(l.start, l.end)
	}
}

// statementLine reads a line of a statement. Outside a StatementBegin
// block, a line whose last word ends with a semicolon ends the statement.
func (r *gooseReader) statementLine(l line, text, trimmed string) {
	if r.state == gooseStart {
		if r.earlyOff < 0 {
			r.earlyOff, r.earlyLine = l.start, l.n
		}
		return
	}
	r.keep(l)
	if !r.bufStarted {
		r.bufStarted, r.bufOff, r.bufLine = true, l.start, l.n
	}
	if trimmed != "" && !r.bufText {
		r.bufText, r.bufOff, r.bufLine = true, l.start+strings.Index(l.text, trimmed), l.n
	}
	if (r.state == gooseUp || r.state == gooseDown) && endsWithSemicolon(text) {
		r.resetBuf()
	}
}

// annotation reads a -- +goose line; one goose rejects is reported, and
// read as what it names when it names one.
func (r *gooseReader) annotation(l line, text string) {
	ann, msg := gooseAnnotation(text)
	if msg != "" {
		r.problem(l.start, "%s on line %d: goose rejects the file", msg, l.n)
		if ann == "" {
			return
		}
	}
	switch ann {
	case "Up":
		r.upAnnotation(l)
	case "Down":
		r.downAnnotation(l)
	case "StatementBegin":
		r.beginAnnotation(l)
	case "StatementEnd":
		r.endAnnotation(l)
	case "NO TRANSACTION":
		r.f.Tx, r.f.TxSource = TxNone, fmt.Sprintf("-- +goose NO TRANSACTION on line %d", l.n)
	}
}

func (r *gooseReader) upAnnotation(l line) {
	if r.upLine == 0 && r.state == gooseDown {
		// Down came first and was reported; lint what follows as the
		// up part the author meant.
		r.state, r.upLine = gooseUp, l.n
		r.resetBuf()
		return
	}
	if r.state != gooseStart {
		r.problem(l.start, "duplicate -- +goose Up on line %d (the first is on line %d): goose rejects the file", l.n, r.upLine)
		return
	}
	r.state, r.upLine = gooseUp, l.n
}

func (r *gooseReader) downAnnotation(l line) {
	switch r.state {
	case gooseUp:
		r.unfinished("before -- +goose Down")
	case gooseStart:
		r.problem(l.start, "-- +goose Down on line %d before -- +goose Up: goose rejects the file and would run nothing as up", l.n)
		r.reportedEarly = true
	case gooseUpBlock:
		r.problem(l.start, "-- +goose Down on line %d inside the -- +goose StatementBegin of line %d: goose rejects the file", l.n, r.blockLine)
	default:
		r.problem(l.start, "duplicate -- +goose Down on line %d (the first is on line %d): goose rejects the file", l.n, r.downLine)
		return
	}
	r.state, r.downLine = gooseDown, l.n
	r.resetBuf()
}

func (r *gooseReader) beginAnnotation(l line) {
	switch r.state {
	case gooseUp:
		r.state = gooseUpBlock
	case gooseDown:
		r.state = gooseDownBlock
	case gooseStart:
		r.problem(l.start, "-- +goose StatementBegin on line %d before -- +goose Up: goose rejects the file", l.n)
		r.reportedEarly = true
		r.state, r.upLine = gooseUpBlock, l.n
	default:
		r.problem(l.start, "-- +goose StatementBegin on line %d inside the StatementBegin of line %d, which has no StatementEnd: goose rejects the file", l.n, r.blockLine)
	}
	r.blockLine, r.blockOff = l.n, l.start
}

func (r *gooseReader) endAnnotation(l line) {
	switch r.state {
	case gooseUpBlock:
		r.state = gooseUp
	case gooseDownBlock:
		r.state = gooseDown
	default:
		r.problem(l.start, "-- +goose StatementEnd on line %d without a -- +goose StatementBegin: goose rejects the file", l.n)
	}
	r.resetBuf()
}

// finish reports what the end of the file leaves wrong: a statement before
// -- +goose Up, no Up at all, an open StatementBegin or an unfinished
// statement.
func (r *gooseReader) finish() {
	if r.earlyOff >= 0 && r.upLine > 0 {
		r.problem(r.earlyOff, "statement on line %d before -- +goose Up: goose rejects the file", r.earlyLine)
	}
	switch r.state {
	case gooseStart:
		if !r.reportedEarly {
			r.problem(firstText(r.f.Src), "no -- +goose Up annotation: goose rejects the file")
		}
	case gooseUpBlock, gooseDownBlock:
		r.problem(r.blockOff, "-- +goose StatementBegin on line %d has no -- +goose StatementEnd: goose rejects the file", r.blockLine)
	case gooseUp:
		r.unfinished("at the end of the file")
	case gooseDown:
		if r.bufText {
			r.problem(r.bufOff, "statement starting on line %d does not end with a semicolon at the end of a line: goose rejects the file when migrating down", r.bufLine)
		}
	}
}

// gooseAnnotation reads an annotation line the way goose's
// extractAnnotation does. It returns the canonical annotation, or a
// message when goose rejects the line; an indented annotation is both.
func gooseAnnotation(text string) (ann, msg string) {
	cmd := strings.ReplaceAll(text, "--", "")
	cmd = strings.Replace(cmd, "+goose", "", 1)
	quoted := fmt.Sprintf("%q", strings.TrimSpace(text))
	if strings.Contains(cmd, "+goose") {
		return "", "more than one +goose annotation in " + quoted
	}
	cmd = strings.TrimSpace(cmd)
	if cmd == "" {
		return "", "empty goose annotation " + quoted
	}
	for _, a := range gooseAnnotations {
		if strings.EqualFold(cmd, a) {
			ann = a
		}
	}
	if ann == "" {
		return "", "unknown goose annotation " + quoted
	}
	if strings.HasPrefix(text, " ") || strings.HasPrefix(text, "\t") {
		return ann, "indented goose annotation " + quoted + " (annotations must start in column 1)"
	}
	return ann, ""
}

// gooseUpperCase returns the annotation a comment line means when it
// spells "+goose" in another case, which goose does not see.
func gooseUpperCase(text string) string {
	lower := strings.ToLower(text)
	i := strings.Index(lower, "+goose")
	if i < 0 {
		return ""
	}
	cmd := strings.TrimSpace(strings.ReplaceAll(text[:i]+text[i+len("+goose"):], "--", ""))
	for _, a := range gooseAnnotations {
		if strings.EqualFold(cmd, a) {
			return a
		}
	}
	return ""
}

// endsWithSemicolon is goose's test for the end of a statement: the last
// white-space separated word before any word starting with "--" ends with
// a semicolon.
func endsWithSemicolon(text string) bool {
	prev := ""
	for {
		i := strings.IndexFunc(text, notSpace)
		if i < 0 {
			break
		}
		w := text[i:]
		if j := strings.IndexFunc(w, unicode.IsSpace); j >= 0 {
			w, text = w[:j], w[j:]
		} else {
			text = ""
		}
		if strings.HasPrefix(w, "--") {
			break
		}
		prev = w
	}
	return strings.HasSuffix(prev, ";")
}

func notSpace(r rune) bool { return !unicode.IsSpace(r) }
