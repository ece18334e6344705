package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/rogpeppe/go-internal/diff"

	"github.com/migguard/migguard/hooks/branch"
	"github.com/migguard/migguard/hooks/scope"
	"github.com/migguard/migguard/internal/exitcode"
	"github.com/migguard/migguard/internal/fix"
	"github.com/migguard/migguard/internal/gitview"
	"github.com/migguard/migguard/internal/lazyre"
	"github.com/migguard/migguard/internal/project"
	"github.com/migguard/migguard/internal/rules"
)

// fixOptions are the flags of `migguard fix`.
type fixOptions struct {
	diff       bool
	rules      listFlag
	opts       fix.Options
	pgVersion  string
	base       string
	configPath string
}

// listFlag is a flag that may be given several times, each time with one
// value or a comma-separated list.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(v string) error {
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			*l = append(*l, s)
		}
	}
	return nil
}

const fixUsage = `Usage: migguard fix [flags] [paths...]

Rewrites the migrations this branch adds into their safe form, in place.
Without paths it fixes every migration set of the repository; a directory
stands for the sets in it, a file for itself. A migration that is merged
(on the base branch, or on it when the branch forked, as 'migguard branch'
decides) is never changed: naming one is an error.

What it fixes, in the migration tool's own way (SQL, or op.* calls and
op.execute in an Alembic revision):
  require-lock-timeout, require-statement-timeout
      SET lock_timeout (statement_timeout) before the first statement
  create-index-non-concurrently, drop-index-non-concurrently,
  reindex-non-concurrently
      CONCURRENTLY and IF [NOT] EXISTS, the file marked to run outside a
      transaction (-- +goose NO TRANSACTION, dbmate transaction:false,
      -- atlas:txmode none, sql-migrate notransaction, tern disable-tx;
      golang-migrate and Prisma need the statement alone in its file;
      Alembic autocommit_block()). A file that runs other statements,
      which must stay in a transaction, is left alone, with a message.
  add-foreign-key-without-not-valid, add-check-without-not-valid
      NOT VALID, then VALIDATE CONSTRAINT in a transaction of its own
  set-not-null-unproven
      CHECK (col IS NOT NULL) NOT VALID, then VALIDATE, SET NOT NULL and
      DROP of the CHECK in a later transaction (PostgreSQL 12 and later)
  add-column-required
      the column with the constant default of -default, or else nullable,
      with the batched backfill and the NOT NULL steps as comments to
      complete

Each fix is checked before anything is written: the fixed file is linted
with its set, and the fix is kept only when its finding is gone and no
new finding appears. What cannot be fixed safely is left as it was, with
the reason. The commit is left to you.

Exit codes: 0 every finding of these rules is fixed (or there was none),
1 findings were left as they were (the messages say why), 2 usage,
configuration or input error (a merged migration named, no git
repository, no base branch), 3 internal failure (a file cannot be
written).

Flags:`

func runFix(e *env, args []string) int {
	var o fixOptions
	fset := flag.NewFlagSet("fix", flag.ContinueOnError)
	fset.BoolVar(&o.diff, "diff", false, "print the changes as a unified diff instead of writing them")
	fset.Var(&o.rules, "rule", "fix only the findings of this rule `id` (repeatable, or comma-separated)")
	fset.StringVar(&o.opts.Default, "default", "", "constant SQL `value` for a NOT NULL column added without a default ('free', 0, false)")
	fset.StringVar(&o.opts.LockTimeout, "lock-timeout", "2s", "`value` of the SET lock_timeout that fixes add")
	fset.StringVar(&o.opts.StatementTimeout, "statement-timeout", "15min", "`value` of the SET statement_timeout that fixes add (10min or more, so that it does not cancel concurrent builds)")
	fset.StringVar(&o.pgVersion, "pg-version", "", "PostgreSQL `version` the migrations target (default: pg_version of the configuration, else 16)")
	fset.StringVar(&o.base, "base", "", "base `branch`, or a commit when no branch has the name (default: base_branch of the configuration, else $GITHUB_BASE_REF, develop, main, master)")
	fset.StringVar(&o.configPath, "config", "", "`path` of .migguard.yaml (default: found by walking up from the current directory)")
	fset.Usage = func() { fmt.Fprintln(fset.Output(), fixUsage); fset.PrintDefaults() }
	paths, code, ok := parseArgs(e, fset, args)
	if !ok {
		return code
	}
	if msg := o.check(); msg != "" {
		return errorf(e, "%s", msg)
	}
	p, code := openProject(e, o.configPath)
	if p == nil {
		return code
	}
	repo, err := gitview.Open(p.Root, e.getenv)
	if err != nil {
		return errorf(e, "fix: %v: migguard fix needs the git repository to tell the migrations this branch adds from merged ones", err)
	}
	defer repo.Close()
	merged, err := mergedOf(e, repo, p, o.base)
	if err != nil {
		return errorf(e, "fix: %v", err)
	}
	work, err := fixWork(p, paths, merged)
	if err != nil {
		return errorf(e, "fix: %v", err)
	}
	return runFixWork(e, o, p, work, merged)
}

