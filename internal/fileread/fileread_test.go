package fileread

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// Regular reads a regular file of the size given, and leaves to the
// general way a file that grew, a link, a FIFO, a directory and a
// missing file.
func TestRegular(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a.sql")
	if err := os.WriteFile(file, []byte("SELECT 1;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, ok := Regular(file, 10); !ok || string(got) != "SELECT 1;\n" {
		t.Errorf("a file of its size: %q, %v", got, ok)
	}
	if got, ok := Regular(file, 20); !ok || string(got) != "SELECT 1;\n" {
		t.Errorf("a file that shrank: %q, %v", got, ok)
	}
	if got, ok := Regular(file, 4); ok {
		t.Errorf("a file that grew was read: %q", got)
	}
	empty := filepath.Join(dir, "empty.sql")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if got, ok := Regular(empty, 0); !ok || len(got) != 0 {
		t.Errorf("an empty file: %q, %v", got, ok)
	}
	link := filepath.Join(dir, "link.sql")
	if err := os.Symlink(file, link); err == nil {
		if got, ok := Regular(link, 10); ok {
			t.Errorf("a link was followed: %q", got)
		}
	}
	fifo := filepath.Join(dir, "fifo.sql")
	if err := syscall.Mkfifo(fifo, 0o644); err == nil {
		if got, ok := Regular(fifo, 10); ok {
			t.Errorf("a FIFO was read: %q", got)
		}
	}
	for _, p := range []string{dir, filepath.Join(dir, "missing.sql")} {
		if got, ok := Regular(p, 10); ok {
			t.Errorf("%s was read: %q", p, got)
		}
	}
	if _, ok := Regular(file, -1); ok {
		t.Error("a negative size was read")
	}
}

func TestUpTo(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a.sql")
	if err := os.WriteFile(file, []byte("SELECT 1;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, limit := range []int64{10, 11, 1 << 20} {
		if got, size, ok := UpTo(file, limit); !ok || size != 10 || string(got) != "SELECT 1;\n" {
			t.Errorf("limit %d: %q, %d, %v", limit, got, size, ok)
		}
	}
	if got, size, ok := UpTo(file, 9); !ok || size != 10 || got != nil {
		t.Errorf("a file over the limit: %q, %d, %v", got, size, ok)
	}
	empty := filepath.Join(dir, "empty.sql")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if got, size, ok := UpTo(empty, 0); !ok || size != 0 || got == nil || len(got) != 0 {
		t.Errorf("an empty file: %q, %d, %v", got, size, ok)
	}
	link := filepath.Join(dir, "link.sql")
	if err := os.Symlink(file, link); err == nil {
		if got, _, ok := UpTo(link, 10); ok {
			t.Errorf("a link was followed: %q", got)
		}
	}
	fifo := filepath.Join(dir, "fifo.sql")
	if err := syscall.Mkfifo(fifo, 0o644); err == nil {
		if got, _, ok := UpTo(fifo, 10); ok {
			t.Errorf("a FIFO was read: %q", got)
		}
	}
	for _, p := range []string{dir, filepath.Join(dir, "missing.sql")} {
		if got, _, ok := UpTo(p, 10); ok {
			t.Errorf("%s was read: %q", p, got)
		}
	}
	if _, _, ok := UpTo(file, -1); ok {
		t.Error("a negative limit was read")
	}
}
