package migrations

import (
	"bytes"
	"fmt"
	"path"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxFileSize is the largest migration file migguard reads.
const MaxFileSize = 64 << 20

// binaryProbe is how many leading bytes are searched for a NUL byte, as git
// does to tell binary files from text.
const binaryProbe = 8000

const bom = "\uFEFF"

// ParseFile reads one migration file of the given format: it checks that
// the file is text, splits it into its up and down parts the way the tool
// does, records format problems, and works out how the tool runs the up
// part in transactions. A `-- migguard:tx <mode>` line overrides the
// format's transaction model.
//
// path is the slash-separated path as printed; its base name gives Version
// and Name where the format puts them in the file name. ParseFile does not
// judge the name: LoadDir does.
//
// The error is an *InputError for content that cannot be linted at all: a
// file over MaxFileSize, a binary file (a NUL byte in the first 8000
// bytes), or text that is not UTF-8. Nothing is stripped from the text: a
// UTF-8 byte order mark and CR LF line ends stay in Src, so every offset is
// an offset of the file as read; the parts blank the byte order mark.
func ParseFile(format Format, path string, src []byte) (*File, error) {
	if err := checkText(path, src); err != nil {
		return nil, err
	}
	f := &File{Path: path, Src: string(src)}
	f.Version, f.Name, f.Repeatable = nameParts(format, path)
	switch format {
	case Goose:
		parseGoose(f)
	case Dbmate:
		parseDbmate(f)
	case GolangMigrate:
		f.Tx, f.TxSource = TxImplicit, "golang-migrate default: the file is sent as one multi-statement string"
		if strings.HasSuffix(path, ".down.sql") {
			f.Up, f.Down = blankAll(f.Src), blankBOM(f.Src)
		} else {
			f.Up = blankBOM(f.Src)
		}
	case Flyway:
		f.Tx, f.TxSource = TxWrapped, "flyway default: each migration runs in a transaction"
		if isFlywayUndo(path) {
			f.Up, f.Down = blankAll(f.Src), blankBOM(f.Src)
		} else {
			f.Up = blankBOM(f.Src)
		}
	case Atlas:
		parseAtlas(f)
	case Plain, Single:
		f.Up = blankBOM(f.Src)
		f.Tx, f.TxSource = TxNone, "plain SQL: psql -f runs each statement in autocommit"
	default:
		return nil, fmt.Errorf("%s: unknown migration format %q", path, format)
	}
	applyTxDirective(f)
	return f, nil
}

// checkText rejects what cannot be linted as SQL text.
func checkText(path string, src []byte) error {
	if len(src) > MaxFileSize {
		return &InputError{Path: path, Err: fmt.Sprintf("file is larger than %d MiB", MaxFileSize>>20)}
	}
	probe := src
	if len(probe) > binaryProbe {
		probe = probe[:binaryProbe]
	}
	if bytes.IndexByte(probe, 0) >= 0 {
		return &InputError{Path: path, Err: "binary file"}
	}
	if !utf8.Valid(src) {
		off := 0
		for off < len(src) {
			r, n := utf8.DecodeRune(src[off:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			off += n
		}
		line := bytes.Count(src[:off], []byte("\n")) + 1
		return &InputError{Path: path, Err: fmt.Sprintf("invalid UTF-8 at byte %d (line %d)", off, line)}
	}
	return nil
}

// applyTxDirective lets `-- migguard:tx <mode>` override the format.
func applyTxDirective(f *File) {
	off, arg, found := findTxDirective(f.Src)
	if !found {
		return
	}
	mode, ok := ParseTxMode(arg)
	if !ok {
		f.Problems = append(f.Problems, Problem{Offset: off, Message: fmt.Sprintf(
			"-- migguard:tx %q on line %d is not a transaction mode: use none, wrapped or implicit", arg, lineAt(f.Src, off))})
		return
	}
	f.Tx = mode
	f.TxSource = fmt.Sprintf("-- migguard:tx %s on line %d", mode, lineAt(f.Src, off))
}

// nameParts reads the version and description the format's tool reads
// from the file name; ok-ness of the name is LoadDir's concern.
func nameParts(format Format, p string) (version, name string, repeatable bool) {
	base := path.Base(p)
	switch format {
	case GolangMigrate:
		if m := golangMigrateRx.FindStringSubmatch(base); m != nil {
			return m[1], m[2], false
		}
	case Goose, Atlas, Dbmate, Plain:
		stem := strings.TrimSuffix(base, ".sql")
		digits := leadingDigits(stem)
		if digits == "" {
			return "", stem, false
		}
		rest := strings.TrimLeft(stem[len(digits):], "_-.")
		return digits, rest, false
	case Flyway:
		if fn, ok := parseFlywayName(base); ok {
			return fn.version, fn.desc, fn.kind == 'R'
		}
	}
	return "", strings.TrimSuffix(base, ".sql"), false
}

func leadingDigits(s string) string {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i]
}

// line is one line of a file: [start, end) without its line feed; text is
// the line without a trailing carriage return, as bufio.ScanLines gives it.
type line struct {
	start, end int
	text       string
	n          int // 1-based line number
}

func splitLines(src string) []line {
	var out []line
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

// blankAll returns src with every byte but line feeds turned into spaces.
func blankAll(src string) string {
	b := []byte(src)
	for i := range b {
		if b[i] != '\n' {
			b[i] = ' '
		}
	}
	return string(b)
}

// blankBOM returns src with a leading byte order mark blanked.
func blankBOM(src string) string {
	if strings.HasPrefix(src, bom) {
		return "   " + src[len(bom):]
	}
	return src
}

// part builds a copy of src blanked everywhere except the given ranges.
type part struct {
	src string
	buf []byte
	any bool
}

func newPart(src string) *part { return &part{src: src, buf: []byte(blankAll(src))} }

func (p *part) keep(start, end int) {
	copy(p.buf[start:end], p.src[start:end])
	if start < end {
		p.any = true
	}
}

func (p *part) String() string { return blankBOM(string(p.buf)) }

// Goose annotations, as pressly/goose's sqlparser spells them. They match
// case-insensitively.
var gooseAnnotations = []string{"Up", "Down", "StatementBegin", "StatementEnd", "NO TRANSACTION", "ENVSUB ON", "ENVSUB OFF"}

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
	src := f.Src
	up, down := newPart(src), newPart(src)
	f.Tx, f.TxSource = TxWrapped, "goose default: each file runs in a transaction"
	problem := func(off int, format string, args ...any) {
		f.Problems = append(f.Problems, Problem{Offset: off, Message: fmt.Sprintf(format, args...)})
	}
	if strings.HasPrefix(src, bom) {
		problem(0, "file starts with a UTF-8 byte order mark: goose reads line 1 as a statement before -- +goose Up and rejects the file")
	}
	state := gooseStart
	upLine, downLine, blockLine, blockOff := 0, 0, 0, 0
	reportedEarly := false
	earlyOff, earlyLine := -1, 0 // the first statement before -- +goose Up
	// The statement goose is collecting: whether it has started, whether it
	// holds more than white space, and where it started.
	bufStarted, bufText, bufOff, bufLine := false, false, 0, 0
	resetBuf := func() { bufStarted, bufText = false, false }
	unfinished := func(where string) {
		if bufText {
			problem(bufOff, "statement starting on line %d does not end with a semicolon at the end of a line %s: goose rejects the file", bufLine, where)
		}
		resetBuf()
	}
	for _, l := range splitLines(src) {
		text := l.text
		if l.n == 1 {
			text = strings.TrimPrefix(text, bom)
		}
		trimmed := strings.TrimSpace(text)
		if state == gooseStart && trimmed == "" {
			continue
		}
		if strings.HasPrefix(trimmed, "--") && strings.Contains(text, "+goose") {
			ann, msg := gooseAnnotation(text)
			if msg != "" {
				problem(l.start, "%s on line %d: goose rejects the file", msg, l.n)
				if ann == "" {
					continue
				}
			}
			switch ann {
			case "Up":
				if upLine == 0 && state == gooseDown {
					// Down came first and was reported; lint what
					// follows as the up part the author meant.
					state, upLine = gooseUp, l.n
					resetBuf()
					continue
				}
				if state != gooseStart {
					problem(l.start, "duplicate -- +goose Up on line %d (the first is on line %d): goose rejects the file", l.n, upLine)
					continue
				}
				state, upLine = gooseUp, l.n
			case "Down":
				switch state {
				case gooseUp:
					unfinished("before -- +goose Down")
				case gooseStart:
					problem(l.start, "-- +goose Down on line %d before -- +goose Up: goose rejects the file and would run nothing as up", l.n)
					reportedEarly = true
				case gooseUpBlock:
					problem(l.start, "-- +goose Down on line %d inside the -- +goose StatementBegin of line %d: goose rejects the file", l.n, blockLine)
				default:
					problem(l.start, "duplicate -- +goose Down on line %d (the first is on line %d): goose rejects the file", l.n, downLine)
					continue
				}
				state, downLine = gooseDown, l.n
				resetBuf()
			case "StatementBegin":
				switch state {
				case gooseUp:
					state = gooseUpBlock
				case gooseDown:
					state = gooseDownBlock
				case gooseStart:
					problem(l.start, "-- +goose StatementBegin on line %d before -- +goose Up: goose rejects the file", l.n)
					reportedEarly = true
					state, upLine = gooseUpBlock, l.n
				default:
					problem(l.start, "-- +goose StatementBegin on line %d inside the StatementBegin of line %d, which has no StatementEnd: goose rejects the file", l.n, blockLine)
				}
				blockLine, blockOff = l.n, l.start
			case "StatementEnd":
				switch state {
				case gooseUpBlock:
					state = gooseUp
				case gooseDownBlock:
					state = gooseDown
				default:
					problem(l.start, "-- +goose StatementEnd on line %d without a -- +goose StatementBegin: goose rejects the file", l.n)
				}
				resetBuf()
			case "NO TRANSACTION":
				f.Tx, f.TxSource = TxNone, fmt.Sprintf("-- +goose NO TRANSACTION on line %d", l.n)
			}
			continue
		}
		if strings.HasPrefix(trimmed, "--") {
			if ann := gooseUpperCase(text); ann != "" {
				problem(l.start, "%q on line %d is not a goose annotation: goose looks for \"+goose\" in lower case and reads the line as a comment; write -- +goose %s",
					trimmed, l.n, ann)
			}
		}
		if !bufStarted && (strings.HasPrefix(trimmed, "--") || text == "") {
			// Comments and empty lines between statements: goose skips
			// them; they stay in the part so migguard directives apply.
			switch state {
			case gooseUp, gooseUpBlock:
				up.keep(l.start, l.end)
			case gooseDown, gooseDownBlock:
				down.keep(l.start, l.end)
			}
			continue
		}
		switch state {
		case gooseStart:
			if earlyOff < 0 {
				earlyOff, earlyLine = l.start, l.n
			}
			continue
		case gooseUp, gooseUpBlock:
			up.keep(l.start, l.end)
		default:
			down.keep(l.start, l.end)
		}
		if !bufStarted {
			bufStarted, bufOff, bufLine = true, l.start, l.n
		}
		if trimmed != "" && !bufText {
			bufText, bufOff, bufLine = true, l.start+strings.Index(l.text, trimmed), l.n
		}
		if (state == gooseUp || state == gooseDown) && endsWithSemicolon(text) {
			resetBuf()
		}
	}
	if earlyOff >= 0 && upLine > 0 {
		problem(earlyOff, "statement on line %d before -- +goose Up: goose rejects the file", earlyLine)
	}
	switch state {
	case gooseStart:
		if !reportedEarly {
			problem(firstText(src), "no -- +goose Up annotation: goose rejects the file")
		}
	case gooseUpBlock, gooseDownBlock:
		problem(blockOff, "-- +goose StatementBegin on line %d has no -- +goose StatementEnd: goose rejects the file", blockLine)
	case gooseUp:
		unfinished("at the end of the file")
	case gooseDown:
		if bufText {
			problem(bufOff, "statement starting on line %d does not end with a semicolon at the end of a line: goose rejects the file when migrating down", bufLine)
		}
	}
	f.Up = up.String()
	if downLine > 0 {
		f.Down = down.String()
	}
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
	for _, w := range strings.FieldsFunc(text, unicode.IsSpace) {
		if strings.HasPrefix(w, "--") {
			break
		}
		prev = w
	}
	return strings.HasSuffix(prev, ";")
}

// dbmate's markers, from amacneil/dbmate pkg/dbmate/migration.go.
var (
	dbmateUpRx   = regexp.MustCompile(`(?m)^--\s*migrate:up(\s*$|\s+\S+)`)
	dbmateDownRx = regexp.MustCompile(`(?m)^--\s*migrate:down(\s*$|\s+\S+)$`)
)

// parseDbmate follows dbmate: the first `-- migrate:up` line starts the up
// block, which runs to the first `-- migrate:down` line; both are
// required, up first, and only blank and comment lines may precede up.
// The options on the marker line decide the transaction: by default dbmate
// runs the block in a transaction; with transaction:false it sends the
// block as one multi-statement string, which PostgreSQL runs as one
// implicit transaction.
func parseDbmate(f *File) {
	src := f.Src
	problem := func(off int, format string, args ...any) {
		f.Problems = append(f.Problems, Problem{Offset: off, Message: fmt.Sprintf(format, args...)})
	}
	f.Tx, f.TxSource = TxWrapped, "dbmate default: each block runs in a transaction"
	upAt, downAt := -1, -1
	if m := dbmateUpRx.FindStringIndex(src); m != nil {
		upAt = m[0]
	}
	if m := dbmateDownRx.FindStringIndex(src); m != nil {
		downAt = m[0]
	}
	up, down := newPart(src), newPart(src)
	if upAt < 0 {
		msg := "no -- migrate:up marker: dbmate requires an up block"
		if strings.HasPrefix(src, bom+"--") {
			msg += " (the byte order mark at the start of the file hides the marker on line 1 from dbmate)"
		}
		problem(firstText(src), "%s", msg)
		f.Up = up.String()
		if downAt >= 0 {
			down.keep(downAt, len(src))
			f.Down = down.String()
		}
		return
	}
	upEnd := len(src)
	switch {
	case downAt < 0:
		problem(upAt, "no -- migrate:down marker after -- migrate:up on line %d: dbmate requires a down block", lineAt(src, upAt))
	case downAt < upAt:
		problem(downAt, "-- migrate:down on line %d before -- migrate:up on line %d: dbmate rejects the file", lineAt(src, downAt), lineAt(src, upAt))
		down.keep(downAt, upAt)
	default:
		upEnd = downAt
		down.keep(downAt, len(src))
	}
	for _, l := range splitLines(src[:upAt]) {
		if downAt >= 0 && downAt < upAt {
			break // dbmate reports the order first
		}
		t := strings.TrimSpace(l.text)
		if l.n == 1 {
			t = strings.TrimSpace(strings.TrimPrefix(l.text, bom))
		}
		if t != "" && !strings.HasPrefix(t, "--") {
			problem(l.start, "statement on line %d before -- migrate:up: dbmate rejects the file", l.n)
			break
		}
	}
	up.keep(upAt, upEnd)
	f.Up = up.String()
	if downAt >= 0 {
		f.Down = down.String()
	}
	marker := restOfLine(src[upAt:])
	for _, opt := range strings.Fields(marker) {
		if kv := strings.Split(opt, ":"); len(kv) == 2 && kv[0] == "transaction" && kv[1] == "false" {
			f.Tx = TxImplicit
			f.TxSource = fmt.Sprintf("-- migrate:up transaction:false on line %d (the block is sent as one multi-statement string)", lineAt(src, upAt))
		}
	}
}

// atlasDirectiveRx is Atlas's directive pattern (ariga/atlas sql/migrate).
var atlasDirectiveRx = regexp.MustCompile(`^([ -~]*)atlas:(\w+)(?: +([ -~]*))*`)

// parseAtlas reads the `-- atlas:txmode` file directive. Atlas reads file
// directives only from the comment lines at the top of the file, and only
// when an empty line separates them from the rest.
func parseAtlas(f *File) {
	src := f.Src
	f.Up = blankBOM(src)
	f.Tx, f.TxSource = TxWrapped, "atlas default: each file runs in a transaction (txmode file)"
	content, off, n := src, 0, 1
	type directive struct {
		off, line int
		arg       string
	}
	var found []directive
	for strings.HasPrefix(content, "#") || strings.HasPrefix(content, "--") {
		end := strings.IndexByte(content, '\n')
		if end < 0 {
			end = len(content)
		}
		if m := atlasDirectiveRx.FindStringSubmatch(strings.TrimSpace(content[:end])); m != nil && m[2] == "txmode" {
			found = append(found, directive{off: off, line: n, arg: m[3]})
		}
		if end == len(content) {
			content = ""
			break
		}
		content, off, n = content[end+1:], off+end+1, n+1
	}
	detached := content == "" || strings.HasPrefix(strings.TrimLeft(content, " \t"), "\n")
	for _, d := range found {
		if !detached {
			f.Problems = append(f.Problems, Problem{Offset: d.off, Message: fmt.Sprintf(
				"-- atlas:txmode on line %d is not followed by an empty line: atlas ignores it", d.line)})
			continue
		}
		switch d.arg {
		case "none":
			f.Tx = TxNone
		case "file", "all":
			f.Tx = TxWrapped
		default:
			f.Problems = append(f.Problems, Problem{Offset: d.off, Message: fmt.Sprintf(
				"unknown atlas txmode %q on line %d: use none, file or all", d.arg, d.line)})
			continue
		}
		f.TxSource = fmt.Sprintf("-- atlas:txmode %s on line %d", d.arg, d.line)
	}
}
