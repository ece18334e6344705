package migrations

import (
	"unsafe"

	"github.com/migguard/migguard/internal/wire"
)

// How LoadDirCached keeps a set: every field of the set and its files
// (TestMemoFields fails when one is added and not written here), in
// varints and length-prefixed strings. A decoded set's strings are cut
// from the entry itself, not from a copy: the entry must not change
// afterwards.

func encodeSet(s *Set) []byte {
	w := &memoWriter{}
	w.Str(s.Dir)
	w.Str(string(s.Format))
	w.files(s.Files)
	w.files(s.Others)
	return w.B
}

type memoWriter struct{ wire.Encoder }

func (w *memoWriter) files(fs []*File) {
	w.Uint(len(fs))
	for _, f := range fs {
		WriteFile(&w.Encoder, f)
	}
}

// WriteFile writes every field of a migration file, its down file
// included, in the layout of the cache: to an Encoder for the cache of
// loaded sets, to a wire.Hash for the key of what lint found in it.
func WriteFile(w wire.Writer, f *File) {
	w.Str(f.Path)
	w.Str(f.Version)
	w.Str(f.Name)
	w.Bool(f.Repeatable)
	w.Str(f.Src)
	// The parts are mostly the text itself or empty.
	for _, part := range []string{f.Up, f.Down} {
		switch part {
		case f.Src:
			w.Uint(0)
		case "":
			w.Uint(1)
		default:
			w.Uint(2)
			w.Str(part)
		}
	}
	if f.DownFile != nil {
		w.Uint(1)
		WriteFile(w, f.DownFile)
	} else {
		w.Uint(0)
	}
	w.Int(int(f.Tx))
	w.Str(f.TxSource)
	w.Str(f.Refusal)
	w.Str(f.LockTx)
	w.Str(f.EmptyOK)
	writeProblems(w, f.Problems)
	writeProblems(w, f.Notes)
	w.Uint(len(f.Templates))
	for _, t := range f.Templates {
		w.Int(t.Start)
		w.Int(t.End)
		w.Str(t.Key)
		w.Str(t.current)
	}
	if f.Unread == nil {
		w.Uint(0)
	} else {
		w.Uint(len(f.Unread) + 1)
		for _, u := range f.Unread {
			w.Int(u)
		}
	}
	w.Int(int(f.Kind))
	w.Str(f.Why)
}

func writeProblems(w wire.Writer, ps []Problem) {
	if ps == nil {
		w.Uint(0)
		return
	}
	w.Uint(len(ps) + 1)
	for _, p := range ps {
		w.Int(p.Offset)
		w.Str(p.Message)
	}
}

// memoReader reads an entry; the first problem stops it.
type memoReader struct{ wire.Decoder }

func decodeSet(b []byte) (*Set, error) {
	if b == nil {
		return nil, errMemo
	}
	r := &memoReader{wire.Decoder{B: unsafe.String(unsafe.SliceData(b), len(b))}}
	s := &Set{Dir: r.Str(), Format: Format(r.Str())}
	s.Files = r.files()
	s.Others = r.files()
	if !r.Done() {
		return nil, errMemo
	}
	return s, nil
}

func (r *memoReader) files() []*File {
	n := r.Count()
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
	f.Path, f.Version, f.Name = r.Str(), r.Str(), r.Str()
	f.Repeatable = r.Bool()
	f.Src = r.Str()
	for _, part := range []*string{&f.Up, &f.Down} {
		switch r.Uint() {
		case 0:
			*part = f.Src
		case 1:
			*part = ""
		default:
			*part = r.Str()
		}
	}
	if r.Uint() == 1 && r.Err == nil {
		f.DownFile = &File{}
		r.file(f.DownFile)
	}
	f.Tx = TxMode(r.Int())
	f.TxSource, f.Refusal, f.LockTx, f.EmptyOK = r.Str(), r.Str(), r.Str(), r.Str()
	f.Problems = r.problems()
	f.Notes = r.problems()
	if n := r.Count(); n > 0 {
		f.Templates = make([]Template, n)
		for i := range f.Templates {
			t := &f.Templates[i]
			t.Start, t.End, t.Key, t.current = r.Int(), r.Int(), r.Str(), r.Str()
		}
	}
	if n := r.Count(); n > 0 {
		f.Unread = make([]int, n-1)
		for i := range f.Unread {
			f.Unread[i] = r.Int()
		}
	}
	f.Kind = FileKind(r.Int())
	f.Why = r.Str()
}

func (r *memoReader) problems() []Problem {
	n := r.Count()
	if n == 0 {
		return nil
	}
	ps := make([]Problem, n-1)
	for i := range ps {
		ps[i] = Problem{Offset: r.Int(), Message: r.Str()}
	}
	return ps
}
