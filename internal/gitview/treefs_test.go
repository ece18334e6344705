package gitview_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/migguard/migguard/internal/gitview"
	"github.com/migguard/migguard/internal/gitview/gittest"
)

// The FS of a tree must behave as io/fs requires (fstest checks listings,
// Open, Stat, ReadFile and ReadDir against each other) and hold what git
// records: the staged content, not the working tree's.
func TestTreeFS(t *testing.T) {
	r := gittest.New(t)
	head := r.Commit("one", map[string]string{
		"db/migrations/001_a.sql": "-- +goose Up\nCREATE TABLE a (id int);\n",
		"db/migrations/002_b.sql": "-- +goose Up\nCREATE TABLE b (id int);\n",
		"db/README.md":            "notes\n",
		"top.txt":                 "top\n",
	})
	if err := os.Symlink("migrations/001_a.sql", filepath.Join(r.Dir, "db", "first.sql")); err != nil {
		t.Fatal(err)
	}
	r.Write(map[string]string{"db/migrations/003_c.sql": "-- +goose Up\nCREATE TABLE c (id int);\n"})
	r.Git("add", "-A")
	// A submodule (a gitlink) is not part of the tree's files.
	r.Git("update-index", "--add", "--cacheinfo", "160000,"+head+",db/sub")
	// The working tree differs from the index: the FS shows the index.
	r.Write(map[string]string{"db/migrations/003_c.sql": "unstaged\n", "db/migrations/004_d.sql": "untracked\n"})

	g := open(t, r.Dir, nil)
	tree, err := g.StagedTree()
	if err != nil {
		t.Fatal(err)
	}
	top, err := g.FS(tree, "", r.Dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := fstest.TestFS(top, "db/migrations/001_a.sql", "db/migrations/003_c.sql", "db/README.md", "top.txt", "db/first.sql"); err != nil {
		t.Fatal(err)
	}
	db, err := g.FS(tree, "db", filepath.Join(r.Dir, "db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := fstest.TestFS(db, "migrations/002_b.sql", "README.md"); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.(interface{ Root() string }); got == nil || got.Root() != filepath.Join(r.Dir, "db") {
		t.Errorf("Root() does not name the directory the FS stands for")
	}

	for name, want := range map[string]string{
		"migrations/003_c.sql": "-- +goose Up\nCREATE TABLE c (id int);\n",
		"first.sql":            "-- +goose Up\nCREATE TABLE a (id int);\n", // the link, followed
	} {
		data, err := fs.ReadFile(db, name)
		if err != nil || string(data) != want {
			t.Errorf("ReadFile(%s) = %q, %v; want %q", name, data, err, want)
		}
	}
	for _, name := range []string{"migrations/004_d.sql", "sub", "nope/x.sql"} {
		if _, err := fs.Stat(db, name); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Stat(%s): err = %v, want not-exist", name, err)
		}
	}
	if _, err := fs.ReadFile(db, "../top.txt"); !errors.Is(err, fs.ErrInvalid) {
		t.Errorf("a path out of the FS: err = %v, want invalid", err)
	}
	ents, err := fs.ReadDir(db, ".")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	if want := []string{"README.md", "first.sql", "migrations"}; !slices.Equal(names, want) {
		t.Errorf("ReadDir(.) = %v, want %v (sorted, no submodule)", names, want)
	}

	// Readers on several goroutines, as the loaders read sets.
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 50; j++ {
				if _, err := fs.ReadFile(db, "migrations/002_b.sql"); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()

	// A directory the tree does not have is an empty FS, not an error.
	none, err := g.FS(tree, "nope", filepath.Join(r.Dir, "nope"))
	if err != nil {
		t.Fatal(err)
	}
	if ents, err := fs.ReadDir(none, "."); err != nil || len(ents) != 0 {
		t.Errorf("ReadDir of a missing directory = %v, %v", ents, err)
	}
}

// A link that leaves the tree is an error naming the file, not a read of
// the file system.
func TestTreeFSLinkOutside(t *testing.T) {
	r := gittest.New(t)
	r.Write(map[string]string{"db/a.sql": "SELECT 1;\n"})
	if err := os.Symlink("/etc/passwd", filepath.Join(r.Dir, "db", "abs.sql")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../../x.sql", filepath.Join(r.Dir, "db", "up.sql")); err != nil {
		t.Fatal(err)
	}
	r.Git("add", "-A")
	fsys := stagedFS(t, open(t, r.Dir, nil), r.Dir)
	for _, name := range []string{"db/abs.sql", "db/up.sql"} {
		if data, err := fs.ReadFile(fsys, name); err == nil {
			t.Errorf("ReadFile(%s) = %q, want an error", name, data)
		}
	}
}

// stagedFS returns the file system of the tree that the index of g's
// repository (at root) stages.
func stagedFS(t *testing.T, g *gitview.Git, root string) fs.FS {
	t.Helper()
	tree, err := g.StagedTree()
	if err != nil {
		t.Fatal(err)
	}
	fsys, err := g.FS(tree, "", root)
	if err != nil {
		t.Fatal(err)
	}
	return fsys
}
