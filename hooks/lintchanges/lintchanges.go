// Package lintchanges is the git side of `migguard lint`: it judges the
// migration files of a tree that git holds — the staged index
// (GIT_INDEX_FILE honoured, so `git commit -a` and `git commit <paths>` are
// judged by what they commit) or a pushed or named commit — rather than the
// working tree. Open reports only on the migration files that the tree
// changes: against HEAD for the index, against the merge-base with the base
// branch for a commit. OpenFiles reports on the files it is given, as the
// tree holds them: what the pre-commit framework names (every file with
// --all-files). The tree is read in place (gitview's FS), and the sets are
// those internal/project finds holding the files reported on, so the
// earlier migrations are replayed as git holds them too.
package lintchanges

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/migguard/migguard/hooks/scope"
	"github.com/migguard/migguard/internal/gitview"
	"github.com/migguard/migguard/internal/lint"
	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/project"
	"github.com/migguard/migguard/internal/rules"
)

// Tree is one tree prepared for linting. Close it when done.
type Tree struct {
	repo *gitview.Git
	tree gitview.Hash
	// prefix is the project root relative to the repository's top, with
	// a trailing slash; "" when they are the same.
	prefix string
	// Project is the project read from the tree.
	Project *project.Project
	// Changed are the migration candidates (SQL and Python files) that the
	// tree changes (Open) or that were named (OpenFiles), relative to the
	// project root: the files reported on.
	Changed map[string]bool
	// from holds the blob a changed file had before the change, for the
	// files that Open finds the tree edits or renames.
	from map[string]gitview.Hash
	// copy is the temporary directory the tree was copied to for Alembic's
	// offline rendering, "" until asked for; copyErr is why copying failed.
	copy    string
	copyErr error
}

// Open resolves the target and the files it changes. It returns nil and no
// error when the tree changes no file that can be a migration. p is the
// project of the working tree; its root must be inside the repository.
func Open(repo *gitview.Git, p *project.Project, target scope.Options) (*Tree, error) {
	t := &Tree{repo: repo, Changed: map[string]bool{}, from: map[string]gitview.Hash{}}
	var err error
	if t.prefix, err = repo.Prefix(p.Root); err != nil {
		return nil, err
	}
	from, err := t.resolve(target)
	if err != nil {
		return nil, err
	}
	changes, err := repo.Diff(from, t.tree)
	if err != nil {
		return nil, err
	}
	for _, ch := range changes {
		if ch.To == "" || !strings.HasPrefix(ch.To, t.prefix) {
			continue
		}
		if rel := strings.TrimPrefix(ch.To, t.prefix); migrationLike(rel) && !p.Config.Ignored(rel) {
			t.Changed[rel] = true
			if ch.From != "" {
				t.from[rel] = ch.FromBlob
			}
		}
	}
	if len(t.Changed) == 0 {
		return nil, nil
	}
	fsys, err := repo.FS(t.tree, t.prefix, p.Root)
	if err != nil {
		return nil, err
	}
	t.Project = p.At(fsys)
	return t, nil
}

