package gitview

import (
	"bytes"
	"testing"

	"github.com/go-git/go-git/v5/plumbing/format/packfile"
)

// FuzzApplyDelta applies a delta, and a second one to its result, both as
// slices (applyDelta) and written out (patchDelta), and compares them with
// go-git's PatchDelta, an independent reading of git's delta format: a
// delta either fails everywhere or gives the same bytes everywhere, and
// nothing panics.
func FuzzApplyDelta(f *testing.F) {
	base := []byte("CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN c int;\n")
	edit := []byte("CREATE TABLE t (id bigint);\nALTER TABLE t ADD COLUMN c int;\n-- more\n")
	again := append(append([]byte(nil), edit...), edit...)
	f.Add(base, packfile.DiffDelta(base, edit), packfile.DiffDelta(edit, again))
	f.Add([]byte("hello, world"), []byte{12, 9, 0x90, 5, 4, '!', '!', '!', '!'}, []byte{9, 3, 0x91, 6, 3})
	f.Add([]byte("hello, world"), []byte{12, 5, 0x91, 0xff, 1}, []byte{})
	f.Add([]byte{}, []byte{0, 3, 3, 'a', 'b', 'c'}, []byte{3, 6, 0x90, 3, 0x90, 3})
	f.Add(bytes.Repeat([]byte("x"), 0x10001), []byte{0x81, 0x80, 4, 0x81, 0x80, 4, 0x80, 0x91, 1, 1}, []byte{})
	f.Fuzz(func(t *testing.T, src, d1, d2 []byte) {
		flat, err := patchDelta(src, d1)
		checkReference(t, src, d1, flat, err)
		p, perr := applyDelta(newPieces(src), d1)
		if (perr == nil) != (err == nil) || perr == nil && !bytes.Equal(p.bytes(), flat) {
			t.Fatalf("applyDelta and patchDelta disagree: %v, %v", perr, err)
		}
		if err != nil {
			return
		}
		flat2, err := patchDelta(flat, d2)
		checkReference(t, flat, d2, flat2, err)
		p2, perr := applyDelta(p, d2)
		if (perr == nil) != (err == nil) || perr == nil && !bytes.Equal(p2.bytes(), flat2) {
			t.Fatalf("a chain of two deltas as slices differs from applying them in turn: %v, %v", perr, err)
		}
	})
}

// checkReference compares the outcome of patchDelta(src, delta) with
// go-git's. go-git refuses every delta to an empty object, which git
// itself allows, so there only migguard's outcome is known. go-git reads
// a delta that ends before the end of its source or target size as if
// the size ended there (and the target size 0), where git reads past the
// end of the delta: migguard must refuse it.
func checkReference(t *testing.T, src, delta, got []byte, err error) {
	t.Helper()
	if len(src) == 0 {
		return
	}
	_, rest, ok := deltaSize(delta)
	if ok {
		_, _, ok = deltaSize(rest)
	}
	if !ok {
		if err == nil {
			t.Fatalf("patchDelta read a delta without its source or target size")
		}
		return
	}
	want, werr := packfile.PatchDelta(src, delta)
	switch {
	case (err == nil) != (werr == nil):
		t.Fatalf("patchDelta error %v, go-git's %v", err, werr)
	case err == nil && !bytes.Equal(got, want):
		t.Fatalf("patchDelta gives %q, go-git %q", got, want)
	}
}
