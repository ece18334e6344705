package migrations

import (
	"bytes"
	"crypto/sha256"
	"unsafe"

	"github.com/migguard/migguard/internal/cache"
	"github.com/migguard/migguard/internal/wire"
)

// How LoadDirCached keeps a set: every field of the set and its files
// (TestMemoFields fails when one is added and not written here), in
// varints and length-prefixed strings, and the hash of each file's texts
// (see textDigest); the texts of the migrations go to an entry of their
// own (see encodeTexts), those of the other files stay. A decoded set's
// strings are cut from the entry itself, not from a copy: the entry must
// not change afterwards.

func encodeSet(s *Set) []byte {
	w := &memoWriter{}
	w.Str(s.Dir)
	w.Str(string(s.Format))
	w.files(s.Files, noTexts)
	w.files(s.Others, writeTexts)
	return w.B
}

// Equal reports whether two sets hold the same files: every field as
// the cache keeps it, and the same key (WriteFileKey), so that a set
// loaded from the cache is held to the one read anew.
func (s *Set) Equal(o *Set) bool {
	if s == nil || o == nil {
		return s == o
	}
	return s.Dir == o.Dir && s.Format == o.Format && sameFiles(s.Files, o.Files) && sameFiles(s.Others, o.Others)
}

func sameFiles(a, b []*File) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		var x, y wire.Encoder
		WriteFile(&x, a[i])
		WriteFile(&y, b[i])
		if !bytes.Equal(x.B, y.B) {
			return false
		}
		x.B, y.B = x.B[:0], y.B[:0]
		WriteFileKey(&x, a[i])
		WriteFileKey(&y, b[i])
		if !bytes.Equal(x.B, y.B) {
			return false
		}
	}
	return true
}

type memoWriter struct {
	wire.Encoder
	keys *wire.Hash // hashes the files' keys (FileKeyWith resets it)
}

func (w *memoWriter) files(fs []*File, texts func(wire.Writer, *File)) {
	w.Uint(len(fs))
	for _, f := range fs {
		writeFile(&w.Encoder, f, texts)
		w.sums(f)
	}
}

// sums writes the textSum of a file and of its down file, then the
// file's key.
func (w *memoWriter) sums(f *File) {
	for d := f; d != nil; d = d.DownFile {
		t := d.textSum()
		w.Bytes(t[:])
	}
	if w.keys == nil {
		w.keys = wire.NewHash(fileKeyKind)
	}
	k := FileKeyWith(w.keys, f)
	w.Bytes(k[:])
}

// WriteFile writes every field of a migration file, its down file
// included, in the layout of the cache of loaded sets.
func WriteFile(w wire.Writer, f *File) { writeFile(w, f, writeTexts) }

// fileKeyKind is the kind of a file's key (FileKeyWith).
const fileKeyKind = "file v3"

// FileKeyWith returns the key of a file: the hash, with h reset to the
// kind of file keys, of what WriteFileKey writes. A file of a set the
// cache of loaded sets gave has its key at no cost, as long as its texts
// and its down file's are those it was loaded with.
func FileKeyWith(h *wire.Hash, f *File) cache.Key {
	if k, ok := f.keptKey(); ok {
		return k
	}
	h.Reset(fileKeyKind)
	WriteFileKey(h, f)
	return cache.Key(h.Sum())
}

// keptKey returns the key the cache gave with the file, when its texts
// and its down file's are still the ones it had.
func (f *File) keptKey() (cache.Key, bool) {
	t := f.texts
	if t == nil || !t.keyed {
		return cache.Key{}, false
	}
	for d := f; d != nil; d = d.DownFile {
		if !d.sameTexts() {
			return cache.Key{}, false
		}
	}
	return t.key, true
}

// WriteFileKey writes what WriteFile writes with the texts (Src, Up,
// Down) as their hash: to a wire.Hash, the key of what lint found in the
// file. A file the cache of loaded sets gave has that hash at no cost.
func WriteFileKey(w wire.Writer, f *File) {
	writeFile(w, f, func(w wire.Writer, f *File) {
		t := f.textSum()
		w.Str(unsafe.String(&t[0], len(t)))
	})
}

