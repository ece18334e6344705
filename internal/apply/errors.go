package apply

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/migguard/migguard/internal/pgparse"
)

// asEnv returns an *EnvError when err is the environment failing (the
// connection lost, the server shutting down or out of resources, Ctrl-C)
// rather than the statement; else nil.
func (r *runner) asEnv(ctx context.Context, what string, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case strings.HasPrefix(pe.Code, "53"), strings.HasPrefix(pe.Code, "58"), strings.HasPrefix(pe.Code, "XX"),
			pe.Code == "57P01", pe.Code == "57P02", pe.Code == "57P03", strings.HasPrefix(pe.Code, "08"):
			return &EnvError{Msg: fmt.Sprintf("PostgreSQL failed while running %s: %s (SQLSTATE %s); this is the server's environment, not the migration", what, pe.Message, pe.Code)}
		}
		return nil
	}
	if r.conn.IsClosed() || pgconn.SafeToRetry(err) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return &EnvError{Msg: fmt.Sprintf("lost the connection to PostgreSQL while running %s (was the server stopped?)", what), Err: err}
	}
	var ne interface{ Timeout() bool }
	if errors.As(err, &ne) {
		return &EnvError{Msg: fmt.Sprintf("lost the connection to PostgreSQL while running %s", what), Err: err}
	}
	return &EnvError{Msg: fmt.Sprintf("running %s", what), Err: err}
}

// envErr is asEnv for errors that are never the migration's.
func (r *runner) envErr(ctx context.Context, what string, err error) error {
	if e := r.asEnv(ctx, what, err); e != nil {
		return e
	}
	return &EnvError{Msg: fmt.Sprintf("running %s", what), Err: err}
}

// pgError turns PostgreSQL's error for statement s into an *Error located
// in the file, explained (a limit of apply's, a privilege migguard does
// not give) and tied to a rule. cause is why the statement's context
// ended, if it did.
func (r *runner) pgError(err error, s *pgparse.Stmt, lines *pgparse.Lines, src string, sm sample, cause error) *Error {
	e := &Error{Message: err.Error()}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		e.Code, e.Message, e.Detail, e.Hint = pe.Code, pe.Message, pe.Detail, pe.Hint
		e.schema, e.table, e.column = pe.SchemaName, pe.TableName, pe.ColumnName
	}
	if s != nil {
		off := s.Start
		if pe != nil && pe.Position > 0 {
			off = s.Start + charsToBytes(src[s.Start:], int(pe.Position)-1)
		}
		p := lines.Pos(off)
		e.Line, e.Col = p.Line, p.Col
	}
	r.limitNote(e, cause)
	if e.Code == "55P03" && sm.waiting != nil {
		e.Waiting, e.Blockers = sm.waiting, sm.blockers
	}
	if s == nil {
		return e
	}
	r.explain(e, s)
	r.privilegeNote(e, s)
	if e.Code == "23505" && s.Node.GetIndexStmt().GetConcurrent() {
		e.Note = "CREATE INDEX CONCURRENTLY failed and leaves an INVALID index behind: drop it (DROP INDEX CONCURRENTLY) before trying again"
	}
	return e
}

// privilegeNote explains a statement refused for lack of privilege: the
// migrations run as a role that owns only the scratch database, and what
// needs more (COPY … PROGRAM, pg_read_file, ALTER SYSTEM, CREATE ROLE, an
// untrusted extension) is refused on purpose. It also explains CREATE
// EXTENSION of an extension that was created before the migrations.
func (r *runner) privilegeNote(e *Error, s *pgparse.Stmt) {
	ext := s.Node.GetCreateExtensionStmt()
	switch {
	case e.Code == "42501" && ext != nil:
		e.Note = fmt.Sprintf("creating extension %q needs privileges migguard does not give untrusted migrations: they run as role %s, which owns only the scratch database and is not a superuser. "+
			"To prove migrations that need it, pass --allow-extensions=%s: the extension is then created by the privileged role before the migrations run (write CREATE EXTENSION IF NOT EXISTS)", ext.GetExtname(), r.role, ext.GetExtname())
	case e.Code == "42501":
		e.Note = fmt.Sprintf("this statement needs privileges migguard does not give untrusted migrations: they run as role %s, which owns only the scratch database and is not a superuser", r.role)
	case e.Code == "42710" && ext != nil && slices.Contains(r.extensions, ext.GetExtname()):
		e.Note = fmt.Sprintf("extension %q was created before the migrations ran (--allow-extensions); write CREATE EXTENSION IF NOT EXISTS", ext.GetExtname())
	}
}

// charsToBytes converts a character count from the start of s to bytes.
func charsToBytes(s string, chars int) int {
	off := 0
	for i := 0; i < chars && off < len(s); i++ {
		_, n := utf8.DecodeRuneInString(s[off:])
		off += n
	}
	return off
}
