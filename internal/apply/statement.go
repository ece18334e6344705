package apply

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/pgparse"
)

// runStmt runs one statement under the statement limits and records what
// it did: its duration, rows, locks and rewrites, or its error. The error
// returned is an environment failure. part is the text of src that runs
// (see runPart), which tells COPY data from statements.
func (r *runner) runStmt(ctx context.Context, path, src, part string, lines *pgparse.Lines, s *pgparse.Stmt, held *map[Lock]bool) (*Statement, error) {
	pos := lines.Pos(s.Start)
	st := &Statement{Path: path, Line: pos.Line, Col: pos.Col, Text: shorten(src[s.Start:s.End]), Work: r.work[stmtKey{path, s.Start}]}
	micro, err := r.begin(ctx, s, st, held)
	if err != nil {
		return nil, err
	}
	sctx, cancel, stop := r.limited(ctx)
	defer stop()
	before, err := r.filenodes(sctx)
	if err != nil {
		return nil, r.envErr(ctx, "reading relfilenodes", err)
	}
	var existed map[uint32]bool
	if r.predicting {
		if existed, err = r.relationOIDs(sctx); err != nil {
			return nil, r.envErr(ctx, "reading the catalog", err)
		}
	}
	copyIn, sent := copyInput(s, src, part)
	if !sent {
		st.Error = &Error{Line: pos.Line, Col: pos.Col, Hint: "load the rows with INSERT, or keep the data in a file that psql runs",
			Message: "COPY … FROM STDIN waits for data that this migration tool does not send (only psql reads it from the file after the statement): it fails or hangs when the tool runs it"}
		return st, nil
	}
	results, seen, err := r.exec(sctx, cancel, src[s.Start:s.End], copyIn, st)
	if err != nil {
		if env := r.asEnv(ctx, fmt.Sprintf("%s:%d", path, pos.Line), err); env != nil {
			return nil, env
		}
		st.Error = r.pgError(err, s, lines, src, seen, context.Cause(sctx))
		return st, nil
	}
	if results != nil {
		st.Rows = rowsAffected(results)
	}
	if err := r.recordLocks(sctx, st, seen, held); err != nil {
		return nil, r.envErr(ctx, "reading pg_locks", err)
	}
	if r.conn.PgConn().TxStatus() != 'E' {
		if err := r.recordRewrites(sctx, st, before); err != nil {
			return nil, r.envErr(ctx, "reading relfilenodes", err)
		}
	}
	if r.predicting {
		r.predict(path, s, st, *held, existed)
	}
	stop()
	if micro {
		if err := r.commit(ctx, st, s, lines, src); err != nil {
			return nil, err
		}
	}
	return st, nil
}

// begin starts a transaction of its own for an autocommit statement that
// may run in a transaction block, so its locks can be read before they are
// released, and says whether it did.
func (r *runner) begin(ctx context.Context, s *pgparse.Stmt, st *Statement, held *map[Lock]bool) (bool, error) {
	inTx := r.conn.PgConn().TxStatus() == 'T'
	if !inTx {
		*held = nil
	}
	micro := !inTx && s.Node != nil && allowedInTx(s.Node)
	if micro {
		if _, err := r.conn.Exec(ctx, "BEGIN"); err != nil {
			return false, r.envErr(ctx, "BEGIN", err)
		}
	}
	st.InTx = inTx || micro
	return micro, nil
}

// exec sends the statement text while the observer watches its backend's
// locks; cancel lets the watcher stop a lock wait that outlasts the lock
// timeout.
func (r *runner) exec(ctx context.Context, cancel context.CancelCauseFunc, text string, copyIn io.Reader, st *Statement) ([]*pgconn.Result, sample, error) {
	w := r.watch(ctx, r.conn.PgConn().PID(), cancel)
	started := time.Now()
	var results []*pgconn.Result
	var err error
	if copyIn != nil {
		var tag pgconn.CommandTag
		tag, err = r.conn.PgConn().CopyFrom(ctx, copyIn, text)
		st.Rows = tag.RowsAffected()
	} else {
		results, err = r.conn.PgConn().Exec(ctx, text).ReadAll()
	}
	st.Duration = time.Since(started)
	seen := w.stop()
	if err == nil {
		for _, res := range results {
			if res.Err != nil {
				err = res.Err
				break
			}
		}
	}
	return results, seen, err
}

// copyInput returns the data that the migration's tool sends for a
// COPY … FROM STDIN statement: psql sends the data lines after it, which
// the file holds; sent is false when the tool sends none (any other
// tool). nil and true for any other statement.
func copyInput(s *pgparse.Stmt, src, part string) (_ io.Reader, sent bool) {
	if s.Node == nil {
		return nil, true
	}
	c := s.Node.GetCopyStmt()
	if c == nil || !c.IsFrom || c.IsProgram || c.Filename != "" {
		return nil, true
	}
	data, ok := migrations.CopyData(src, part, s.End)
	if !ok {
		return nil, false
	}
	return strings.NewReader(data), true
}

// rowsAffected sums the rows the commands report.
func rowsAffected(results []*pgconn.Result) int64 {
	var n int64
	for _, res := range results {
		if t := res.CommandTag; t.Update() || t.Delete() || t.Insert() || t.Select() {
			n += t.RowsAffected()
		}
	}
	return n
}

// recordLocks records the table locks the statement took: those its
// transaction holds now that it did not hold before, or outside a
// transaction block (CREATE INDEX CONCURRENTLY) what the watcher saw
// while it ran.
func (r *runner) recordLocks(ctx context.Context, st *Statement, seen sample, held *map[Lock]bool) error {
	if r.conn.PgConn().TxStatus() != 'T' {
		st.Locks = seen.granted
		sortLocks(st.Locks)
		return nil
	}
	locks, err := r.ownLocks(ctx)
	if err != nil {
		return err
	}
	if *held == nil {
		*held = map[Lock]bool{}
	}
	for _, l := range locks {
		if !(*held)[l] {
			st.Locks = append(st.Locks, l)
			(*held)[l] = true
		}
	}
	sortLocks(st.Locks)
	return nil
}

// shorten returns the statement on one line, cut to 100 characters.
func shorten(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > 100 {
		s = string([]rune(s)[:97]) + "..."
	}
	return s
}