// OpenFiles prepares the tree that target names for linting the given
// files as that tree holds them, rather than the files the tree changes:
// what the pre-commit framework passes a hook (the staged files at commit
// time, every file of the repository with --all-files, the pushed files at
// push time). files are relative to the project root, with forward
// slashes; a directory stands for the files below it. Files that cannot
// be migrations (not SQL or Python, ignored by the configuration) are left
// out, and nil is returned when none is left. A migration file that the
// tree does not hold is an error: it would otherwise pass unread.
func OpenFiles(repo *gitview.Git, p *project.Project, target scope.Options, files []string) (*Tree, error) {
	t := &Tree{repo: repo, Changed: map[string]bool{}}
	var err error
	if t.prefix, err = repo.Prefix(p.Root); err != nil {
		return nil, err
	}
	if t.tree, err = t.treeOf(target); err != nil {
		return nil, err
	}
	fsys, err := repo.FS(t.tree, t.prefix, p.Root)
	if err != nil {
		return nil, err
	}
	t.Project = p.At(fsys)
	var missing []string
	for _, f := range files {
		if f = path.Clean(f); f == "." {
			f = ""
		}
		below, err := repo.List(t.tree, t.prefix+f)
		if err != nil {
			return nil, err
		}
		if _, ok, err := repo.File(t.tree, t.prefix+f); err != nil {
			return nil, err
		} else if ok {
			below = append(below, t.prefix+f)
		} else if len(below) == 0 {
			missing = append(missing, f)
		}
		for _, full := range below {
			if rel := strings.TrimPrefix(full, t.prefix); migrationLike(rel) && !p.Config.Ignored(rel) {
				t.Changed[rel] = true
			}
		}
	}
	if err := t.checkMissing(missing, target); err != nil {
		return nil, err
	}
	if len(t.Changed) == 0 {
		return nil, nil
	}
	return t, nil
}

// treeOf returns the tree a target names: the index, or the commit's tree.
func (t *Tree) treeOf(target scope.Options) (gitview.Hash, error) {
	if target.Staged {
		return t.repo.StagedTree()
	}
	rev := target.Head
	if rev == "" {
		rev = "HEAD"
	}
	c, err := t.repo.Resolve(rev)
	if err != nil {
		return gitview.ZeroHash, err
	}
	return t.repo.CommitTree(c)
}

// checkMissing fails when a named file that the tree does not hold would
// belong to a migration set.
func (t *Tree) checkMissing(missing []string, target scope.Options) error {
	var inSets []string
	for _, f := range missing {
		if !migrationLike(f) {
			continue
		}
		if sets, _ := t.Project.SetsContaining([]string{f}); len(sets) > 0 {
			inSets = append(inSets, f)
		}
	}
	if len(inSets) == 0 {
		return nil
	}
	where := "the staged index"
	if !target.Staged {
		where = "commit " + cmp.Or(target.Head, "HEAD")
	}
	return fmt.Errorf("%s: not in %s, which is what is linted here; stage it with git add, or lint the working tree with migguard lint %s",
		strings.Join(inSets, ", "), where, strings.Join(inSets, " "))
}

// resolve sets the tree to lint and returns the tree it is compared with.
func (t *Tree) resolve(target scope.Options) (gitview.Hash, error) {
	if !target.Staged {
		s, err := scope.Resolve(t.repo, target)
		if err != nil {
			return gitview.ZeroHash, err
		}
		t.tree = s.HeadTree
		return s.MergeBaseTree, nil
	}
	head, err := t.repo.Head()
	if err != nil {
		return gitview.ZeroHash, err
	}
	if t.tree, err = t.repo.StagedTree(); err != nil {
		return gitview.ZeroHash, err
	}
	if head.Unborn {
		return gitview.ZeroHash, nil
	}
	return t.repo.CommitTree(head.Commit)
}

// migrationLike reports whether a path can be a migration file: SQL, or an
// Alembic revision file.
func migrationLike(p string) bool { return strings.HasSuffix(p, ".sql") || strings.HasSuffix(p, ".py") }

// Jobs returns the lint jobs of the sets that hold a changed file,
// reporting on the changed files only (and among them on those the
// configuration does not exclude), and the input errors that concern
// changed files or no file in particular.
func (t *Tree) Jobs() ([]lint.Job, []error) {
	changed := make([]string, 0, len(t.Changed))
	for p := range t.Changed {
		changed = append(changed, p)
	}
	sets, errs := t.Project.SetsContaining(changed)
	all, lerrs := lint.SetJobs(sets, false)
	errs = append(errs, lerrs...)
	var jobs []lint.Job
	for _, j := range all {
		t.dropSameEffect(j)
		hit := false
		for _, files := range [][]*migrations.File{j.Files.Files, j.Files.Others} {
			for _, f := range files {
				hit = hit || t.changedFile(f)
			}
		}
		if !hit {
			continue
		}
		report := j.Report
		j.Report = func(f *migrations.File) bool { return t.changedFile(f) && (report == nil || report(f)) }
		jobs = append(jobs, j)
	}
	return jobs, t.keepErrors(errs)
}

