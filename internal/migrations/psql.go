package migrations

import (
	"fmt"
	"strings"

	"github.com/migguard/migguard/internal/lazyre"
)

// psql reads what the server never sees: a backslash outside quotes and
// comments starts a meta-command that runs to the end of its line
// (\set ON_ERROR_STOP on, \i other.sql, \connect db), and COPY … FROM
// stdin (or \copy … from stdin) takes the lines after it, up to a line
// `\.`, as data. In the files psql runs (plain SQL, Sqitch scripts)
// migguard ends the statement before a meta-command, as the meta-command
// line does in practice, turns the backslash into a semicolon and blanks
// the rest of the line, blanks COPY data, and notes each as not analysed.
// Every other byte keeps its offset.

var (
	copyFromStdinRx = lazyre.New(`(?is)^copy\b.*\bfrom\s+p?stdin\b`)
	psqlCopyRx      = lazyre.New(`(?is)^\\copy\b.*\bfrom\s+p?stdin\b`)
)

// readPsql handles psql's meta-commands and COPY data in f's parts.
func readPsql(f *File) {
	if !strings.ContainsAny(f.Src, `\`) && !strings.Contains(strings.ToLower(f.Src), "stdin") {
		return
	}
	var notes []Problem
	f.Up, notes = psqlPart(f.Src, f.Up)
	f.Notes = append(f.Notes, notes...)
	if f.Down != "" {
		f.Down, notes = psqlPart(f.Src, f.Down)
		f.Notes = append(f.Notes, notes...)
	}
}

// psqlScanner walks a part as psql's lexer does.
type psqlScanner struct {
	src   string // the file, for line numbers
	b     []byte // the part, rewritten in place
	i     int
	stmt  int // where the current statement starts
	notes []Problem
}

// psqlPart returns part with psql's meta-commands and COPY data handled,
// and the notes that say so.
func psqlPart(src, part string) (string, []Problem) {
	s := &psqlScanner{src: src, b: []byte(part)}
	for s.i < len(s.b) {
		s.step()
	}
	return string(s.b), s.notes
}

// step reads one token, or one character, of the part.
func (s *psqlScanner) step() {
	b, i := s.b, s.i
	switch c := b[i]; {
	case c == '-' && i+1 < len(b) && b[i+1] == '-':
		s.i = lineEnd(b, i)
	case c == '/' && i+1 < len(b) && b[i+1] == '*':
		s.i = commentEnd(b, i)
	case c == '\'':
		escapes := i > 0 && (b[i-1] == 'E' || b[i-1] == 'e') && (i < 2 || !isIdentByte(b[i-2]))
		s.i = quotedEnd(b, i, '\'', escapes)
	case c == '"':
		s.i = quotedEnd(b, i, '"', false)
	case c == '$':
		if tag := dollarTag(b, i); tag != "" {
			if end := strings.Index(string(b[i+len(tag):]), tag); end >= 0 {
				s.i = i + len(tag) + end + len(tag)
			} else {
				s.i = len(b)
			}
			return
		}
		s.i++
	case c == ';':
		s.i++
		if copyFromStdinRx.MatchString(statementText(b[s.stmt:i])) {
			s.copyData(i)
		}
		s.stmt = s.i
	case c == '\\':
		s.metaCommand(i)
	default:
		s.i++
	}
}

// metaCommand handles the meta-command starting at i.
func (s *psqlScanner) metaCommand(i int) {
	end := lineEnd(s.b, i)
	cmd := strings.TrimRight(string(s.b[i:end]), "\r")
	name, _, _ := strings.Cut(cmd, " ")
	line := lineAt(s.src, i)
	note := "psql meta-commands are not analysed"
	switch name {
	case `\i`, `\ir`, `\include`, `\include_relative`:
		note = "the file it includes is not linted here"
	case `\c`, `\connect`:
		note = "migguard replays the statements after it into the same schema"
	}
	s.notes = append(s.notes, Problem{Offset: i, Message: fmt.Sprintf("psql meta-command %s on line %d: %s", name, line, note)})
	s.b[i] = ';'
	for k := i + 1; k < end; k++ {
		s.b[k] = ' '
	}
	s.i = end
	if psqlCopyRx.MatchString(cmd) {
		s.copyData(end - 1)
	}
	s.stmt = s.i
}

// copyData blanks the data lines that follow the line holding offset at,
// up to and including the line `\.`, or to the end of the part.
func (s *psqlScanner) copyData(at int) {
	start, _, end := copySpan(s.b, at)
	if start >= end {
		return
	}
	for k := start; k < end; k++ {
		if s.b[k] != '\n' {
			s.b[k] = ' '
		}
	}
	s.notes = append(s.notes, Problem{Offset: start, Message: fmt.Sprintf("the COPY data on lines %d-%d is not analysed", lineAt(s.src, start), lineAt(s.src, end-1))})
	s.i = end
}

// copySpan returns where the COPY data after the line holding offset at
// starts, where the data ends (before the line `\.`), and where the
// terminator line ends; without a terminator both ends are len(b).
func copySpan(b []byte, at int) (start, dataEnd, end int) {
	start = lineEnd(b, at)
	if start < len(b) {
		start++
	}
	for k := start; k < len(b); {
		e := lineEnd(b, k)
		if strings.TrimRight(string(b[k:e]), " \t\r") == `\.` {
			return start, k, e
		}
		k = e + 1
	}
	return start, len(b), len(b)
}

// CopyData returns the data that psql sends for the COPY … FROM stdin
// statement ending at offset end of part: the lines of src after it, up to
// the line `\.`, which reading the file blanked in part. ok is false when
// part holds those lines as they are: the file's tool is not psql and
// sends no data.
func CopyData(src, part string, end int) (data string, ok bool) {
	if len(part) != len(src) || end < 0 || end > len(src) {
		return "", false
	}
	start, dataEnd, stop := copySpan([]byte(src), end)
	if start >= stop || strings.TrimSpace(src[start:stop]) == "" || strings.TrimSpace(part[start:stop]) != "" {
		return "", false
	}
	return src[start:dataEnd], true
}

// statementText is a statement's text without its leading white space
// and comments.
func statementText(b []byte) string {
	t := string(b)
	for {
		t = strings.TrimLeft(t, " \t\r\n\f\v")
		switch {
		case strings.HasPrefix(t, "--"):
			nl := strings.IndexByte(t, '\n')
			if nl < 0 {
				return ""
			}
			t = t[nl+1:]
		case strings.HasPrefix(t, "/*"):
			t = t[commentEnd([]byte(t), 0):]
		default:
			return t
		}
	}
}

// lineEnd returns the offset of the line feed that ends the line holding
// i, or len(b).
func lineEnd(b []byte, i int) int {
	for ; i < len(b); i++ {
		if b[i] == '\n' {
			return i
		}
	}
	return len(b)
}

// commentEnd returns the end of the /* */ comment starting at i; such
// comments nest in PostgreSQL.
func commentEnd(b []byte, i int) int {
	depth := 0
	for i < len(b) {
		switch {
		case b[i] == '/' && i+1 < len(b) && b[i+1] == '*':
			depth++
			i += 2
		case b[i] == '*' && i+1 < len(b) && b[i+1] == '/':
			depth--
			i += 2
			if depth == 0 {
				return i
			}
		default:
			i++
		}
	}
	return len(b)
}

// quotedEnd returns the end of the quoted string or identifier starting
// at i; a doubled quote is part of it, and so is the character after a
// backslash in an E'\n'-style string.
func quotedEnd(b []byte, i int, q byte, escapes bool) int {
	for i++; i < len(b); i++ {
		switch {
		case escapes && b[i] == '\\':
			i++
		case b[i] == q && i+1 < len(b) && b[i+1] == q:
			i++
		case b[i] == q:
			return i + 1
		}
	}
	return len(b)
}

// dollarTag returns the dollar-quote opening at i ($$ or $tag$), or "".
func dollarTag(b []byte, i int) string {
	if i > 0 && isIdentByte(b[i-1]) {
		return ""
	}
	j := i + 1
	for j < len(b) && (isLetter(b[j]) || j > i+1 && b[j] >= '0' && b[j] <= '9' || b[j] >= 0x80) {
		j++
	}
	if j < len(b) && b[j] == '$' {
		return string(b[i : j+1])
	}
	return ""
}
