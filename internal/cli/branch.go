package cli

import (
	"flag"
	"fmt"
	"maps"
	"os/exec"
	"strings"
	"time"

	"github.com/migguard/migguard/hooks/branch"
	"github.com/migguard/migguard/hooks/models"
	"github.com/migguard/migguard/hooks/scope"
	"github.com/migguard/migguard/internal/config"
	"github.com/migguard/migguard/internal/exitcode"
	"github.com/migguard/migguard/internal/gitview"
	"github.com/migguard/migguard/internal/project"
	"github.com/migguard/migguard/internal/rules"
)

// gitCheckOptions are the flags shared by `migguard branch` and
// `migguard models`.
type gitCheckOptions struct {
	name       string // "branch" or "models"
	out        output
	git        gitFlags
	configPath string
	maxPerSet  int
	strictFmt  bool
	modelGlobs string
	quiet      bool
	fix        bool
}

func runBranch(e *env, args []string) int { return runGitCheck(e, "branch", args) }
func runModels(e *env, args []string) int { return runGitCheck(e, "models", args) }

const branchUsage = `Usage: migguard branch [flags]

Checks the branch against its base branch (base_branch in .migguard.yaml,
else develop, main, master; origin/<name> when the local branch is missing
or behind; -base names a commit too, when no branch has the name): the
branch adds at most one migration per set, each on top of the base's
newest migration (numbered formats: a version after every version on the
base, no duplicates; Alembic: down_revision is the base's single head),
and it does not edit, rename or delete migrations already on the base.
Formatting-only edits are reported as information.

What is checked:
  -staged     the index (what the commit being made records; honours
              GIT_INDEX_FILE). The default inside pre-commit (PRE_COMMIT=1).
  -pre-push   each ref git pushes, read from stdin as a native pre-push hook
              receives it. Inside pre-commit's pre-push stage the pushed
              commit comes from PRE_COMMIT_TO_REF.
  -head REV   a commit (default HEAD), e.g. in CI.

With -fix it also repairs, in the working tree, what it can: a numbered
migration that sorts before the base's newest (or shares its version) is
renamed with git mv to the next version after it, its up and down files
together; an Alembic revision whose down_revision is stale gets the base's
head there and on its docstring's Revises: line. A branch that adds too
many migrations gets the commands that fold them into one; migguard never
folds them itself. It prints what it changed and commits nothing; the
findings it repaired no longer count for the exit code.

What it reads of a set's dialect (its SQL, the Go packages that embed it)
and the tree it builds from git's index (-staged) are kept in lint's cache
(MIGGUARD_CACHE; MIGGUARD_CACHE=off turns it off).

Exit codes: 0 clean, 1 findings at error severity, 2 a repository state in
which no verdict can be given (the message says what to do) or a usage or
configuration error, 3 internal failure.

Flags:`

const modelsUsage = `Usage: migguard models [flags]

Reports database models that the branch changes without a migration that
makes the change. Model files are chosen by the models: globs of
.migguard.yaml (or -models); Go structs mapped with db/gorm/bun tags and
SQLAlchemy models are compared before and after, ignoring comments, methods,
docstrings, imports, relationships and other changes that cannot touch the
schema. Each change is checked against the schema that the migrations of the
checked tree build: the new column, its type, nullability and default, the
table, an Enum's new members must be there (where several sets create the
table, in the set the branch adds a migration to, else in one that Go code
embeds). The commit range, base and modes are those of 'migguard branch'.

Exit codes: 0 clean, 1 findings, 2 repository state or usage error,
3 internal failure.

Flags:`

func runGitCheck(e *env, name string, args []string) int {
	o := gitCheckOptions{name: name}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	o.out.register(fs, reportFormats)
	o.git.register(fs, "check this `revision` instead of HEAD")
	fs.StringVar(&o.configPath, "config", "", "`path` of .migguard.yaml (default: found by walking up from the current directory)")
	fs.BoolVar(&o.quiet, "q", false, "print no notes, only findings")
	usage := modelsUsage
	if name == "branch" {
		usage = branchUsage
		fs.IntVar(&o.maxPerSet, "max-migrations", 0, "migrations a branch may add per set (default: branch.max_migrations, else 1)")
		fs.BoolVar(&o.strictFmt, "strict-formatting", false, "formatting-only edits of merged migrations are errors too")
		fs.BoolVar(&o.fix, "fix", false, "repair in the working tree what can be: rename a stale numbered migration (git mv, up and down files together), set a stale Alembic down_revision; prints the changes, commits nothing")
	} else {
		fs.StringVar(&o.modelGlobs, "models", "", "comma-separated `globs` of model files (default: models: of the configuration, else "+strings.Join(models.DefaultGlobs, ",")+")")
	}
	fs.Usage = func() { fmt.Fprintln(fs.Output(), usage); fs.PrintDefaults() }
	args, code, ok := parseArgs(e, fs, args)
	if !ok {
		return code
	}
	// pre-commit passes file names when pass_filenames is left on; the
	// check computes its own files.
	if len(args) > 0 && e.getenv("PRE_COMMIT") == "" {
		return errorf(e, "%s takes no arguments (got %q); see 'migguard help %s'", name, args[0], name)
	}
	if err := o.out.check(); err != nil {
		return errorf(e, "%v", err)
	}
	if o.fix && (o.git.staged || o.git.prePush || o.git.head != "" && o.git.head != "HEAD") {
		return errorf(e, "branch -fix repairs the working tree, so it checks HEAD: leave out -staged, -pre-push and -head")
	}
	// A check runs for milliseconds and keeps most of what it allocates,
	// so collecting only costs time: the collector stays off until the
	// soft memory limit.
	setGC(e.getenv, -1)
	p, code := openProject(e, o.configPath)
	if p == nil {
		return code
	}
	// The cache keeps what reading a set's dialect found.
	c := openCache(e, false)
	defer c.Close()
	p.UseCache(c)
	targets, _, err := gitTargets(e, p.Config, o.git, false, true)
	if err != nil {
		return errorf(e, "reading the pushed refs: %v", err)
	}
	if len(targets) == 0 {
		return exitcode.Clean
	}
	repo, err := gitview.Open(p.Root, e.getenv)
	if err != nil {
		return errorf(e, "%v", err)
	}
	defer repo.Close()
	repo.UseCache(c)
	prefix, err := repo.Prefix(p.Root)
	if err != nil {
		return errorf(e, "%v", err)
	}
	var findings []rules.Finding
	sources := map[string]string{}
	for _, t := range targets {
		p, t, err := projectFor(e, repo, p, o.git.base, t)
		if err != nil {
			fmt.Fprintf(e.stderr, "migguard %s: %s%v\n", name, labelPrefix(t.label), err)
			return exitcode.Usage
		}
		fs, notes, srcs, repairs, err := runGitTarget(repo, p, prefix, o, t.opts)
		if err != nil {
			fmt.Fprintf(e.stderr, "migguard %s: %s%v\n", name, labelPrefix(t.label), err)
			return exitcode.Usage
		}
		if !o.quiet {
			for _, n := range notes {
				fmt.Fprintf(e.stderr, "migguard %s: %s\n", name, n)
			}
		}
		if o.fix {
			fs = fixBranch(e, p, fs, repairs)
		}
		findings = append(findings, p.Config.Apply(fs)...)
		maps.Copy(sources, srcs)
	}
	format, color := o.out.resolve(e)
	if code := writeReport(e, format, color, findings, sources, false); code != exitcode.Clean {
		return code
	}
	if hasErrors(findings) {
		return exitcode.Findings
	}
	return exitcode.Clean
}