// dropSameEffect takes out of the changed files the Alembic revisions of
// the job that the tree edits without changing what their upgrade() runs
// (an import removed, a reformatting): they were linted when they were
// merged, and linting them again reports nothing new.
func (t *Tree) dropSameEffect(j lint.Job) {
	if !j.Alembic() {
		return
	}
	a := j.Set.Alembic
	for _, f := range j.Files.Files {
		blob, ok := t.from[f.Path]
		if !ok || !t.Changed[f.Path] {
			continue
		}
		before, err := t.repo.Blob(blob)
		if err != nil {
			continue
		}
		after, _ := a.Source(f.Path)
		eb, okb := a.Project.SQLEffect(before)
		ea, oka := a.Project.SQLEffect([]byte(after))
		if okb && oka && eb == ea {
			delete(t.Changed, f.Path)
		}
	}
}

func (t *Tree) changedFile(f *migrations.File) bool {
	return t.Changed[f.Path] || f.DownFile != nil && t.Changed[f.DownFile.Path]
}

// Keep drops the findings on files that the tree does not change (a
// duplicate version reported on the older file, say).
func (t *Tree) Keep(fs []rules.Finding) []rules.Finding {
	out := fs[:0]
	for _, f := range fs {
		if t.Changed[f.Path] {
			out = append(out, f)
		}
	}
	return out
}

// keepErrors keeps the input errors of changed files and the errors that
// are not about one file.
func (t *Tree) keepErrors(errs []error) []error {
	var out []error
	for _, err := range errs {
		var ie *migrations.InputError
		if errors.As(err, &ie) && !t.Changed[ie.Path] {
			continue
		}
		out = append(out, err)
	}
	return out
}

// Dir copies the files of the tree below the project root into a
// temporary directory, once, and returns it: Alembic's offline rendering
// runs the project's env.py, which imports the project's modules.
func (t *Tree) Dir() (string, error) {
	if t.copy != "" || t.copyErr != nil {
		return t.copy, t.copyErr
	}
	dir, err := t.copyTree()
	if err != nil {
		os.RemoveAll(dir)
		t.copyErr = fmt.Errorf("copying the tree for Alembic: %w", err)
		return "", t.copyErr
	}
	t.copy = dir
	return dir, nil
}

func (t *Tree) copyTree() (string, error) {
	dir, err := os.MkdirTemp("", "migguard-lint-")
	if err != nil {
		return "", err
	}
	files, err := t.repo.List(t.tree, strings.TrimSuffix(t.prefix, "/"))
	if err != nil {
		return dir, err
	}
	for _, full := range files {
		p := strings.TrimPrefix(full, t.prefix)
		data, err := fs.ReadFile(t.Project.FS, p)
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

// Scrub takes the temporary copy of the tree out of messages (Alembic's
// tracebacks name the files it ran), leaving paths relative to the root.
func (t *Tree) Scrub(errs []error) []error {
	if t.copy == "" {
		return errs
	}
	out := make([]error, len(errs))
	for i, err := range errs {
		out[i] = err
		if msg := err.Error(); strings.Contains(msg, t.copy) {
			msg = strings.ReplaceAll(msg, t.copy+string(filepath.Separator), "")
			out[i] = errors.New(strings.ReplaceAll(msg, t.copy, "."))
		}
	}
	return out
}

// Close removes the copy of the tree.
func (t *Tree) Close() {
	if t.copy != "" {
		os.RemoveAll(t.copy)
	}
}
