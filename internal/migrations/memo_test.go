package migrations

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unsafe"
	"weak"

	"github.com/migguard/migguard/internal/cache"
	"github.com/migguard/migguard/internal/treetest"
	"github.com/migguard/migguard/internal/wire"
)

// Every field of a set and its files is kept by LoadDirCached.
func TestMemoFields(t *testing.T) {
	for _, tc := range []struct {
		v      any
		fields string
	}{
		{Set{}, "Dir Format Files Others"},
		{File{}, "Path Version Name Repeatable Src Up Down DownFile Tx TxSource Refusal LockTx EmptyOK Problems Notes Templates Unread Kind Why texts"},
		{Problem{}, "Offset Message"},
		{Template{}, "Start End Key current"},
	} {
		rt := reflect.TypeOf(tc.v)
		var got []string
		for i := 0; i < rt.NumField(); i++ {
			got = append(got, rt.Field(i).Name)
		}
		if strings.Join(got, " ") != tc.fields {
			t.Errorf("%s has the fields %q, memo_codec.go writes %q: write the new ones, then list them here", rt.Name(), strings.Join(got, " "), tc.fields)
		}
	}
}

// memoTrees are sets of several formats, with down parts, notes,
// problems (two migrations of one version) and files the tool never runs.
var memoTrees = map[string]map[string]string{
	"goose": {
		"db/001_a.sql":  "-- +goose Up\nCREATE TABLE a (id int);\n-- +goose Down\nDROP TABLE a;\n",
		"db/002_b.sql":  "-- +goose NO TRANSACTION\n-- +goose Up\nCREATE INDEX CONCURRENTLY i ON a (id);\n",
		"db/003_c.sql":  "-- +goose Down\n-- +goose Up\nSELECT 1;\n",
		"db/004_d.sql":  "-- +goose Up\nSELECT 4;\n",
		"db/004_e.sql":  "-- +goose Up\nSELECT 5;\n",
		"db/README.sql": "SELECT 'not a migration';\n",
	},
	"golang-migrate": {
		"m/1_a.up.sql":   "CREATE TABLE a (id int);\n",
		"m/1_a.down.sql": "DROP TABLE a;\n",
		"m/2_b.up.sql":   "\\set x 1\nALTER TABLE a ADD b int;\n",
	},
	"flyway": {
		"sql/V1__a.sql":   "CREATE TABLE a (id int);\n",
		"sql/V1.1__b.sql": "ALTER TABLE a ADD b int;\n",
		"sql/R__v.sql":    "CREATE OR REPLACE VIEW v AS SELECT 1;\n",
		"sql/U1__a.sql":   "DROP TABLE a;\n",
	},
	"dbmate": {
		"db/migrations/20240101000000_a.sql": "-- migrate:up\nCREATE TABLE a (id int);\n-- migrate:down\nDROP TABLE a;\n",
		"db/migrations/20240102000000_b.sql": "-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i ON a (id);\n",
	},
}

// keptWhole writes a memoTrees tree and loads its set through c twice,
// after which the cache keeps it whole (unless LoadDir reports errors,
// which it returns with the set as LoadDir reads it).
func keptWhole(t *testing.T, c *cache.Cache, files map[string]string) (root, dir string, want *Set, errs []error) {
	t.Helper()
	root, dir = treetest.Temp(t, files), setDir(files)
	want, errs = LoadDir(Dir(root), dir, "")
	for range 2 {
		LoadDirCached(c, Dir(root), dir, "") // seen twice: kept whole
	}
	return root, dir, want, errs
}

// setDir returns the directory of the set of a memoTrees tree.
func setDir(files map[string]string) string {
	for p := range files {
		return filepath.ToSlash(filepath.Dir(p))
	}
	return "."
}

// withFileIDs skips a test on a system whose files have no ids, and sets
// how recent a change must be to be distrusted (see withRacyAge).
func withFileIDs(t *testing.T, racy time.Duration) {
	t.Helper()
	if !statIDs {
		t.Skip("file ids are not read on this system")
	}
	withRacyAge(t, racy)
}

// withRacyAge sets how recent a change must be to be distrusted, for a
// test that writes files and loads them at once.
func withRacyAge(t *testing.T, d time.Duration) {
	old, oldFine := racyAge, fineRacyAge
	racyAge, fineRacyAge = d, d
	t.Cleanup(func() { racyAge, fineRacyAge = old, oldFine })
}

