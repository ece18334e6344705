package rules

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/migguard/migguard/internal/pgparse"
)

// keptSample returns n findings that differ in every field, sharing some
// strings as a run's findings do.
func keptSample(file string, n int) []Finding {
	var fs []Finding
	for i := range n {
		fs = append(fs, Finding{
			Rule: fmt.Sprintf("rule-%d", i%3), Severity: Severity(i % 3), Path: file,
			Pos: pgparse.Pos{Line: i + 1, Col: i + 2}, End: pgparse.Pos{Line: i + 3, Col: 7 * i},
			Offset: 100 * i, Message: fmt.Sprintf("%s: message %d with \"quotes\" and é", file, i),
			Help: fmt.Sprintf("help %d", i%2), Lock: []string{"", "ACCESS EXCLUSIVE"}[i%2],
			Work: Work(i % 4), Table: fmt.Sprintf("public.t%d", i%5), TableWork: Work((i + 1) % 4),
		})
	}
	return fs
}

// Findings kept read back as added, in order, whether sealed, read from
// the cache or neither, and since returns what was added after a mark
// until it is sealed.
func TestKeptFindings(t *testing.T) {
	var k keptFindings
	var want []Finding
	add := func(fs []Finding) {
		k.add(fs)
		want = append(want, fs...)
	}
	add(keptSample("a.sql", 5))
	k.seal()
	add(nil)
	add(keptSample("b.sql", 1))
	m := k.mark()
	add(keptSample("c.sql", 4))
	add(keptSample("d.sql", 2))
	if got, w := k.since(m), append(keptSample("c.sql", 4), keptSample("d.sql", 2)...); !reflect.DeepEqual(got, w) {
		t.Errorf("since(mark) = %v, want %v", got, w)
	}
	k.seal()
	k.addRead(keptSample("r.sql", 2)) // read from the cache: kept as read
	want = append(want, keptSample("r.sql", 2)...)
	add(keptSample("f.sql", 2))
	k.seal()
	if c := k.chunks[len(k.chunks)-2]; !c.read || c.enc != nil || len(c.fs) != 2 {
		t.Errorf("a chunk read from the cache was encoded: %+v", c)
	}
	if c := k.chunks[len(k.chunks)-1]; c.enc == nil || c.fs != nil {
		t.Errorf("a chunk added was not encoded: %+v", c)
	}
	add(keptSample("e.sql", 3)) // never sealed
	if k.n != len(want) {
		t.Errorf("n = %d, want %d", k.n, len(want))
	}
	got, err := k.all()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("all() = %v\nwant %v", got, want)
	}
	if again, err := k.all(); err != nil || len(again) != 0 {
		t.Errorf("all() after all() = %v, %v; want nothing", again, err)
	}
}

// A sealed chunk that does not read back is an error, not findings lost.
func TestKeptFindingsDamaged(t *testing.T) {
	var k keptFindings
	k.add(keptSample("a.sql", 3))
	k.seal()
	k.chunks[0].enc = k.chunks[0].enc[:len(k.chunks[0].enc)-2]
	if fs, err := k.all(); err == nil {
		t.Errorf("all() of a cut chunk = %d findings, no error", len(fs))
	}
}
