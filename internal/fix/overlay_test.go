package fix

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/migguard/migguard/internal/cache"
	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/racytest"
)

// An overlay of a file system whose files have content ids has them too,
// a replaced file's a hash of its text: loads through it are cached (the
// language server lints through one at every change), and each load
// reads the replaced files' texts as the overlay holds them.
func TestOverlayContentIDs(t *testing.T) {
	root := t.TempDir()
	for name, text := range map[string]string{
		"m/1_a.up.sql": "CREATE TABLE a (id int);\n",
		"m/2_b.up.sql": "CREATE TABLE b (id int);\n",
	} {
		p := filepath.Join(root, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	base := migrations.Dir(root)
	kind := migrations.ContentKind(base)
	if kind == "" {
		t.Skip("files have no content ids on this system")
	}
	// Files changed too recently are not trusted to keep their ids: let
	// them age, so that loads are kept.
	racytest.Settle(t, root)
	cacheDir := t.TempDir()
	c := cache.Open(cacheDir, "test")
	b2, b3 := "CREATE TABLE b2 (id int);\n", "CREATE TABLE b3 (id int);\n"
	// "" loads the files themselves: what a load through an overlay kept
	// must not stand for them.
	for round, text := range []string{b2, b2, b2, "", "", b3, b3, b2, ""} {
		fsys := base
		if text != "" {
			fsys = NewOverlay(base, map[string]string{"m/2_b.up.sql": text})
			if got := migrations.ContentKind(fsys); got != kind {
				t.Fatalf("the overlay's kind is %q, its base's %q", got, kind)
			}
		} else {
			text = "CREATE TABLE b (id int);\n"
		}
		set, errs := migrations.LoadDirCached(c, fsys, "m", "")
		if len(errs) > 0 || set == nil || len(set.Files) != 2 {
			t.Fatalf("round %d: %v", round, errs)
		}
		if got := set.Files[1].Up; got != text {
			t.Errorf("round %d: the replaced file reads %q, want %q", round, got, text)
		}
	}
	if entries, _ := filepath.Glob(filepath.Join(cacheDir, "v1", "*", "*")); len(entries) == 0 {
		t.Error("nothing was cached of loads through an overlay")
	}
}
