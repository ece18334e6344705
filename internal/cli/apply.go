package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/migguard/migguard/internal/alembic"
	"github.com/migguard/migguard/internal/apply"
	"github.com/migguard/migguard/internal/config"
	"github.com/migguard/migguard/internal/exitcode"
	"github.com/migguard/migguard/internal/gitview"
	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/pgcluster"
	"github.com/migguard/migguard/internal/project"
	"github.com/migguard/migguard/internal/rules"
	"github.com/migguard/migguard/internal/stats"
)

// applyOptions are the flags of `migguard apply`.
type applyOptions struct {
	configPath         string
	format             string
	databaseURL        string
	pgBin              string
	base               string
	after              string
	newFiles           string
	baseCount          int
	rows               int
	seedFile           string
	lockTimeout        time.Duration
	statementTimeout   time.Duration
	timeout            time.Duration
	noRoundTrip        bool
	runner             string
	runnerBase         string
	runnerEnv          string
	extensions         []string
	allowPrivilegedURL bool
	runAsURLRole       bool
	dir                string
	// statsPath is --stats; stats is what it holds, else the stats: file
	// of the configuration, and risk the findings judged by it.
	statsPath string
	stats     *stats.Snapshot
	risk      []rules.Finding
}

const applyUsage = `Usage: migguard apply [flags] [migration-dir]

Proves the branch's new migrations on a real PostgreSQL that holds data:
gets a scratch database (a throwaway cluster from the local PostgreSQL
binaries, or with --database-url a scratch database that migguard creates
and drops on that server), applies the base migrations, seeds every table
with rows, then applies each new migration one statement at a time the way
its tool would, under lock_timeout and statement_timeout (enforced by
migguard too, so a migration cannot lift them). It reports per statement
the error (at file:line, with the lint rule and safe recipe), the duration,
the locks held and the tables rewritten, and round-trips down migrations.
With --runner it runs your own migration command instead and observes it
through event triggers.

With --stats FILE (or stats: in .migguard.yaml), a file that 'migguard
stats dump' wrote from production, the report ends with the lint findings
about the locks and work of the new migrations on existing tables, each
with the table's production size and how long its lock is likely held
there, and the severity that size gives it (see "Risk by table size" in
the README). They do not change the exit code: lint gates on them.

Which migrations are new (default: the files of the set that the merge-base
with the base branch does not have; the base is read from git):
  --after V        files after version V are new (no git)
  --new F[,F]      exactly these files are new (no git)
  --base-count N   the first N files are the base, the rest new (no git)

Trust: migrations are untrusted code, written by the branch's author. They
run (base and new migrations, and the seeding, which fires their triggers)
logged in as a role that migguard creates for the run, which owns only the
scratch database and is not a superuser: COPY ... PROGRAM, pg_read_file,
lo_export, ALTER SYSTEM, CREATE ROLE, CREATE DATABASE, touching other
databases and untrusted extensions are refused, and reported as failing
statements that need privileges migguard does not give. --allow-extensions
names extensions that the privileged role creates before any migration runs
(write CREATE EXTENSION IF NOT EXISTS in the migrations). The privileged
connection only samples locks, reads the catalog and installs --runner's
event triggers. A --runner command runs on this machine with your own
privileges (only its SQL is confined): use it on code you would run anyway.
With --database-url, migguard refuses a URL whose role is a superuser or
owns other databases (--allow-privileged-url accepts the risk) or may not
create roles, so that the migrations would run as that role
(--run-as-url-role accepts the risk). Give it a role that owns nothing:
CREATE ROLE migguard LOGIN CREATEDB CREATEROLE PASSWORD '...'.

Exit codes: 0 every new migration applied (and round-tripped), 1 a new
migration or its round trip failed on the seeded database, 2 usage error or
the proof could not be carried out (no PostgreSQL, database unreachable,
authentication failed, URL refused, base migrations failing, interrupted,
--timeout passed) or the scratch database could not be removed, 3 internal
failure. The scratch cluster or database is removed in every case, and
those that killed runs left behind are removed at the next run.

Flags:`

func runApply(e *env, args []string) int {
	o, code, ok := parseApplyFlags(e, args)
	if !ok {
		return code
	}
	return o.run(e)
}

