package cli

import (
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"

	"github.com/migguard/migguard/internal/alembic"
	"github.com/migguard/migguard/internal/config"
	"github.com/migguard/migguard/internal/exitcode"
	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/report"
	"github.com/migguard/migguard/internal/rules"
)

// lintOptions are the flags of `migguard lint`.
type lintOptions struct {
	format     string
	color      string
	configPath string
	pgVersion  string
	all        bool
	stdinName  string
	paths      []string

	// alembic lints Alembic revisions as Alembic renders them
	// (lint_alembic_offline.go).
	alembic alembicOffline
	// staged, prePush and head lint a tree that git holds (lint_staged.go).
	staged  bool
	prePush bool
	head    string
}

func runLint(e *env, args []string) int {
	var o lintOptions
	fs := flag.NewFlagSet("lint", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.StringVar(&o.format, "format", "", "output `format`: "+strings.Join(report.Formats, ", ")+" (default: text on a terminal, compact otherwise)")
	fs.StringVar(&o.color, "color", "auto", "colour text output: auto, always or never (auto honours NO_COLOR)")
	fs.StringVar(&o.configPath, "config", "", "`path` of .migguard.yaml (default: found by walking up from the current directory)")
	fs.StringVar(&o.pgVersion, "pg-version", "", "PostgreSQL `version` the migrations target, such as 15 or 14.3 (default: pg_version of the configuration, else 16)")
	fs.BoolVar(&o.all, "all", false, "also report on files before start_after")
	fs.StringVar(&o.stdinName, "stdin-name", "<stdin>", "`name` printed for SQL read from stdin")
	o.alembic.flags(fs)
	fs.BoolVar(&o.staged, "staged", false, "lint the staged migration files as the index holds them (honours GIT_INDEX_FILE), replaying the earlier ones from the index too")
	fs.BoolVar(&o.prePush, "pre-push", false, "lint the migration files of each ref a native git pre-push hook reads from stdin, as the pushed commit holds them")
	fs.StringVar(&o.head, "head", "", "lint the migration files that the commit `revision` changes since its merge-base with the base branch, as the commit holds them")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, `Usage: migguard lint [flags] [paths...]

Lints migration SQL. Without paths, every migration set of the repository
(named in .migguard.yaml, or discovered) is linted. A directory is linted as
a set; a file is judged against the schema that the files before it in its
directory build; - reads SQL from stdin.

With -staged, -pre-push or -head, the migration files are read from git,
not from the working tree, and only the migration files that the commit
being made (or pushed) changes are reported on; a commit that changes no
migration is clean. Inside the pre-commit framework without file names,
lint does the same for the hook's stage (the index, or the pushed commit).

Exit codes: 0 clean, 1 findings at error severity, 2 usage, configuration or
input error, 3 internal failure.

Flags:`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return flagError(err)
	}
	o.paths = fs.Args()
	if o.format != "" && !slices.Contains(report.Formats, o.format) {
		return errorf(e, "unknown format %q (known: %s)", o.format, strings.Join(report.Formats, ", "))
	}
	if o.color != "auto" && o.color != "always" && o.color != "never" {
		return errorf(e, "unknown -color %q (want auto, always or never)", o.color)
	}
	// Parsing produces much short-lived garbage and little that lives:
	// collecting less often saves CPU.
	setGC(e.getenv, 150)
	cfg, root, code := loadConfig(e, o.configPath)
	if code != exitcode.Clean {
		return code
	}
	pg := cfg.PG
	if o.pgVersion != "" {
		v, err := rules.ParseVersion(o.pgVersion)
		if err != nil {
			return errorf(e, "-pg-version: %v", err)
		}
		pg = v
	}
	targets, fromGit, err := gitLintTargets(e, cfg, o)
	if err != nil {
		return errorf(e, "reading the pushed refs: %v", err)
	}
	if fromGit {
		if len(o.paths) > 0 {
			return errorf(e, "-staged, -pre-push and -head take no paths: they lint the migration files that git records")
		}
		code := exitcode.Clean
		for _, t := range targets {
			g, c := prepareGitLint(e, cfg, root, t)
			if g != nil {
				c = lintAndReport(e, o, g.cfg, g.source(), pg, g)
				g.close()
			}
			code = max(code, c)
		}
		return code
	}
	return lintAndReport(e, o, cfg, dirSource(root), pg, nil)
}

