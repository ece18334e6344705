package cli

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/migguard/migguard/hooks/lintchanges"
	"github.com/migguard/migguard/hooks/scope"
	"github.com/migguard/migguard/internal/alembic"
	"github.com/migguard/migguard/internal/cache"
	"github.com/migguard/migguard/internal/config"
	"github.com/migguard/migguard/internal/exitcode"
	"github.com/migguard/migguard/internal/gitview"
	"github.com/migguard/migguard/internal/lint"
	"github.com/migguard/migguard/internal/project"
	"github.com/migguard/migguard/internal/rules"
	"github.com/migguard/migguard/internal/stats"
)

// lintOptions are the flags of `migguard lint`.
type lintOptions struct {
	out        output
	git        gitFlags
	configPath string
	pgVersion  string
	all        bool
	stdinName  string
	offline    lint.Offline
	noCache    bool
	// cache holds lint results and loaded sets (nil: off).
	cache *cache.Cache
	// statsPath is -stats; stats is what it holds (nil: the stats: file
	// of each project's configuration).
	statsPath string
	stats     *stats.Snapshot
}

const lintUsage = `Usage: migguard lint [flags] [paths...]

Lints migration SQL. Without paths, every migration set of the repository
(named in .migguard.yaml, or discovered) is linted. A directory is linted as
a set; a file is judged against the schema that the files before it in its
set build; - reads SQL from stdin. A path in another repository is linted
as part of that repository, with its configuration. A path written for
another database (a set discovered as SQLite's, MySQL's, …; pop's file for
another database) is not linted as PostgreSQL: a note on stderr says why.

With -staged, -pre-push or -head, the migration files are read from git,
not from the working tree, and only the migration files that the commit
being made (or pushed) changes are reported on; a commit that changes no
migration is clean. Given paths as well, lint reports on those files (and
the files below those directories) as git holds them instead. Inside the
pre-commit framework lint does the same for the hook's stage (the index,
or the pushed commit): on the file names pre-commit passes, all of them
with pre-commit run --all-files, or without names on the files the commit
changes.

Results are cached in the user's cache directory (MIGGUARD_CACHE names
another; MIGGUARD_CACHE=off or -no-cache turns the cache off): the sets as
loaded (the migrations' texts in entries of their own, read only when a
file is replayed or quoted), the listings of large directories, the sets'
dialects, the tree that -staged builds from git's index (for the next
hook of the same commit), the index of the application code that the
drop-still-used family of rules reads (each file's part, until it
changes), and
the findings and the replayed schema of runs of unchanged files are loaded
instead of worked out again, and give the same report. When an edit adds
statements to a migration that create objects no later migration names,
the later migrations' findings are carried over from the run before.

With -stats FILE (or stats: in .migguard.yaml), a file that 'migguard stats
dump' wrote, each finding about the lock or work on an existing table names
the table's size and how long the lock is likely held, and the severity of
work that grows with the table follows its size (see "Risk by table size"
in the README).

Exit codes: 0 clean, 1 findings at error severity, 2 usage, configuration or
input error (an unreadable -stats file too), 3 internal failure.

Flags:`

