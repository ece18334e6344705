package project

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/migguard/migguard/internal/cache"
	"github.com/migguard/migguard/internal/gitview"
	"github.com/migguard/migguard/internal/gitview/gittest"
)

// readsFS is a tree that git holds, counting the opens and reads of the
// files whose names end in suffix.
type readsFS struct {
	fs.FS
	suffix string
	reads  *int
}

func (f readsFS) ContentIDs() string { return "git tree" }
func (f readsFS) Root() string       { r, _ := f.FS.(interface{ Root() string }); return r.Root() }
func (f readsFS) Stat(name string) (fs.FileInfo, error) {
	return fs.Stat(f.FS, name)
}
func (f readsFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(f.FS, name) }
func (f readsFS) Open(name string) (fs.File, error) {
	f.count(name)
	return f.FS.Open(name)
}
func (f readsFS) ReadFile(name string) ([]byte, error) {
	f.count(name)
	return fs.ReadFile(f.FS, name)
}

func (f readsFS) count(name string) {
	if strings.HasSuffix(name, f.suffix) {
		*f.reads++
	}
}

// commitFS returns the tree of a commit of r, as the hooks read it.
func commitFS(t *testing.T, g *gitview.Git, r *gittest.Repo, commit string) fs.FS {
	t.Helper()
	tree, err := g.CommitTree(plumbing.NewHash(commit))
	if err != nil {
		t.Fatal(err)
	}
	tfs, err := g.FS(tree, "", r.Dir)
	if err != nil {
		t.Fatal(err)
	}
	return tfs
}

// openGit opens the repository r for reading its commits, until the test
// ends.
func openGit(t *testing.T, r *gittest.Repo) *gitview.Git {
	t.Helper()
	g, err := gitview.Open(r.Dir, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { g.Close() })
	return g
}

// With a cache, a set's dialect is read once for the files it was read
// from: a later project over the same tree reads no Go file, and one over
// a tree whose embedding package changed reads it again.
func TestDialectMemo(t *testing.T) {
	r := gittest.New(t)
	files := dialectTree()
	head := r.Commit("sets", files)
	g := openGit(t, r)
	c := cache.Open(t.TempDir(), "test")
	dialects := func(commit string) (map[string]string, int) {
		t.Helper()
		reads := 0
		p := New(readsFS{FS: commitFS(t, g, r, commit), suffix: ".go", reads: &reads}, r.Dir, nil)
		p.UseCache(c)
		_, skipped, errs := p.SetsAndSkipped()
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		got := map[string]string{}
		for _, s := range skipped {
			got[s.Dir] = s.Dialect().String()
		}
		return got, reads
	}
	first, reads := dialects(head)
	if reads == 0 || first["store/migrations"] != `SQLite (store/store.go imports modernc.org/sqlite)` || first["named/sql"] == "" {
		t.Fatalf("first read: %d Go files read, dialects %v", reads, first)
	}
	again, reads := dialects(head)
	if reads != 0 {
		t.Errorf("the same tree again: %d Go files read, want 0", reads)
	}
	if len(again) != len(first) {
		t.Fatalf("the same tree again: %v, first %v", again, first)
	}
	for dir, d := range first {
		if again[dir] != d {
			t.Errorf("%s: %q from the cache, %q read", dir, again[dir], d)
		}
	}
	files["store/store.go"] = strings.Replace(files["store/store.go"], "modernc.org/sqlite", "github.com/jackc/pgx/v5/stdlib", 1)
	changed, reads := dialects(r.Commit("store on PostgreSQL", files))
	if reads == 0 {
		t.Error("a changed package: no Go file read")
	}
	if d, skipped := changed["store/migrations"]; skipped || len(changed) != len(first)-1 {
		t.Errorf("store/migrations after its package moved to pgx: skipped as %q; skipped sets %v", d, changed)
	}
}