// parseApplyFlags parses and checks the flags; ok is false when the
// command is done (help, or a usage error) with code.
func parseApplyFlags(e *env, args []string) (o applyOptions, code int, ok bool) {
	var extensions string
	fs := flag.NewFlagSet("apply", flag.ContinueOnError)
	fs.StringVar(&o.configPath, "config", "", "`path` of .migguard.yaml (default: found by walking up from the current directory)")
	fs.StringVar(&o.format, "format", "text", "output `format`: text or json")
	fs.StringVar(&o.databaseURL, "database-url", "", "PostgreSQL server `URL` on which to create (and drop) a scratch database, instead of starting a throwaway cluster")
	fs.StringVar(&o.pgBin, "pg-bin", "", "`directory` of the PostgreSQL programs (default: PATH, pg_config, /usr/lib/postgresql/*/bin)")
	fs.StringVar(&o.base, "base", "", "base `branch`, or a commit when no branch has the name (default: base_branch of the configuration, else develop, main, master)")
	fs.StringVar(&o.after, "after", "", "files after `version` are new")
	fs.StringVar(&o.newFiles, "new", "", "comma-separated `files` that are new")
	fs.IntVar(&o.baseCount, "base-count", -1, "the first `n` files are the base")
	fs.IntVar(&o.rows, "rows", 1000, "rows to generate per table (0: none)")
	fs.StringVar(&o.seedFile, "seed", "", "seed `file` to load instead of generated rows: SQL (run with psql) or a pg_dump custom archive")
	fs.DurationVar(&o.lockTimeout, "lock-timeout", 5*time.Second, "lock_timeout for each statement (1ms to 596h31m23.647s)")
	fs.DurationVar(&o.statementTimeout, "statement-timeout", 5*time.Minute, "statement_timeout for each statement (1ms to 596h31m23.647s)")
	fs.DurationVar(&o.timeout, "timeout", 30*time.Minute, "limit on the whole run, after which it stops and removes the scratch database")
	fs.BoolVar(&o.noRoundTrip, "no-round-trip", false, "do not apply down migrations and the up migrations again")
	fs.StringVar(&o.runner, "runner", "", "run this migration `command` (sh -c) instead of applying the SQL, e.g. 'alembic upgrade head'")
	fs.StringVar(&o.runnerBase, "runner-base", "", "with --runner, a `command` that builds the base before seeding, e.g. 'alembic upgrade abc123'")
	fs.StringVar(&o.runnerEnv, "runner-env", "DATABASE_URL", "with --runner, the environment `variable` that receives the scratch database URL")
	fs.StringVar(&extensions, "allow-extensions", "", "comma-separated `extensions` the privileged role creates in the scratch database before the migrations run (those that need a superuser)")
	fs.BoolVar(&o.allowPrivilegedURL, "allow-privileged-url", false, "accept a --database-url whose role is a superuser or owns other databases")
	fs.StringVar(&o.statsPath, "stats", "", "judge the new migrations' locks at the table sizes in `file` (written by migguard stats dump)")
	fs.BoolVar(&o.runAsURLRole, "run-as-url-role", false, "with --database-url, run the migrations as the URL's role when it may not create the confined role (they can then do all it may)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), applyUsage)
		fs.PrintDefaults()
	}
	rest, code, ok := parseArgs(e, fs, args)
	if !ok {
		return o, code, false
	}
	if len(rest) > 1 {
		return o, errorf(e, "apply takes at most one migration directory, got %d arguments", len(rest)), false
	}
	if len(rest) == 1 {
		o.dir = rest[0]
	}
	for _, x := range strings.Split(extensions, ",") {
		if x = strings.TrimSpace(x); x != "" {
			o.extensions = append(o.extensions, x)
		}
	}
	if msg := o.check(); msg != "" {
		return o, errorf(e, "%s", msg), false
	}
	return o, exitcode.Clean, true
}

// check returns a message for flags that do not go together or values out
// of range.
func (o applyOptions) check() string {
	if o.format != "text" && o.format != "json" {
		return fmt.Sprintf("unknown -format %q (want text or json)", o.format)
	}
	selectors := 0
	for _, set := range []bool{o.after != "", o.newFiles != "", o.baseCount >= 0} {
		if set {
			selectors++
		}
	}
	switch {
	case selectors > 1:
		return "give at most one of --after, --new and --base-count"
	case o.runner == "" && o.runnerBase != "":
		return "--runner-base needs --runner"
	case o.runner != "" && o.statsPath != "":
		return "--stats judges the SQL of the migrations, which --runner does not give migguard"
	case o.rows < 0:
		return "--rows must not be negative"
	case o.databaseURL == "" && (o.allowPrivilegedURL || o.runAsURLRole):
		return "--allow-privileged-url and --run-as-url-role apply to --database-url only"
	case o.timeout < time.Millisecond:
		return fmt.Sprintf("--timeout %s is under 1ms", o.timeout)
	}
	if err := apply.CheckTimeout("--lock-timeout", o.lockTimeout); err != nil {
		return err.Error()
	}
	if err := apply.CheckTimeout("--statement-timeout", o.statementTimeout); err != nil {
		return err.Error()
	}
	return ""
}

