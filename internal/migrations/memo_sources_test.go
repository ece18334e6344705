package migrations

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/migguard/migguard/internal/cache"
	"github.com/migguard/migguard/internal/treetest"
)

// Sources reads the text of a file of a set taken whole from the cache
// from that file alone, leaving the other files without their texts, as
// long as it still hashes as the cache kept it; otherwise it reads the
// set's texts whole, and fails as LoadTexts fails.
func TestSourcesReadsFilesAlone(t *testing.T) {
	withFileIDs(t, 0)
	c := cache.Open(t.TempDir(), "test")
	for name, files := range memoTrees {
		root, dir, want, werrs := keptWhole(t, c, files)
		if len(werrs) > 0 {
			t.Fatalf("%s: %v", name, werrs)
		}
		lazy := func() *Set {
			t.Helper()
			got, errs := LoadDirCachedLazy(c, Dir(root), dir, "")
			if len(errs) > 0 || got == nil || got.Files[0].texts == nil || got.Files[0].texts.lazy == nil {
				t.Fatalf("%s: lazy load: %v", name, errs)
			}
			// The texts' entry gone: a whole read would read every file.
			got.Files[0].texts.lazy.key = cache.Key{3}
			return got
		}
		var all, wantAll []*File
		got := lazy()
		eachFile(got, func(f *File) { all = append(all, f) })
		eachFile(want, func(f *File) { wantAll = append(wantAll, f) })
		for i, f := range all {
			texts, err := got.Sources([]*File{f})
			if err != nil || len(texts) != 1 || texts[0] != wantAll[i].Src {
				t.Fatalf("%s: source of %s: %q, %v; want %q", name, f.Path, texts, err, wantAll[i].Src)
			}
			for _, g := range all {
				if g.Src != "" {
					t.Fatalf("%s: asking for %s read the texts of %s", name, f.Path, g.Path)
				}
			}
		}
		if others, err := got.Sources(got.Others); err != nil || len(got.Others) > 0 && others[0] != got.Others[0].Src {
			t.Errorf("%s: sources of the other files: %q, %v", name, others, err)
		}

		// Another file changed since the set was checked: the one asked
		// for is still read alone.
		got = lazy()
		last := got.Files[len(got.Files)-1]
		edit(t, root, got.Files[0].Path)
		if texts, err := got.Sources([]*File{last}); err != nil || texts[0] != want.Files[len(got.Files)-1].Src {
			t.Errorf("%s: source of %s beside a changed file: %q, %v", name, last.Path, texts, err)
		}
		// The file asked for changed: the set's texts are read whole,
		// and they no longer fit.
		if _, err := got.Sources([]*File{got.Files[0]}); err == nil || !strings.Contains(err.Error(), got.Files[0].Path) {
			t.Errorf("%s: source of a changed file: %v", name, err)
		}
	}
}

// Asked for more files than it reads alone, Sources reads the set's
// texts whole.
func TestSourcesOfManyFilesReadsTheSet(t *testing.T) {
	withFileIDs(t, 0)
	c := cache.Open(t.TempDir(), "test")
	files := map[string]string{}
	for i := range maxSourcesAlone + 1 {
		files[fmt.Sprintf("m/%03d_t.up.sql", i+1)] = fmt.Sprintf("CREATE TABLE t%d (id int);\n", i)
	}
	root := treetest.Temp(t, files)
	for range 2 {
		LoadDirCached(c, Dir(root), "m", "")
	}
	got, errs := LoadDirCachedLazy(c, Dir(root), "m", "")
	if len(errs) > 0 || len(got.Files) != maxSourcesAlone+1 {
		t.Fatalf("lazy load: %v", errs)
	}
	texts, err := got.Sources(got.Files[:maxSourcesAlone])
	if err != nil || got.Files[maxSourcesAlone].Src != "" || texts[0] != files["m/001_t.up.sql"] {
		t.Fatalf("%d files: %v, the last one read: %v", maxSourcesAlone, err, got.Files[maxSourcesAlone].Src != "")
	}
	texts, err = got.Sources(got.Files)
	if err != nil || got.Files[maxSourcesAlone].Src == "" || texts[maxSourcesAlone] != got.Files[maxSourcesAlone].Src {
		t.Fatalf("%d files: %v, the set's texts read: %v", maxSourcesAlone+1, err, got.Files[maxSourcesAlone].Src != "")
	}
}

// edit appends a statement to the file at p under root.
func edit(t *testing.T, root, p string) {
	t.Helper()
	abs := filepath.Join(root, filepath.FromSlash(p))
	data, err := os.ReadFile(abs)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(abs, append(data, "\nSELECT 'changed';\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
}
