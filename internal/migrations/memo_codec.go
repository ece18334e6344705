package migrations

import (
	"encoding/binary"
	"math"
	"unsafe"
)

// How LoadDirCached keeps a set: every field of the set and its files
// (TestMemoFields fails when one is added and not written here), in
// varints and length-prefixed strings. A decoded set's strings are cut
// from the entry itself, not from a copy: the entry must not change
// afterwards.

func encodeSet(s *Set) []byte {
	w := &memoWriter{}
	w.str(s.Dir)
	w.str(string(s.Format))
	w.files(s.Files)
	w.files(s.Others)
	return w.b
}

type memoWriter struct{ b []byte }

func (w *memoWriter) uint(v int) { w.b = binary.AppendUvarint(w.b, uint64(v)) }
func (w *memoWriter) int(v int)  { w.b = binary.AppendVarint(w.b, int64(v)) }

func (w *memoWriter) bool(v bool) {
	if v {
		w.uint(1)
	} else {
		w.uint(0)
	}
}

func (w *memoWriter) str(s string) {
	w.uint(len(s))
	w.b = append(w.b, s...)
}

func (w *memoWriter) files(fs []*File) {
	w.uint(len(fs))
	for _, f := range fs {
		w.file(f)
	}
}

func (w *memoWriter) file(f *File) {
	w.str(f.Path)
	w.str(f.Version)
	w.str(f.Name)
	w.bool(f.Repeatable)
	w.str(f.Src)
	// The parts are mostly the text itself or empty.
	for _, part := range []string{f.Up, f.Down} {
		switch part {
		case f.Src:
			w.uint(0)
		case "":
			w.uint(1)
		default:
			w.uint(2)
			w.str(part)
		}
	}
	if f.DownFile != nil {
		w.uint(1)
		w.file(f.DownFile)
	} else {
		w.uint(0)
	}
	w.int(int(f.Tx))
	w.str(f.TxSource)
	w.str(f.Refusal)
	w.str(f.LockTx)
	w.problems(f.Problems)
	w.problems(f.Notes)
	w.uint(len(f.Templates))
	for _, t := range f.Templates {
		w.int(t.Start)
		w.int(t.End)
		w.str(t.Key)
		w.str(t.current)
	}
	if f.Unread == nil {
		w.uint(0)
	} else {
		w.uint(len(f.Unread) + 1)
		for _, u := range f.Unread {
			w.int(u)
		}
	}
	w.int(int(f.Kind))
	w.str(f.Why)
}

func (w *memoWriter) problems(ps []Problem) {
	if ps == nil {
		w.uint(0)
		return
	}
	w.uint(len(ps) + 1)
	for _, p := range ps {
		w.int(p.Offset)
		w.str(p.Message)
	}
}

// memoReader reads an entry; the first problem stops it.
type memoReader struct {
	b   string
	err error
}

func (r *memoReader) fail() { r.err, r.b = errMemo, "" }

func (r *memoReader) uint64() uint64 {
	var v uint64
	for i := 0; i < len(r.b) && i < binary.MaxVarintLen64; i++ {
		c := r.b[i]
		v |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			r.b = r.b[i+1:]
			return v
		}
	}
	r.fail()
	return 0
}

func (r *memoReader) uint() int {
	v := r.uint64()
	if v > math.MaxInt32 {
		r.fail()
		return 0
	}
	return int(v)
}

// count reads a number of items, each at least one byte long.
func (r *memoReader) count() int {
	n := r.uint()
	if n > len(r.b) {
		r.fail()
		return 0
	}
	return n
}

func (r *memoReader) int() int {
	u := r.uint64()
	v := int64(u >> 1)
	if u&1 != 0 {
		v = ^v
	}
	if v > math.MaxInt32 || v < math.MinInt32 {
		r.fail()
		return 0
	}
	return int(v)
}

func (r *memoReader) bool() bool { return r.uint() == 1 }

func (r *memoReader) str() string {
	n := r.count()
	s := r.b[:n]
	r.b = r.b[n:]
	return s
}

func decodeSet(b []byte) (*Set, error) {
	if b == nil {
		return nil, errMemo
	}
	r := &memoReader{b: unsafe.String(unsafe.SliceData(b), len(b))}
	s := &Set{Dir: r.str(), Format: Format(r.str())}
	s.Files = r.files()
	s.Others = r.files()
	if r.err != nil || len(r.b) != 0 {
		return nil, errMemo
	}
	return s, nil
}

func (r *memoReader) files() []*File {
	n := r.count()
	if n == 0 {
		return nil
	}
	all := make([]File, n)
	out := make([]*File, n)
	for i := range all {
		r.file(&all[i])
		out[i] = &all[i]
	}
	return out
}

func (r *memoReader) file(f *File) {
	f.Path, f.Version, f.Name = r.str(), r.str(), r.str()
	f.Repeatable = r.bool()
	f.Src = r.str()
	for _, part := range []*string{&f.Up, &f.Down} {
		switch r.uint() {
		case 0:
			*part = f.Src
		case 1:
			*part = ""
		default:
			*part = r.str()
		}
	}
	if r.uint() == 1 && r.err == nil {
		f.DownFile = &File{}
		r.file(f.DownFile)
	}
	f.Tx = TxMode(r.int())
	f.TxSource, f.Refusal, f.LockTx = r.str(), r.str(), r.str()
	f.Problems = r.problems()
	f.Notes = r.problems()
	if n := r.count(); n > 0 {
		f.Templates = make([]Template, n)
		for i := range f.Templates {
			t := &f.Templates[i]
			t.Start, t.End, t.Key, t.current = r.int(), r.int(), r.str(), r.str()
		}
	}
	if n := r.count(); n > 0 {
		f.Unread = make([]int, n-1)
		for i := range f.Unread {
			f.Unread[i] = r.int()
		}
	}
	f.Kind = FileKind(r.int())
	f.Why = r.str()
}

func (r *memoReader) problems() []Problem {
	n := r.count()
	if n == 0 {
		return nil
	}
	ps := make([]Problem, n-1)
	for i := range ps {
		ps[i] = Problem{Offset: r.int(), Message: r.str()}
	}
	return ps
}