// lintSource is the repository that lint reads.
type lintSource struct {
	// root is the directory lint runs on: command-line paths are relative
	// to it, and messages name it.
	root string
	// fsys holds the files: the directory root, or a tree that git holds.
	fsys fs.FS
	// dir returns a directory that holds the files, for running Alembic
	// on them (-alembic-offline): root itself, or a copy of a git tree.
	dir func() (string, error)
	// loadProject says whether to read an Alembic project found by
	// discovery; nil reads all.
	loadProject func(*alembic.Project) bool
}

// dirSource is the working tree below root.
func dirSource(root string) lintSource {
	return lintSource{root: root, fsys: migrations.Dir(root), dir: func() (string, error) { return root, nil }}
}

// lintAndReport lints the jobs of the options (g: of a git tree) and
// writes the report.
func lintAndReport(e *env, o lintOptions, cfg *config.Config, src lintSource, pg rules.Version, g *gitLint) int {
	root := src.root
	jobs, inputErrs := lintJobs(e, cfg, src, o)
	if g != nil {
		jobs, inputErrs = g.narrow(jobs), g.errs(inputErrs)
		if len(jobs) == 0 && len(inputErrs) == 0 {
			return exitcode.Clean // the tree changes no migration
		}
	}
	jobs, inputErrs = o.alembic.render(e, cfg, src.dir, jobs, inputErrs)
	if g != nil {
		inputErrs = g.scrub(inputErrs)
	}
	if len(jobs) == 0 && len(inputErrs) == 0 {
		return errorf(e, "no migration sets found under %s: name them under sets: in %s, or pass the directories or files to lint", root, config.FileName)
	}
	format := o.format
	if format == "" {
		format = "compact"
		if e.isTerminal {
			format = "text"
		}
	}
	// Only text output shows source excerpts; the other formats let the
	// engine drop each file's text once linted.
	excerpts := format == "text"
	sev := cfg.Severities()
	var findings []rules.Finding
	sources := map[string]string{}
	for _, j := range jobs {
		if j.alembic != nil {
			findings = append(findings, j.lintAlembic(rules.Options{PG: pg, Severity: sev, Lint: j.lint}, sources)...)
			continue
		}
		for _, f := range j.set.Files {
			if !excerpts {
				break
			}
			sources[f.Path] = f.Src
			if f.DownFile != nil {
				sources[f.DownFile.Path] = f.DownFile.Src
			}
		}
		res := rules.LintSet(j.set, rules.Options{PG: pg, Severity: sev, Lint: j.lint, Release: !excerpts})
		findings = append(findings, res.Findings...)
	}
	if g != nil {
		findings = g.keep(findings)
	}
	rules.SortFindings(findings)
	for _, err := range inputErrs {
		fmt.Fprintf(e.stderr, "migguard: %v\n", err)
	}
	color := o.color == "always" || (o.color == "auto" && e.isTerminal && e.getenv("NO_COLOR") == "")
	err := report.Write(e.stdout, findings, report.Options{
		Format:      format,
		Color:       color,
		Source:      func(p string) (string, bool) { s, ok := sources[p]; return s, ok },
		ToolVersion: version(),
		Rules:       lookupRule,
	})
	if err != nil {
		fmt.Fprintf(e.stderr, "migguard: writing the report: %v\n", err)
		return exitcode.Internal
	}
	switch {
	case len(inputErrs) > 0:
		return exitcode.Usage
	case hasErrors(findings):
		return exitcode.Findings
	}
	return exitcode.Clean
}

// lintJob is one set to lint and the files of it to report on (nil: the
// files that configuration does not exclude).
type lintJob struct {
	set  *migrations.Set
	lint func(*migrations.File) bool
	// alembic is the Alembic project whose translated SQL set is set.
	alembic *alembic.Set
}

