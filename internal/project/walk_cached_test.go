package project

import (
	"fmt"
	"strings"
	"testing"

	"github.com/migguard/migguard/internal/cache"
	"github.com/migguard/migguard/internal/config"
	"github.com/migguard/migguard/internal/gitview/gittest"
	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/wire"
)

// With a cache, the walk that finds the sets is taken from the last one
// when nothing it read changed: the same sets, Alembic projects, errors
// and files as a walk without the cache, and no SQL file's head read
// again. A tree that gained and lost sets is walked again.
func TestWalkCached(t *testing.T) {
	r := gittest.New(t)
	files := map[string]string{
		"db/migrations/000001_a.up.sql":   "CREATE TABLE a (id int);\n",
		"db/migrations/000001_a.down.sql": "DROP TABLE a;\n",
		"goose/00001_a.sql":               "-- +goose Up\nCREATE TABLE a (id int);\n",
		"py/alembic.ini":                  "[alembic]\nscript_location = alembic\n",
		"py/alembic/env.py":               "",
		"py/alembic/versions/a1_init.py":  rev("a1", ""),
		"legacy/versions/b1_init.py":      rev("b1", ""),
		"ignored/000001_x.up.sql":         "CREATE TABLE x (id int);\n",
		"node_modules/m/000001_y.up.sql":  "CREATE TABLE y (id int);\n",
		"src/main.go":                     "package main\n",
	}
	head := r.Commit("sets", files)
	g := openGit(t, r)
	c := cache.Open(t.TempDir(), "test")
	cfg := config.Default()
	cfg.Ignore = []string{"ignored"}
	walk := func(commit string, cached bool) (string, int) {
		t.Helper()
		reads := 0
		p := New(readsFS{FS: commitFS(t, g, r, commit), suffix: ".sql", reads: &reads}, r.Dir, cfg)
		if cached {
			p.UseCache(c)
		}
		sets, skipped, errs := p.SetsAndSkipped()
		out := fmt.Sprintf("sets %s; skipped %s; errors %v; files %s", describe(sets), describe(skipped), errs, strings.Join(p.Files(), " "))
		return out, reads
	}
	want, _ := walk(head, false)
	for _, s := range []string{"db/migrations=golang-migrate", "goose=goose", "[py/alembic/versions]", "legacy", "src/main.go"} {
		if !strings.Contains(want, s) {
			t.Fatalf("the walk without a cache found no %s: %s", s, want)
		}
	}
	if strings.Contains(want, "ignored/") || strings.Contains(want, "node_modules") {
		t.Fatalf("the walk went into an ignored directory: %s", want)
	}
	first, reads := walk(head, true)
	if first != want || reads == 0 {
		t.Fatalf("first cached walk (%d SQL reads):\n%s\nwant\n%s", reads, first, want)
	}
	again, reads := walk(head, true)
	if again != want {
		t.Errorf("the walk from the cache:\n%s\nwant\n%s", again, want)
	}
	if reads != 0 {
		t.Errorf("the walk from the cache read %d SQL files, want 0", reads)
	}
	// Ignoring another directory is another walk.
	cfg.Ignore = []string{"goose"}
	if got, _ := walk(head, true); strings.Contains(got, "goose=goose") {
		t.Errorf("a directory ignored since is still walked: %s", got)
	}
	cfg.Ignore = []string{"ignored"}
	delete(files, "goose/00001_a.sql")
	r.Git("rm", "-q", "goose/00001_a.sql")
	files["sql/00001_b.sql"] = "-- +goose Up\nCREATE TABLE b (id int);\n"
	files["py/alembic/versions/a2_next.py"] = rev("a2", "a1")
	next := r.Commit("moved", files)
	want, _ = walk(next, false)
	got, reads := walk(next, true)
	if got != want || reads == 0 {
		t.Errorf("a changed tree (%d SQL reads):\n%s\nwant\n%s", reads, got, want)
	}
	if !strings.Contains(got, "sql=goose") || strings.Contains(got, "goose=goose") {
		t.Errorf("a changed tree: %s", got)
	}
	if got, _ := walk(next, true); got != want {
		t.Errorf("a changed tree, from the cache:\n%s\nwant\n%s", got, want)
	}
}

