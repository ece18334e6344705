package project

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A project walks the repository once for its sets, however often they
// are asked for, and again after Forget, which sees what changed.
func TestDiscoveryWalksOnce(t *testing.T) {
	p := open(t, map[string]string{"db/migrations/000001_a.up.sql": "CREATE TABLE a (id int);\n"}, "")
	listed := &listingFS{FS: p.FS}
	q := p.At(listed)
	q.Sets()
	walked := listed.top
	if walked == 0 {
		t.Fatal("the repository's top was not listed")
	}
	for range 3 {
		sets, _, errs := q.SetsAndSkipped()
		if len(errs) > 0 || describe(sets) != "db/migrations=golang-migrate" {
			t.Fatalf("sets %s, errors %v", describe(sets), errs)
		}
		if below, _, _ := q.SetsAndSkippedBelow("db"); describe(below) != "db/migrations=golang-migrate" {
			t.Fatalf("sets below db: %s", describe(below))
		}
	}
	if listed.top != walked {
		t.Errorf("the top of the repository was listed %d times, want %d: the repository was walked again", listed.top, walked)
	}
	if err := os.MkdirAll(filepath.Join(p.Root, "sql"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(p.Root, "sql", "000001_b.up.sql"), []byte("CREATE TABLE b (id int);\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if sets, _ := q.Sets(); len(sets) != 1 {
		t.Errorf("a set created since the walk is found before Forget: %s", describe(sets))
	}
	q.Forget()
	if sets, _ := q.Sets(); describe(sets) != "db/migrations=golang-migrate sql=golang-migrate" || listed.top == walked {
		t.Errorf("after Forget: sets %s, the top listed %d times", describe(sets), listed.top)
	}
}

// listingFS counts the listings of the top directory.
type listingFS struct {
	fs.FS
	top int
}

func (l *listingFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if name == "." {
		l.top++
	}
	return fs.ReadDir(l.FS, name)
}

// SetDirs names the directories of every set, another engine's
// included, without reading the sets' files to judge their engines.
func TestSetDirsJudgesNoEngine(t *testing.T) {
	p := open(t, map[string]string{
		"db/migrations/000001_a.up.sql": "CREATE TABLE a (id bigserial);\n",
		"cache/000001_a.up.sql":         "CREATE TABLE c (id INTEGER PRIMARY KEY AUTOINCREMENT);\n",
	}, "")
	counted := &countingFS{FS: p.FS, read: map[string]int{}}
	q := p.At(counted)
	dirs, errs := q.SetDirs()
	if len(errs) > 0 || strings.Join(dirs, " ") != "cache db/migrations" {
		t.Fatalf("set directories %v, errors %v", dirs, errs)
	}
	if len(counted.read) > 0 {
		t.Errorf("files read to name the set directories: %v", counted.read)
	}
	if sets, skipped, _ := q.SetsAndSkipped(); describe(sets) != "db/migrations=golang-migrate" || describe(skipped) != "cache=golang-migrate" || len(counted.read) == 0 {
		t.Errorf("sets %s, skipped %s, files read %v", describe(sets), describe(skipped), counted.read)
	}
}
