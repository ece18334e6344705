package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/migguard/migguard/hooks/scope"
	"github.com/migguard/migguard/internal/alembic"
	"github.com/migguard/migguard/internal/config"
	"github.com/migguard/migguard/internal/exitcode"
	"github.com/migguard/migguard/internal/gitview"
	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/rules"
)

// Linting what git records rather than the working tree.
//
// `migguard lint -staged` (and -pre-push, -head, and the pre-commit
// framework's hook) judges the migration files of a tree that git holds:
// the staged index (GIT_INDEX_FILE honoured, so `git commit -a` and
// `git commit <paths>` are judged by what they commit) or a pushed commit.
// The tree is read in place (gitview's FS) and linted with the rules of
// `migguard lint` without arguments (configured sets, else discovered
// ones), so the earlier migrations are replayed as git holds them too.
// Only the migration files that the tree changes are reported on: against
// HEAD for the index, against the merge-base with the base branch for a
// commit. Alembic's offline rendering, which runs Python on real files, is
// given a copy of the tree in a temporary directory.

// gitLintTarget is one tree to lint.
type gitLintTarget struct {
	label string // a pushed ref, for messages; "" otherwise
	opts  scope.Options
}

// gitLintTargets reports whether lint judges trees that git holds, and
// which ones.
// Inside the pre-commit framework without file names (pass_filenames:
// false), lint judges what the hook stage is about: the pushed commit
// (PRE_COMMIT_TO_REF), else the index.
func gitLintTargets(e *env, cfg *config.Config, o lintOptions) (targets []gitLintTarget, ok bool, err error) {
	bases := basesFor(e, cfg, "")
	switch {
	case o.prePush:
		sc := bufio.NewScanner(e.stdin)
		for sc.Scan() {
			f := strings.Fields(sc.Text())
			if len(f) != 4 || strings.Trim(f[1], "0") == "" {
				continue // a deletion, or not a ref line
			}
			targets = append(targets, gitLintTarget{label: f[0], opts: scope.Options{Head: f[1], Bases: pushBases(bases, f[0])}})
		}
		return targets, true, sc.Err()
	case o.head != "":
		return []gitLintTarget{{opts: scope.Options{Head: o.head, Bases: bases}}}, true, nil
	case o.staged:
		return []gitLintTarget{{opts: scope.Options{Staged: true}}}, true, nil
	case e.getenv("PRE_COMMIT") != "" && len(o.paths) == 0:
		if to := e.getenv("PRE_COMMIT_TO_REF"); to != "" {
			local := e.getenv("PRE_COMMIT_LOCAL_BRANCH")
			return []gitLintTarget{{label: local, opts: scope.Options{Head: to, Bases: pushBases(bases, local)}}}, true, nil
		}
		return []gitLintTarget{{opts: scope.Options{Staged: true}}}, true, nil
	}
	return nil, false, nil
}

// gitLint is the preparation of one git tree for linting.
type gitLint struct {
	repo   *gitview.Git
	tree   gitview.Hash
	prefix string // root relative to the repository's top, "" when the same
	// root is the working-tree directory that lint runs on.
	root string
	fsys fs.FS // the tree below prefix
	// copy is the temporary directory the tree was copied to for Alembic,
	// "" until asked for; copyErr is why copying failed.
	copy    string
	copyErr error
	// cfg is the configuration, its sets narrowed to those that the tree
	// changes.
	cfg *config.Config
	// changed are the migration candidates the tree changes (paths
	// relative to root).
	changed map[string]bool
}

// sqlLike reports whether a path can be a migration file: SQL, or an
// Alembic revision file.
func sqlLike(p string) bool { return strings.HasSuffix(p, ".sql") || strings.HasSuffix(p, ".py") }

// prepareGitLint resolves the target and the tree's files. It returns nil
// and exitcode.Clean when the tree changes no file that can be a migration,
// or nil and an error code after printing the error.
func prepareGitLint(e *env, cfg *config.Config, root string, t gitLintTarget) (*gitLint, int) {
	fail := func(err error) (*gitLint, int) {
		prefix := ""
		if t.label != "" {
			prefix = t.label + ": "
		}
		// A repository state in which no verdict can be given (base
		// branch missing, shallow clone, unmerged index) or an unreadable
		// repository: the message says what to do.
		fmt.Fprintf(e.stderr, "migguard lint: %s%v\n", prefix, err)
		return nil, exitcode.Usage
	}
	repo, err := gitview.Open(root, e.getenv)
	if err != nil {
		return fail(err)
	}
	g := &gitLint{repo: repo, root: root, changed: map[string]bool{}}
	ok := false
	defer func() {
		if !ok {
			g.close()
		}
	}()
	if rel, err := relToTop(repo.WorkTree, root); err != nil {
		return fail(err)
	} else if rel != "." {
		g.prefix = rel + "/"
	}

	var from gitview.Hash
	if t.opts.Staged {
		head, err := repo.Head()
		if err != nil {
			return fail(err)
		}
		if g.tree, err = repo.StagedTree(); err != nil {
			return fail(err)
		}
		if !head.Unborn {
			if from, err = repo.CommitTree(head.Commit); err != nil {
				return fail(err)
			}
		}
	} else {
		s, err := scope.Resolve(repo, t.opts)
		if err != nil {
			return fail(err)
		}
		g.tree, from = s.HeadTree, s.MergeBaseTree
	}
	changes, err := repo.Diff(from, g.tree)
	if err != nil {
		return fail(err)
	}
	for _, ch := range changes {
		if ch.To == "" || !strings.HasPrefix(ch.To, g.prefix) {
			continue
		}
		p := strings.TrimPrefix(ch.To, g.prefix)
		if sqlLike(p) && !cfg.Ignored(p) {
			g.changed[p] = true
		}
	}
	if len(g.changed) == 0 {
		return nil, exitcode.Clean
	}

	c := *cfg
	g.cfg = &c
	if len(cfg.Sets) > 0 {
		c.Sets = nil
		for _, s := range cfg.Sets {
			if g.touches(s.Path) {
				c.Sets = append(c.Sets, s)
			}
		}
		if len(c.Sets) == 0 {
			return nil, exitcode.Clean
		}
	}
	if g.fsys, err = repo.FS(g.tree, g.prefix, root); err != nil {
		return fail(err)
	}
	ok = true
	return g, exitcode.Clean
}

