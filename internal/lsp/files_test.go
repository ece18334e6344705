package lsp

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/migguard/migguard/internal/racytest"
)

// countingFS counts the files opened through it; its Stat opens none.
type countingFS struct {
	fs.FS
	opens atomic.Int32
}

func (c *countingFS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(c.FS, name) }

func (c *countingFS) Open(name string) (fs.File, error) {
	c.opens.Add(1)
	return c.FS.Open(name)
}

// A kept file system serves a file from memory while it is unchanged and
// not racy, and reads it again when it changed or when it changed too
// recently for its time to tell.
func TestKeptFS(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "1_a.up.sql")
	write := func(s string) {
		t.Helper()
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	base := &countingFS{FS: os.DirFS(dir)}
	k := newKeptFS(base)
	read := func() string {
		t.Helper()
		f, err := k.Open("1_a.up.sql")
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		b, err := io.ReadAll(f)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}

	write("SELECT 1;\n")
	// Written just now: read each time.
	for i := range 2 {
		if got := read(); got != "SELECT 1;\n" {
			t.Fatalf("read %q", got)
		}
		if n := base.opens.Load(); n != int32(i+1) {
			t.Fatalf("a racy file was opened %d times in %d reads", n, i+1)
		}
	}
	racytest.Settle(t, dir)
	read()
	kept := base.opens.Load()
	if got := read(); got != "SELECT 1;\n" {
		t.Fatalf("read %q from memory", got)
	}
	if n := base.opens.Load(); n != kept {
		t.Fatal("an unchanged file was read again")
	}
	write("SELECT 22;\n")
	if got := read(); got != "SELECT 22;\n" {
		t.Fatalf("a changed file read %q", got)
	}

	// Rewritten with its size and modification time kept (cp -p, rsync,
	// tar): only the change time tells.
	racytest.Settle(t, dir)
	read()
	was, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	write("SELECT 33;\n")
	if err := os.Chtimes(p, was.ModTime(), was.ModTime()); err != nil {
		t.Fatal(err)
	}
	racytest.Settle(t, dir)
	if got := read(); got != "SELECT 33;\n" {
		t.Fatalf("a file rewritten with its size and modification time kept read %q", got)
	}
}