// run proves the migrations on a scratch database and removes it, under
// the overall --timeout; SIGINT, SIGTERM and SIGHUP interrupt it.
func (o applyOptions) run(e *env) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	ctx, cancel := context.WithTimeoutCause(ctx, o.timeout, fmt.Errorf("apply did not finish within --timeout %s", o.timeout))
	defer cancel()
	progress := &prefixWriter{w: e.stderr}

	// Work out what to apply before starting a database.
	var ao apply.Options
	if o.runner == "" {
		cfg, root, code := loadConfig(e, o.configPath)
		if code != exitcode.Clean {
			return code
		}
		var msg string
		ao, msg = applySelection(e, cfg, root, o)
		if msg != "" {
			return errorf(e, "%s", msg)
		}
		ao.Lint = rules.Options{PG: cfg.PG, TimeZone: cfg.TimeZone, Severity: cfg.Severities()}
		if o.stats, code = loadStatsFlag(e, o.statsPath); code != exitcode.Clean {
			return code
		}
		if o.stats == nil {
			var err error
			if o.stats, err = cfg.Stats.Snapshot(); err != nil {
				fmt.Fprintf(e.stderr, "migguard: invalid configuration: %v\n", err)
				return exitcode.Usage
			}
		}
		if o.stats != nil {
			o.risk = applyRisk(cfg, root, ao, o.stats)
		}
	}
	sc, err := openScratch(ctx, o, progress)
	if err != nil {
		return applyFailed(e, ctx, err)
	}
	if o.pgBin == "" {
		o.pgBin = sc.binDir
	}
	var code int
	if o.runner != "" {
		code = o.runCommand(ctx, e, sc.target, progress)
	} else {
		code = o.runSQL(ctx, e, sc.target, ao, progress)
	}
	if err := sc.remove(); err != nil {
		fmt.Fprintf(e.stderr, "migguard: %s\n", pgcluster.Mask(err.Error()))
		code = max(code, exitcode.Usage)
	}
	return code
}

// scratch is the database apply works on, and how to remove it.
type scratch struct {
	target apply.Target
	binDir string
	remove func() error
}

// openScratch removes what killed runs left behind, then creates the
// scratch database: on the --database-url server, or on a throwaway
// cluster whose superuser may do migguard's own work (the cluster holds
// nothing else).
func openScratch(ctx context.Context, o applyOptions, progress *prefixWriter) (*scratch, error) {
	pgcluster.SweepDirs(progress)
	so := pgcluster.ScratchOptions{AllowPrivileged: o.allowPrivilegedURL, RunAsURLRole: o.runAsURLRole, Extensions: o.extensions, Progress: progress}
	if o.databaseURL != "" {
		db, err := pgcluster.CreateDatabase(ctx, o.databaseURL, so)
		if err != nil {
			return nil, err
		}
		return &scratch{target: apply.Target{URL: db.URL, AdminURL: db.AdminURL}, remove: func() error {
			if err := db.Drop(ctx); err != nil {
				return err
			}
			fmt.Fprintf(progress, "dropped scratch database %s\n", db.Name)
			return nil
		}}, nil
	}
	c, err := pgcluster.Start(ctx, pgcluster.Options{BinDir: o.pgBin, Progress: progress})
	if err != nil {
		return nil, err
	}
	so.AllowPrivileged = true
	db, err := pgcluster.CreateDatabase(ctx, c.URL, so)
	if err != nil {
		return nil, errors.Join(err, c.Stop())
	}
	return &scratch{target: apply.Target{URL: db.URL, AdminURL: db.AdminURL}, binDir: c.BinDir, remove: func() error {
		if err := c.Stop(); err != nil {
			return err
		}
		fmt.Fprintf(progress, "removed the scratch cluster %s\n", c.Dir)
		return nil
	}}, nil
}

// runCommand runs the --runner command on the scratch database and
// reports what it did.
func (o applyOptions) runCommand(ctx context.Context, e *env, t apply.Target, progress *prefixWriter) int {
	cwd, _ := os.Getwd()
	rep, err := apply.RunCommand(ctx, t, apply.CommandOptions{
		Command: o.runner, BaseCommand: o.runnerBase, Env: o.runnerEnv, Dir: cwd,
		Rows: o.seedRows(), SeedFile: o.seedFile, BinDir: o.pgBin, Output: progress, Progress: progress,
	})
	if err != nil {
		return applyFailed(e, ctx, err)
	}
	if o.format == "json" {
		if err := writeJSON(e.stdout, rep); err != nil {
			return exitcode.Internal
		}
	} else {
		apply.WriteCommandText(e.stdout, rep)
	}
	if rep.Failed() {
		return exitcode.Findings
	}
	return exitcode.Clean
}