// runGitTarget runs one check over one scope.
func runGitTarget(repo *gitview.Git, p *project.Project, prefix string, o gitCheckOptions, so scope.Options) ([]rules.Finding, []string, map[string]string, []branch.Repair, error) {
	cfg := p.Config
	s, err := scope.Resolve(repo, so)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	notes := append([]string{}, s.Notes...)
	bo := branch.Options{Project: p, Prefix: prefix, MaxPerSet: cfg.Branch.MaxMigrations, StrictFormatting: cfg.Branch.StrictFormatting,
		AllowRebaseline: cfg.Branch.AllowRebaseline}
	if o.maxPerSet > 0 {
		bo.MaxPerSet = o.maxPerSet
	}
	if o.strictFmt {
		bo.StrictFormatting = true
	}
	if s.Initial {
		return nil, notes, nil, nil, nil
	}
	describe := fmt.Sprintf("checked %s against %s (merge-base %s)", s.HeadName, s.Base.Name, gitview.Short(s.MergeBase))
	if o.name == "branch" {
		br, err := branch.Check(repo, s, bo)
		if err != nil {
			return nil, nil, nil, nil, err
		}
		switch {
		case len(br.Sets) == 0:
			describe += ": no migration set changed"
		case len(br.Added) == 0:
			describe += fmt.Sprintf(": no migration added in %s", strings.Join(br.Sets, ", "))
		default:
			describe += fmt.Sprintf(": adds %s", strings.Join(br.Added, ", "))
		}
		notes = append(notes, br.Notes...)
		return br.Findings, append(notes, describe), br.Sources, br.Repairs, nil
	}
	mo := models.Options{Globs: modelGlobs(cfg), Ignored: cfg.Ignored, Project: p, Prefix: prefix}
	if o.modelGlobs != "" {
		mo.Globs = strings.Split(o.modelGlobs, ",")
	}
	// The models check needs the branch's migrations only to judge a
	// changed model.
	added := func() ([]string, error) {
		br, err := branch.Check(repo, s, bo)
		if err != nil {
			return nil, err
		}
		return br.Added, nil
	}
	mr, err := models.Check(repo, s, mo, added)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	describe += fmt.Sprintf(": %d model file(s) changed, %d schema change(s)", len(mr.Files), len(mr.Changes))
	return mr.Findings, append(append(notes, mr.Notes...), describe), nil, nil, nil
}

// modelGlobs returns the configured model globs, nil for the defaults.
func modelGlobs(cfg *config.Config) []string {
	if cfg.Models == nil {
		return nil
	}
	return cfg.Models
}

// fixBranch makes the repairs of the branch check in the working tree,
// prints what it changed and what it left, and returns the findings that
// no repair answered.
func fixBranch(e *env, p *project.Project, findings []rules.Finding, repairs []branch.Repair) []rules.Finding {
	mv := func(from, to string) error {
		cmd := exec.Command("git", "mv", "--", from, to)
		cmd.Dir = p.Root
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("git mv %s %s: %v: %s", from, to, err, strings.TrimSpace(string(out)))
		}
		return nil
	}
	fixed := branch.Fix(p.Root, repairs, mv, time.Now())
	for _, c := range fixed.Changes {
		fmt.Fprintf(e.stderr, "migguard branch: fixed: %s\n", c)
	}
	for _, l := range fixed.Left {
		fmt.Fprintf(e.stderr, "migguard branch: not fixed: %s\n", l)
	}
	if len(fixed.Changes) > 0 {
		fmt.Fprintln(e.stderr, "migguard branch: review the changes and commit them")
	}
	var out []rules.Finding
	for _, f := range findings {
		repaired := false
		for _, r := range fixed.Repaired {
			repaired = repaired || r.Rule == f.Rule && r.Path == f.Path && r.Line == f.Pos.Line
		}
		if !repaired {
			out = append(out, f)
		}
	}
	return out
}
