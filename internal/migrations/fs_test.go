package migrations

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/migguard/migguard/internal/cache"
	"github.com/migguard/migguard/internal/treetest"
	"github.com/migguard/migguard/internal/wire"
)

// A migration (or a directory) that is a symbolic link out of the
// repository is not read: its content never reaches a finding. Links
// inside the repository are followed.
func TestDirRefusesLinksOutOfTheRoot(t *testing.T) {
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret.env")
	if err := os.WriteFile(secret, []byte("PASSWORD='hunter2\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(outside, "dir"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(outside, "dir", "3_c.up.sql"), []byte("SELECT 'outside';\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	root := treetest.Temp(t, map[string]string{
		"db/1_a.up.sql":     "CREATE TABLE t (id int);\n",
		"shared/2_b.up.sql": "SELECT 2;\n",
	})
	for link, target := range map[string]string{
		"db/2_b.up.sql":      filepath.Join(root, "shared", "2_b.up.sql"), // inside: followed
		"db/9_secret.up.sql": secret,
		"linked":             filepath.Join(outside, "dir"),
	} {
		if err := os.Symlink(target, filepath.Join(root, filepath.FromSlash(link))); err != nil {
			t.Skip("symbolic links are not supported here:", err)
		}
	}
	fsys := Dir(root)
	set, errs := LoadDir(fsys, "db", "")
	if set == nil || len(set.Files) != 2 || set.Files[1].Path != "db/2_b.up.sql" {
		t.Fatalf("set %+v", set)
	}
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "db/9_secret.up.sql") || !strings.Contains(errs[0].Error(), "outside the repository") {
		t.Fatalf("errors %v", errs)
	}
	if strings.Contains(errs[0].Error(), "hunter2") {
		t.Error("the error shows the linked file's content")
	}
	if _, err := fs.ReadDir(fsys, "linked"); err == nil || !strings.Contains(err.Error(), "outside the repository") {
		t.Errorf("reading a linked directory outside: %v", err)
	}
	if _, err := fs.ReadFile(fsys, "linked/3_c.up.sql"); err == nil {
		t.Error("a file below a directory linked outside was read")
	}
	var pe *fs.PathError
	if _, err := fs.ReadFile(fsys, "db/missing.sql"); !errors.As(err, &pe) || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing file: %v", err)
	}
}

// A listing vouches for the directories it holds, which are then not
// asked again, and never for a link among them: a directory linked out of
// the root stays refused after its parent was listed.
func TestDirListingConfinesSubdirectories(t *testing.T) {
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "1_x.up.sql"), []byte("SELECT 'outside';\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	root := treetest.Temp(t, map[string]string{"real/1_a.up.sql": "SELECT 1;\n"})
	if err := os.Symlink(outside, filepath.Join(root, "linked")); err != nil {
		t.Skip("symbolic links are not supported here:", err)
	}
	fsys := Dir(root)
	if _, err := fs.ReadDir(fsys, "."); err != nil {
		t.Fatal(err)
	}
	d := fsys.(*dirFS)
	if _, ok := d.dirs.Load("real"); !ok {
		t.Error("the listing did not vouch for real/")
	}
	if v, ok := d.dirs.Load("linked"); ok && v == nil {
		t.Error("the listing vouched for a link")
	}
	if b, err := fs.ReadFile(fsys, "real/1_a.up.sql"); err != nil || string(b) != "SELECT 1;\n" {
		t.Errorf("real/1_a.up.sql: %q, %v", b, err)
	}
	if _, err := fs.ReadDir(fsys, "linked"); err == nil || !strings.Contains(err.Error(), "outside the repository") {
		t.Errorf("reading a linked directory outside: %v", err)
	}
	if _, err := fs.ReadFile(fsys, "linked/1_x.up.sql"); err == nil {
		t.Error("a file below a directory linked outside was read")
	}
}

