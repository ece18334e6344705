package rules

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
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

// keptRound adds chunks of findings to k, sealing after each, until k has
// spilled more than a spill buffer's worth or n chunks were added, and
// returns what it added.
func keptRound(t *testing.T, k *keptFindings, n int) []Finding {
	t.Helper()
	var want []Finding
	for i := range n {
		fs := keptSample(fmt.Sprintf("m%04d.sql", i), 1+i%40)
		if i%7 == 3 {
			k.addRead(fs)
		} else {
			k.add(fs)
		}
		want = append(want, fs...)
		k.seal()
	}
	return want
}

// Past spillAfter, sealed findings go to a temporary file that is gone
// from the directory at once, and read back in order with the rest.
func TestKeptFindingsSpilled(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	k := keptFindings{spillAfter: 1 << 10}
	want := keptRound(t, &k, 600)
	if k.spill == nil || k.spill.written == 0 || len(k.spill.buf) == 0 {
		t.Fatalf("spill = %+v, want bytes written and buffered", k.spill)
	}
	var held, spilled int
	for _, c := range k.chunks {
		switch {
		case c.spilled:
			spilled++
		case c.enc != nil:
			held++
		}
	}
	if held == 0 || spilled == 0 || k.held > 2<<10 {
		t.Errorf("%d chunks held (%d bytes), %d spilled; want some of each, about spillAfter held", held, k.held, spilled)
	}
	if left, _ := os.ReadDir(dir); runtime.GOOS != "windows" && len(left) != 0 {
		t.Errorf("the spill file is in %s: %v", dir, left)
	}
	got, err := k.all()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("all() gave %d findings, not the %d added in order", len(got), len(want))
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("the spill file is left in %s: %v", dir, left)
	}
}

// A spill file that cannot be created or written leaves the findings in
// memory: none is lost.
func TestKeptFindingsSpillFails(t *testing.T) {
	t.Run("create", func(t *testing.T) {
		t.Setenv("TMPDIR", filepath.Join(t.TempDir(), "missing"))
		k := keptFindings{spillAfter: 1 << 10}
		want := keptRound(t, &k, 300)
		if k.spill != nil || !k.spillFailed {
			t.Fatalf("spill = %+v, failed %v; want no file", k.spill, k.spillFailed)
		}
		if got, err := k.all(); err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("all() = %d findings, %v; want the %d added", len(got), err, len(want))
		}
	})
	t.Run("write", func(t *testing.T) {
		t.Setenv("TMPDIR", t.TempDir())
		k := keptFindings{spillAfter: 1 << 10}
		want := keptRound(t, &k, 12)
		if k.spill == nil {
			t.Fatal("no spill file")
		}
		k.spill.f.Close() // every write fails from now on
		want = append(want, keptRound(t, &k, 600)...)
		if !k.spillFailed || k.spill.written != 0 {
			t.Fatalf("failed %v, written %d: want the write to have failed", k.spillFailed, k.spill.written)
		}
		for i, c := range k.chunks {
			if c.spilled {
				t.Fatalf("chunk %d still spilled after the write failed", i)
			}
		}
		if got, err := k.all(); err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("all() = %d findings, %v; want the %d added", len(got), err, len(want))
		}
	})
}

// A spilled chunk that does not read back is an error.
func TestKeptFindingsSpillDamaged(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	k := keptFindings{spillAfter: 1 << 10}
	keptRound(t, &k, 100)
	i := len(k.chunks) - 1
	for !k.chunks[i].spilled {
		i--
	}
	k.chunks[i].size--
	if fs, err := k.all(); err == nil {
		t.Errorf("all() of a cut spilled chunk = %d findings, no error", len(fs))
	}
}
