package rules

import (
	"reflect"
	"strings"
	"testing"

	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/pgparse"
)

// A set whose files are parsed a run of statements at a time finds what
// it finds with each file parsed whole, to the last field.
func TestRunsMatchWhole(t *testing.T) {
	set := allFixtures(t)
	strict := Options{Severity: map[string]Severity{}}
	for _, r := range SQL() {
		strict.Severity[r.ID] = Error
	}
	want := LintSet(cloneSet(set), strict)
	defer func(n int) { pgparse.ChunkBytes = n }(pgparse.ChunkBytes)
	for _, size := range []int{40, 400} {
		pgparse.ChunkBytes = size
		got := LintSet(cloneSet(set), strict)
		if !reflect.DeepEqual(want.Findings, got.Findings) {
			t.Fatalf("runs of %d bytes: %d findings, whole files %d; first difference: %s",
				size, len(got.Findings), len(want.Findings), firstDiff(want.Findings, got.Findings))
		}
		if want.Catalog.Dump() != got.Catalog.Dump() {
			t.Fatalf("runs of %d bytes: the schema differs", size)
		}
	}
}

// A file of one statement and a comment longer than a run runs as one
// statement, not in a transaction, when it is parsed in runs too: the
// run that holds only the comment is not a second statement.
func TestRunsOneStatement(t *testing.T) {
	src := "UPDATE accounts SET active = true; -- " + strings.Repeat("a long trailing comment ", 4) + "\n"
	set := &migrations.Set{Dir: "m", Format: migrations.Plain, Files: []*migrations.File{
		{Path: "m/1.sql", Version: "1", Src: src, Up: src, Tx: migrations.TxImplicit}}}
	want := LintSet(cloneSet(set), Options{})
	defer func(n int) { pgparse.ChunkBytes = n }(pgparse.ChunkBytes)
	pgparse.ChunkBytes = 24
	got := LintSet(cloneSet(set), Options{})
	if len(want.Findings) == 0 || !reflect.DeepEqual(want.Findings, got.Findings) {
		t.Fatalf("in runs: %+v\nwhole: %+v", got.Findings, want.Findings)
	}
	if m := want.Findings[0].Message; !strings.Contains(m, "until it finishes") {
		t.Errorf("the lone UPDATE is judged as in a transaction: %s", m)
	}
}