// A cached load returns what LoadDir returns, and loads again when a file
// is changed, added or removed.
func TestLoadDirCached(t *testing.T) {
	withFileIDs(t, 0)
	cacheDir := t.TempDir()
	c := cache.Open(cacheDir, "test")
	for name, files := range memoTrees {
		root := treetest.Temp(t, files)
		dir := setDir(files)
		check := func(what string) {
			t.Helper()
			want, werrs := LoadDir(Dir(root), dir, "")
			for _, round := range []string{"first", "second", "third"} {
				reused := filesReused.Load()
				got, gerrs := LoadDirCached(c, Dir(root), dir, "")
				if !got.Equal(want) || len(gerrs) != len(werrs) {
					t.Fatalf("%s, %s, %s load: the cached set differs from LoadDir's", name, what, round)
				}
				// Seen twice as it is, the set is kept whole: the third
				// load takes it without looking at the files' memo.
				if round == "third" && len(werrs) == 0 && filesReused.Load() != reused {
					t.Errorf("%s, %s: the third load did not take the set whole", name, what)
				}
			}
		}
		check("as written")
		if entries, _ := filepath.Glob(filepath.Join(cacheDir, "v1", "*", "*")); len(entries) == 0 {
			t.Fatalf("%s: nothing was cached", name)
		}
		var first string
		for p := range files {
			first = p
			break
		}
		abs := filepath.Join(root, filepath.FromSlash(first))
		data, _ := os.ReadFile(abs)
		// The same size, another content.
		os.WriteFile(abs, []byte(strings.Replace(string(data), "a", "z", 1)), 0o644)
		reused := filesReused.Load()
		check("edited")
		// The files left as they were come from the last load's reading
		// of them; the edited one is read again (check compares with
		// LoadDir).
		if got := filesReused.Load() - reused; len(files) > 1 && got == 0 {
			t.Errorf("%s, edited: no file was taken from the last load", name)
		}
		os.WriteFile(filepath.Join(root, dir, "9_added.up.sql"), []byte("SELECT 9;\n"), 0o644)
		check("file added")
		os.Remove(abs)
		check("file removed")
	}
}

// A set taken whole by LoadDirCachedLazy comes without its migrations'
// texts, the hash of each in place; LoadTexts reads them from their
// entry, or, once that is gone, from the files, which must hash as the
// cache kept them. An eager load has them at once.
func TestLoadDirCachedLazy(t *testing.T) {
	withFileIDs(t, 0)
	c := cache.Open(t.TempDir(), "test")
	for name, files := range memoTrees {
		root, dir, want, werrs := keptWhole(t, c, files)
		if len(werrs) > 0 {
			continue // a load with errors is not kept
		}
		lazy := func() *Set {
			t.Helper()
			got, errs := LoadDirCachedLazy(c, Dir(root), dir, "")
			if len(errs) > 0 || got == nil || len(got.Files) != len(want.Files) {
				t.Fatalf("%s: lazy load: %v", name, errs)
			}
			for i, f := range got.Files {
				for g, w := f, want.Files[i]; g != nil; g, w = g.DownFile, w.DownFile {
					if g.Src != "" || g.Up != "" || g.Down != "" {
						t.Fatalf("%s: %s came with its texts", name, g.Path)
					}
					if g.textSum() != w.textSum() {
						t.Fatalf("%s: %s has another hash of its texts", name, g.Path)
					}
				}
			}
			if !sameFiles(got.Others, want.Others) {
				t.Fatalf("%s: the other files differ", name)
			}
			return got
		}
		got := lazy()
		if err := got.LoadTexts(); err != nil || !got.Equal(want) {
			t.Fatalf("%s: texts from the cache: %v, same set %v", name, err, got.Equal(want))
		}
		if eager, _ := LoadDirCached(c, Dir(root), dir, ""); !eager.Equal(want) {
			t.Fatalf("%s: an eager load differs from LoadDir's", name)
		}
		// The texts' entry gone: they are read from the files, and kept
		// again.
		got = lazy()
		gone := cache.Key{1}
		got.Files[0].texts.lazy.key = gone
		if err := got.LoadTexts(); err != nil || !got.Equal(want) {
			t.Fatalf("%s: texts from the files: %v, same set %v", name, err, got.Equal(want))
		}
		if c.Get(gone) == nil {
			t.Errorf("%s: the texts read from the files are not kept", name)
		}
		// Gone, and a file changed since the set was checked: an error
		// naming it, and no texts.
		got = lazy()
		got.Files[0].texts.lazy.key = cache.Key{2}
		abs := filepath.Join(root, filepath.FromSlash(got.Files[0].Path))
		data, err := os.ReadFile(abs)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(abs, append(data, "\nSELECT 'changed';\n"...), 0o644); err != nil {
			t.Fatal(err)
		}
		err = got.LoadTexts()
		if err == nil || !strings.Contains(err.Error(), got.Files[0].Path) {
			t.Errorf("%s: texts of a changed file: %v", name, err)
		}
		if got.Files[0].Src != "" || got.Files[len(got.Files)-1].Src != "" {
			t.Errorf("%s: texts set although they do not fit", name)
		}
		if err2 := got.LoadTexts(); err2 == nil || err2.Error() != err.Error() {
			t.Errorf("%s: a second LoadTexts: %v", name, err2)
		}
	}
}

