package rules

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/migguard/migguard/internal/cache"
	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/pgparse"
)

// allFixtures builds one migration set out of every rule fixture, as
// fixtureCorpus does: a mix of every kind of statement, replayed in order.
func allFixtures(t testing.TB) *migrations.Set {
	paths, err := filepath.Glob("testdata/*/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	more, _ := filepath.Glob("testdata/*/*/*.sql")
	paths = append(paths, more...)
	sort.Strings(paths)
	set := &migrations.Set{Dir: "testdata", Format: migrations.Plain}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range fixtureSet(p, string(data)).Files {
			f.Version = strconv.Itoa(len(set.Files) + 1)
			set.Files = append(set.Files, f)
		}
	}
	if len(set.Files) < 300 {
		t.Fatalf("only %d fixture files", len(set.Files))
	}
	return set
}

// cloneSet copies a set and its files, so that a run cannot change
// another's input.
func cloneSet(s *migrations.Set) *migrations.Set {
	out := &migrations.Set{Dir: s.Dir, Format: s.Format}
	for _, f := range s.Files {
		c := *f
		if f.DownFile != nil {
			d := *f.DownFile
			c.DownFile = &d
		}
		out.Files = append(out.Files, &c)
	}
	for _, f := range s.Others {
		c := *f
		out.Others = append(out.Others, &c)
	}
	return out
}

// filesRun counts the files that cached runs replayed or linted.
func filesRun() int64 { return atomic.LoadInt64(&cachedFilesRun) }

// sameAsUncached lints the set with and without the cache and fails when
// the findings or the schema differ. It returns how many files the cached
// run replayed or linted.
func sameAsUncached(t *testing.T, name string, set *migrations.Set, opts Options, c *cache.Cache) int64 {
	t.Helper()
	want := LintSet(cloneSet(set), opts)
	opts.Cache = c
	before := filesRun()
	got := LintSet(cloneSet(set), opts)
	ran := filesRun() - before
	if !reflect.DeepEqual(want.Findings, got.Findings) {
		t.Fatalf("%s: the cached run found %d findings, the uncached %d; first difference: %s",
			name, len(got.Findings), len(want.Findings), firstDiff(want.Findings, got.Findings))
	}
	if (want.Catalog == nil) != (got.Catalog == nil) || want.Catalog != nil && want.Catalog.Dump() != got.Catalog.Dump() {
		t.Fatalf("%s: the cached run's schema differs", name)
	}
	return ran
}

func firstDiff(a, b []Finding) string {
	for i := 0; i < len(a) && i < len(b); i++ {
		if !reflect.DeepEqual(a[i], b[i]) {
			return fmt.Sprintf("want %+v, got %+v", a[i], b[i])
		}
	}
	return "one list is longer"
}

// Cached runs find what uncached runs find: cold, warm, after an edit
// that leaves the schema as it was and after one that changes it, and
// when a run reports on one file only; a warm run lints nothing, and an
// edit that keeps the schema relints only the edited file's segment. So
// they do when the texts of the files are released as they are passed
// (Options.Release, as the command line lints).
func TestCachedMatchesUncached(t *testing.T) {
	for _, release := range []bool{false, true} {
		t.Run(fmt.Sprintf("release=%v", release), func(t *testing.T) {
			cachedMatchesUncached(t, release)
		})
	}
}