// A large listing is read once while the directory keeps its id, and read
// again when a file is added, removed or renamed.
func TestDirKeepsLargeListings(t *testing.T) {
	withRacyAge(t, 0)
	root := t.TempDir()
	for i := range keepListing {
		if err := os.WriteFile(filepath.Join(root, fmt.Sprintf("%04d_a.sql", i)), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fsys := Dir(root)
	names := func() []string {
		entries, err := fs.ReadDir(fsys, ".")
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range entries {
			out = append(out, e.Name())
		}
		return out
	}
	first := names()
	if _, ok := fsys.(*dirFS).lists.Load("."); !ok {
		t.Fatal("the listing is not kept")
	}
	if got := names(); !slices.Equal(got, first) {
		t.Fatal("a kept listing differs from the directory")
	}
	for _, change := range []func() error{
		func() error { return os.WriteFile(filepath.Join(root, "9999_new.sql"), nil, 0o644) },
		func() error { return os.Remove(filepath.Join(root, "0000_a.sql")) },
		func() error { return os.Rename(filepath.Join(root, "0001_a.sql"), filepath.Join(root, "0001_b.sql")) },
	} {
		time.Sleep(20 * time.Millisecond) // past the file system's clock tick
		if err := change(); err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadDir(root)
		if err != nil {
			t.Fatal(err)
		}
		got := names()
		if len(got) != len(want) {
			t.Fatalf("listing after a change has %d entries, the directory %d", len(got), len(want))
		}
		for i, e := range want {
			if got[i] != e.Name() {
				t.Fatalf("listing after a change has %s, the directory %s", got[i], e.Name())
			}
		}
	}
}

// countingFS counts the directories it reads.
type countingFS struct {
	fs.FS
	reads *int
}

func (c countingFS) ReadDir(name string) ([]fs.DirEntry, error) {
	*c.reads++
	return fs.ReadDir(c.FS, name)
}

// A large listing kept in the cache serves a later run (a Dir of its own)
// without reading the directory while the directory keeps its id; a
// change, a racy id or a directory grown too small reads it again.
func TestDirKeepsListingsAcrossRuns(t *testing.T) {
	withFileIDs(t, 0)
	root := t.TempDir()
	sub := filepath.Join(root, "db")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	for i := range keepListing + 1 {
		if err := os.WriteFile(filepath.Join(sub, fmt.Sprintf("%04d_a.sql", i)), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(sub, "zz_dir"), 0o755); err != nil {
		t.Fatal(err)
	}
	c := cache.Open(t.TempDir(), "test")
	// run lists db as a new process would, returning how many times the
	// directory was read.
	run := func() (reads int) {
		t.Helper()
		fsys := Dir(root)
		fsys.(*dirFS).fsys = countingFS{FS: fsys.(*dirFS).fsys, reads: &reads}
		KeepListings(fsys, c)
		got, err := fs.ReadDir(fsys, "db")
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadDir(sub)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("listing has %d entries, the directory %d", len(got), len(want))
		}
		for i, w := range want {
			g := got[i]
			if g.Name() != w.Name() || g.Type() != w.Type() || g.IsDir() != w.IsDir() {
				t.Fatalf("entry %d is %v, the directory's %v", i, g, w)
			}
			gi, err1 := g.Info()
			wi, err2 := w.Info()
			if err1 != nil || err2 != nil || gi.Name() != wi.Name() || gi.Mode() != wi.Mode() || gi.Size() != wi.Size() {
				t.Fatalf("entry %s: Info %v, %v; the directory's %v, %v", w.Name(), gi, err1, wi, err2)
			}
		}
		return reads
	}
	if n := run(); n != 1 {
		t.Fatalf("first run read the directory %d times, want 1", n)
	}
	if n := run(); n != 0 {
		t.Fatalf("a run with the directory unchanged read it %d times, want 0", n)
	}
	for _, change := range []func() error{
		func() error { return os.WriteFile(filepath.Join(sub, "9999_new.sql"), nil, 0o644) },
		func() error { return os.Remove(filepath.Join(sub, "0000_a.sql")) },
		func() error { return os.Rename(filepath.Join(sub, "0001_a.sql"), filepath.Join(sub, "0001_b.sql")) },
		func() error { return os.Remove(filepath.Join(sub, "zz_dir")) },
		func() error { return os.WriteFile(filepath.Join(sub, "zz_dir"), nil, 0o644) },
	} {
		time.Sleep(20 * time.Millisecond) // past the file system's clock tick
		if err := change(); err != nil {
			t.Fatal(err)
		}
		if n := run(); n != 1 {
			t.Fatalf("the run after a change read the directory %d times, want 1", n)
		}
		if n := run(); n != 0 {
			t.Fatalf("the second run after a change read the directory %d times, want 0", n)
		}
	}
	// A directory changed within racyAge has no trusted id: it is read
	// every time.
	withRacyAge(t, time.Hour)
	for range 2 {
		if n := run(); n != 1 {
			t.Fatalf("a run with a racy directory read it %d times, want 1", n)
		}
	}
	withRacyAge(t, 0)
	// A directory grown too small is read, and dropped from the index.
	for i := 2; i < keepListing; i++ {
		if err := os.Remove(filepath.Join(sub, fmt.Sprintf("%04d_a.sql", i))); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(20 * time.Millisecond)
	for range 2 {
		if n := run(); n != 1 {
			t.Fatalf("a run with a small directory read it %d times, want 1", n)
		}
	}
	k := &keptListings{c: c, index: memoKey("listings v1", root)}
	if k.has("db") {
		t.Error("a directory grown too small is still in the index")
	}
	// A kept listing that names what no directory holds is not taken.
	for i := range keepListing {
		os.WriteFile(filepath.Join(sub, fmt.Sprintf("%04d_c.sql", i)), nil, 0o644)
	}
	time.Sleep(20 * time.Millisecond)
	run()
	id := Dir(root).(*dirFS).dirID("db")
	for _, bad := range []string{"../secret", "a/b", "..", ""} {
		var e wire.Encoder
		e.Str(id)
		e.Uint(1)
		e.Str(bad)
		e.Uint(0)
		c.Put(memoKey("listing v1", root, "db"), e.B)
		if n := run(); n != 1 {
			t.Errorf("a kept listing naming %q: the directory read %d times, want 1", bad, n)
		}
	}
}

// Dir reads a regular file in fewer system calls than the general path;
// what it returns, and its errors, are the general path's.
func TestDirReadsAsTheGeneralPath(t *testing.T) {
	root := treetest.Temp(t, map[string]string{
		"db/empty.sql":     "",
		"db/one.sql":       "x",
		"db/crlf.sql":      "SELECT 1;\r\nSELECT 2;\r\n",
		"db/page.sql":      strings.Repeat("a", 4096),
		"db/limit.sql":     strings.Repeat("b", 1000),
		"db/over.sql":      strings.Repeat("c", 1001),
		"db/dir/inner.sql": "SELECT 3;\n",
	})
	if err := os.Symlink(filepath.Join(root, "db", "one.sql"), filepath.Join(root, "db", "link.sql")); err != nil {
		t.Skip("symbolic links are not supported here:", err)
	}
	dir, general := Dir(root), os.DirFS(root)
	for _, name := range []string{"db/empty.sql", "db/one.sql", "db/crlf.sql", "db/page.sql", "db/limit.sql", "db/over.sql", "db/dir", "db/link.sql", "db/missing.sql"} {
		got, gerr := readFile(dir, name, 1000, true)
		want, werr := readFile(general, name, 1000, true)
		if string(got) != string(want) || fmt.Sprint(gerr) != fmt.Sprint(werr) {
			t.Errorf("%s: read %d bytes, error %v; the general path %d bytes, error %v", name, len(got), gerr, len(want), werr)
		}
		// Read without asking the size first, a file reads the same.
		if unsized, uerr := readFile(general, name, 1000, false); werr == nil && (uerr != nil || string(unsized) != string(want)) {
			t.Errorf("%s: unsized %d bytes, error %v; sized %d bytes", name, len(unsized), uerr, len(want))
		}
		// A link is left to the general path, which confines it.
		short := (werr == nil || strings.Contains(werr.Error(), "larger")) && name != "db/link.sql"
		if _, _, done := dir.(*dirFS).readRegular(name, 1000); done != short {
			t.Errorf("%s: read by the short path: %v, want %v", name, done, short)
		}
	}
}

// ReadFileUpTo reads a file of up to limit bytes and refuses a larger
// one, from the working tree and from another file system alike.
func TestReadFileUpTo(t *testing.T) {
	files := map[string]string{"four.txt": "abcd", "five.txt": "abcde"}
	root := treetest.Temp(t, files)
	mapFS := fstest.MapFS{}
	for name, data := range files {
		mapFS[name] = &fstest.MapFile{Data: []byte(data)}
	}
	for fsName, fsys := range map[string]fs.FS{"Dir": Dir(root), "MapFS": mapFS} {
		if got, err := ReadFileUpTo(fsys, "four.txt", 4); err != nil || string(got) != "abcd" {
			t.Errorf("%s: a file of the limit: %q, %v", fsName, got, err)
		}
		if got, err := ReadFileUpTo(fsys, "five.txt", 4); err == nil || got != nil {
			t.Errorf("%s: a file over the limit: %q, %v", fsName, got, err)
		}
		if _, err := ReadFileUpTo(fsys, "none.txt", 4); err == nil {
			t.Errorf("%s: a missing file read", fsName)
		}
	}
}

// ReadHead reads the first n bytes of a file, all of a shorter one,
// whether n is under or over the size read at once.
func TestReadHead(t *testing.T) {
	long := strings.Repeat("0123456789", 1000) // 10,000 bytes
	root := treetest.Temp(t, map[string]string{"short.sql": "SELECT 1;\n", "long.sql": long})
	for _, tc := range []struct {
		name string
		n    int
		want string
	}{
		{"short.sql", 4, "SELE"},
		{"short.sql", 100, "SELECT 1;\n"},
		{"long.sql", 100, long[:100]},
		{"long.sql", headSize, long[:headSize]},
		{"long.sql", 6000, long[:6000]},
		{"long.sql", 20000, long},
	} {
		if got, err := ReadHead(Dir(root), tc.name, tc.n); err != nil || string(got) != tc.want {
			t.Errorf("ReadHead(%s, %d) = %d bytes, %v; want %d", tc.name, tc.n, len(got), err, len(tc.want))
		}
	}
	if _, err := ReadHead(Dir(root), "missing.sql", 10); err == nil {
		t.Error("a missing file read")
	}
}
