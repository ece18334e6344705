package cli

import (
	"bufio"
	"flag"
	"fmt"
	"slices"
	"strings"

	"github.com/migguard/migguard/hooks/branch"
	"github.com/migguard/migguard/hooks/models"
	"github.com/migguard/migguard/hooks/scope"
	"github.com/migguard/migguard/internal/config"
	"github.com/migguard/migguard/internal/exitcode"
	"github.com/migguard/migguard/internal/gitview"
	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/report"
	"github.com/migguard/migguard/internal/rules"
)

// gitCheckOptions are the flags shared by `migguard branch` and
// `migguard models`.
type gitCheckOptions struct {
	name       string // "branch" or "models"
	format     string
	color      string
	configPath string
	base       string
	head       string
	staged     bool
	prePush    bool
	maxPerSet  int
	strictFmt  bool
	modelGlobs string
	quiet      bool
}

func runBranch(e *env, args []string) int { return runGitCheck(e, "branch", args) }
func runModels(e *env, args []string) int { return runGitCheck(e, "models", args) }

const branchUsage = `Usage: migguard branch [flags]

Checks the branch against its base branch (base_branch in .migguard.yaml,
else develop, main, master; origin/<name> when the local branch is missing
or behind): the branch adds at most one migration per set, each on top of
the base's newest migration (numbered formats: a version after every version
on the base, no duplicates; Alembic: down_revision is the base's single
head), and it does not edit, rename or delete migrations already on the
base. Formatting-only edits are reported as information.

What is checked:
  -staged     the index (what the commit being made records; honours
              GIT_INDEX_FILE). The default inside pre-commit (PRE_COMMIT=1).
  -pre-push   each ref git pushes, read from stdin as a native pre-push hook
              receives it. Inside pre-commit's pre-push stage the pushed
              commit comes from PRE_COMMIT_TO_REF.
  -head REV   a commit (default HEAD), e.g. in CI.

Exit codes: 0 clean, 1 findings at error severity, 2 a repository state in
which no verdict can be given (the message says what to do) or a usage or
configuration error, 3 internal failure.

Flags:`

const modelsUsage = `Usage: migguard models [flags]

Reports database models that the branch changes without adding a migration.
Model files are chosen by the models: globs of .migguard.yaml (or -models);
Go structs mapped with db/gorm/bun tags and SQLAlchemy models are compared
before and after, ignoring comments, methods, docstrings, imports,
relationships and other changes that cannot touch the schema. The commit
range, base and modes are those of 'migguard branch'.

Exit codes: 0 clean, 1 findings, 2 repository state or usage error,
3 internal failure.

Flags:`

