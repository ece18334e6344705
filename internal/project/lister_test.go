package project

import (
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"sync"
	"testing"
)

// listCountFS counts the listings of each directory.
type listCountFS struct {
	fs.FS
	mu     sync.Mutex
	listed map[string]int
}

func (c *listCountFS) ReadDir(name string) ([]fs.DirEntry, error) {
	c.mu.Lock()
	c.listed[name]++
	c.mu.Unlock()
	return fs.ReadDir(c.FS, name)
}

// The walk's listings read ahead on other CPUs give the files in the
// order of a plain depth-first walk, list each directory it visits once,
// and none that it leaves alone: skipped by name, or below a Python
// environment.
func TestListerKeepsTheWalk(t *testing.T) {
	for _, procs := range []int{8, 1} {
		t.Run(fmt.Sprint(procs, " CPUs"), func(t *testing.T) { testListerKeepsTheWalk(t, procs) })
	}
}

func testListerKeepsTheWalk(t *testing.T, procs int) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
	files := map[string]string{}
	for i := range 6 {
		for j := range 5 {
			for k := range 3 {
				files[fmt.Sprintf("d%d/s%d/t%d/f.txt", i, j, k)] = "x"
			}
			files[fmt.Sprintf("d%d/s%d/g.go", i, j)] = "package s\n"
		}
	}
	files["venv/pyvenv.cfg"] = "home = /usr\n"
	files["venv/lib/x/y.py"] = ""
	files["node_modules/m/a.js"] = ""
	files[".hidden/a/b.txt"] = ""
	files["db/migrations/000001_a.up.sql"] = "CREATE TABLE a (id int);\n"
	p := open(t, files, "")
	// A plain walk: depth first, in the order of the listings, skipping
	// what the walk skips.
	var want []string
	var visit func(dir string)
	visit = func(dir string) {
		entries, err := fs.ReadDir(p.FS, dir)
		if err != nil {
			t.Fatal(err)
		}
		if dir != "." && isVenv(entries) {
			return
		}
		for _, e := range entries {
			sub := path.Join(dir, e.Name())
			switch {
			case e.IsDir() && !p.skipByName(sub):
				visit(sub)
			case e.Type().IsRegular():
				want = append(want, sub)
			}
		}
	}
	visit(".")
	for round := range 20 {
		c := &listCountFS{FS: p.FS, listed: map[string]int{}}
		q := New(c, p.Root, p.Config)
		got := q.Files()
		if !slices.Equal(got, want) {
			t.Fatalf("round %d: files\n%v\nwant\n%v", round, got, want)
		}
		for dir, n := range c.listed {
			if n != 1 {
				t.Errorf("round %d: %s listed %d times", round, dir, n)
			}
		}
		for _, dir := range []string{"venv/lib", "node_modules", ".hidden", "venv/lib/x"} {
			if c.listed[dir] > 0 {
				t.Errorf("round %d: %s, which the walk leaves alone, was listed", round, dir)
			}
		}
		if c.listed["d5/s4/t2"] != 1 || c.listed["venv"] != 1 {
			t.Errorf("round %d: listings %v", round, c.listed)
		}
	}
}