var timeoutRx = lazyre.New(`^[0-9]+(\.[0-9]+)?(us|ms|s|min|h|d)?$`)

// check validates the flags and turns -rule and -pg-version into options.
func (o *fixOptions) check() string {
	for _, id := range o.rules {
		r := rules.Lookup(id)
		if r == nil || !contains(fix.Fixable(), r.ID) {
			return fmt.Sprintf("-rule %s: migguard fix fixes %s", id, strings.Join(fix.Fixable(), ", "))
		}
		o.opts.Rules = append(o.opts.Rules, r.ID)
	}
	for _, t := range []struct{ flag, v string }{{"-lock-timeout", o.opts.LockTimeout}, {"-statement-timeout", o.opts.StatementTimeout}} {
		if !timeoutRx.MatchString(t.v) {
			return fmt.Sprintf("%s %q: want a duration such as 2s, 500ms or 15min", t.flag, t.v)
		}
	}
	if o.pgVersion != "" {
		v, err := rules.ParseVersion(o.pgVersion)
		if err != nil {
			return "-pg-version: " + err.Error()
		}
		o.opts.PG = v
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// mergedOf works out which migrations are merged, with the scope of
// `migguard branch`: HEAD against the base branch.
func mergedOf(e *env, repo *gitview.Git, p *project.Project, base string) (*branch.Merged, error) {
	prefix, err := repo.Prefix(p.Root)
	if err != nil {
		return nil, err
	}
	s, err := scope.Resolve(repo, scope.Options{Bases: basesFor(e, p.Config, base)})
	if err != nil {
		return nil, err
	}
	return branch.NewMerged(repo, s, prefix), nil
}

// fixTarget is a set and the files named in it (nil: all of them).
type fixTarget struct {
	set   *project.Set
	named map[string]bool
}

// fixWork turns the paths into the sets to fix, refusing a named file
// that is merged.
func fixWork(p *project.Project, paths []string, merged *branch.Merged) ([]*fixTarget, error) {
	if len(paths) == 0 {
		sets, errs := p.Sets()
		if len(errs) > 0 {
			return nil, errs[0]
		}
		var out []*fixTarget
		for _, s := range sets {
			out = append(out, &fixTarget{set: s})
		}
		return out, nil
	}
	byDir := map[string]*fixTarget{}
	var order []string
	add := func(s *project.Set, file string) {
		t := byDir[s.Dir]
		if t == nil {
			t = &fixTarget{set: s}
			byDir[s.Dir] = t
			order = append(order, s.Dir)
		}
		if file != "" {
			if t.named == nil {
				t.named = map[string]bool{}
			}
			t.named[file] = true
		}
	}
	for _, arg := range paths {
		rel, err := p.Rel(arg)
		if err != nil {
			return nil, err
		}
		st, err := fs.Stat(p.FS, rel)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", arg, errors.Unwrap(err))
		}
		if !st.IsDir() {
			s, err := p.SetOf(rel)
			if err != nil {
				return nil, err
			}
			if is, why, err := merged.Has(rel, reader(p, rel)); err != nil {
				return nil, err
			} else if is {
				return nil, fmt.Errorf("%s %s; migguard fix never changes a merged migration", arg, why)
			}
			add(s, rel)
			continue
		}
		sets, errs := p.SetsBelow(rel)
		if len(sets) == 0 {
			s, err := p.SetAt(rel)
			if err != nil {
				return nil, err
			}
			sets, errs = []*project.Set{s}, nil
		}
		if len(errs) > 0 {
			return nil, errs[0]
		}
		for _, s := range sets {
			add(s, "")
		}
	}
	var out []*fixTarget
	for _, d := range order {
		out = append(out, byDir[d])
	}
	return out, nil
}

// runFixWork fixes the sets, writes the files or the diff, and reports.
func runFixWork(e *env, o fixOptions, p *project.Project, work []*fixTarget, merged *branch.Merged) int {
	var all []*fix.File
	code := exitcode.Clean
	for _, t := range work {
		selected := func(rel string) bool {
			if t.named != nil && !t.named[rel] {
				return false
			}
			is, _, err := merged.Has(rel, reader(p, rel))
			return err == nil && !is
		}
		files, errs := fix.Set(t.set, selected, o.opts)
		for _, err := range errs {
			fmt.Fprintf(e.stderr, "migguard: %v\n", err)
			code = exitcode.Usage
		}
		all = append(all, files...)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Path < all[j].Path })
	out := e.stdout
	if o.diff {
		out = e.stderr
		for _, f := range all {
			if f.Changed() {
				e.stdout.Write(diff.Diff("a/"+f.Path, []byte(f.Old), "b/"+f.Path, []byte(f.New)))
			}
		}
	} else {
		for _, f := range all {
			if !f.Changed() {
				continue
			}
			if err := writeFixed(p, f); err != nil {
				fmt.Fprintf(e.stderr, "migguard fix: %v\n", err)
				return exitcode.Internal
			}
		}
	}
	return max(code, reportFixes(out, e, all))
}

