package gitview_test

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/migguard/migguard/internal/cache"
	"github.com/migguard/migguard/internal/gitview"
	"github.com/migguard/migguard/internal/gitview/gittest"
)

// stagedChanges is the staged tree of the repository at dir, read with
// the cache c, and what it changes against HEAD, read through the same
// Git: the trees built for it must be readable too, and so must the
// two files below b, which it shares with HEAD.
func stagedChanges(t *testing.T, dir string, c *cache.Cache) (gitview.Hash, string, error) {
	t.Helper()
	g := open(t, dir, nil)
	g.UseCache(c)
	h, err := g.StagedTree()
	if err != nil {
		return h, "", err
	}
	head, err := g.Head()
	if err != nil {
		t.Fatal(err)
	}
	ht, err := g.CommitTree(head.Commit)
	if err != nil {
		t.Fatal(err)
	}
	ch, err := g.Diff(ht, h)
	if err != nil {
		t.Fatalf("diff against the staged tree %s: %v", h, err)
	}
	var got []string
	for _, c := range ch {
		got = append(got, c.Action.String()+" "+c.Path())
	}
	// A tree the staged tree shares with HEAD must be readable too.
	if files, err := g.List(h, "b"); err != nil || len(files) != 2 {
		t.Fatalf("the staged tree's b: %q %v", files, err)
	}
	return h, strings.Join(got, "; "), nil
}

// writeTreeAside is `git write-tree` writing its trees to a directory of
// their own, so that the repository keeps only the trees StagedTree
// builds in memory.
func writeTreeAside(t *testing.T, r *gittest.Repo) string {
	t.Helper()
	cmd := exec.Command("git", "write-tree")
	cmd.Dir = r.Dir
	cmd.Env = gittest.Env("GIT_OBJECT_DIRECTORY="+t.TempDir(), "GIT_ALTERNATE_OBJECT_DIRECTORIES="+filepath.Join(r.Dir, ".git", "objects"))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("git write-tree: %v", err)
	}
	return strings.TrimSpace(string(out))
}

// A staged tree kept in the cache is read back by the next process that
// reads the same index, without decoding the index, with the trees built
// for it; an index written since, a damaged entry, or a kept entry whose
// reused trees the repository no longer has gives the tree built anew.
func TestStagedTreeCached(t *testing.T) {
	r := gittest.New(t)
	r.Commit("root", map[string]string{"a.txt": "1", "a/b.txt": "2", "a/c/d.sql": "3", "b/x.sql": "4", "b/y/z.sql": "5"})
	r.Write(map[string]string{"a/c/e.sql": "new", "a.txt": "changed"})
	r.Git("add", "a/c/e.sql", "a.txt")
	want := writeTreeAside(t, r)
	const wantDiff = "modified a.txt; added a/c/e.sql"
	cdir := t.TempDir()
	c := cache.Open(cdir, "test")

	if h, d, err := stagedChanges(t, r.Dir, c); err != nil || h.String() != want || d != wantDiff {
		t.Fatalf("first build: %s %q %v, want %s %q", h, d, err, want, wantDiff)
	}

	// An index whose entries are damaged but whose size and checksum are
	// the same: only the kept tree can answer, and does.
	p := filepath.Join(r.Dir, ".git", "index")
	orig, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	damaged := append([]byte{}, orig...)
	damaged[12+40]++ // the first entry's object id
	if err := os.WriteFile(p, damaged, 0o644); err != nil {
		t.Fatal(err)
	}
	if h, d, err := stagedChanges(t, r.Dir, c); err != nil || h.String() != want || d != wantDiff {
		t.Fatalf("kept tree: %s %q %v, want %s %q", h, d, err, want, wantDiff)
	}
	if _, _, err := stagedChanges(t, r.Dir, nil); err == nil || !strings.Contains(err.Error(), "checksum") {
		t.Fatalf("without the cache the damaged index reads: %v", err)
	}
	if err := os.WriteFile(p, orig, 0o644); err != nil {
		t.Fatal(err)
	}

	// A tree the kept entry reuses from the cache-tree extension, gone
	// from the repository: the entry is not used, the tree is built.
	bTree := r.Git("rev-parse", "HEAD:b")
	loose := filepath.Join(r.Dir, ".git", "objects", bTree[:2], bTree[2:])
	obj, err := os.ReadFile(loose)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(loose); err != nil {
		t.Fatal(err)
	}
	if h, d, err := stagedChanges(t, r.Dir, c); err != nil || h.String() != want || d != wantDiff {
		t.Fatalf("a reused tree gone: %s %q %v, want %s %q", h, d, err, want, wantDiff)
	}
	if err := os.WriteFile(loose, obj, 0o444); err != nil {
		t.Fatal(err)
	}
	r.Commit("b again", map[string]string{"b/x.sql": "4 again"})

	// Another index: its own tree.
	r.Write(map[string]string{"b/y/z.sql": "5 changed"})
	r.Git("add", "b/y/z.sql")
	want = writeTreeAside(t, r)
	if h, d, err := stagedChanges(t, r.Dir, c); err != nil || h.String() != want || d != "modified b/y/z.sql" {
		t.Fatalf("after git add: %s %q %v, want %s", h, d, err, want)
	}

	// Damaged cache entries are ignored.
	filepath.WalkDir(cdir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			os.WriteFile(path, []byte("not an entry"), 0o644)
		}
		return nil
	})
	if h, d, err := stagedChanges(t, r.Dir, c); err != nil || h.String() != want || d != "modified b/y/z.sql" {
		t.Fatalf("damaged entries: %s %q %v, want %s", h, d, err, want)
	}
}

// A staged tree whose built trees pass the bound is not kept: the next
// reader of the same index builds it again.
func TestStagedTreeTooLargeNotKept(t *testing.T) {
	defer gitview.SetMaxKeptStaged(64)()
	r := gittest.New(t)
	r.Commit("root", map[string]string{"a/x.sql": "1", "b/y.sql": "2"})
	r.Write(map[string]string{"a/long-enough-name-to-pass-the-bound.sql": "new", "a/another-long-name-for-the-tree.sql": "new"})
	r.Git("add", "a")
	want := writeTreeAside(t, r)
	c := cache.Open(t.TempDir(), "test")
	g := open(t, r.Dir, nil)
	g.UseCache(c)
	if h, err := g.StagedTree(); err != nil || h.String() != want {
		t.Fatalf("StagedTree = %s %v, want %s", h, err, want)
	}
	p := filepath.Join(r.Dir, ".git", "index")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	data[12+40]++ // the first entry's object id: only a kept tree could answer
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	g2 := open(t, r.Dir, nil)
	g2.UseCache(c)
	if h, err := g2.StagedTree(); err == nil {
		t.Fatalf("a staged tree over the bound was kept: %s", h)
	}
}