// lintJobs turns the paths (or the configured or discovered sets) into
// jobs. Unreadable inputs come back as errors; the rest is still linted.
func lintJobs(e *env, cfg *config.Config, src lintSource, o lintOptions) (jobs []lintJob, errs []error) {
	root := src.root
	as := alembicSets{}
	defer func() { as.attach(jobs) }()
	configured := map[string]*config.Set{}
	for i := range cfg.Sets {
		configured[cfg.Sets[i].Path] = &cfg.Sets[i]
	}
	load := func(dir string) (*migrations.Set, *config.Set) {
		cs := configured[dir]
		if set, ok := as.loadAlembic(src.fsys, dir, cs, &errs); ok {
			return set, cs
		}
		var format migrations.Format
		if cs != nil {
			format = cs.Format
		}
		set, loadErrs := migrations.LoadDir(src.fsys, dir, format)
		errs = append(errs, loadErrs...)
		if set != nil && cs != nil && cs.HasTx {
			for _, f := range set.Files {
				if f.TxSource == "" || !strings.HasPrefix(f.TxSource, "-- migguard:tx") {
					f.Tx, f.TxSource = cs.Tx, fmt.Sprintf("%s:%d sets tx: %s", config.FileName, cs.Line, cs.Tx)
				}
			}
		}
		return set, cs
	}
	filter := func(cs *config.Set, only map[string]bool) func(*migrations.File) bool {
		after := cfg.StartAfterFor(cs)
		return func(f *migrations.File) bool {
			if only != nil {
				return only[f.Path]
			}
			if cfg.Ignored(f.Path) {
				return false
			}
			return o.all || after == "" || f.Repeatable || versionAfter(f.Version, after)
		}
	}

	if len(o.paths) == 0 {
		dirs := make([]string, 0, len(cfg.Sets))
		for _, s := range cfg.Sets {
			dirs = append(dirs, s.Path)
		}
		if len(dirs) == 0 {
			sets, derrs := migrations.Discover(src.fsys, cfg.Ignored)
			errs = append(errs, derrs...)
			for _, s := range sets {
				jobs = append(jobs, lintJob{set: s, lint: filter(nil, nil)})
			}
			as.discoverAlembic(src, cfg, &jobs, &errs, filter(nil, nil))
			return jobs, errs
		}
		for _, d := range dirs {
			if st, err := fs.Stat(src.fsys, path.Clean(d)); err != nil || !st.IsDir() {
				errs = append(errs, fmt.Errorf("%s: migration set %s: no such directory", cfg.Path, d))
				continue
			}
			if set, cs := load(d); set != nil {
				jobs = append(jobs, lintJob{set: set, lint: filter(cs, nil)})
			}
		}
		return jobs, errs
	}

	// Files given by path are grouped by directory, so each directory is
	// read and replayed once.
	onlyFiles := map[string]map[string]bool{}
	var order []string
	for _, p := range o.paths {
		if p == "-" {
			data, err := io.ReadAll(io.LimitReader(e.stdin, migrations.MaxFileSize+1)) // ParseFile refuses more
			if err != nil {
				errs = append(errs, fmt.Errorf("reading stdin: %w", err))
				continue
			}
			f, err := migrations.ParseFile(migrations.Single, o.stdinName, data)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			jobs = append(jobs, lintJob{set: &migrations.Set{Dir: ".", Format: migrations.Single, Files: []*migrations.File{f}}})
			continue
		}
		rel, err := relTo(root, p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		st, err := os.Stat(p)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", p, migrations.UnwrapPathError(err)))
			continue
		}
		dir, file := rel, ""
		if !st.IsDir() {
			dir, file = filepath.ToSlash(filepath.Dir(filepath.FromSlash(rel))), rel
		}
		if _, seen := onlyFiles[dir]; !seen {
			order = append(order, dir)
			onlyFiles[dir] = map[string]bool{}
		}
		if file == "" {
			onlyFiles[dir] = nil // the whole directory
		} else if onlyFiles[dir] != nil {
			onlyFiles[dir][file] = true
		}
	}
	for _, dir := range order {
		set, cs := load(dir)
		if set == nil {
			continue
		}
		only := onlyFiles[dir]
		for f := range only {
			if !setHas(set, f) {
				// A file the set's format does not order (a README.sql
				// beside goose files, a down file): lint it on its own.
				errs = append(errs, checkAlone(&jobs, src.fsys, f)...)
				delete(only, f)
			}
		}
		if only != nil && len(only) == 0 {
			continue
		}
		jobs = append(jobs, lintJob{set: set, lint: filter(cs, only)})
	}
	return jobs, errs
}

