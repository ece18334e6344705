package gitview_test

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/migguard/migguard/internal/gitview"
	"github.com/migguard/migguard/internal/gitview/gittest"
	"github.com/migguard/migguard/internal/migrations"
)

// These tests open repositories in the layouts that git accepts and that
// a checkout can be in (sparse, partial, SHA-256, bare), each made by the
// git command line.

// stagedMatchesGit checks that StagedTree is the tree `git write-tree`
// writes from the same index.
func stagedMatchesGit(t *testing.T, r *gittest.Repo, g *gitview.Git) {
	t.Helper()
	got, err := g.StagedTree()
	if err != nil {
		t.Fatal(err)
	}
	if want := r.Git("write-tree"); got.String() != want {
		t.Errorf("StagedTree = %s, git write-tree = %s", got, want)
	}
}

// A sparse checkout sets extensions.worktreeConfig and writes
// core.sparseCheckout to config.worktree, whose settings (core.hooksPath
// here) override the repository's.
func TestSparseCheckout(t *testing.T) {
	r := gittest.New(t)
	r.Commit("init", map[string]string{
		"db/migrations/001_users.sql": "CREATE TABLE users (id int);\n",
		"docs/a.md":                   "a\n",
		"app/main.go":                 "package main\n",
	})
	r.Git("sparse-checkout", "set", "db")
	if r.Git("config", "extensions.worktreeConfig") != "true" {
		t.Fatal("git sparse-checkout did not set extensions.worktreeConfig")
	}
	r.Git("config", "core.hooksPath", "repo-hooks")
	r.Git("config", "--worktree", "core.hooksPath", "worktree-hooks")
	r.Write(map[string]string{"db/migrations/002_orders.sql": "CREATE TABLE orders (id int);\n"})
	r.Git("add", "db")

	g := open(t, r.Dir, nil)
	stagedMatchesGit(t, r, g)
	if got, want := g.HooksDir(), filepath.Join(r.Dir, "worktree-hooks"); got != want {
		t.Errorf("HooksDir = %s, want %s (config.worktree's core.hooksPath)", got, want)
	}
	head, err := g.Head()
	if err != nil || head.Branch != "develop" {
		t.Fatalf("Head = %+v, %v", head, err)
	}
}

// A sparse index replaces the directories outside the cone by one entry
// each, and marks itself with the mandatory "sdir" extension.
func TestSparseIndex(t *testing.T) {
	r := gittest.New(t)
	r.Commit("init", map[string]string{
		"db/migrations/001_users.sql": "CREATE TABLE users (id int);\n",
		"docs/a.md":                   "a\n",
		"docs/deep/b.md":              "b\n",
		"top.txt":                     "top\n",
	})
	r.Git("sparse-checkout", "init", "--cone", "--sparse-index")
	r.Git("sparse-checkout", "set", "db")
	if !strings.Contains(r.Git("ls-files", "--sparse"), "docs/\n") && !strings.HasSuffix(r.Git("ls-files", "--sparse"), "docs/") {
		t.Fatalf("the index has no sparse directory entry:\n%s", r.Git("ls-files", "--sparse"))
	}
	r.Write(map[string]string{"db/migrations/002_orders.sql": "CREATE TABLE orders (id int);\n"})
	r.Git("add", "db")
	stagedMatchesGit(t, r, open(t, r.Dir, nil))
}

// partialClone makes an upstream repository whose develop and feature
// hold different versions of a migration, and a clone of it without
// blobs.
func partialClone(t *testing.T, filter string) (up *gittest.Repo, clone string) {
	t.Helper()
	up = gittest.New(t)
	up.Git("config", "uploadpack.allowFilter", "true")
	up.Commit("init", map[string]string{"db/migrations/001_users.sql": "CREATE TABLE users (id int);\n"})
	up.Git("checkout", "-q", "-b", "feature")
	up.Commit("edit", map[string]string{"db/migrations/001_users.sql": "CREATE TABLE users (id bigint);\n"})
	clone = filepath.Join(t.TempDir(), "clone")
	gittest.At(t, up.Dir).Git("clone", "-q", "--no-checkout", "--filter="+filter, "file://"+up.Dir, clone)
	return up, clone
}

// In a partial clone, the objects the filter left out are fetched through
// git when they are read.
func TestPartialCloneFetchesMissingObjects(t *testing.T) {
	for _, filter := range []string{"blob:none", "tree:0"} {
		t.Run(filter, func(t *testing.T) {
			_, clone := partialClone(t, filter)
			c := gittest.At(t, clone)
			if !strings.Contains(c.Git("rev-list", "--objects", "--missing=print", "--all"), "?") {
				t.Fatal("the clone misses no object")
			}
			g := open(t, clone, nil)
			for rev, want := range map[string]string{"origin/develop": "(id int)", "origin/feature": "(id bigint)"} {
				c, err := g.Resolve(rev)
				if err != nil {
					t.Fatal(err)
				}
				tree, err := g.CommitTree(c)
				if err != nil {
					t.Fatal(err)
				}
				if files, err := g.List(tree, "db"); err != nil || len(files) != 1 {
					t.Fatalf("List(%s) = %v, %v", rev, files, err)
				}
				id, ok, err := g.File(tree, "db/migrations/001_users.sql")
				if err != nil || !ok {
					t.Fatalf("File(%s) = %v, %v", rev, ok, err)
				}
				data, err := g.Blob(id)
				if err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(string(data), want) {
					t.Errorf("%s: read %q", rev, data)
				}
			}
		})
	}
}

