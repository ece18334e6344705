package apply

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/pgcluster"
	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/rules"
	"github.com/migguard/migguard/internal/seed"
)

// Run proves the new migrations of o.Set on the scratch database of t
// (which migguard created). The error is non-nil when the proof could not
// be carried out (an *EnvError, or the context's error after Ctrl-C or the
// overall time limit); a migration that fails is recorded in the report
// instead.
func Run(ctx context.Context, t Target, o Options) (*Report, error) {
	start := time.Now()
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	base, later, err := split(o)
	if err != nil {
		return nil, err
	}
	r, err := connect(ctx, t, o.Progress)
	if err != nil {
		return nil, err
	}
	defer r.close(ctx)
	r.lockTimeout, r.statementTimeout = o.LockTimeout, o.StatementTimeout
	r.keepGoing = o.keepGoing
	r.extensions = o.Extensions
	r.lint(o)

	rep := &Report{URL: pgcluster.Mask(t.URL), Server: r.conn.PgConn().ParameterStatus("server_version")}
	if err := r.applyBase(ctx, base); err != nil {
		return nil, err
	}
	rep.BaseFiles = len(base)
	if err := r.seed(ctx, t.URL, o, rep); err != nil {
		return nil, err
	}
	if err := r.setTimeouts(ctx); err != nil {
		return nil, err
	}
	applied, before, err := r.applyNew(ctx, o, later, rep)
	if err != nil {
		return nil, err
	}
	if o.RoundTrip && applied != nil {
		if err := r.roundTrip(ctx, rep, applied, before); err != nil {
			return nil, err
		}
	}
	rep.Duration = time.Since(start)
	return rep, nil
}

// lint runs every SQL rule over the new files, directives not applied, and
// records what each statement does with the rows of each table.
func (r *runner) lint(o Options) {
	r.work = map[stmtKey][]Work{}
	tz := o.Lint.TimeZone
	if tz == "" {
		// The session's, which decides whether timestamp ↔ timestamptz
		// rewrites the table.
		tz = r.conn.PgConn().ParameterStatus("TimeZone")
	}
	opts := rules.Options{PG: o.Lint.PG, TimeZone: tz, Severity: rules.AllSeverities(), Lint: o.New, Unsuppressed: true,
		Work: func(f *migrations.File, s *pgparse.Stmt, items []rules.WorkItem) {
			for _, it := range items {
				k := stmtKey{f.Path, s.Start}
				r.work[k] = append(r.work[k], Work{Relation: it.Relation, Kind: it.Kind.String(), What: it.What, Blocks: it.Blocks})
			}
		}}
	r.findings = rules.LintSet(o.Set, opts).Findings
}

// stmtKey identifies a statement: its file and its offset in it.
type stmtKey struct {
	path  string
	start int
}

// withDefaults fills in the defaults of o and checks its limits.
func (o Options) withDefaults() (Options, error) {
	if o.LockTimeout == 0 {
		o.LockTimeout = 5 * time.Second
	}
	if o.StatementTimeout == 0 {
		o.StatementTimeout = 5 * time.Minute
	}
	if err := CheckTimeout("lock timeout", o.LockTimeout); err != nil {
		return o, &EnvError{Msg: err.Error()}
	}
	if err := CheckTimeout("statement timeout", o.StatementTimeout); err != nil {
		return o, &EnvError{Msg: err.Error()}
	}
	if o.Progress == nil {
		o.Progress = io.Discard
	}
	return o, nil
}

// split returns the base files and the files from the first new one on.
func split(o Options) (base, later []*migrations.File, err error) {
	first := -1
	for i, f := range o.Set.Files {
		if o.New(f) {
			first = i
			break
		}
	}
	if first < 0 {
		return nil, nil, &EnvError{Msg: "no new migrations to apply"}
	}
	base = o.Set.Files[:first]
	if o.Base != nil {
		base = o.Base
	}
	return base, o.Set.Files[first:], nil
}

