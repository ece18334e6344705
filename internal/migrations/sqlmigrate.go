package migrations

import (
	"fmt"
	"strings"

	"github.com/migguard/migguard/internal/lazyre"
)

// sqlMigrateRx finds rubenv/sql-migrate's section commands in a file head.
var sqlMigrateRx = lazyre.New(`(?m)^-- \+migrate (Up|Down)\b`)

// sqlMigratePrefix starts every sql-migrate command line.
const sqlMigratePrefix = "-- +migrate "

// parseSQLMigrate follows rubenv/sql-migrate's sqlparse.ParseMigration: a
// line starting with "-- +migrate " is a command (Up, Down, StatementBegin,
// StatementEnd, case-sensitive; other commands are ignored); Up and Down
// start sections, which may alternate; lines before the first section are
// ignored; outside StatementBegin/StatementEnd a line whose last word ends
// with a semicolon ends a statement. `-- +migrate Up notransaction` runs
// the up statements outside a transaction; by default sql-migrate runs
// each migration in one. The Down sections are the down part, which is
// neither linted nor replayed.
func parseSQLMigrate(f *File) {
	r := &sqlMigrateReader{f: f, up: newPart(f.Src), down: newPart(f.Src)}
	f.Tx, f.TxSource = TxWrapped, "sql-migrate default: each migration runs in a transaction"
	for _, l := range splitLines(f.Src) {
		r.line(l)
	}
	r.finish()
	f.Up = r.up.String()
	if r.down.any {
		f.Down = r.down.String()
	}
}

// sqlMigrateReader is one pass of parseSQLMigrate over a file.
type sqlMigrateReader struct {
	f        *File
	up, down *part
	// dir is the section the reader is in: 0 before any, 'u' or 'd'.
	dir byte
	// block is the line of an open StatementBegin, 0 when none.
	block int
	// The statement being collected: whether it holds text, and where.
	bufText          bool
	bufOff, bufLine  int
	earlyOff, earlyN int // the first statement line before any section
}

func (r *sqlMigrateReader) problem(off int, format string, args ...any) {
	r.f.Problems = append(r.f.Problems, Problem{Offset: off, Message: fmt.Sprintf(format, args...)})
}

func (r *sqlMigrateReader) line(l line) {
	text := l.text
	if l.n == 1 {
		text = strings.TrimPrefix(text, bom)
	}
	if strings.HasPrefix(text, sqlMigratePrefix) {
		r.command(l, text)
		return
	}
	trimmed := strings.TrimSpace(text)
	if r.dir == 0 {
		if trimmed != "" && !strings.HasPrefix(trimmed, "--") && r.earlyN == 0 {
			r.earlyOff, r.earlyN = l.start+strings.Index(l.text, trimmed), l.n
		}
		return
	}
	p := r.up
	if r.dir == 'd' {
		p = r.down
	}
	p.keep(l.start, l.end)
	if strings.HasPrefix(text, "-- ") || strings.HasPrefix(text, "-- +") {
		return // comments between statements, which sql-migrate drops
	}
	if trimmed != "" && !r.bufText {
		r.bufText, r.bufOff, r.bufLine = true, l.start+strings.Index(l.text, trimmed), l.n
	}
	if r.block == 0 && endsWithSemicolon(text) {
		r.bufText = false
	}
}

// command reads a -- +migrate line.
func (r *sqlMigrateReader) command(l line, text string) {
	fields := strings.Fields(text[len(sqlMigratePrefix):])
	if len(fields) == 0 {
		r.problem(l.start, "incomplete sql-migrate command on line %d: sql-migrate rejects the file", l.n)
		return
	}
	switch fields[0] {
	case "Up", "Down":
		if r.bufText {
			r.problem(r.bufOff, "statement starting on line %d does not end with a semicolon before the -- +migrate %s on line %d: sql-migrate rejects the file",
				r.bufLine, fields[0], l.n)
			r.bufText = false
		}
		r.dir = 'u'
		if fields[0] == "Down" {
			r.dir = 'd'
		}
		for _, opt := range fields[1:] {
			if opt == "notransaction" && r.dir == 'u' {
				r.f.Tx, r.f.TxSource = TxNone, fmt.Sprintf("-- +migrate Up notransaction on line %d", l.n)
			}
		}
	case "StatementBegin":
		if r.dir != 0 {
			r.block = l.n
		}
	case "StatementEnd":
		if r.dir != 0 {
			r.block = 0
			r.bufText = false
		}
	default:
		r.problem(l.start, "unknown sql-migrate command %q on line %d: sql-migrate ignores the line (commands are Up, Down, StatementBegin and StatementEnd, in that case)",
			fields[0], l.n)
	}
}

// finish reports what the end of the file leaves wrong.
func (r *sqlMigrateReader) finish() {
	if r.earlyN > 0 {
		r.problem(r.earlyOff, "statement on line %d before any -- +migrate Up or Down: sql-migrate ignores it", r.earlyN)
	}
	switch {
	case r.block > 0:
		r.problem(firstText(r.f.Src), "-- +migrate StatementBegin on line %d has no -- +migrate StatementEnd: sql-migrate rejects the file", r.block)
	case r.dir == 0:
		r.problem(firstText(r.f.Src), "no -- +migrate Up or Down annotation: sql-migrate rejects the file")
	case r.bufText:
		r.problem(r.bufOff, "statement starting on line %d does not end with a semicolon at the end of a line: sql-migrate rejects the file", r.bufLine)
	}
}