// An object that cannot be fetched (the remote is gone, git is not
// installed) is an error that names it and says what to run.
func TestPartialCloneCannotFetch(t *testing.T) {
	up, clone := partialClone(t, "blob:none")
	g := open(t, clone, nil)
	c, err := g.Resolve("origin/develop")
	if err != nil {
		t.Fatal(err)
	}
	tree, _ := g.CommitTree(c)
	id, _, _ := g.File(tree, "db/migrations/001_users.sql")

	t.Setenv("PATH", t.TempDir()) // no git
	_, err = g.Blob(id)
	var miss *gitview.MissingObjectError
	if !errors.As(err, &miss) || !strings.Contains(err.Error(), "git is not installed") ||
		!strings.Contains(err.Error(), "cat-file -e "+id.String()) {
		t.Fatalf("without git: %v", err)
	}

	if err := os.Rename(up.Dir, up.Dir+".gone"); err != nil {
		t.Fatal(err)
	}
	g = open(t, clone, nil)
	t.Setenv("PATH", os.Getenv("PATH"))
	_, err = g.Blob(id)
	if !errors.As(err, &miss) || !strings.Contains(err.Error(), "partial clone") {
		t.Fatalf("with the remote gone: %v", err)
	}
}

// A SHA-256 repository cannot be read with 20-byte ids: opening it is an
// error that says so and what to do, never a wrong answer.
func TestSHA256RepositoryIsRefused(t *testing.T) {
	r := gittest.New(t)
	dir := filepath.Join(t.TempDir(), "sha256")
	r.Git("init", "-q", "-b", "develop", "--object-format=sha256", dir)
	s := gittest.At(t, dir)
	s.Commit("init", map[string]string{"db/migrations/001_users.sql": "CREATE TABLE users (id int);\n"})
	_, err := gitview.Open(dir, func(string) string { return "" })
	var fe *gitview.FormatError
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), "SHA-256") || !strings.Contains(err.Error(), "migguard lint") {
		t.Fatalf("Open = %v", err)
	}
}

// An extension that migguard does not know is refused by name.
func TestUnknownExtensionIsRefused(t *testing.T) {
	r := gittest.New(t)
	r.Commit("init", map[string]string{"a": "a\n"})
	r.Git("config", "core.repositoryFormatVersion", "1")
	r.Git("config", "extensions.futureThing", "true")
	_, err := gitview.Open(r.Dir, func(string) string { return "" })
	var fe *gitview.FormatError
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), "futureThing") {
		t.Fatalf("Open = %v", err)
	}
}

// A bare repository is found from its directory and below it, or through
// GIT_DIR, and its commits are read; it has no index.
func TestBareRepository(t *testing.T) {
	r := gittest.New(t)
	r.Commit("init", map[string]string{"db/migrations/001_users.sql": "CREATE TABLE users (id int);\n"})
	bare := filepath.Join(t.TempDir(), "shop.git")
	r.Git("clone", "-q", "--bare", r.Dir, bare)
	for name, g := range map[string]*gitview.Git{
		"dir":     open(t, bare, nil),
		"subdir":  open(t, filepath.Join(bare, "refs"), nil),
		"GIT_DIR": open(t, t.TempDir(), map[string]string{"GIT_DIR": bare}),
	} {
		if !g.Bare() || g.GitDir != bare {
			t.Errorf("%s: Bare() = %v, GitDir = %s", name, g.Bare(), g.GitDir)
		}
		c, err := g.Resolve("develop")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		tree, _ := g.CommitTree(c)
		if files, err := g.List(tree, "."); err != nil || len(files) != 1 {
			t.Errorf("%s: List = %v, %v", name, files, err)
		}
		if p, err := g.Prefix(bare); p != "" || err != nil {
			t.Errorf("%s: Prefix = %q, %v", name, p, err)
		}
		var ie *gitview.IndexError
		if _, err := g.StagedTree(); !errors.As(err, &ie) || !strings.Contains(err.Error(), "-head") {
			t.Errorf("%s: StagedTree = %v", name, err)
		}
	}
}

// A blob larger than the largest file migguard reads is refused by the
// size its header records, before it is inflated, loose and packed.
func TestLargeBlobRefusedFromHeader(t *testing.T) {
	if gitview.MaxBlobSize != migrations.MaxFileSize {
		t.Fatalf("MaxBlobSize = %d, migrations.MaxFileSize = %d", gitview.MaxBlobSize, migrations.MaxFileSize)
	}
	r := gittest.New(t)
	r.Commit("big", map[string]string{"db/migrations/001_dump.sql": strings.Repeat("-- x\n", gitview.MaxBlobSize/5+1)})
	id := hash(r.Git("rev-parse", "HEAD:db/migrations/001_dump.sql"))
	check := func(t *testing.T) {
		g := open(t, r.Dir, nil)
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := g.Blob(id)
		runtime.ReadMemStats(&after)
		if err == nil || !strings.Contains(err.Error(), "larger than the 64 MiB") {
			t.Fatalf("Blob = %v", err)
		}
		if n := after.TotalAlloc - before.TotalAlloc; n > 8<<20 {
			t.Errorf("refusing the blob allocated %d MiB", n>>20)
		}
	}
	t.Run("loose", check)
	r.Git("gc", "-q")
	t.Run("packed", check)
}

// A directory that only looks like a git directory (a HEAD file that
// names nothing, beside objects and refs directories) is not taken for a
// bare repository.
func TestLookalikeIsNotABareRepository(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{"objects", "refs"} {
		if err := os.Mkdir(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "HEAD"), []byte("the head of the project\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := gitview.Open(dir, func(string) string { return "" }); err == nil || !strings.Contains(err.Error(), "not inside a git repository") {
		t.Fatalf("Open = %v", err)
	}
}