func runGitCheck(e *env, name string, args []string) int {
	o := gitCheckOptions{name: name}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.StringVar(&o.format, "format", "", "output `format`: "+strings.Join(report.Formats, ", ")+" (default: text on a terminal, compact otherwise)")
	fs.StringVar(&o.color, "color", "auto", "colour text output: auto, always or never")
	fs.StringVar(&o.configPath, "config", "", "`path` of .migguard.yaml (default: found by walking up from the current directory)")
	fs.StringVar(&o.base, "base", "", "base `branch` (default: base_branch of the configuration, else $GITHUB_BASE_REF, develop, main, master)")
	fs.StringVar(&o.head, "head", "", "check this `revision` instead of HEAD")
	fs.BoolVar(&o.staged, "staged", false, "check the staged index (default inside pre-commit)")
	fs.BoolVar(&o.prePush, "pre-push", false, "check the refs a native git pre-push hook reads from stdin")
	fs.BoolVar(&o.quiet, "q", false, "print no notes, only findings")
	if name == "branch" {
		fs.IntVar(&o.maxPerSet, "max-migrations", 0, "migrations a branch may add per set (default: branch.max_migrations, else 1)")
		fs.BoolVar(&o.strictFmt, "strict-formatting", false, "formatting-only edits of merged migrations are errors too")
	} else {
		fs.StringVar(&o.modelGlobs, "models", "", "comma-separated `globs` of model files (default: models: of the configuration, else "+strings.Join(models.DefaultGlobs, ",")+")")
	}
	fs.Usage = func() {
		if name == "branch" {
			fmt.Fprintln(e.stderr, branchUsage)
		} else {
			fmt.Fprintln(e.stderr, modelsUsage)
		}
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return flagError(err)
	}
	if fs.NArg() > 0 {
		// pre-commit may pass file names when pass_filenames is left on;
		// the check computes its own files.
		if e.getenv("PRE_COMMIT") == "" {
			return errorf(e, "%s takes no arguments (got %q); see 'migguard help %s'", name, fs.Arg(0), name)
		}
	}
	if o.format != "" && !slices.Contains(report.Formats, o.format) {
		return errorf(e, "unknown format %q (known: %s)", o.format, strings.Join(report.Formats, ", "))
	}
	// A check runs for milliseconds and keeps most of what it allocates,
	// so collecting only costs time: the collector stays off until the
	// soft memory limit.
	setGC(e.getenv, -1)
	cfg, root, code := loadConfig(e, o.configPath)
	if code != exitcode.Clean {
		return code
	}
	repo, err := gitview.Open(root, e.getenv)
	if err != nil {
		return errorf(e, "%v", err)
	}
	defer repo.Close()

	type target struct {
		label string
		opts  scope.Options
	}
	bases := basesFor(e, cfg, o.base)
	var targets []target
	switch {
	case o.prePush:
		sc := bufio.NewScanner(e.stdin)
		for sc.Scan() {
			f := strings.Fields(sc.Text())
			if len(f) != 4 || strings.Trim(f[1], "0") == "" {
				continue // a deletion, or not a ref line
			}
			targets = append(targets, target{label: f[0], opts: scope.Options{Head: f[1], Bases: pushBases(bases, f[0])}})
		}
		if len(targets) == 0 {
			return exitcode.Clean
		}
	case o.head != "":
		targets = []target{{opts: scope.Options{Head: o.head, Bases: bases}}}
	case e.getenv("PRE_COMMIT_TO_REF") != "" && !o.staged:
		local := e.getenv("PRE_COMMIT_LOCAL_BRANCH")
		targets = []target{{label: local, opts: scope.Options{Head: e.getenv("PRE_COMMIT_TO_REF"), Bases: pushBases(bases, local)}}}
	case o.staged || e.getenv("PRE_COMMIT") != "":
		targets = []target{{opts: scope.Options{Staged: true, Bases: bases}}}
	default:
		targets = []target{{opts: scope.Options{Bases: bases}}}
	}

	var findings []rules.Finding
	sources := map[string]string{}
	for _, t := range targets {
		fs, notes, srcs, err := runGitTarget(repo, cfg, o, t.opts)
		if err != nil {
			prefix := ""
			if t.label != "" {
				prefix = t.label + ": "
			}
			fmt.Fprintf(e.stderr, "migguard %s: %s%v\n", name, prefix, err)
			return exitcode.Usage
		}
		if !o.quiet {
			for _, n := range notes {
				fmt.Fprintf(e.stderr, "migguard %s: %s\n", name, n)
			}
		}
		findings = append(findings, fs...)
		for k, v := range srcs {
			sources[k] = v
		}
	}
	format := o.format
	if format == "" {
		format = "compact"
		if e.isTerminal {
			format = "text"
		}
	}
	color := o.color == "always" || (o.color == "auto" && e.isTerminal && e.getenv("NO_COLOR") == "")
	if len(findings) > 0 || format != "compact" {
		err = report.Write(e.stdout, findings, report.Options{
			Format: format, Color: color, ToolVersion: version(), Rules: lookupAnyRule,
			Source: func(p string) (string, bool) { s, ok := sources[p]; return s, ok },
		})
		if err != nil {
			fmt.Fprintf(e.stderr, "migguard: writing the report: %v\n", err)
			return exitcode.Internal
		}
	}
	if hasErrors(findings) {
		return exitcode.Findings
	}
	return exitcode.Clean
}