// checkAlone lints one file outside any set.
func checkAlone(jobs *[]lintJob, fsys fs.FS, rel string) []error {
	data, err := migrations.ReadFile(fsys, rel)
	if err != nil {
		return []error{fmt.Errorf("%s: %w", rel, migrations.UnwrapPathError(err))}
	}
	f, err := migrations.ParseFile(migrations.Single, rel, data)
	if err != nil {
		return []error{err}
	}
	*jobs = append(*jobs, lintJob{set: &migrations.Set{Dir: filepath.ToSlash(filepath.Dir(rel)), Format: migrations.Single, Files: []*migrations.File{f}}})
	return nil
}

func setHas(s *migrations.Set, path string) bool {
	for _, f := range s.Files {
		if f.Path == path {
			return true
		}
	}
	return false
}

// relTo returns p relative to root, slash-separated.
func relTo(root, p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("%s: outside the repository %s", p, root)
	}
	return filepath.ToSlash(rel), nil
}

// versionAfter reports whether version v sorts after start: numerically
// when both are numbers (leading zeros do not matter), by string otherwise.
func versionAfter(v, start string) bool {
	a, errA := strconv.ParseUint(strings.ReplaceAll(v, "_", "."), 10, 64)
	b, errB := strconv.ParseUint(strings.ReplaceAll(start, "_", "."), 10, 64)
	if errA == nil && errB == nil {
		return a > b
	}
	return compareDotted(v, start) > 0
}

// compareDotted compares versions such as 1.2.10 and 1.2.9 part by part.
func compareDotted(a, b string) int {
	pa := strings.FieldsFunc(a, func(r rune) bool { return r == '.' || r == '_' })
	pb := strings.FieldsFunc(b, func(r rune) bool { return r == '.' || r == '_' })
	for i := 0; i < len(pa) || i < len(pb); i++ {
		var x, y string
		if i < len(pa) {
			x = pa[i]
		}
		if i < len(pb) {
			y = pb[i]
		}
		nx, ex := strconv.ParseUint(x, 10, 64)
		ny, ey := strconv.ParseUint(y, 10, 64)
		switch {
		case ex == nil && ey == nil && nx != ny:
			if nx < ny {
				return -1
			}
			return 1
		case (ex != nil || ey != nil) && x != y:
			return strings.Compare(x, y)
		}
	}
	return 0
}

func hasErrors(fs []rules.Finding) bool {
	for _, f := range fs {
		if f.Severity == rules.Error {
			return true
		}
	}
	return false
}

// loadConfig finds and reads the configuration. It returns the
// configuration (defaults when there is no file), the repository root and
// exitcode.Clean, or prints the error and returns exitcode.Usage.
func loadConfig(e *env, path string) (*config.Config, string, int) {
	cwd, err := os.Getwd()
	if err != nil {
		fmt.Fprintf(e.stderr, "migguard: %v\n", err)
		return nil, "", exitcode.Internal
	}
	found, root := config.Find(cwd)
	if path == "" {
		path = found
	} else if abs, err := filepath.Abs(path); err == nil {
		if _, r := config.Find(filepath.Dir(abs)); r != "" {
			root = r
		}
	}
	if path == "" {
		return &config.Config{Rules: map[string]config.Setting{}}, root, exitcode.Clean
	}
	cfg, err := config.Load(path)
	if err != nil {
		fmt.Fprintf(e.stderr, "migguard: invalid configuration: %v\n", err)
		return nil, "", exitcode.Usage
	}
	return cfg, root, exitcode.Clean
}

// setGC sets the garbage collector's GOGC percent (-1: off) and a soft
// memory limit of 240 MiB, each unless the GOGC or GOMEMLIMIT environment
// variable sets it. Past the limit the collector works harder, so a very
// large repository cannot exhaust memory; with the parser's own memory,
// linting 10,000 migrations peaks at about 265 MiB.
func setGC(getenv func(string) string, percent int) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(percent)
	}
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(240 << 20)
	}
}
