package rules

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/migguard/migguard/internal/cache"
)

// The findings of drop-still-used depend on code outside the migrations: a
// cached run must not keep them, so that removing the use from the code
// lets the same migration through on the next run.
func TestDropStillUsedNotCached(t *testing.T) {
	path := filepath.Join("testdata", "drop-still-used", "bad.sql")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	c := cache.Open(t.TempDir(), "test")
	count := func(code Code) int {
		res := LintSet(fixtureSet(path, string(data)), Options{Cache: c, SkipCatalog: true, Code: code})
		n := 0
		for _, f := range res.Findings {
			if f.Rule == dropStillUsed.ID {
				n++
			}
		}
		return n
	}
	used := fixtureCode(t, path, string(data))
	if n := count(used); n != 3 {
		t.Fatalf("cold run with the code using them: %d findings, want 3", n)
	}
	if n := count(newFakeCode()); n != 0 {
		t.Errorf("warm run with the uses removed: %d findings, want 0", n)
	}
	if n := count(used); n != 3 {
		t.Errorf("warm run with the uses back: %d findings, want 3", n)
	}
	if n := count(nil); n != 0 {
		t.Errorf("run without code: %d findings, want 0", n)
	}
}