// writeFile writes f's fields, its texts with texts.
func writeFile(w wire.Writer, f *File, texts func(wire.Writer, *File)) {
	w.Str(f.Path)
	w.Str(f.Version)
	w.Str(f.Name)
	w.Bool(f.Repeatable)
	texts(w, f)
	if f.DownFile != nil {
		w.Uint(1)
		writeFile(w, f.DownFile, texts)
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

// noTexts writes no texts: the cache of loaded sets keeps the migrations'
// apart.
func noTexts(wire.Writer, *File) {}

// writeTexts writes Src, then Up and Down, which are mostly Src itself
// or empty.
func writeTexts(w wire.Writer, f *File) {
	w.Str(f.Src)
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
}

// readTexts reads what writeTexts wrote.
func readTexts(d *wire.Decoder) (src, up, down string) {
	src = d.Str()
	for _, part := range []*string{&up, &down} {
		switch d.Uint() {
		case 0:
			*part = src
		case 1:
			*part = ""
		default:
			*part = d.Str()
		}
	}
	return src, up, down
}

// A textDigest is the hash of a file's texts as writeTexts writes them,
// with the strings it was taken of: Go strings do not change, so while
// the file holds the same ones (the same bytes in memory, the same
// length), the hash is theirs. A file whose texts are set anew after
// the load has other strings, and is hashed again.
type textDigest struct {
	src, up, down string
	sum           [sha256.Size]byte
	// key is the file's key (FileKeyWith) as the cache gave it, when keyed.
	key   cache.Key
	keyed bool
	// lazy, when set, reads the texts, which the file was loaded without.
	lazy *lazyTexts
}

// textSum returns the hash of f's texts.
func (f *File) textSum() [sha256.Size]byte {
	if f.sameTexts() {
		return f.texts.sum
	}
	h := wire.NewHash("migration texts")
	writeTexts(h, f)
	return h.Sum()
}

// sameTexts reports whether f has the texts its kept hash is of.
func (f *File) sameTexts() bool {
	t := f.texts
	return t != nil && sameString(t.src, f.Src) && sameString(t.up, f.Up) && sameString(t.down, f.Down)
}

// keepSum makes sum, read from the cache, the hash of f's texts.
func (f *File) keepSum(sum string) bool {
	if len(sum) != sha256.Size {
		return false
	}
	f.texts = &textDigest{src: f.Src, up: f.Up, down: f.Down}
	copy(f.texts.sum[:], sum)
	return true
}

// ReleaseTexts clears the texts of f and of its down file, and the hash
// kept of them, which holds the same strings: a run that is done with a
// file's texts lets them be freed.
func (f *File) ReleaseTexts() {
	f.Src, f.Up, f.Down, f.texts = "", "", "", nil
	if d := f.DownFile; d != nil {
		d.Src, d.Up, d.Down, d.texts = "", "", "", nil
	}
}

// sameString reports whether a and b are the same string: the same bytes
// in memory.
func sameString(a, b string) bool {
	return len(a) == len(b) && (len(a) == 0 || unsafe.StringData(a) == unsafe.StringData(b))
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

// memoReader reads an entry; the first problem stops it. noTexts says
// that the entry holds no texts (encodeSet's).
type memoReader struct {
	wire.Decoder
	noTexts bool
	// spare is where the down files read next are cut from: a set of
	// thousands of migrations has as many, allocated a chunk at a time.
	spare []File
}

// newFile returns a zero File cut from r.spare.
func (r *memoReader) newFile() *File {
	if len(r.spare) == 0 {
		r.spare = make([]File, 64)
	}
	f := &r.spare[0]
	r.spare = r.spare[1:]
	return f
}

func decodeSet(b []byte) (*Set, error) {
	if b == nil {
		return nil, errMemo
	}
	r := &memoReader{Decoder: wire.Decoder{B: unsafe.String(unsafe.SliceData(b), len(b))}, noTexts: true}
	s := &Set{Dir: r.Str(), Format: Format(r.Str())}
	s.Files = r.files()
	r.noTexts = false
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
		r.sums(&all[i])
		out[i] = &all[i]
	}
	return out
}

// sums reads what memoWriter.sums wrote.
func (r *memoReader) sums(f *File) {
	for d := f; d != nil; d = d.DownFile {
		if !d.keepSum(r.Str()) {
			r.Fail()
			return
		}
	}
	k := r.Str()
	if len(k) != len(cache.Key{}) {
		r.Fail()
		return
	}
	copy(f.texts.key[:], k)
	f.texts.keyed = true
}

func (r *memoReader) file(f *File) {
	f.Path, f.Version, f.Name = r.Str(), r.Str(), r.Str()
	f.Repeatable = r.Bool()
	if !r.noTexts {
		f.Src, f.Up, f.Down = readTexts(&r.Decoder)
	}
	if r.Uint() == 1 && r.Err == nil {
		f.DownFile = r.newFile()
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