// source is the tree as lint reads it: Alembic projects that hold no
// changed file are not read.
func (g *gitLint) source() lintSource {
	return lintSource{
		root: g.root,
		fsys: g.fsys,
		dir:  g.materialize,
		loadProject: func(p *alembic.Project) bool {
			for _, loc := range p.VersionLocations {
				if g.touches(loc) {
					return true
				}
			}
			return false
		},
	}
}

// materialize copies the files of the tree below root into a temporary
// directory, once, and returns it: Alembic's offline rendering runs the
// project's env.py, which imports the project's modules.
func (g *gitLint) materialize() (string, error) {
	if g.copy != "" || g.copyErr != nil {
		return g.copy, g.copyErr
	}
	dir, err := g.copyTree()
	if err != nil {
		os.RemoveAll(dir)
		g.copyErr = fmt.Errorf("copying the tree for Alembic: %w", err)
		return "", g.copyErr
	}
	g.copy = dir
	return dir, nil
}

func (g *gitLint) copyTree() (string, error) {
	dir, err := os.MkdirTemp("", "migguard-lint-")
	if err != nil {
		return "", err
	}
	files, err := g.repo.List(g.tree, strings.TrimSuffix(g.prefix, "/"))
	if err != nil {
		return dir, err
	}
	for _, full := range files {
		p := strings.TrimPrefix(full, g.prefix)
		data, err := fs.ReadFile(g.fsys, p)
		if err != nil {
			continue // a link out of the tree: not a file to copy
		}
		dst := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return dir, err
		}
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			return dir, err
		}
	}
	return dir, nil
}

// relToTop returns root relative to the repository's top directory.
func relToTop(top, root string) (string, error) {
	a, errA := filepath.EvalSymlinks(top)
	b, errB := filepath.EvalSymlinks(root)
	if errA != nil || errB != nil {
		a, b = top, root
	}
	rel, err := filepath.Rel(a, b)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("%s is outside the repository %s", root, top)
	}
	return filepath.ToSlash(rel), nil
}

// touches reports whether a changed candidate lies in dir.
func (g *gitLint) touches(dir string) bool {
	dir = path.Clean(dir)
	for p := range g.changed {
		if dir == "." || strings.HasPrefix(p, dir+"/") || p == dir {
			return true
		}
	}
	return false
}

// narrow keeps the jobs of sets that hold a changed file, and reports on
// the changed files only.
func (g *gitLint) narrow(jobs []lintJob) []lintJob {
	var out []lintJob
	for _, j := range jobs {
		hit := false
		for _, f := range j.set.Files {
			if g.changedFile(f) {
				hit = true
				break
			}
		}
		if !hit {
			continue
		}
		lint := j.lint
		j.lint = func(f *migrations.File) bool {
			return g.changedFile(f) && (lint == nil || lint(f))
		}
		out = append(out, j)
	}
	return out
}

func (g *gitLint) changedFile(f *migrations.File) bool {
	return g.changed[f.Path] || (f.DownFile != nil && g.changed[f.DownFile.Path])
}

// keep drops the findings on files that the tree does not change (a
// duplicate version reported on the older file, say).
func (g *gitLint) keep(fs []rules.Finding) []rules.Finding {
	out := fs[:0]
	for _, f := range fs {
		if g.changed[f.Path] {
			out = append(out, f)
		}
	}
	return out
}

// errs keeps the input errors of changed files and the errors that are
// not about one file.
func (g *gitLint) errs(errs []error) []error {
	var out []error
	for _, err := range errs {
		var ie *migrations.InputError
		if errors.As(err, &ie) && !g.changed[ie.Path] {
			continue
		}
		out = append(out, err)
	}
	return out
}

// scrub takes the temporary copy of the tree out of messages (Alembic's
// tracebacks name the files it ran), leaving paths relative to the root.
func (g *gitLint) scrub(errs []error) []error {
	if g.copy == "" {
		return errs
	}
	out := make([]error, len(errs))
	for i, err := range errs {
		out[i] = err
		if msg := err.Error(); strings.Contains(msg, g.copy) {
			msg = strings.ReplaceAll(msg, g.copy+string(filepath.Separator), "")
			out[i] = errors.New(strings.ReplaceAll(msg, g.copy, "."))
		}
	}
	return out
}

func (g *gitLint) close() {
	if g.copy != "" {
		os.RemoveAll(g.copy)
	}
	g.repo.Close()
}