func cachedMatchesUncached(t *testing.T, release bool) {
	set := allFixtures(t)
	c := cache.Open(t.TempDir(), "test")
	n := len(set.Files)
	opts := Options{Release: release}
	if ran := sameAsUncached(t, "cold", set, opts, c); ran != int64(n) {
		t.Errorf("cold: ran %d files, want %d", ran, n)
	}
	if ran := sameAsUncached(t, "warm", set, opts, c); ran != 0 {
		t.Errorf("warm: ran %d files, want none", ran)
	}
	mid := n / 2
	neutral := cloneSet(set)
	edit(neutral.Files[mid], "-- an added comment\n", "\nSELECT 1;\n")
	if ran := sameAsUncached(t, "neutral edit", neutral, opts, c); ran == 0 || ran > maxSegment {
		t.Errorf("neutral edit: ran %d files, want the edited file's segment only", ran)
	}
	changed := cloneSet(set)
	edit(changed.Files[mid], "", "\nCREATE TABLE cache_test_added (id int);\n")
	sameAsUncached(t, "schema-changing edit", changed, opts, c)
	sameAsUncached(t, "schema-changing edit, warm", changed, opts, c)

	strict := Options{Severity: map[string]Severity{}, Release: release}
	for _, r := range SQL() {
		strict.Severity[r.ID] = Error
	}
	sameAsUncached(t, "every rule at error", set, strict, c)
	sameAsUncached(t, "PostgreSQL 12", set, Options{PG: Version{Major: 12}, Release: release}, c)

	for _, k := range []int{n - 1, mid, 3} {
		only := onlyFile(set, k)
		only.Release = release
		sameAsUncached(t, "one file, cold", set, only, c)
		if ran := sameAsUncached(t, "one file, warm", set, only, c); ran != 0 {
			t.Errorf("one file %d, warm: ran %d files, want none", k, ran)
		}
	}
}

// onlyFile returns options that report on the file of set at idx only
// (in copies of the set too: by its version, which allFixtures numbers).
func onlyFile(set *migrations.Set, idx int) Options {
	v := set.Files[idx].Version
	return Options{Lint: func(g *migrations.File) bool { return g.Version == v }, SkipCatalog: true}
}

// edit puts text before and after a file's up part.
func edit(f *migrations.File, before, after string) {
	f.Src = before + f.Src + after
	f.Up = before + f.Up + after
	if f.Down != "" {
		f.Down = strings.Repeat(" ", len(before)) + f.Down + strings.Repeat(" ", len(after))
	}
}

// A file linted on its own in a set reads the files before it from the
// cache: after the first run, only the file itself is linted, and an
// edit of it lints it alone.
func TestCachedOneFile(t *testing.T) {
	set := allFixtures(t)
	c := cache.Open(t.TempDir(), "test")
	sameAsUncached(t, "whole set", set, Options{}, c)
	last := len(set.Files) - 1
	if ran := sameAsUncached(t, "last file", set, onlyFile(set, last), c); ran > maxSegment {
		t.Errorf("last file after a run over the set: ran %d files, want at most a segment", ran)
	}
	edited := cloneSet(set)
	edit(edited.Files[last], "-- edited\n", "\nALTER TABLE cache_t ADD COLUMN c int;\n")
	if ran := sameAsUncached(t, "last file edited", edited, onlyFile(edited, last), c); ran != 1 {
		t.Errorf("last file edited: ran %d files, want 1", ran)
	}
	added := cloneSet(set)
	src := "CREATE TABLE cache_new (id int);\n"
	added.Files = append(added.Files, &migrations.File{Path: "testdata/new.sql", Version: "99999", Src: src, Up: src, Tx: migrations.TxWrapped})
	if ran := sameAsUncached(t, "file added", added, onlyFile(added, len(added.Files)-1), c); ran != 1 {
		t.Errorf("a file added after the set: ran %d files, want 1", ran)
	}
	mid := len(set.Files) / 2
	sameAsUncached(t, "middle file", set, onlyFile(set, mid), c)
	if ran := sameAsUncached(t, "middle file again", set, onlyFile(set, mid), c); ran != 0 {
		t.Errorf("middle file again: ran %d files, want none", ran)
	}
}

