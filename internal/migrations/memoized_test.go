package migrations

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/migguard/migguard/internal/cache"
	"github.com/migguard/migguard/internal/treetest"
)

// Memoized computes once for the files it read, again when one of them
// changes, apart for another key, every time without a cache, and keeps
// nothing read from a file changed just now.
func TestMemoized(t *testing.T) {
	withFileIDs(t, 0)
	root := treetest.Temp(t, map[string]string{"a/x.txt": "one", "a/y.txt": "two", "b/z.txt": "other"})
	c := cache.Open(t.TempDir(), "test")
	runs := 0
	compute := func(fsys fs.FS) []byte {
		runs++
		var out []byte
		entries, _ := fs.ReadDir(fsys, "a")
		for _, e := range entries {
			data, _ := fs.ReadFile(fsys, "a/"+e.Name())
			out = append(out, data...)
		}
		return out
	}
	memo := func(cc *cache.Cache, key string) string {
		t.Helper()
		return string(Memoized(cc, Dir(root), key, compute))
	}
	if got := memo(c, "k"); got != "onetwo" || runs != 1 {
		t.Fatalf("first: %q after %d runs", got, runs)
	}
	if got := memo(c, "k"); got != "onetwo" || runs != 1 {
		t.Fatalf("unchanged: %q after %d runs, want 1", got, runs)
	}
	if got := memo(c, "other key"); got != "onetwo" || runs != 2 {
		t.Fatalf("another key: %q after %d runs, want 2", got, runs)
	}
	// A file not read changes nothing.
	os.WriteFile(filepath.Join(root, "b", "z.txt"), []byte("changed"), 0o644)
	if got := memo(c, "k"); got != "onetwo" || runs != 2 {
		t.Fatalf("a file not read changed: %q after %d runs, want 2", got, runs)
	}
	time.Sleep(20 * time.Millisecond)
	os.WriteFile(filepath.Join(root, "a", "y.txt"), []byte("TWO"), 0o644)
	if got := memo(c, "k"); got != "oneTWO" || runs != 3 {
		t.Fatalf("a file read changed: %q after %d runs, want 3", got, runs)
	}
	time.Sleep(20 * time.Millisecond)
	os.WriteFile(filepath.Join(root, "a", "w.txt"), []byte("new "), 0o644)
	if got := memo(c, "k"); got != "new oneTWO" || runs != 4 {
		t.Fatalf("a file added: %q after %d runs, want 4", got, runs)
	}
	// The listing is taken by the directory's id: renaming an entry
	// changes the id, and the directory is read again.
	if got := memo(c, "k"); got != "new oneTWO" || runs != 4 {
		t.Fatalf("unchanged again: %q after %d runs, want 4", got, runs)
	}
	time.Sleep(20 * time.Millisecond)
	os.Rename(filepath.Join(root, "a", "w.txt"), filepath.Join(root, "a", "z.txt"))
	if got := memo(c, "k"); got != "oneTWOnew " || runs != 5 {
		t.Fatalf("a file renamed: %q after %d runs, want 5", got, runs)
	}
	if got := memo(nil, "k"); got != "oneTWOnew " || runs != 6 {
		t.Fatalf("no cache: %q after %d runs, want 6", got, runs)
	}
	withRacyAge(t, time.Hour)
	fresh := cache.Open(t.TempDir(), "test")
	memo(fresh, "k")
	memo(fresh, "k")
	if runs != 8 {
		t.Fatalf("files changed just now: %d runs, want 8 (nothing kept)", runs)
	}
}
