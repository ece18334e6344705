package rules

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/migguard/migguard/internal/cache"
)

// dropStillUsedBad returns the path and text of drop-still-used's bad.sql
// fixture.
func dropStillUsedBad(t *testing.T) (string, []byte) {
	t.Helper()
	path := filepath.Join("testdata", "drop-still-used", "bad.sql")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return path, data
}

// The findings of drop-still-used depend on code outside the migrations: a
// cached run must not keep them, so that removing the use from the code
// lets the same migration through on the next run.
func TestDropStillUsedNotCached(t *testing.T) {
	path, data := dropStillUsedBad(t)
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

// digestedCode is a fakeCode that names its content, as usage.Index does.
type digestedCode struct {
	fakeCode
	digest [32]byte
}

func (c digestedCode) Digest() [32]byte { return c.digest }

// Findings that asked code with a digest are kept under that digest: a run
// against the same code reads them back without linting, a run against
// other code lints again, and each code's findings stay its own.
func TestCodeFindingsCachedByDigest(t *testing.T) {
	path, data := dropStillUsedBad(t)
	c := cache.Open(t.TempDir(), "test")
	used := digestedCode{fixtureCode(t, path, string(data)).(fakeCode), [32]byte{1}}
	unused := digestedCode{newFakeCode(), [32]byte{2}}
	for _, run := range []struct {
		name   string
		code   digestedCode
		want   int
		linted bool
	}{
		{"cold, code using them", used, 3, true},
		{"warm, same code", used, 3, false},
		{"uses removed", unused, 0, true},
		{"uses removed, warm", unused, 0, false},
		{"uses back", used, 3, false},
	} {
		before := filesRun()
		res := LintSet(fixtureSet(path, string(data)), Options{Cache: c, SkipCatalog: true, Code: run.code})
		ran := filesRun() - before
		n := 0
		for _, f := range res.Findings {
			if f.Rule == dropStillUsed.ID {
				n++
			}
		}
		if n != run.want || (ran > 0) != run.linted {
			t.Errorf("%s: %d findings, %d files linted; want %d findings, linted %v", run.name, n, ran, run.want, run.linted)
		}
	}
}
