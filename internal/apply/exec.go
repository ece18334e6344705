package apply

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/rules"
)

// runner applies migration parts over conn and watches them from obs.
type runner struct {
	conn     *pgx.Conn
	obs      *pgx.Conn
	findings []rules.Finding
	progress io.Writer
}

func parseStmts(part string) []*pgparse.Stmt { return pgparse.Parse(part) }

// runPart applies one part of a file (its up or down text, blanked
// elsewhere so offsets are offsets of src) the way its tool would, and
// stops at the first failing statement. With record false only failures
// are kept. The error is an environment failure.
func (r *runner) runPart(ctx context.Context, path, src, part string, mode migrations.TxMode, record bool) (*FileResult, error) {
	fr := &FileResult{Path: path, Tx: txName(mode)}
	stmts := parseStmts(part)
	lines := pgparse.NewLines(src)
	wrap := false
	switch mode {
	case migrations.TxWrapped:
		wrap = true
	case migrations.TxImplicit:
		// One multi-statement string is one implicit transaction, unless
		// it controls transactions itself; a single statement runs alone.
		wrap = len(stmts) > 1 && !hasTxControl(stmts)
		if !wrap {
			fr.Tx = "one statement, outside a transaction"
		}
	}
	if wrap {
		if _, err := r.conn.Exec(ctx, "BEGIN"); err != nil {
			return nil, r.envErr(ctx, "BEGIN", err)
		}
	}
	var held map[Lock]bool // locks held in the open transaction
	for _, s := range stmts {
		st, err := r.runStmt(ctx, path, src, lines, s, &held)
		if err != nil {
			return nil, err
		}
		if record || st.Error != nil {
			fr.Statements = append(fr.Statements, st)
		}
		if st.Error != nil {
			if r.conn.PgConn().TxStatus() != 'I' {
				r.conn.Exec(ctx, "ROLLBACK")
			}
			return fr, nil
		}
	}
	if r.conn.PgConn().TxStatus() != 'I' && (wrap || mode != migrations.TxNone) {
		// The tool's COMMIT (or the end of the implicit transaction).
		if _, err := r.conn.Exec(ctx, "COMMIT"); err != nil {
			if env := r.asEnv(ctx, "COMMIT", err); env != nil {
				return nil, env
			}
			end := lines.Pos(len(part))
			st := &Statement{Path: path, Line: end.Line, Col: end.Col, Text: "COMMIT", Error: r.pgError(err, nil, lines, src, sample{})}
			fr.Statements = append(fr.Statements, st)
			r.conn.Exec(ctx, "ROLLBACK")
		}
	}
	return fr, nil
}

