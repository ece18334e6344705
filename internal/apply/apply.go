// Package apply proves migrations on a real PostgreSQL database that holds
// data.
//
// Run builds the base schema from the migrations before the new ones,
// fills every table with rows (package seed, or the user's seed file), then
// applies the new migrations one statement at a time the way their tool
// would: a file the tool wraps in a transaction runs inside BEGIN … COMMIT,
// a golang-migrate file as one implicit transaction, and a file without a
// transaction statement by statement, so CREATE INDEX CONCURRENTLY runs
// outside any transaction. lock_timeout and statement_timeout bound every
// statement.
//
// For each statement it records success or PostgreSQL's error at the
// statement's file:line, the duration, the table locks its backend holds
// (pg_locks joined to relation names), and the tables and indexes it
// rewrote (their relfilenode changed). A lock wait that reaches
// lock_timeout names the lock and the session holding it. A failure is tied
// to the lint rule and safe recipe that would have prevented it.
//
// Where the new migrations have down parts, the round trip applies them
// down and up again and reports a down that fails or does not restore the
// catalog as it was (compared by catalog snapshots).
//
// RunCommand instead runs the project's own migration command (Alembic, for
// example) against the scratch database and observes it through event
// triggers (ddl_command_end, table_rewrite, sql_drop).
//
// Run and RunCommand are given the URL of a database that migguard created
// (package pgcluster); they write nowhere else.
package apply

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/pgcluster"
	"github.com/migguard/migguard/internal/rules"
	"github.com/migguard/migguard/internal/seed"
)

// Options configure Run.
type Options struct {
	// Set holds the migrations in the order the tool applies them.
	Set *migrations.Set
	// New selects the branch's new migrations; the files before the first
	// new one form the base. Files after it that are not new are applied
	// as they come, without a report of their own.
	New func(*migrations.File) bool
	// Base, when not nil, is the base instead of the files of Set before
	// the first new one: the base as it is on the base branch (read from
	// git), not as in the working tree. Files of Set that are not new are
	// then skipped.
	Base []*migrations.File

	// Rows per table to generate (0: 1000; negative: none). SeedFile, when
	// set, is loaded instead.
	Rows     int
	SeedFile string
	// BinDir is where psql and pg_restore are looked for first (for
	// SeedFile).
	BinDir string

	LockTimeout      time.Duration // default 5s
	StatementTimeout time.Duration // default 5m
	// RoundTrip applies the down parts of the new migrations and then the
	// up parts again.
	RoundTrip bool

	// Lint configures the lint run whose findings explain failures.
	Lint rules.Options

	// Progress receives a line per step; nil discards them.
	Progress io.Writer
}

// Report is what Run found.
type Report struct {
	URL       string // masked
	Server    string // PostgreSQL version
	BaseFiles int
	Seed      *seed.Result
	SeedFile  string
	Files     []*FileResult
	RoundTrip []*RoundTrip
	Duration  time.Duration
}

// Failed reports whether a new migration or its round trip failed.
func (r *Report) Failed() bool {
	for _, f := range r.Files {
		if f.Failed() {
			return true
		}
	}
	for _, rt := range r.RoundTrip {
		if rt.Failed() {
			return true
		}
	}
	return false
}

// FileResult is the outcome of one new migration file (or one down part).
type FileResult struct {
	Path       string
	Tx         string // how the file ran: "transaction", "implicit transaction", "no transaction"
	TxSource   string
	Statements []*Statement
	// NotRun is set for files after a failed one.
	NotRun bool
}

// Failed reports whether a statement of the file failed.
func (f *FileResult) Failed() bool {
	for _, s := range f.Statements {
		if s.Error != nil {
			return true
		}
	}
	return false
}

// Statement is the outcome of one statement.
type Statement struct {
	Path      string
	Line, Col int
	Text      string // the statement, shortened for display
	Duration  time.Duration
	// InTx says the statement ran inside a transaction block.
	InTx bool
	// Locks are the table locks the statement's backend took, strongest
	// first; Rewrites the tables and indexes it rewrote.
	Locks    []Lock
	Rewrites []Rewrite
	Rows     int64 // rows affected, where the command reports them
	Error    *Error
}

// Lock is a table-level lock held or awaited.
type Lock struct {
	Relation string `json:"relation"` // schema.name, or the OID of a relation created in the open transaction
	Mode     string `json:"mode"`     // AccessExclusiveLock, …
}

func (l Lock) String() string { return l.Mode + " on " + l.Relation }

// Rewrite is a table or index whose storage was replaced.
type Rewrite struct {
	Relation string `json:"relation"`
	Kind     string `json:"kind"` // table, index, materialized view
}