// runSQL applies the selected migrations on the scratch database and
// reports each statement.
func (o applyOptions) runSQL(ctx context.Context, e *env, t apply.Target, ao apply.Options, progress *prefixWriter) int {
	ao.Rows, ao.SeedFile, ao.BinDir = o.seedRows(), o.seedFile, o.pgBin
	ao.LockTimeout, ao.StatementTimeout = o.lockTimeout, o.statementTimeout
	ao.RoundTrip = !o.noRoundTrip
	ao.Extensions = o.extensions
	ao.Progress = progress
	rep, err := apply.Run(ctx, t, ao)
	if err != nil {
		return applyFailed(e, ctx, err)
	}
	if o.format == "json" {
		if err := writeApplyJSON(e, rep, o.stats, o.risk); err != nil {
			fmt.Fprintf(e.stderr, "migguard: writing the report: %v\n", err)
			return exitcode.Internal
		}
	} else {
		apply.WriteText(e.stdout, rep)
		writeRiskText(e, o.stats, o.risk)
	}
	if rep.Failed() {
		return exitcode.Findings
	}
	return exitcode.Clean
}

// seedRows is --rows as apply takes it: -1 for none.
func (o applyOptions) seedRows() int {
	if o.rows == 0 {
		return -1
	}
	return o.rows
}

// applyFailed prints why the proof could not be carried out.
func applyFailed(e *env, ctx context.Context, err error) int {
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		fmt.Fprintf(e.stderr, "migguard: %v; removing the scratch database\n", context.Cause(ctx))
	case ctx.Err() != nil || errors.Is(err, context.Canceled):
		fmt.Fprintln(e.stderr, "migguard: interrupted; removing the scratch database")
	default:
		fmt.Fprintf(e.stderr, "migguard: apply: %s\n", pgcluster.Mask(err.Error()))
	}
	return exitcode.Usage
}

// applySelection loads the migration set and decides which files are new.
// It returns a message for a usage error. The set is the one named on the
// command line, else the project's only set (configured or discovered, an
// Alembic project included: its revisions are applied as migguard
// translates them).
func applySelection(e *env, cfg *config.Config, root string, o applyOptions) (apply.Options, string) {
	var ao apply.Options
	p := project.New(migrations.Dir(root), root, cfg)
	s, msg := applySet(p, o.dir)
	if msg != "" {
		return ao, msg
	}
	l, errs := s.Load()
	if len(errs) > 0 {
		return ao, errs[0].Error()
	}
	if l == nil || len(l.Files.Files) == 0 {
		return ao, fmt.Sprintf("%s: no migrations found", s.Dir)
	}
	ao.Set = l.Files
	if l.Alembic != nil {
		ao.Translation = alembicTranslation{l.Alembic}
	}
	switch {
	case o.after != "":
		after, err := l.After(o.after)
		if err != nil {
			return ao, "--after: " + err.Error()
		}
		ao.New = after
	case o.newFiles != "":
		want := map[string]bool{}
		for _, f := range strings.Split(o.newFiles, ",") {
			if f = strings.TrimSpace(f); f == "" {
				continue
			}
			rel, err := p.Rel(f)
			if err != nil {
				return ao, err.Error()
			}
			if l.File(rel) == nil {
				return ao, fmt.Sprintf("--new: %s is not a migration of %s", f, s.Dir)
			}
			want[rel] = true
		}
		ao.New = func(f *migrations.File) bool { return want[f.Path] }
	case o.baseCount >= 0:
		if o.baseCount >= len(l.Files.Files) {
			return ao, fmt.Sprintf("--base-count %d leaves no new migration (%s has %d)", o.baseCount, s.Dir, len(l.Files.Files))
		}
		newSet := map[*migrations.File]bool{}
		for _, f := range l.Files.Files[o.baseCount:] {
			newSet[f] = true
		}
		ao.New = func(f *migrations.File) bool { return newSet[f] }
	default:
		base, isNew, msg := gitBase(e, cfg, root, s, o.base)
		if msg != "" {
			return ao, msg
		}
		ao.Base, ao.New = base, isNew
	}
	if !slices.ContainsFunc(l.Files.Files, ao.New) {
		return ao, fmt.Sprintf("no new migrations in %s", s.Dir)
	}
	return ao, ""
}