// reader reads a file of the project.
func reader(p *project.Project, rel string) func() ([]byte, error) {
	return func() ([]byte, error) { return fs.ReadFile(p.FS, rel) }
}

// reportFixes writes a line for each fix made, finding left and note,
// and a summary to stderr; it returns exitcode.Findings when findings
// were left.
func reportFixes(w io.Writer, e *env, files []*fix.File) int {
	fixed, left, changed := 0, 0, 0
	for _, f := range files {
		for _, ch := range f.Fixed {
			fmt.Fprintf(w, "%s:%d: fixed %s: %s\n", f.Path, ch.Line, ch.Rule, ch.Text)
		}
		for _, ch := range f.Left {
			fmt.Fprintf(w, "%s:%d: left %s: %s\n", f.Path, ch.Line, ch.Rule, ch.Text)
		}
		for _, n := range f.Notes {
			fmt.Fprintf(w, "%s: %s\n", f.Path, n)
		}
		if f.Changed() {
			fixed += len(f.Fixed)
			changed++
		}
		left += len(f.Left)
	}
	switch {
	case fixed+left == 0:
		fmt.Fprintln(e.stderr, "migguard fix: nothing to fix in the migrations this branch adds")
	default:
		fmt.Fprintf(e.stderr, "migguard fix: %s fixed in %s, %s left as %s\n", count(fixed, "finding"), count(changed, "file"), count(left, "finding"), wasWere(left))
	}
	if left > 0 {
		return exitcode.Findings
	}
	return exitcode.Clean
}

func wasWere(n int) string {
	if n == 1 {
		return "it was"
	}
	return "they were"
}

// writeFixed writes a fixed file in place of the old one: never through
// a symbolic link, never outside the project, keeping its mode.
func writeFixed(p *project.Project, f *fix.File) error {
	full := filepath.Join(p.Root, filepath.FromSlash(f.Path))
	if _, err := p.Rel(full); err != nil {
		return err
	}
	if target, ok := linkTarget(full); ok {
		return fmt.Errorf("%s is a symbolic link to %s: migguard fix does not write through it", f.Path, target)
	}
	st, err := os.Lstat(full)
	if err != nil {
		return err
	}
	cur, err := os.ReadFile(full)
	if err != nil {
		return err
	}
	if string(cur) != f.Old {
		return fmt.Errorf("%s changed while migguard fix ran: not written", f.Path)
	}
	return replaceFile(full, []byte(f.New), st.Mode().Perm())
}