// Error is PostgreSQL's error for a statement, tied to the rule that
// explains it.
type Error struct {
	Code    string `json:"sqlstate"`
	Message string `json:"message"`
	Detail  string `json:"detail"`
	Hint    string `json:"hint"`
	// Line and Col locate the error in the file: where PostgreSQL points,
	// else the statement's start.
	Line int `json:"line"`
	Col  int `json:"column"`
	// Waiting, for a lock timeout, is the lock the statement waited for
	// and Blockers the sessions holding it.
	Waiting  *Lock     `json:"waiting_for"`
	Blockers []Blocker `json:"blocked_by"`
	// Rule is the lint rule that flags this failure and Help its safe
	// recipe; Rule is "" when none applies.
	Rule string `json:"rule"`
	Help string `json:"help"`
	URL  string `json:"url"`
	// Note adds what the failure left behind (an invalid index).
	Note string `json:"note"`
}

// Blocker is a session holding a lock that a statement waited for.
type Blocker struct {
	PID         int    `json:"pid"`
	Application string `json:"application"`
	State       string `json:"state"`
	Query       string `json:"query"`
	Modes       string `json:"modes"` // the lock modes it holds on the relation
}

func (e *Error) Error() string { return fmt.Sprintf("%s (SQLSTATE %s)", e.Message, e.Code) }

// RoundTrip is the outcome of applying one file's down part and its up part
// again.
type RoundTrip struct {
	Path string
	// NoDown is set when the file has no down part; the round trip stops there.
	NoDown bool
	Down   *FileResult
	// DownDiff lists the catalog differences between before the up part and
	// after the down part ("-" missing after down, "+" left behind).
	DownDiff []string
	Up       *FileResult
	UpDiff   []string
}

// Failed reports whether the down or the second up failed or left the
// schema different.
func (rt *RoundTrip) Failed() bool {
	return rt.Down != nil && rt.Down.Failed() || rt.Up != nil && rt.Up.Failed() || len(rt.DownDiff) > 0 || len(rt.UpDiff) > 0
}

// EnvError is a failure of the environment rather than of a migration: the
// server went away, ran out of resources, or the base could not be built.
type EnvError struct {
	Msg string
	Err error
}

func (e *EnvError) Error() string {
	if e.Err == nil {
		return e.Msg
	}
	return e.Msg + ": " + pgcluster.Mask(e.Err.Error())
}

func (e *EnvError) Unwrap() error { return e.Err }

// Run proves the new migrations of o.Set on the database at url (which
// migguard created). The error is non-nil when the proof could not be
// carried out (an *EnvError, or the context's error after Ctrl-C); a
// migration that fails is recorded in the report instead.
func Run(ctx context.Context, url string, o Options) (*Report, error) {
	start := time.Now()
	if o.LockTimeout == 0 {
		o.LockTimeout = 5 * time.Second
	}
	if o.StatementTimeout == 0 {
		o.StatementTimeout = 5 * time.Minute
	}
	progress := o.Progress
	if progress == nil {
		progress = io.Discard
	}
	rep := &Report{URL: pgcluster.Mask(url)}
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, &EnvError{Msg: "invalid database URL", Err: err}
	}
	conn, err := pgcluster.Connect(ctx, cfg)
	if err != nil {
		return nil, &EnvError{Msg: "connecting to the scratch database", Err: err}
	}
	defer conn.Close(context.WithoutCancel(ctx))
	obs, err := pgcluster.Connect(ctx, cfg)
	if err != nil {
		return nil, &EnvError{Msg: "connecting to the scratch database", Err: err}
	}
	defer obs.Close(context.WithoutCancel(ctx))
	rep.Server = conn.PgConn().ParameterStatus("server_version")

	// Split the set into base files and the rest.
	first := -1
	for i, f := range o.Set.Files {
		if o.New(f) {
			first = i
			break
		}
	}
	if first < 0 {
		return nil, &EnvError{Msg: "no new migrations to apply"}
	}
	base := o.Set.Files[:first]
	if o.Base != nil {
		base = o.Base
	}
	later := o.Set.Files[first:]

	lint := o.Lint
	lint.Lint = o.New
	findings := rules.LintSet(o.Set, lint).Findings

	r := &runner{conn: conn, obs: obs, findings: findings, progress: progress}

	// The base is applied without recording, under no timeouts of ours.
	fmt.Fprintf(progress, "applying %d base migrations\n", len(base))
	for _, f := range base {
		fr, err := r.runPart(ctx, f.Path, f.Src, f.Up, f.Tx, false)
		if err != nil {
			return nil, err
		}
		if fr.Failed() {
			s := fr.Statements[len(fr.Statements)-1]
			return nil, &EnvError{Msg: fmt.Sprintf("the base migration %s:%d fails, so the new migrations cannot be tried: %s", s.Path, s.Error.Line, s.Error.Message)}
		}
	}
	rep.BaseFiles = len(base)

	switch {
	case o.SeedFile != "":
		fmt.Fprintf(progress, "loading seed file %s\n", o.SeedFile)
		if err := seed.Load(ctx, conn, url, o.SeedFile, o.BinDir); err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, &EnvError{Msg: "loading the seed file", Err: err}
		}
		rep.SeedFile = o.SeedFile
	case o.Rows >= 0:
		res, err := seed.Generate(ctx, conn, seed.Options{Rows: o.Rows, Progress: progress})
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, &EnvError{Msg: "seeding the base schema", Err: err}
		}
		rep.Seed = res
	}

	if _, err := conn.Exec(ctx, fmt.Sprintf("SET lock_timeout = %d; SET statement_timeout = %d", o.LockTimeout.Milliseconds(), o.StatementTimeout.Milliseconds())); err != nil {
		return nil, r.envErr(ctx, "setting timeouts", err)
	}

	var before []string // catalog snapshot before each new file
	failed := false
	var applied []*migrations.File
	for _, f := range later {
		isNew := o.New(f)
		if !isNew && o.Base != nil {
			continue // part of the base given separately
		}
		if failed {
			if isNew {
				rep.Files = append(rep.Files, &FileResult{Path: f.Path, NotRun: true})
			}
			continue
		}
		if o.RoundTrip {
			snap, err := snapshot(ctx, conn)
			if err != nil {
				return nil, r.envErr(ctx, "reading the catalog", err)
			}
			before = append(before, snap)
		}
		fmt.Fprintf(progress, "applying %s (%s)\n", f.Path, txName(f.Tx))
		fr, err := r.runPart(ctx, f.Path, f.Src, f.Up, f.Tx, isNew)
		if err != nil {
			return nil, err
		}
		fr.TxSource = f.TxSource
		if isNew {
			rep.Files = append(rep.Files, fr)
		}
		if fr.Failed() {
			failed = true
			continue
		}
		applied = append(applied, f)
	}
	if o.RoundTrip && !failed {
		if err := r.roundTrip(ctx, rep, applied, before); err != nil {
			return nil, err
		}
	}
	rep.Duration = time.Since(start)
	return rep, nil
}