// Linting one file again with another text, as an editor's keystrokes
// and a commit's hook do, starts from the schema kept before the file and
// writes again none of the entries it read there.
func TestCachedOneFileRewritesNothing(t *testing.T) {
	set := allFixtures(t)
	dir := t.TempDir()
	c := cache.Open(dir, "test")
	sameAsUncached(t, "whole set", set, Options{}, c)
	entries := func() map[string]os.FileInfo {
		t.Helper()
		m := map[string]os.FileInfo{}
		err := filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
			if err == nil && info.Mode().IsRegular() && filepath.Base(p) != "size" {
				m[p] = info
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	last := len(set.Files) - 1
	for i := range 3 {
		edited := cloneSet(set)
		edit(edited.Files[last], fmt.Sprintf("-- edit %d\n", i), "")
		before := entries()
		ran := sameAsUncached(t, fmt.Sprintf("edit %d", i), edited, onlyFile(edited, last), c)
		if i == 0 {
			continue // the first replays the file's segment and keeps the schema before the file
		}
		if ran != 1 {
			t.Errorf("edit %d: ran %d files, want 1", i, ran)
		}
		for p, info := range entries() {
			if old, ok := before[p]; ok && !os.SameFile(old, info) {
				t.Errorf("edit %d wrote %s again", i, p)
			}
		}
	}
}

// Damaged, cut or foreign entries are read as missing: the run finds
// what an uncached run finds.
// damageEntries damages every entry of the cache in dir, one way or
// another.
func damageEntries(t *testing.T, dir string) {
	t.Helper()
	i := 0
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil || !info.Mode().IsRegular() || filepath.Base(p) == "size" {
			return nil
		}
		b, _ := os.ReadFile(p)
		switch i % 3 {
		case 0:
			b[len(b)/2] ^= 0x40
		case 1:
			b = b[:len(b)*2/3]
		case 2:
			b = append(b, 'x')
		}
		os.WriteFile(p, b, 0o644)
		i++
		return nil
	})
	if i == 0 {
		t.Fatal("the cache holds nothing")
	}
}

func TestCachedDamagedEntries(t *testing.T) {
	set := allFixtures(t)
	dir := t.TempDir()
	c := cache.Open(dir, "test")
	sameAsUncached(t, "cold", set, Options{}, c)
	damageEntries(t, dir)
	sameAsUncached(t, "damaged", set, Options{}, c)
	sameAsUncached(t, "rebuilt", set, Options{}, c)
	sameAsUncached(t, "one file", set, onlyFile(set, len(set.Files)/3), c)
}

// The schema is loaded from the cache when the caller wants it.
func TestCachedCatalog(t *testing.T) {
	set := allFixtures(t)
	c := cache.Open(t.TempDir(), "test")
	sameAsUncached(t, "cold", set, Options{}, c)
	if ran := sameAsUncached(t, "warm", set, Options{}, c); ran != 0 {
		t.Errorf("warm with the schema: ran %d files", ran)
	}
}

// The corpus that .ci/bench generates (MIGGUARD_BENCH_CORPUS) gives the
// same findings cached and uncached.
func TestCachedCorpus(t *testing.T) {
	dir := os.Getenv("MIGGUARD_BENCH_CORPUS")
	if dir == "" {
		t.Skip("set MIGGUARD_BENCH_CORPUS to a migration directory")
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join("..", "..", dir)
	}
	abs, _ := filepath.Abs(dir)
	set, errs := migrations.LoadDir(migrations.Dir(filepath.Dir(abs)), filepath.Base(abs), "")
	if len(errs) > 0 || set == nil {
		t.Fatalf("loading %s: %v", dir, errs)
	}
	c := cache.Open(t.TempDir(), "test")
	// As the command line lints: texts released once passed.
	opts := Options{SkipCatalog: true, Release: true}
	sameAsUncached(t, "cold", set, opts, c)
	if ran := sameAsUncached(t, "warm", set, opts, c); ran != 0 {
		t.Errorf("warm: ran %d files", ran)
	}
	mid := cloneSet(set)
	edit(mid.Files[len(mid.Files)/2], "-- reviewed\n", "")
	sameAsUncached(t, "middle edited", mid, opts, c)
	changed := cloneSet(set)
	edit(changed.Files[len(changed.Files)/2], "", "\nCREATE TABLE cache_test_added (id int);\n")
	sameAsUncached(t, "middle changed", changed, opts, c)
	for _, k := range []int{len(set.Files) - 1, len(set.Files) * 3 / 4, len(set.Files) / 3} {
		only := onlyFile(set, k)
		only.Release = true
		sameAsUncached(t, fmt.Sprintf("file %d alone", k), set, only, c)
	}
}