// A file changed within racyAge of the load is not trusted: the set is
// not cached.
func TestLoadDirCachedRacy(t *testing.T) {
	withFileIDs(t, time.Hour)
	dir := t.TempDir()
	c := cache.Open(dir, "test")
	root := treetest.Temp(t, memoTrees["goose"])
	LoadDirCached(c, Dir(root), "db", "")
	entries, _ := filepath.Glob(filepath.Join(dir, "v1", "*", "*"))
	if len(entries) != 0 {
		t.Fatalf("a load of files changed just now was cached: %d entries", len(entries))
	}
}

// A damaged cached set is loaded again.
func TestLoadDirCachedDamaged(t *testing.T) {
	withFileIDs(t, 0)
	dir := t.TempDir()
	c := cache.Open(dir, "test")
	root := treetest.Temp(t, memoTrees["golang-migrate"])
	want, _ := LoadDir(Dir(root), "m", "")
	LoadDirCached(c, Dir(root), "m", "")
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && info.Mode().IsRegular() {
			b, _ := os.ReadFile(p)
			os.WriteFile(p, b[:len(b)-1], 0o644)
		}
		return nil
	})
	got, _ := LoadDirCached(c, Dir(root), "m", "")
	if !got.Equal(want) {
		t.Fatal("a damaged entry gave another set")
	}
}

func FuzzDecodeSet(f *testing.F) {
	f.Add(encodeSet(&Set{Dir: "m", Format: Goose, Files: []*File{{Path: "m/1.sql", Src: "x", Up: "x", Problems: []Problem{{1, "p"}}}}}))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := decodeSet(b)
		if err == nil && s == nil {
			t.Fatal("no set and no error")
		}
	})
}

// ask answers the same through the root's descriptor as through Stat: a
// file's id, a directory, a missing file's error, a link's target.
func TestAskThroughRoot(t *testing.T) {
	root := t.TempDir()
	os.WriteFile(filepath.Join(root, "a.sql"), []byte("select 1;"), 0o644)
	os.Mkdir(filepath.Join(root, "d"), 0o755)
	os.WriteFile(filepath.Join(root, "d", "b.sql"), []byte("select 2;"), 0o644)
	if err := os.Symlink("a.sql", filepath.Join(root, "link.sql")); err != nil {
		t.Skip(err)
	}
	fsys := Dir(root)
	fd := openRoot(fsys)
	defer closeRoot(fd)
	now := time.Now()
	for _, name := range []string{"a.sql", "d", "d/b.sql", "missing.sql", "d/missing.sql", "link.sql", "../x", "."} {
		want, wantOK := ask(fsys, -1, opFile, name, now)
		got, gotOK := ask(fsys, fd, opFile, name, now)
		if got != want || gotOK != wantOK {
			t.Errorf("ask %s: %q %v through the root, %q %v through Stat", name, got, gotOK, want, wantOK)
		}
	}
}