func runLint(e *env, args []string) int {
	var o lintOptions
	fs := flag.NewFlagSet("lint", flag.ContinueOnError)
	o.out.register(fs, reportFormats)
	o.git.register(fs, "lint the migration files that the commit `revision` changes since its merge-base with the base branch, as the commit holds them")
	fs.StringVar(&o.configPath, "config", "", "`path` of .migguard.yaml (default: found by walking up from the current directory)")
	fs.StringVar(&o.pgVersion, "pg-version", "", "PostgreSQL `version` the migrations target, such as 15 or 14.3 (default: pg_version of the configuration, else 16)")
	fs.BoolVar(&o.all, "all", false, "also report on files before start_after")
	fs.StringVar(&o.stdinName, "stdin-name", "<stdin>", "`name` printed for SQL read from stdin")
	fs.StringVar(&o.statsPath, "stats", "", "judge findings by the table sizes in `file` (written by migguard stats dump) instead of the stats: file of the configuration")
	fs.BoolVar(&o.noCache, "no-cache", false, "neither read nor write the cache of lint results (also: MIGGUARD_CACHE=off)")
	fs.BoolVar(&o.offline.All, "alembic-offline", false, "lint Alembic revisions as `alembic upgrade prev:rev --sql` renders them, instead of migguard's reading of op.* calls; "+
		"runs the project's env.py (Alembic needed: $MIGGUARD_ALEMBIC_PYTHON, python3 -m alembic or alembic on PATH)")
	fs.DurationVar(&o.offline.Timeout, "alembic-timeout", alembic.DefaultRenderTimeout, "how long each `alembic upgrade --sql` of -alembic-offline may run")
	fs.Usage = func() { fmt.Fprintln(fs.Output(), lintUsage); fs.PrintDefaults() }
	paths, code, ok := parseArgs(e, fs, args)
	if !ok {
		return code
	}
	if err := o.out.check(); err != nil {
		return errorf(e, "%v", err)
	}
	if o.stats, code = loadStatsFlag(e, o.statsPath); code != exitcode.Clean {
		return code
	}
	var pg rules.Version
	if o.pgVersion != "" {
		v, err := rules.ParseVersion(o.pgVersion)
		if err != nil {
			return errorf(e, "-pg-version: %v", err)
		}
		pg = v
	}
	// Parsing produces much short-lived garbage and little that lives:
	// collecting less often saves CPU.
	setGC(e.getenv, 150)
	o.offline.Getenv, o.offline.Progress = e.getenv, e.stderr
	p, code := openProject(e, o.configPath)
	if p == nil {
		return code
	}
	o.cache = openCache(e, o.noCache)
	defer o.cache.Close()
	p.UseCache(o.cache)
	targets, fromGit, err := gitTargets(e, p.Config, o.git, slices.Contains(paths, "-"), false)
	if err != nil {
		return errorf(e, "reading the pushed refs: %v", err)
	}
	if fromGit {
		if slices.Contains(paths, "-") {
			return errorf(e, "-staged, -pre-push and -head lint files as git holds them: - (stdin) is not one")
		}
		files, err := rootRelative(p.Root, paths)
		if err != nil {
			return errorf(e, "%v", err)
		}
		return lintGit(e, o, p, targets, pg, files)
	}
	var jobs []lint.Job
	var errs []error
	nskipped := 0
	skipped := func(path, why string) {
		nskipped++
		fmt.Fprintf(e.stderr, "migguard: skipped %s: %s\n", path, why)
	}
	if len(paths) == 0 {
		sets, others, serrs := p.SetsAndSkipped()
		for _, s := range others {
			skipped(s.String(), s.Dialect().Skipped())
		}
		jobs, errs = lint.SetJobs(sets, o.all)
		errs = append(serrs, errs...)
	} else {
		cwd, _ := os.Getwd()
		jobs, errs = lint.PathJobs(lint.Paths{Dir: cwd, ConfigFile: o.configPath, Paths: paths, Stdin: e.stdin, StdinName: o.stdinName, All: o.all,
			Cache: o.cache, Skipped: skipped})
	}
	jobs, errs = o.offline.Render(jobs, func() (string, error) { return p.Root, nil }, errs)
	if len(jobs) == 0 && len(errs) == 0 && nskipped > 0 && len(paths) > 0 {
		return exitcode.Clean // every path named is another database's, as the notes say
	}
	if len(jobs) == 0 && len(errs) == 0 {
		return errorf(e, "no migration sets found under %s: name them under sets: in %s, or pass the directories or files to lint", p.Root, config.FileName)
	}
	return lintReport(e, o, jobs, errs, pg, nil)
}