// Every field of the types that cached runs key or keep is handled.
func TestCacheKeyFields(t *testing.T) {
	for _, tc := range []struct {
		v      any
		fields string
		where  string
	}{
		// fileKey hashes files as migrations.WriteFile writes them, whose
		// TestMemoFields checks migrations.File.
		{Finding{}, "Rule Severity Path Pos End Offset Message Help Lock Work Table TableWork", "entryWriter.findings"},
		// PG, TimeZone: replayKey; Severity, Unsuppressed, AssumeRows: findingsKey;
		// Lint: the report flags; Release, Cache, Draft, SkipCatalog,
		// Replayed change no finding; with Work or Locks the files
		// reported on are linted again (TestCachedCallbacks); Code:
		// findingsKey keys whether it is set, and findings that asked it
		// are kept under its digest, or not at all
		// (TestCodeFindingsCachedByDigest).
		{Options{}, "PG TimeZone Severity Lint Release Work Unsuppressed Locks Cache Draft AssumeRows SkipCatalog Code Replayed", "replayKey or findingsKey"},
	} {
		rt := reflect.TypeOf(tc.v)
		var got []string
		for i := 0; i < rt.NumField(); i++ {
			got = append(got, rt.Field(i).Name)
		}
		if strings.Join(got, " ") != tc.fields {
			t.Errorf("%s has the fields %q, %s handles %q: handle the new ones there, then list them here",
				rt.Name(), strings.Join(got, " "), tc.where, tc.fields)
		}
	}
}

// A cached run with Work and Locks calls them for every statement of the
// files reported on, warm as cold, with the findings of an uncached run;
// a Draft run keeps no schema after the last file.
func TestCachedCallbacks(t *testing.T) {
	set := allFixtures(t)
	c := cache.Open(t.TempDir(), "test")
	last := len(set.Files) - 1
	var want []string
	for i, run := range []string{"uncached", "cold", "warm"} {
		var got []string
		opts := onlyFile(set, last)
		opts.Draft = true
		opts.Work = func(f *migrations.File, s *pgparse.Stmt, _ []WorkItem) {
			got = append(got, fmt.Sprintf("work %s %d", f.Path, s.Start))
		}
		opts.Locks = func(f *migrations.File, s *pgparse.Stmt, _ []LockItem) {
			got = append(got, fmt.Sprintf("locks %s %d", f.Path, s.Start))
		}
		if i > 0 {
			sameAsUncached(t, run, set, opts, c)
			got = got[len(got)/2:] // the second half is the cached run's
		} else {
			LintSet(cloneSet(set), opts)
			want = got
		}
		if len(got) == 0 || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the callbacks saw %q, want %q", run, got, want)
		}
	}
}

// The entry of the findings of every fixture fits in what findingsSize
// says of them, which is not much more.
func TestFindingsSize(t *testing.T) {
	fs := LintSet(allFixtures(t), Options{}).Findings
	if len(fs) < 500 {
		t.Fatalf("the fixtures gave only %d findings", len(fs))
	}
	w := &entryWriter{}
	w.findings(fs)
	if got, hint := len(w.B), findingsSize(fs); got > hint || hint > 2*got {
		t.Fatalf("the findings of the fixtures take %d bytes, findingsSize says %d", got, hint)
	}
}