// A set whose format is detected reads its files again when the
// detected format changes: a pop name added to a golang-migrate-looking
// directory makes it pop's, whose files run in a transaction.
func TestLoadDirCachedFormatChange(t *testing.T) {
	withFileIDs(t, 0)
	c := cache.Open(t.TempDir(), "test")
	root := treetest.Temp(t, map[string]string{
		"m/1_a.up.sql": "CREATE TABLE a (id int);\n",
		"m/2_b.up.sql": "CREATE TABLE b (id int);\n",
	})
	check := func(what string, want Format) {
		t.Helper()
		w, _ := LoadDir(Dir(root), "m", "")
		if w.Format != want {
			t.Fatalf("%s: detected %s, want %s", what, w.Format, want)
		}
		for range 2 {
			if got, _ := LoadDirCached(c, Dir(root), "m", ""); !got.Equal(w) {
				t.Fatalf("%s: the cached set differs from LoadDir's", what)
			}
		}
	}
	check("golang-migrate", GolangMigrate)
	if err := os.WriteFile(filepath.Join(root, "m", "3_c.postgres.up.sql"), []byte("CREATE TABLE c (id int);\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	check("pop", Pop)
}

// A file the cache gives carries the hash of its texts, which its key
// uses while the texts are the strings read; texts set anew after the
// load (template values, a tool's rendering) are hashed again.
func TestFileKeyFollowsTexts(t *testing.T) {
	withFileIDs(t, 0)
	c := cache.Open(t.TempDir(), "test")
	files := memoTrees["golang-migrate"]
	root := treetest.Temp(t, files)
	for range 3 {
		LoadDirCached(c, Dir(root), setDir(files), "")
	}
	set, _ := LoadDirCached(c, Dir(root), setDir(files), "")
	key := func(f *File) string {
		var e wire.Encoder
		WriteFileKey(&e, f)
		return string(e.B)
	}
	fresh := func(f *File) *File {
		cp := *f
		cp.texts = nil
		if f.DownFile != nil {
			down := *f.DownFile
			down.texts = nil
			cp.DownFile = &down
		}
		return &cp
	}
	for _, f := range set.Files {
		if f.texts == nil || f.DownFile != nil && f.DownFile.texts == nil {
			t.Fatalf("%s: the cache gave no hash of the texts", f.Path)
		}
		if key(f) != key(fresh(f)) {
			t.Fatalf("%s: the kept hash is not the texts'", f.Path)
		}
		before := key(f)
		f.Up = strings.Clone(f.Up) // the same text in another string
		if key(f) != before {
			t.Fatalf("%s: the same text gave another key", f.Path)
		}
		f.Up += "SELECT 1;\n"
		if key(f) == before || key(f) != key(fresh(f)) {
			t.Fatalf("%s: a text changed after the load kept the old hash", f.Path)
		}
		if f.DownFile != nil {
			before = key(f)
			f.DownFile.Src = strings.Replace(f.DownFile.Src, "a", "b", 1)
			if key(f) == before {
				t.Fatalf("%s: its down file changed and the key did not", f.Path)
			}
		}
	}
}

// A file read anew by a cached load keeps the hash of its texts; once its
// texts are released, nothing holds them any more, the hash included.
func TestReleaseTextsFreesThem(t *testing.T) {
	withFileIDs(t, 0)
	c := cache.Open(t.TempDir(), "test")
	root := treetest.Temp(t, memoTrees["goose"])
	set, errs := LoadDirCached(c, Dir(root), "db", "")
	if len(errs) != 0 || len(set.Files) == 0 {
		t.Fatalf("the set did not load: %v", errs)
	}
	f := set.Files[0]
	if f.texts == nil || f.Src == "" {
		t.Fatal("the file read anew keeps no hash of its texts")
	}
	src := weak.Make(unsafe.StringData(f.Src))
	f.ReleaseTexts()
	if f.Src != "" || f.Up != "" || f.texts != nil {
		t.Fatal("ReleaseTexts left texts on the file")
	}
	runtime.GC()
	runtime.GC()
	if src.Value() != nil {
		t.Fatal("the released text of the file is still reachable")
	}
	runtime.KeepAlive(set)
}

// LoadDirCachedFor checks a kept set without looking at the migrations
// that run after every needed one, the down files of the earlier ones, or
// the files the tool never runs: a change to one of them leaves the set as
// kept; a change to any other file, a new file, a need that names no
// migration or texts no longer kept check it whole.
func TestLoadDirCachedFor(t *testing.T) {
	withFileIDs(t, 0)
	files := map[string]string{
		"m/1_a.up.sql":   "CREATE TABLE a (id int);\n",
		"m/1_a.down.sql": "DROP TABLE a;\n",
		"m/2_b.up.sql":   "CREATE TABLE b (id int);\n",
		"m/2_b.down.sql": "DROP TABLE b;\n",
		"m/3_c.up.sql":   "CREATE TABLE c (id int);\n",
		"m/3_c.down.sql": "DROP TABLE c;\n",
		"m/4_d.up.sql":   "CREATE TABLE d (id int);\n",
		"m/README.sql":   "SELECT 'not a migration';\n",
	}
	needs := func(paths ...string) func(string) bool {
		return func(p string) bool { return slices.Contains(paths, p) }
	}
	// sumOf hashes the texts of the file at p, "" when the set has none.
	sumOf := func(s *Set, p string) string {
		for _, f := range append(append([]*File(nil), s.Files...), s.Others...) {
			for ; f != nil; f = f.DownFile {
				if f.Path == p {
					sum := f.textSum()
					return string(sum[:])
				}
			}
		}
		return ""
	}
	for _, tc := range []struct {
		name   string
		edit   string // the file changed, to the same size
		need   func(string) bool
		forget bool // the texts' entry is gone
		stale  bool // the set comes as kept, the edit unseen
	}{
		{name: "a later up file", edit: "m/3_c.up.sql", need: needs("m/2_b.up.sql"), stale: true},
		{name: "a later down file", edit: "m/3_c.down.sql", need: needs("m/2_b.up.sql"), stale: true},
		{name: "the last of two needed", edit: "m/4_d.up.sql", need: needs("m/1_a.up.sql", "m/3_c.up.sql"), stale: true},
		{name: "a needed down file", edit: "m/2_b.down.sql", need: needs("m/2_b.down.sql")},
		{name: "the needed file", edit: "m/2_b.up.sql", need: needs("m/2_b.up.sql")},
		{name: "an earlier file", edit: "m/1_a.up.sql", need: needs("m/2_b.up.sql")},
		{name: "an earlier down file", edit: "m/1_a.down.sql", need: needs("m/2_b.up.sql"), stale: true},
		{name: "the needed file's down file", edit: "m/2_b.down.sql", need: needs("m/2_b.up.sql")},
		{name: "a file the tool never runs", edit: "m/README.sql", need: needs("m/2_b.up.sql"), stale: true},
		{name: "a needed file the tool never runs", edit: "m/README.sql", need: needs("m/2_b.up.sql", "m/README.sql")},
		{name: "a need naming no migration", edit: "m/3_c.up.sql", need: needs("m/README.sql")},
		{name: "texts no longer kept", edit: "m/3_c.up.sql", need: needs("m/2_b.up.sql"), forget: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := treetest.Temp(t, files)
			cacheDir := t.TempDir()
			c := cache.Open(cacheDir, "test")
			kept, _ := LoadDir(Dir(root), "m", "")
			for range 2 {
				LoadDirCached(c, Dir(root), "m", "") // seen twice: kept whole
			}
			if tc.forget {
				filepath.Walk(cacheDir, func(p string, info os.FileInfo, err error) error {
					if err == nil && info.Mode().IsRegular() {
						if b, _ := os.ReadFile(p); strings.Contains(string(b), "CREATE TABLE c") {
							os.Remove(p)
						}
					}
					return nil
				})
			}
			abs := filepath.Join(root, "m", filepath.FromSlash(strings.TrimPrefix(tc.edit, "m/")))
			data, _ := os.ReadFile(abs)
			if err := os.WriteFile(abs, []byte(strings.Replace(string(data), "TABLE", "table", 1)), 0o644); err != nil {
				t.Fatal(err)
			}
			fresh, _ := LoadDir(Dir(root), "m", "")
			got, errs := LoadDirCachedFor(c, Dir(root), "m", "", tc.need)
			if len(errs) > 0 || got == nil {
				t.Fatalf("load: %v", errs)
			}
			if err := got.LoadTexts(); err != nil {
				t.Fatalf("texts: %v", err)
			}
			want := fresh
			if tc.stale {
				want = kept
			}
			if !got.Equal(want) {
				t.Errorf("the set differs from the one %s", map[bool]string{true: "kept", false: "read anew"}[tc.stale])
			}
			if tc.stale && sumOf(got, "m/2_b.up.sql") != sumOf(fresh, "m/2_b.up.sql") {
				t.Error("a needed file differs from the one on disk")
			}
			// A whole check sees every change.
			whole, _ := LoadDirCachedLazy(c, Dir(root), "m", "")
			if err := whole.LoadTexts(); err != nil || sumOf(whole, tc.edit) == "" || sumOf(whole, tc.edit) != sumOf(fresh, tc.edit) {
				t.Errorf("a whole check kept %s as it was", tc.edit)
			}
		})
	}
}

// A check may ask its questions before the caller knows which files to
// skip (the cached set is read meanwhile): an answer about a file that
// skip then names counts for nothing, as if it had not been asked, and
// one about any other file counts.
func TestTraceCheckAskedAhead(t *testing.T) {
	withFileIDs(t, 0)
	root := treetest.Temp(t, map[string]string{
		"m/1_a.up.sql": "CREATE TABLE a (id int);\n",
		"m/2_b.up.sql": "CREATE TABLE b (id int);\n",
	})
	fsys := Dir(root)
	fd := openRoot(fsys)
	defer closeRoot(fd)
	rec := newRecordFS(fsys, fd)
	for _, name := range []string{"m/1_a.up.sql", "m/2_b.up.sql"} {
		if _, err := rec.ReadFile(name); err != nil {
			t.Fatal(err)
		}
	}
	b, _ := rec.trace()
	tr, ok := decodeTrace(b)
	if !ok {
		t.Fatal("the trace does not decode")
	}
	aheadThenFinish := func(skip map[string]bool) (bool, map[string]string) {
		c := tr.start(fsys, fd)
		c.work() // every question asked before skip is known
		same, files := c.finish(skip)
		return same, files()
	}
	if same, files := aheadThenFinish(nil); !same || len(files) != 2 {
		t.Fatalf("an unchanged trace: same %v, %d files trusted", same, len(files))
	}
	if err := os.WriteFile(filepath.Join(root, "m", "2_b.up.sql"), []byte("CREATE TABLE c (id int);\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	same, files := aheadThenFinish(map[string]bool{"m/2_b.up.sql": true})
	if !same {
		t.Error("a change to a skipped file, asked about before skip was known, made the trace differ")
	}
	if _, ok := files["m/2_b.up.sql"]; ok || len(files) != 1 {
		t.Errorf("the trusted answers hold a skipped file: %v", slices.Collect(maps.Keys(files)))
	}
	if same, _ := aheadThenFinish(map[string]bool{"m/1_a.up.sql": true}); same {
		t.Error("a change to a file not skipped went unnoticed")
	}
	if same, _ := tr.check(fsys, fd, map[string]bool{"m/2_b.up.sql": true}); !same {
		t.Error("check, skipping the changed file, finds the trace changed")
	}
}

// A file that says in what order the migrations run (sqitch.plan) is
// always looked at: a one-file check sees the order change.
func TestLoadDirCachedForPlan(t *testing.T) {
	withFileIDs(t, 0)
	plan := func(order ...string) string {
		s := "%syntax-version=1.0.0\n%project=p\n\n"
		for i, c := range order {
			s += fmt.Sprintf("%s 2024-01-0%dT10:00:00Z Ann <ann@example.com>\n", c, i+1)
		}
		return s
	}
	root := treetest.Temp(t, map[string]string{
		"db/sqitch.plan":  plan("a", "b", "c"),
		"db/deploy/a.sql": "CREATE TABLE a (id int);\n",
		"db/deploy/b.sql": "CREATE TABLE b (id int);\n",
		"db/deploy/c.sql": "CREATE TABLE c (id int);\n",
	})
	c := cache.Open(t.TempDir(), "test")
	for range 2 {
		LoadDirCached(c, Dir(root), "db", Sqitch) // seen twice: kept whole
	}
	if err := os.WriteFile(filepath.Join(root, "db", "sqitch.plan"), []byte(plan("c", "a", "b")), 0o644); err != nil {
		t.Fatal(err)
	}
	want, _ := LoadDir(Dir(root), "db", Sqitch)
	got, errs := LoadDirCachedFor(c, Dir(root), "db", Sqitch, func(p string) bool { return p == "db/deploy/a.sql" })
	if len(errs) > 0 || got == nil || got.LoadTexts() != nil {
		t.Fatalf("load: %v", errs)
	}
	if !got.Equal(want) || got.Files[0].Path != "db/deploy/c.sql" {
		t.Errorf("the plan's new order is not seen: the first migration is %s", got.Files[0].Path)
	}
}

// A set the cache keeps whole gives each file its key (FileKeyWith), the
// key its fields and texts hash to, before and after its texts are read;
// a file whose texts change afterwards is hashed again.
func TestFileKeyKept(t *testing.T) {
	withFileIDs(t, 0)
	c := cache.Open(t.TempDir(), "test")
	h := wire.NewHash("")
	kept := 0
	for name, files := range memoTrees {
		root := treetest.Temp(t, files)
		dir := setDir(files)
		want, werrs := LoadDir(Dir(root), dir, "")
		if len(werrs) > 0 {
			continue
		}
		for range 2 {
			LoadDirCached(c, Dir(root), dir, "")
		}
		got, errs := LoadDirCachedLazy(c, Dir(root), dir, "")
		if len(errs) > 0 || len(got.Files) != len(want.Files) {
			t.Fatalf("%s: %v", name, errs)
		}
		check := func(when string) {
			for i, f := range got.Files {
				if _, ok := f.keptKey(); !ok {
					t.Fatalf("%s: %s %s: no key kept", name, f.Path, when)
				}
				if g, w := FileKeyWith(h, f), FileKeyWith(h, want.Files[i]); g != w {
					t.Fatalf("%s: %s %s: key kept %x, the file's own %x", name, f.Path, when, g[:4], w[:4])
				}
				kept++
			}
		}
		check("before its texts are read")
		if err := got.LoadTexts(); err != nil {
			t.Fatal(err)
		}
		check("after its texts are read")
		for i, f := range got.Files {
			before := FileKeyWith(h, f)
			f.Up += "\nSELECT 1;\n"
			w := want.Files[i]
			w.Up += "\nSELECT 1;\n"
			if g := FileKeyWith(h, f); g == before || g != FileKeyWith(h, w) {
				t.Fatalf("%s: %s: an edited text kept the old key", name, f.Path)
			}
		}
	}
	if kept == 0 {
		t.Fatal("no set was kept")
	}
}

// Making room for a large listing keeps every answer recorded before it,
// and those recorded after land in the same record.
func TestRecordReserve(t *testing.T) {
	fsys := fstest.MapFS{}
	for i := range 100 {
		fsys[fmt.Sprintf("db/%03d_x.up.sql", i)] = &fstest.MapFile{Data: []byte("SELECT 1;")}
	}
	r := newRecordFS(fsys, -1)
	r.note(opFile, "before.sql", "id-before", true)
	r.note(opFile, "racy.sql", "", false)
	if _, err := r.ReadDir("db"); err != nil {
		t.Fatal(err)
	}
	if r.room < 100 {
		t.Fatalf("room %d after listing 100 files", r.room)
	}
	r.note(opFile, "db/000_x.up.sql", "id-after", true)
	want := map[string]string{string(opFile) + "before.sql": "id-before", string(opFile) + "racy.sql": "", string(opFile) + "db/000_x.up.sql": "id-after"}
	for k, v := range want {
		if got, ok := r.ops[k]; !ok || got != v {
			t.Errorf("ops[%q] = %q, %v; want %q", k, got, ok, v)
		}
	}
	if _, ok := r.ops[string(opList)+"db"]; !ok || len(r.ops) != 4 {
		t.Errorf("ops = %v, want the listing and three files", r.ops)
	}
	if !r.unfit() {
		t.Error("the racy answer recorded before the listing was lost")
	}
}

// A check takes a directory's listing as recorded while the directory has
// the id it had when listed, without reading it: a trace whose listing
// answer no reading would give is found the same. A directory whose id
// changed, or that changed within racyAge, is read again.
func TestCheckTakesListingByDirID(t *testing.T) {
	withFileIDs(t, 0)
	root := t.TempDir()
	os.Mkdir(filepath.Join(root, "d"), 0o755)
	os.WriteFile(filepath.Join(root, "d", "1_a.up.sql"), []byte("SELECT 1;\n"), 0o644)
	fsys := Dir(root)
	fd := openRoot(fsys)
	defer closeRoot(fd)
	rec := newRecordFS(fsys, fd)
	if _, err := rec.ReadDir("d"); err != nil {
		t.Fatal(err)
	}
	b, _ := rec.trace()
	tr, ok := decodeTrace(b)
	if !ok {
		t.Fatal("the trace does not decode")
	}
	id, recorded := rec.ops[string(opDir)+"d"]
	if !recorded {
		t.Fatal("no directory id was recorded with the listing")
	}
	// The result's key does not depend on the directory's id.
	withoutID := recordedTrace{ops: []string{string(opList) + "d"}, answers: []string{rec.ops[string(opList)+"d"]}}
	if tr.key() != withoutID.key() {
		t.Error("the directory's id is part of the result's key")
	}
	forged := func(dirID string) recordedTrace {
		return recordedTrace{
			ops:     []string{string(opDir) + "d", string(opList) + "d"},
			answers: []string{dirID, listingID(nil, nil)}, // an empty listing: d holds a file
		}
	}
	if same, _ := forged(id).check(fsys, fd, nil); !same {
		t.Error("a listing was read although its directory kept its id")
	}
	if same, _ := forged(id+"x").check(fsys, fd, nil); same {
		t.Error("a listing was taken as recorded although its directory's id changed")
	}
	if same, _ := tr.check(fsys, fd, nil); !same {
		t.Error("an unchanged directory is found changed")
	}
	os.WriteFile(filepath.Join(root, "d", "2_b.up.sql"), []byte("SELECT 2;\n"), 0o644)
	if same, _ := tr.check(fsys, fd, nil); same {
		t.Error("a file added to a listed directory went unnoticed")
	}
	// A link to a directory outside the root has no id and stays refused.
	if err := os.Symlink(t.TempDir(), filepath.Join(root, "out")); err != nil {
		t.Fatal(err)
	}
	if _, ok := dirQuickID(fsys, fd, "out", time.Now()); ok {
		t.Error("a link to a directory outside the root was given an id")
	}
	if fsys.(*dirFS).dirConfined("out") == nil {
		t.Error("a link to a directory outside the root was taken as inside it")
	}
	// Changed just now, by the default racyAge: read, whatever the id.
	withRacyAge(t, time.Hour)
	now, _ := dirQuickID(fsys, fd, "d", time.Now())
	if same, _ := forged(now).check(fsys, fd, nil); same {
		t.Error("a directory changed within racyAge was not read")
	}
}

// A trace entry keeps the key of the result its answers name, which a
// check takes instead of hashing them again; it is the hash of the
// answers, and a damaged entry is refused.
func TestTraceKeepsResultKey(t *testing.T) {
	root := t.TempDir()
	os.WriteFile(filepath.Join(root, "1_a.up.sql"), []byte("SELECT 1;\n"), 0o644)
	fsys := Dir(root)
	rec := newRecordFS(fsys, -1)
	if _, err := rec.ReadDir("."); err != nil {
		t.Fatal(err)
	}
	if _, err := rec.ReadFile("1_a.up.sql"); err != nil {
		t.Fatal(err)
	}
	b, k := rec.trace()
	tr, ok := decodeTrace(b)
	if !ok || !tr.summed || tr.key() != k || len(tr.ops) != 2 {
		t.Fatalf("decoded: ok %v, summed %v, %d ops, key %v want %v", ok, tr.summed, len(tr.ops), tr.key(), k)
	}
	tr.summed = false
	if tr.key() != k {
		t.Error("the kept key is not the hash of the answers")
	}
	for _, bad := range [][]byte{b[:len(b)-1], append(slices.Clone(b), 0), b[1:], {}} {
		if _, ok := decodeTrace(bad); ok {
			t.Errorf("a damaged trace entry of %d bytes is taken", len(bad))
		}
	}
}