// roundTrip applies the down parts of the applied files, last first,
// comparing the catalog with the one before each up part, and then the up
// parts again, comparing with the catalog after the first pass.
func (r *runner) roundTrip(ctx context.Context, rep *Report, applied []*migrations.File, before []string) error {
	after, err := snapshot(ctx, r.conn)
	if err != nil {
		return r.envErr(ctx, "reading the catalog", err)
	}
	var downed []int
	for i := len(applied) - 1; i >= 0; i-- {
		f := applied[i]
		rt := &RoundTrip{Path: f.Path}
		rep.RoundTrip = append(rep.RoundTrip, rt)
		path, src, part, tx := f.Path, f.Src, f.Down, f.Tx
		if f.DownFile != nil {
			path, src, part, tx = f.DownFile.Path, f.DownFile.Src, f.DownFile.Down, f.DownFile.Tx
			if isBlank(part) {
				part = f.DownFile.Up
			}
		}
		if part == "" || isBlank(part) {
			rt.NoDown = true
			break
		}
		fmt.Fprintf(r.progress, "round trip: applying the down part of %s\n", f.Path)
		fr, err := r.runPart(ctx, path, src, part, tx, true)
		if err != nil {
			return err
		}
		rt.Down = fr
		if fr.Failed() {
			return nil
		}
		snap, err := snapshot(ctx, r.conn)
		if err != nil {
			return r.envErr(ctx, "reading the catalog", err)
		}
		rt.DownDiff = diff(before[i], snap)
		downed = append(downed, i)
	}
	// Up again, in order.
	for k := len(downed) - 1; k >= 0; k-- {
		f := applied[downed[k]]
		var rt *RoundTrip
		for _, x := range rep.RoundTrip {
			if x.Path == f.Path {
				rt = x
			}
		}
		fmt.Fprintf(r.progress, "round trip: applying %s again\n", f.Path)
		fr, err := r.runPart(ctx, f.Path, f.Src, f.Up, f.Tx, true)
		if err != nil {
			return err
		}
		rt.Up = fr
		if fr.Failed() {
			return nil
		}
	}
	if len(downed) > 0 {
		snap, err := snapshot(ctx, r.conn)
		if err != nil {
			return r.envErr(ctx, "reading the catalog", err)
		}
		if d := diff(after, snap); len(d) > 0 {
			rep.RoundTrip[0].UpDiff = d
		}
	}
	return nil
}

func isBlank(s string) bool {
	for _, st := range parseStmts(s) {
		_ = st
		return false
	}
	return true
}

func txName(m migrations.TxMode) string {
	switch m {
	case migrations.TxWrapped:
		return "in a transaction"
	case migrations.TxImplicit:
		return "as one implicit transaction"
	}
	return "without a transaction"
}

// IsEnv reports whether err is an environment failure.
func IsEnv(err error) bool {
	var e *EnvError
	return errors.As(err, &e)
}
