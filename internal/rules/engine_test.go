package rules

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/migguard/migguard/internal/cache"
	"github.com/migguard/migguard/internal/migrations"
)

// plainSet returns a plain SQL set of one file per text, each its own up
// and down part, run in autocommit.
func plainSet(srcs ...string) *migrations.Set {
	set := &migrations.Set{Dir: "m", Format: migrations.Plain}
	for i, s := range srcs {
		set.Files = append(set.Files, &migrations.File{Path: fmt.Sprintf("m/%d.sql", i+1),
			Version: fmt.Sprint(i + 1), Src: s, Up: s, Down: s, Tx: migrations.TxNone})
	}
	return set
}

// TestRelease checks that releasing file texts changes no finding and
// leaves the files empty.
func TestRelease(t *testing.T) {
	mk := func() *migrations.Set {
		return plainSet("CREATE TABLE t (id int);\n", "CREATE INDEX i ON t (id);\nSELEC 1;\n")
	}
	kept, released := mk(), mk()
	a := LintSet(kept, Options{})
	b := LintSet(released, Options{Release: true})
	if len(a.Findings) == 0 || !reflect.DeepEqual(a.Findings, b.Findings) {
		t.Fatalf("findings differ:\n%v\n%v", a.Findings, b.Findings)
	}
	for _, f := range released.Files {
		if f.Src != "" || f.Up != "" || f.Down != "" {
			t.Errorf("%s: text kept after Release", f.Path)
		}
	}
	if kept.Files[0].Src == "" {
		t.Errorf("text dropped without Release")
	}
}

// TestReplayed checks that Options.Replayed is called once per set, after
// the last file is replayed and before the findings are joined, when the
// schema is dropped; a caller that keeps the schema is not told.
func TestReplayed(t *testing.T) {
	for _, tc := range []struct {
		name  string
		opts  Options
		calls int
	}{
		{"schema dropped", Options{SkipCatalog: true}, 1},
		{"schema dropped, cached", Options{SkipCatalog: true, Cache: cache.Open(t.TempDir(), "test")}, 1},
		{"schema kept", Options{}, 0},
	} {
		calls := 0
		tc.opts.Replayed = func() { calls++ }
		r := LintSet(plainSet("CREATE TABLE t (id int);\n", "CREATE INDEX i ON t (id);\n"), tc.opts)
		if calls != tc.calls {
			t.Errorf("%s: Replayed called %d times, want %d", tc.name, calls, tc.calls)
		}
		if len(r.Findings) == 0 {
			t.Errorf("%s: no findings, want the index built without CONCURRENTLY", tc.name)
		}
	}
}