// applyBase applies the base migrations without recording them. They run
// as the confined role and under its limits like the new ones: the base
// may come from the working tree as much as the new migrations do.
func (r *runner) applyBase(ctx context.Context, base []*migrations.File) error {
	fmt.Fprintf(r.progress, "applying %s\n", count(len(base), "base migration"))
	for _, f := range base {
		if f.Refusal != "" {
			return &EnvError{Msg: fmt.Sprintf("the base migration %s cannot run, so the new migrations cannot be tried: %s", f.Path, f.Refusal)}
		}
		fr, err := r.runPart(ctx, f.Path, f.Src, f.Up, f.Tx, false)
		if err != nil {
			return err
		}
		if fr.Failed() {
			s := fr.Statements[len(fr.Statements)-1]
			msg := fmt.Sprintf("the base migration %s:%d fails, so the new migrations cannot be tried: %s", s.Path, s.Error.Line, s.Error.Message)
			if s.Error.Note != "" {
				msg += " (" + s.Error.Note + ")"
			}
			return &EnvError{Msg: msg}
		}
	}
	return nil
}

// seed loads the seed file or generates rows, over the confined role's
// connection: inserting fires the triggers and defaults the migrations
// wrote, which must not run with more privilege than the migrations.
func (r *runner) seed(ctx context.Context, url string, o Options, rep *Report) error {
	switch {
	case o.SeedFile != "":
		fmt.Fprintf(r.progress, "loading seed file %s\n", o.SeedFile)
		if err := seed.Load(ctx, r.conn, url, o.SeedFile, o.BinDir); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return &EnvError{Msg: fmt.Sprintf("loading the seed file as role %s", r.role), Err: err}
		}
		rep.SeedFile = o.SeedFile
	case o.Rows >= 0:
		res, err := seed.Generate(ctx, r.conn, seed.Options{Rows: o.Rows, Progress: r.progress})
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return &EnvError{Msg: fmt.Sprintf("seeding the base schema as role %s", r.role), Err: err}
		}
		rep.Seed = res
	}
	return nil
}

// setTimeouts sets PostgreSQL's limits on the migrations' session; the
// client enforces them as well (limits.go).
func (r *runner) setTimeouts(ctx context.Context) error {
	q := fmt.Sprintf("SET lock_timeout = %d; SET statement_timeout = %d", millis(r.lockTimeout), millis(r.statementTimeout))
	if _, err := r.conn.Exec(ctx, q); err != nil {
		return r.envErr(ctx, "setting timeouts", err)
	}
	return nil
}

// applyNew applies the files from the first new one on, recording the new
// ones in rep, and stops at the first failure (the files after it are
// reported as not run). It returns the files applied, with the catalog
// before each when o.RoundTrip asks for it; applied is nil after a
// failure.
func (r *runner) applyNew(ctx context.Context, o Options, later []*migrations.File, rep *Report) (applied []*migrations.File, before []string, err error) {
	failed := false
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
			snap, err := snapshot(ctx, r.obs)
			if err != nil {
				return nil, nil, r.envErr(ctx, "reading the catalog", err)
			}
			before = append(before, snap)
		}
		fmt.Fprintf(r.progress, "applying %s (%s)\n", f.Path, txName(f.Tx))
		fr, err := r.runFile(ctx, f, isNew)
		if err != nil {
			return nil, nil, err
		}
		fr.TxSource = f.TxSource
		if isNew {
			translated(fr, o.Translation)
			rep.Files = append(rep.Files, fr)
		}
		if fr.Failed() && !o.keepGoing {
			failed = true
			continue
		}
		applied = append(applied, f)
	}
	if failed {
		return nil, nil, nil
	}
	return applied, before, nil
}

// runFile applies a file's up part, or records that its tool refuses to
// run it (a Flyway migration that mixes statements it runs outside a
// transaction with others) as the failure of its first statement.
func (r *runner) runFile(ctx context.Context, f *migrations.File, record bool) (*FileResult, error) {
	if f.Refusal == "" {
		return r.runPart(ctx, f.Path, f.Src, f.Up, f.Tx, record)
	}
	fr := &FileResult{Path: f.Path, Tx: "refused by the migration tool"}
	lines := pgparse.NewLines(f.Src)
	off := migrations.FirstText(f.Up)
	for _, p := range f.Problems {
		if p.Message == f.Refusal {
			off = p.Offset
		}
	}
	pos := lines.Pos(off)
	st := &Statement{Path: f.Path, Line: pos.Line, Col: pos.Col, Text: "(not run)",
		Error: &Error{Message: f.Refusal, Line: pos.Line, Col: pos.Col}}
	if ru := rules.Lookup("migration-format"); ru != nil {
		st.Error.Rule, st.Error.Help, st.Error.URL = ru.ID, ru.Help, ru.URL()
	}
	fr.Statements = append(fr.Statements, st)
	return fr, nil
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