// What a logged walk found is replayed as found: the sets and the
// unreadable directories in their order, the files; a damaged entry is
// refused.
func TestReplayWalk(t *testing.T) {
	p := open(t, map[string]string{"db/migrations/000001_a.up.sql": "CREATE TABLE a (id int);\n"}, "")
	w := &walker{p: p, detect: true, log: &wire.Encoder{}}
	w.files = []string{"a.go", "db/migrations/000001_a.up.sql"}
	w.unreadable("broken", "permission denied")
	w.found("db/migrations", migrations.GolangMigrate)
	w.unreadable("link", "symbolic link to /etc, outside the repository: not read")
	out := w.encode()
	r, ok := p.replayWalk(true, string(out))
	if !ok {
		t.Fatal("a walk's entry is refused")
	}
	if fmt.Sprint(r.errs) != fmt.Sprint(w.errs) || describe(r.sets) != describe(w.sets) || strings.Join(r.files, " ") != strings.Join(w.files, " ") {
		t.Errorf("replayed: sets %s, errors %v, files %v; walked: sets %s, errors %v, files %v", describe(r.sets), r.errs, r.files, describe(w.sets), w.errs, w.files)
	}
	if r.sets[0].project != p {
		t.Error("a replayed set is not the project's")
	}
	for _, bad := range []string{string(out[:len(out)-1]), string(out) + "\x09", "\xff"} {
		if _, ok := p.replayWalk(true, bad); ok {
			t.Errorf("a damaged entry %q is taken", bad)
		}
	}
}

// With a cache, the format of a named file's directory is kept under what
// its detection read: the same tree again reads no SQL file's head, and a
// tree whose files tell another format is read again.
func TestDetectFormatCached(t *testing.T) {
	r := gittest.New(t)
	files := map[string]string{
		"db/00001_a.sql": "-- +goose Up\nCREATE TABLE a (id int);\n",
		"db/00002_b.sql": "-- +goose Up\nCREATE TABLE b (id int);\n",
	}
	head := r.Commit("goose", files)
	g := openGit(t, r)
	c := cache.Open(t.TempDir(), "test")
	setOf := func(commit string, cached bool) (string, int) {
		t.Helper()
		reads := 0
		p := New(readsFS{FS: commitFS(t, g, r, commit), suffix: ".sql", reads: &reads}, r.Dir, nil)
		if cached {
			p.UseCache(c)
		}
		s, err := p.SetOf("db/00002_b.sql")
		if err != nil {
			t.Fatal(err)
		}
		return s.Dir + "=" + string(s.Format), reads
	}
	want, _ := setOf(head, false)
	if want != "db=goose" {
		t.Fatalf("without a cache: %s", want)
	}
	if got, reads := setOf(head, true); got != want || reads == 0 {
		t.Fatalf("first cached: %s, %d SQL reads", got, reads)
	}
	if got, reads := setOf(head, true); got != want || reads != 0 {
		t.Errorf("from the cache: %s, %d SQL reads, want %s and none", got, reads, want)
	}
	r.Git("mv", "db/00001_a.sql", "db/00001_a.up.sql")
	r.Git("mv", "db/00002_b.sql", "db/00002_b.up.sql")
	delete(files, "db/00001_a.sql")
	delete(files, "db/00002_b.sql")
	files["db/00001_a.up.sql"] = "CREATE TABLE a (id int);\n"
	files["db/00002_b.up.sql"] = "CREATE TABLE b (id int);\n"
	next := r.Commit("golang-migrate", files)
	p := New(commitFS(t, g, r, next), r.Dir, nil)
	p.UseCache(c)
	if s, err := p.SetOf("db/00002_b.up.sql"); err != nil || s.Dir+"="+string(s.Format) != "db=golang-migrate" {
		t.Errorf("a directory whose files changed format: %v, %v", s, err)
	}
}