// lintGit lints the trees that git holds: the files each tree changes, or
// when files are named, those files as each tree holds them.
func lintGit(e *env, o lintOptions, p *project.Project, targets []target, pg rules.Version, files []string) int {
	repo, err := gitview.Open(p.Root, e.getenv)
	if err != nil {
		return errorf(e, "lint: %v", err)
	}
	defer repo.Close()
	repo.UseCache(o.cache)
	code := exitcode.Clean
	for _, t := range targets {
		p, t, err := projectFor(e, repo, p, o.git.base, t)
		if err != nil {
			fmt.Fprintf(e.stderr, "migguard lint: %s%v\n", labelPrefix(t.label), err)
			code = max(code, exitcode.Usage)
			continue
		}
		tree, err := openTree(repo, p, t.opts, files)
		if err != nil {
			// A repository state in which no verdict can be given (base
			// branch missing, shallow clone, unmerged index): the message
			// says what to do.
			fmt.Fprintf(e.stderr, "migguard lint: %s%v\n", labelPrefix(t.label), err)
			code = max(code, exitcode.Usage)
			continue
		}
		if tree == nil {
			continue // the tree changes no migration
		}
		jobs, errs := tree.Jobs()
		if len(jobs) > 0 || len(errs) > 0 {
			jobs, errs = o.offline.Render(jobs, tree.Dir, errs)
			code = max(code, lintReport(e, o, jobs, tree.Scrub(errs), pg, tree.Keep))
		}
		tree.Close()
	}
	return code
}

// openTree prepares one tree for linting: the migration files it changes,
// or when files are named, those files as it holds them.
func openTree(repo *gitview.Git, p *project.Project, opts scope.Options, files []string) (*lintchanges.Tree, error) {
	if len(files) > 0 {
		return lintchanges.OpenFiles(repo, p, opts, files)
	}
	return lintchanges.Open(repo, p, opts)
}

// rootRelative turns command-line paths into paths relative to the
// project root, with forward slashes.
func rootRelative(root string, paths []string) ([]string, error) {
	cwd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(paths))
	for _, p := range paths {
		abs := p
		if !filepath.IsAbs(p) {
			abs = filepath.Join(cwd, p)
		}
		rel, err := filepath.Rel(root, abs)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return nil, fmt.Errorf("%s is outside the repository at %s, whose files git holds", p, root)
		}
		out = append(out, filepath.ToSlash(rel))
	}
	return out, nil
}

func labelPrefix(label string) string {
	if label == "" {
		return ""
	}
	return label + ": "
}

// lintReport lints the jobs, writes the report and returns the exit code;
// keep, when not nil, filters the findings.
func lintReport(e *env, o lintOptions, jobs []lint.Job, errs []error, pg rules.Version, keep func([]rules.Finding) []rules.Finding) int {
	format, color := o.out.resolve(e)
	if o.stats == nil {
		if err := configStats(jobs); err != nil {
			fmt.Fprintf(e.stderr, "migguard: invalid configuration: %v\n", err)
			return exitcode.Usage
		}
	}
	res := lint.Run(jobs, lint.Options{PG: pg, Excerpts: format == "text", Cache: o.cache, Code: true, Stats: o.stats,
		Replayed: releaseMemory})
	findings := res.Findings
	if keep != nil {
		findings = keep(findings)
	}
	errs = append(errs, res.Errors...)
	for _, err := range errs {
		fmt.Fprintf(e.stderr, "migguard: %v\n", err)
	}
	if code := writeReport(e, format, color, findings, res.Sources, true); code != exitcode.Clean {
		return code
	}
	switch {
	case len(errs) > 0:
		return exitcode.Usage
	case hasErrors(findings):
		return exitcode.Findings
	}
	return exitcode.Clean
}

func hasErrors(fs []rules.Finding) bool {
	for _, f := range fs {
		if f.Severity == rules.Error {
			return true
		}
	}
	return false
}

// openProject opens the project of the current directory. It prints an
// invalid configuration and returns nil and exitcode.Usage.
func openProject(e *env, configPath string) (*project.Project, int) {
	cwd, err := os.Getwd()
	if err != nil {
		fmt.Fprintf(e.stderr, "migguard: %v\n", err)
		return nil, exitcode.Internal
	}
	p, err := project.Open(cwd, configPath, "")
	if err != nil {
		fmt.Fprintf(e.stderr, "migguard: invalid configuration: %v\n", err)
		return nil, exitcode.Usage
	}
	return p, exitcode.Clean
}