// applySet returns the set that apply proves: the one at dir, else the
// project's only set. msg says why there is none.
func applySet(p *project.Project, dir string) (*project.Set, string) {
	if dir != "" {
		rel, err := p.Rel(dir)
		if err != nil {
			return nil, err.Error()
		}
		s, err := p.SetAt(rel)
		if err != nil {
			return nil, err.Error()
		}
		return s, ""
	}
	sets, errs := p.Sets()
	if len(errs) > 0 {
		return nil, errs[0].Error()
	}
	switch len(sets) {
	case 0:
		return nil, fmt.Sprintf("no migration set found under %s: name the directory, or list it under sets: in %s", p.Root, config.FileName)
	case 1:
		return sets[0], ""
	}
	names := make([]string, len(sets))
	for i, s := range sets {
		names[i] = s.Dir
	}
	return nil, "several migration sets found (" + strings.Join(names, ", ") + "): name the one to apply"
}

// gitBase reads the set as it is at the merge-base of HEAD and the base
// branch: those files are the base, and the working tree's files that the
// merge-base lacks are new.
func gitBase(e *env, cfg *config.Config, root string, set *project.Set, flagBase string) ([]*migrations.File, func(*migrations.File) bool, string) {
	repo, err := gitview.Open(root, e.getenv)
	if err != nil {
		return nil, nil, fmt.Sprintf("reading git to find the new migrations: %v (or say which are new with --after, --new or --base-count)", err)
	}
	defer repo.Close()
	base, err := repo.ResolveBase(basesFor(e, cfg, flagBase))
	if err != nil {
		return nil, nil, fmt.Sprintf("%v (set --base, or say which migrations are new with --after, --new or --base-count)", err)
	}
	head, err := repo.Head()
	if err != nil || head.Unborn {
		return nil, nil, fmt.Sprintf("HEAD has no commit to compare with %s: say which migrations are new with --after, --new or --base-count", base.Name)
	}
	mb, err := repo.MergeBase(head.Commit, base.Commit)
	if err != nil {
		return nil, nil, fmt.Sprintf("merge-base of HEAD and %s: %v", base.Name, err)
	}
	tree, err := repo.CommitTree(mb)
	if err != nil {
		return nil, nil, err.Error()
	}
	// The base's files are read from the merge-base's tree as the same
	// set, so the base is ordered and parsed exactly like the working
	// tree's.
	prefix, err := repo.Prefix(root)
	if err != nil {
		return nil, nil, err.Error()
	}
	fsys, err := repo.FS(tree, prefix, root)
	if err != nil {
		return nil, nil, err.Error()
	}
	var files []*migrations.File
	if st, err := fs.Stat(fsys, set.Dir); err == nil && st.IsDir() {
		bs, err := set.Project().At(fsys).SetAt(set.Dir)
		if err != nil {
			return nil, nil, fmt.Sprintf("base migrations at %s: %v", gitview.Short(mb), err)
		}
		bl, errs := bs.Load()
		if len(errs) > 0 {
			return nil, nil, fmt.Sprintf("base migrations at %s: %v", gitview.Short(mb), errs[0])
		}
		if bl != nil {
			files = bl.Files.Files
		}
	}
	inBase := map[string]bool{}
	for _, f := range files {
		inBase[f.Path] = true
	}
	isNew := func(f *migrations.File) bool { return !inBase[f.Path] }
	return files, isNew, ""
}

// alembicTranslation gives apply the Python lines of Alembic revisions
// and what their translation left out.
type alembicTranslation struct{ s *alembic.Set }

func (t alembicTranslation) SourceLine(path string, line int) int { return t.s.SourceLine(path, line) }

func (t alembicTranslation) Untranslated(path string) []apply.Note {
	var out []apply.Note
	for _, n := range t.s.Notes(path) {
		out = append(out, apply.Note{Line: n.Line, Message: n.Message})
	}
	return out
}

// prefixWriter writes progress lines to stderr as "migguard: …".
type prefixWriter struct {
	w       interface{ Write([]byte) (int, error) }
	midline bool
}

func (p *prefixWriter) Write(b []byte) (int, error) {
	for _, line := range strings.SplitAfter(string(b), "\n") {
		if line == "" {
			continue
		}
		if !p.midline {
			fmt.Fprint(p.w, "migguard: ")
		}
		fmt.Fprint(p.w, line)
		p.midline = !strings.HasSuffix(line, "\n")
	}
	return len(b), nil
}

func writeJSON(w interface{ Write([]byte) (int, error) }, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