// lookupAnyRule finds SQL rules and the rules of the git-side checks.
func lookupAnyRule(id string) *rules.Rule {
	if r := rules.Lookup(id); r != nil {
		return r
	}
	if r := branch.Lookup(id); r != nil {
		return r
	}
	for _, r := range models.Rules {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// basesFor returns the base branches to try.
func basesFor(e *env, cfg *config.Config, flagBase string) []string {
	switch {
	case flagBase != "":
		return []string{flagBase}
	case cfg.BaseBranch != "":
		return []string{cfg.BaseBranch}
	}
	var out []string
	if gh := e.getenv("GITHUB_BASE_REF"); gh != "" {
		out = append(out, gh)
	}
	return append(out, scope.DefaultBases...)
}

// pushBases: pushing the base branch itself is checked against origin's
// copy of it, which is what the push changes.
func pushBases(bases []string, localRef string) []string {
	name := strings.TrimPrefix(localRef, "refs/heads/")
	for _, b := range bases {
		if b == name {
			return []string{"origin/" + name}
		}
	}
	return bases
}

// runGitTarget runs one check over one scope.
func runGitTarget(repo *gitview.Git, cfg *config.Config, o gitCheckOptions, so scope.Options) ([]rules.Finding, []string, map[string]string, error) {
	s, err := scope.Resolve(repo, so)
	if err != nil {
		return nil, nil, nil, err
	}
	notes := append([]string{}, s.Notes...)
	bo := branchOptions(cfg)
	if o.maxPerSet > 0 {
		bo.MaxPerSet = o.maxPerSet
	}
	if o.strictFmt {
		bo.StrictFormatting = true
	}
	if s.Initial {
		return nil, notes, nil, nil
	}
	br, err := branch.Check(repo, s, bo)
	if err != nil {
		return nil, nil, nil, err
	}
	describe := fmt.Sprintf("checked %s against %s (merge-base %s)", s.HeadName, s.Base.Name, gitview.Short(s.MergeBase))
	if o.name == "branch" {
		switch {
		case len(br.Sets) == 0:
			describe += ": no migration set changed"
		case len(br.Added) == 0:
			describe += fmt.Sprintf(": no migration added in %s", strings.Join(br.Sets, ", "))
		default:
			describe += fmt.Sprintf(": adds %s", strings.Join(br.Added, ", "))
		}
		notes = append(notes, br.Notes...)
		return br.Findings, append(notes, describe), br.Sources, nil
	}
	mo := models.Options{Globs: modelGlobs(cfg), Ignored: cfg.Ignored}
	if o.modelGlobs != "" {
		mo.Globs = strings.Split(o.modelGlobs, ",")
	}
	mr, err := models.Check(repo, s, mo, br.Added)
	if err != nil {
		return nil, nil, nil, err
	}
	describe += fmt.Sprintf(": %d model file(s) changed, %d schema change(s)", len(mr.Files), len(mr.Changes))
	return mr.Findings, append(append(notes, mr.Notes...), describe), nil, nil
}

// branchOptions turns the configuration into branch.Options.
func branchOptions(cfg *config.Config) branch.Options {
	bo := branch.Options{Ignored: cfg.Ignored}
	if len(cfg.Sets) > 0 {
		bo.Sets = []branch.Set{}
		for _, s := range cfg.Sets {
			bo.Sets = append(bo.Sets, branch.Set{Dir: s.Path, Format: migrations.Format(s.Format)})
		}
	}
	applyHookConfig(cfg, &bo)
	return bo
}

// applyHookConfig applies the branch: settings of the configuration.
func applyHookConfig(cfg *config.Config, bo *branch.Options) {
	bo.MaxPerSet = cfg.Branch.MaxMigrations
	bo.StrictFormatting = cfg.Branch.StrictFormatting
}

// modelGlobs returns the configured model globs, nil for the defaults.
func modelGlobs(cfg *config.Config) []string {
	if cfg.Models == nil {
		return nil
	}
	return cfg.Models
}