// setGC sets the garbage collector's GOGC percent (-1: off) and a soft
// memory limit of 128 MiB, held while that costs the collector little,
// then one of 192 MiB or more (see liveHeapLimit), each unless the GOGC
// or GOMEMLIMIT environment variable sets it. Near the limit the
// collector works harder: with the parser's own memory and the binary's,
// linting 10,000 migrations peaks at 144 MB, in about a fifth more time
// than under a limit of 192 MiB (202 MB); 16,000 migrations leave the
// limit midway (7 % more time, the same peak of about 250 MB).
//
// The first collection waits for a heap of 20 MiB (GOGC 500) instead of
// 4 MiB × percent: a short run (one file, a warm cache, the pre-commit
// lint of a staged migration in a set of 3,000, which allocates about
// 16 MiB) ends before it, sparing a collection that costs more than a
// tenth of the run (30.5 → 26.7 ms for that lint; 16 MiB collected it);
// a long run collects at percent after it. A run that outgrows it peaks
// that much higher: a cold lint of 350 files at 44 MB instead of 40,
// with 5 % less CPU.
func setGC(getenv func(string) string, percent int) {
	if getenv("GOGC") == "" {
		if percent < 0 || percent >= firstGCPercent {
			debug.SetGCPercent(percent)
		} else {
			debug.SetGCPercent(firstGCPercent)
			afterGC(func() { debug.SetGCPercent(percent) })
		}
	}
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(tightLimit)
		l := &liveHeapLimit{tight: tightLimit, base: memoryLimit}
		stopFollowing(l)
		l.follow()
	}
}

// following is the liveHeapLimit that setGC started last: a process that
// runs commands one after another (the tests, a harness) follows the live
// heap once, not once per command.
var following atomic.Pointer[liveHeapLimit]

// stopFollowing stops the liveHeapLimit that setGC started last, if any,
// and records next (which may be nil) in its place.
func stopFollowing(next *liveHeapLimit) {
	if old := following.Swap(next); old != nil {
		old.stop.Store(true)
	}
}

// tightLimit is the soft memory limit that setGC sets, and memoryLimit
// the one that liveHeapLimit falls back to when that costs too much.
const (
	tightLimit  = 128 << 20
	memoryLimit = 192 << 20
)

// liveHeapLimit holds the soft memory limit at tight while that costs the
// collector little, and once it costs more, or the live heap alone
// outgrows tight, has the limit follow the live heap from base up (see
// limitFor) from one collection to the next, until stopped. A fixed
// limit that the live heap (the replayed schema and the findings of a
// very large set) comes close to has the collector run again and again
// for little: linting 16,000 migrations took 1.8 times as long per file
// as linting 4,000, and held at 128 MiB they take 2.3 times as long as
// when the limit follows them.
//
// Tight costs too much once it leaves the heap less than minHeadroom of
// the live heap to grow by before the next collection (the collector's
// default leaves as much again), or the collector has taken more than
// maxGCShare of the CPU time over its last gcWindow collections.
type liveHeapLimit struct {
	tight, base int64
	stop        atomic.Bool
	// roomy is set once tight proved too tight; it stays set.
	roomy bool
	// cpu holds the collector's CPU time and all the CPU time available,
	// in seconds, after each of the last collections, oldest first.
	cpu [][2]float64
}

// follow sets the limit after each collection.
func (l *liveHeapLimit) follow() {
	afterGC(func() {
		if l.stop.Load() {
			return
		}
		// The collector's own time, without the marking it does on
		// processors that would otherwise be idle.
		s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/gc/heap/goal:bytes"},
			{Name: "/cpu/classes/gc/total:cpu-seconds"}, {Name: "/cpu/classes/gc/mark/idle:cpu-seconds"},
			{Name: "/cpu/classes/total:cpu-seconds"}}
		metrics.Read(s)
		if s[0].Value.Kind() == metrics.KindUint64 && s[1].Value.Kind() == metrics.KindUint64 &&
			s[2].Value.Kind() == metrics.KindFloat64 && s[3].Value.Kind() == metrics.KindFloat64 &&
			s[4].Value.Kind() == metrics.KindFloat64 {
			debug.SetMemoryLimit(l.next(int64(s[0].Value.Uint64()), int64(s[1].Value.Uint64()),
				s[2].Value.Float64()-s[3].Value.Float64(), s[4].Value.Float64()))
		}
		l.follow()
	})
}