// runStmt runs one statement and records what it did.
func (r *runner) runStmt(ctx context.Context, path, src string, lines *pgparse.Lines, s *pgparse.Stmt, held *map[Lock]bool) (*Statement, error) {
	text := src[s.Start:s.End]
	pos := lines.Pos(s.Start)
	st := &Statement{Path: path, Line: pos.Line, Col: pos.Col, Text: shorten(text)}

	inTx := r.conn.PgConn().TxStatus() == 'T'
	if !inTx {
		*held = nil
	}
	// An autocommit statement that may run in a transaction block runs in
	// one of its own, so its locks can be read before they are released.
	micro := !inTx && s.Node != nil && allowedInTx(s.Node)
	if micro {
		if _, err := r.conn.Exec(ctx, "BEGIN"); err != nil {
			return nil, r.envErr(ctx, "BEGIN", err)
		}
	}
	st.InTx = inTx || micro
	filenodes, err := r.filenodes(ctx)
	if err != nil {
		return nil, r.envErr(ctx, "reading relfilenodes", err)
	}

	pid := r.conn.PgConn().PID()
	w := r.watch(ctx, pid)
	started := time.Now()
	results, err := r.conn.PgConn().Exec(ctx, text).ReadAll()
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
	if err != nil {
		if env := r.asEnv(ctx, fmt.Sprintf("%s:%d", path, pos.Line), err); env != nil {
			return nil, env
		}
		st.Error = r.pgError(err, s, lines, src, seen)
		return st, nil
	}
	for _, res := range results {
		if res.CommandTag.Update() || res.CommandTag.Delete() || res.CommandTag.Insert() || res.CommandTag.Select() {
			st.Rows += res.CommandTag.RowsAffected()
		}
	}
	if r.conn.PgConn().TxStatus() == 'T' {
		locks, err := r.ownLocks(ctx)
		if err != nil {
			return nil, r.envErr(ctx, "reading pg_locks", err)
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
	} else {
		// Outside a transaction block (CREATE INDEX CONCURRENTLY): what
		// the watcher saw while the statement ran.
		st.Locks = seen.granted
	}
	sortLocks(st.Locks)
	if r.conn.PgConn().TxStatus() != 'E' {
		after, err := r.filenodes(ctx)
		if err != nil {
			return nil, r.envErr(ctx, "reading relfilenodes", err)
		}
		// A rewritten table keeps its OID and gets a new relfilenode; an
		// index on a column whose type changed is rebuilt under a new OID
		// with the same name.
		byName := map[string]filenode{}
		for _, b := range filenodes {
			byName[b.name] = b
		}
		for oid, a := range after {
			if b, ok := filenodes[oid]; ok {
				if a.node != b.node && b.node != 0 {
					st.Rewrites = append(st.Rewrites, Rewrite{Relation: a.name, Kind: a.kind})
				}
				continue
			}
			if b, ok := byName[a.name]; ok && a.kind == "index" && b.kind == "index" && !stillThere(filenodes, after, a.name) {
				st.Rewrites = append(st.Rewrites, Rewrite{Relation: a.name, Kind: a.kind})
			}
		}
		sort.Slice(st.Rewrites, func(i, j int) bool { return st.Rewrites[i].Relation < st.Rewrites[j].Relation })
	}
	if micro {
		if _, err := r.conn.Exec(ctx, "COMMIT"); err != nil {
			if env := r.asEnv(ctx, "COMMIT", err); env != nil {
				return nil, env
			}
			st.Error = r.pgError(err, s, lines, src, sample{})
			r.conn.Exec(ctx, "ROLLBACK")
		}
	}
	return st, nil
}

// stillThere reports whether the relation called name before kept its OID.
func stillThere(before, after map[uint32]filenode, name string) bool {
	for oid, b := range before {
		if b.name == name {
			if a, ok := after[oid]; ok && a.name == name {
				return true
			}
		}
	}
	return false
}

// hasTxControl reports whether the statements include BEGIN, COMMIT or the like.
func hasTxControl(stmts []*pgparse.Stmt) bool {
	for _, s := range stmts {
		if s.Node != nil && s.Node.GetTransactionStmt() != nil {
			return true
		}
	}
	return false
}

// allowedInTx reports whether a statement may run inside a transaction
// block, so that an autocommit statement can be wrapped in one without
// changing what it does.
func allowedInTx(n *pgparse.Node) bool {
	switch {
	case n.GetTransactionStmt() != nil, n.GetVacuumStmt() != nil, n.GetCreatedbStmt() != nil,
		n.GetDropdbStmt() != nil, n.GetAlterSystemStmt() != nil, n.GetCallStmt() != nil,
		n.GetCreateTableSpaceStmt() != nil, n.GetDropTableSpaceStmt() != nil, n.GetDoStmt() != nil,
		n.GetVariableSetStmt() != nil, n.GetCreateSubscriptionStmt() != nil, n.GetDropSubscriptionStmt() != nil,
		n.GetAlterSubscriptionStmt() != nil, n.GetAlterEnumStmt() != nil:
		return false
	case n.GetIndexStmt() != nil:
		return !n.GetIndexStmt().GetConcurrent()
	case n.GetDropStmt() != nil:
		return !n.GetDropStmt().GetConcurrent()
	case n.GetReindexStmt() != nil:
		return !rules.HasOption(n.GetReindexStmt().GetParams(), "concurrently")
	case n.GetAlterTableStmt() != nil:
		for _, c := range n.GetAlterTableStmt().GetCmds() {
			if pc := c.GetAlterTableCmd().GetDef().GetPartitionCmd(); pc != nil && pc.GetConcurrent() {
				return false
			}
		}
	}
	return true
}

type filenode struct {
	node uint32
	name string
	kind string
}

// filenodes returns the relfilenode of every user table, index and
// materialized view, by OID.
func (r *runner) filenodes(ctx context.Context) (map[uint32]filenode, error) {
	rows, err := r.conn.Query(ctx, `SELECT c.oid, c.relfilenode, quote_ident(n.nspname) || '.' || quote_ident(c.relname),
  CASE c.relkind WHEN 'r' THEN 'table' WHEN 'i' THEN 'index' WHEN 'm' THEN 'materialized view' ELSE 'relation' END
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'i', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%'`)
	if err != nil {
		return nil, err
	}
	out := map[uint32]filenode{}
	for rows.Next() {
		var oid uint32
		var f filenode
		if err := rows.Scan(&oid, &f.node, &f.name, &f.kind); err != nil {
			return nil, err
		}
		out[oid] = f
	}
	return out, rows.Err()
}

const lockRelation = `coalesce(CASE WHEN c.oid IS NOT NULL THEN quote_ident(n.nspname) || '.' || quote_ident(c.relname) END, 'relation ' || l.relation::text)`

// ownLocks returns the table locks of the migration's own backend, in its
// open transaction, so relations it created are named too.
func (r *runner) ownLocks(ctx context.Context) ([]Lock, error) {
	rows, err := r.conn.Query(ctx, `SELECT `+lockRelation+`, l.mode
FROM pg_locks l LEFT JOIN pg_class c ON c.oid = l.relation LEFT JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation' AND l.granted
  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND coalesce(n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%', true)`)
	if err != nil {
		return nil, err
	}
	var out []Lock
	for rows.Next() {
		var l Lock
		if err := rows.Scan(&l.Relation, &l.Mode); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// lockOrder ranks lock modes, strongest first.
var lockOrder = map[string]int{
	"AccessExclusiveLock": 0, "ExclusiveLock": 1, "ShareRowExclusiveLock": 2, "ShareLock": 3,
	"ShareUpdateExclusiveLock": 4, "RowExclusiveLock": 5, "RowShareLock": 6, "AccessShareLock": 7,
}

func sortLocks(ls []Lock) {
	sort.Slice(ls, func(i, j int) bool {
		if lockOrder[ls[i].Mode] != lockOrder[ls[j].Mode] {
			return lockOrder[ls[i].Mode] < lockOrder[ls[j].Mode]
		}
		return ls[i].Relation < ls[j].Relation
	})
}

// sample is what the watcher saw of a statement's backend.
type sample struct {
	granted  []Lock
	waiting  *Lock
	blockers []Blocker
}

type watcher struct {
	done chan struct{}
	wg   sync.WaitGroup
	mu   sync.Mutex
	s    sample
}

// watch samples, from the observer connection, the locks that backend pid
// holds and waits for, until stop.
func (r *runner) watch(ctx context.Context, pid uint32) *watcher {
	w := &watcher{done: make(chan struct{})}
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		seen := map[Lock]bool{}
		// Sample soon after the statement starts, then every 10ms.
		delay := time.Millisecond
		for {
			select {
			case <-w.done:
				return
			case <-ctx.Done():
				return
			case <-time.After(delay):
			}
			delay = 10 * time.Millisecond
			r.sampleOnce(ctx, pid, w, seen)
		}
	}()
	return w
}

func (r *runner) sampleOnce(ctx context.Context, pid uint32, w *watcher, seen map[Lock]bool) {
	rows, err := r.obs.Query(ctx, `SELECT `+lockRelation+`, l.mode, l.granted
FROM pg_locks l LEFT JOIN pg_class c ON c.oid = l.relation LEFT JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE l.pid = $1 AND (l.locktype = 'relation' OR NOT l.granted)
  AND coalesce(n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%', true)`, pid)
	if err != nil {
		return
	}
	var waiting *Lock
	var granted []Lock
	for rows.Next() {
		var l Lock
		var ok bool
		if rows.Scan(&l.Relation, &l.Mode, &ok) != nil {
			break
		}
		if !ok {
			waiting = &l
		} else if !seen[l] {
			seen[l] = true
			granted = append(granted, l)
		}
	}
	rows.Close()
	var blockers []Blocker
	if waiting != nil {
		rows, err := r.obs.Query(ctx, `SELECT a.pid, coalesce(a.application_name, ''), coalesce(a.state, ''), left(coalesce(a.query, ''), 200),
  coalesce((SELECT string_agg(DISTINCT l.mode, ', ') FROM pg_locks l WHERE l.pid = a.pid AND l.granted AND l.locktype = 'relation'
    AND l.relation = (SELECT w.relation FROM pg_locks w WHERE w.pid = $1 AND NOT w.granted LIMIT 1)), '')
FROM pg_stat_activity a WHERE a.pid = ANY(pg_blocking_pids($1)) ORDER BY a.pid`, pid)
		if err == nil {
			for rows.Next() {
				var b Blocker
				if rows.Scan(&b.PID, &b.Application, &b.State, &b.Query, &b.Modes) == nil {
					blockers = append(blockers, b)
				}
			}
			rows.Close()
		}
	}
	w.mu.Lock()
	w.s.granted = append(w.s.granted, granted...)
	if waiting != nil {
		w.s.waiting, w.s.blockers = waiting, blockers
	}
	w.mu.Unlock()
}

func (w *watcher) stop() sample {
	close(w.done)
	w.wg.Wait()
	return w.s
}

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
// in the file and tied to a rule.
func (r *runner) pgError(err error, s *pgparse.Stmt, lines *pgparse.Lines, src string, sm sample) *Error {
	e := &Error{Message: err.Error()}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		e.Code, e.Message, e.Detail, e.Hint = pe.Code, pe.Message, pe.Detail, pe.Hint
	}
	if s != nil {
		off := s.Start
		if pe != nil && pe.Position > 0 {
			off = s.Start + charsToBytes(src[s.Start:], int(pe.Position)-1)
		}
		p := lines.Pos(off)
		e.Line, e.Col = p.Line, p.Col
	}
	if e.Code == "55P03" && sm.waiting != nil {
		e.Waiting, e.Blockers = sm.waiting, sm.blockers
	}
	if s != nil {
		r.explain(e, s)
	}
	if e.Code == "23505" && s != nil && s.Node.GetIndexStmt().GetConcurrent() {
		e.Note = "CREATE INDEX CONCURRENTLY failed and leaves an INVALID index behind: drop it (DROP INDEX CONCURRENTLY) before trying again"
	}
	return e
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

// codeRules lists, per SQLSTATE, the rules whose findings explain the
// failure, best first.
var codeRules = map[string][]string{
	"23502": {"add-column-required", "set-not-null-unproven"},
	"23505": {"add-unique-constraint-without-index", "add-primary-key-without-index", "create-index-non-concurrently"},
	"23503": {"add-foreign-key-without-not-valid"},
	"23514": {"add-check-without-not-valid", "add-column-inline-constraint", "attach-partition-scan"},
	"23P01": {"add-exclusion-constraint"},
	"22P02": {"change-column-type"},
	"22003": {"change-column-type"},
	"22001": {"change-column-type"},
	"22007": {"change-column-type"},
	"22008": {"change-column-type"},
	"42804": {"change-column-type"},
	"25001": {"concurrently-in-transaction"},
	"55P04": {"enum-value-used-in-same-transaction"},
	"42601": {"syntax-error"},
	"55P03": {"require-lock-timeout", "statements-after-access-exclusive"},
	"57014": {"require-statement-timeout"},
}

// explain ties e to the lint finding on the same statement that explains
// it, else to the rule that names this kind of failure.
func (r *runner) explain(e *Error, s *pgparse.Stmt) {
	want := codeRules[e.Code]
	var onStmt []rules.Finding
	for _, f := range r.findings {
		if f.Offset >= s.Start && f.Offset <= s.End {
			onStmt = append(onStmt, f)
		}
	}
	pick := func(id string) {
		if ru := rules.Lookup(id); ru != nil {
			e.Rule, e.Help, e.URL = ru.ID, ru.Help, ru.URL()
		}
	}
	for _, id := range want {
		for _, f := range onStmt {
			if f.Rule == id {
				pick(id)
				return
			}
		}
	}
	if len(want) > 0 {
		pick(want[0])
		return
	}
	for _, f := range onStmt {
		if f.Severity == rules.Error {
			pick(f.Rule)
			return
		}
	}
}

// shorten returns the statement on one line, cut to 100 characters.
func shorten(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > 100 {
		s = string([]rune(s)[:97]) + "..."
	}
	return s
}