// next returns the limit after a collection that left live bytes and a
// heap goal of goal bytes for the next, when the collector had taken gc
// seconds of CPU time of total available.
func (l *liveHeapLimit) next(live, goal int64, gc, total float64) int64 {
	share := l.gcShare(gc, total)
	if !l.roomy && (live > l.tight || float64(goal-live) < minHeadroom*float64(live) || share > maxGCShare) {
		l.roomy = true
	}
	if !l.roomy {
		return l.tight
	}
	return limitFor(l.base, live)
}

// gcShare records the CPU times after a collection and returns the share
// of the CPU time the collector took over the last gcWindow collections,
// 0 until there were that many.
func (l *liveHeapLimit) gcShare(gc, total float64) float64 {
	l.cpu = append(l.cpu, [2]float64{gc, total})
	if len(l.cpu) <= gcWindow {
		return 0
	}
	l.cpu = l.cpu[len(l.cpu)-gcWindow-1:]
	old := l.cpu[0]
	if total <= old[1] {
		return 0
	}
	return (gc - old[0]) / (total - old[1])
}

// limitFor is the soft memory limit for a live heap: base, or the live
// heap and as much again (the collector's default, GOGC 100), up to
// maxHeadroom more; never less than half again. Against 1.5 times the
// live heap throughout, linting 16,000 migrations (200 MB live) takes
// 3.1 s instead of 3.6; a 60 MB file (270 MB live: its text, its
// statements' places and the schema, its parse trees a few runs at a
// time) peaks at 450 MB instead of 560 with maxHeadroom 160 MiB instead
// of 256, which the 16,000 migrations do not notice (2.93 s against 2.94).
func limitFor(base, live int64) int64 {
	return max(base, live+max(live/2, min(live, maxHeadroom)))
}

// maxHeadroom is how far past half again the live heap limitFor lets the
// heap grow.
const maxHeadroom = 160 << 20

// maxGCShare is the share of the CPU time that the collector may take,
// over its last gcWindow collections, for the limit to stay at tight.
const maxGCShare = 0.3

// minHeadroom is the least growth, as a share of the live heap, that the
// limit must leave the heap between collections to stay at tight.
const minHeadroom = 0.25

// gcWindow is how many collections gcShare looks back.
const gcWindow = 4

// releaseMemory gives the memory of a schema just dropped back to the
// system when the last collection found more than releaseAbove live:
// the collector runs once more and the pages it frees are returned. The
// findings of the run are joined and sorted after the replay; without
// this they take fresh pages beside the free ones the schema left
// (linting 10,000 migrations: 202 MB at peak instead of 216). A smaller
// run keeps its pages for the rest of its short life.
func releaseMemory() {
	// Before the first collection no live heap is measured (the metric
	// reads 0): return without reading the runtime's metrics, whose first
	// reading builds their table, which a short run would pay for.
	var gc debug.GCStats
	if debug.ReadGCStats(&gc); gc.NumGC == 0 {
		return
	}
	live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(live)
	if live[0].Value.Kind() == metrics.KindUint64 && live[0].Value.Uint64() >= releaseAbove {
		debug.FreeOSMemory()
	}
}

// releaseAbove is the live heap above which releaseMemory gives memory
// back: a few times what the pre-commit lint of a large set holds.
const releaseAbove = 64 << 20

// firstGCPercent is the GOGC percent until the first collection.
const firstGCPercent = 500

// afterGC calls f once, after the next garbage collection.
func afterGC(f func()) {
	runtime.SetFinalizer(&gcSentinel{}, func(*gcSentinel) { f() })
}

// gcSentinel is an object that the next collection finds unreachable; it
// holds a pointer so that it is not batched with other tiny objects.
type gcSentinel struct{ _ *int }

// loadConfig opens the project of the current directory and returns its
// configuration and root, or prints why it cannot and returns the exit
// code.
func loadConfig(e *env, path string) (*config.Config, string, int) {
	p, code := openProject(e, path)
	if p == nil {
		return nil, "", code
	}
	return p.Config, p.Root, exitcode.Clean
}
