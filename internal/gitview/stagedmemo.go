package gitview

import (
	"bytes"
	"crypto/sha1"
	"io"
	"os"
	"unsafe"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/migguard/migguard/internal/cache"
	"github.com/migguard/migguard/internal/wire"
)

// UseCache keeps the staged tree that StagedTree builds in c (nil keeps
// nothing). The pre-commit hooks of one commit are processes of their
// own that read the same index: with the cache, the first builds the
// staged tree and the others read it back instead of decoding the index
// and hashing its trees again.
func (g *Git) UseCache(c *cache.Cache) { g.memo = c }

// stagedRecord is what building a staged tree used and made: the trees
// taken from the index's cache-tree extension, which must still be in
// the repository, and the trees built, which only the overlay holds.
// Past maxKeptStaged bytes of built trees (an index without a
// cache-tree in a repository of hundreds of thousands of files) nothing
// is kept: full is set and the trees are not held twice.
type stagedRecord struct {
	reused []Hash
	built  []builtTree
	bytes  int
	full   bool
}

// maxKeptStaged bounds the trees that one kept staged tree holds.
var maxKeptStaged = 16 << 20

// reuse records a tree taken from the cache-tree extension; a nil record
// records nothing.
func (r *stagedRecord) reuse(h Hash) {
	if r != nil && !r.full {
		r.reused = append(r.reused, h)
	}
}

// add records a tree built; a nil record records nothing.
func (r *stagedRecord) add(h Hash, data []byte) {
	if r == nil || r.full {
		return
	}
	if r.bytes += len(data); r.bytes > maxKeptStaged {
		r.full, r.built, r.reused = true, nil, nil
		return
	}
	r.built = append(r.built, builtTree{hash: h, data: data})
}

type builtTree struct {
	hash Hash
	data []byte
}

// stagedKey is the cache key of the staged tree of the index at p, read
// from the file's end (see stagedKeyOf).
func stagedKey(p string) (k cache.Key, ok bool) {
	f, err := os.Open(p)
	if err != nil {
		return k, false
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || st.Size() < sha1.Size {
		return k, false
	}
	var sum [sha1.Size]byte
	if _, err := f.ReadAt(sum[:], st.Size()-sha1.Size); err != nil {
		return k, false
	}
	return stagedKeyOf(st.Size(), sum[:])
}

// stagedKeyOf is the cache key of the staged tree of an index of the
// given size whose last bytes are sum: its trailing checksum, a SHA-1 of
// all of its content, which git writes with every index (and decodeIndex
// checks before the tree is built). ok is false for an index too short to
// be one or without a checksum (index.skipHash), which nothing keeps.
func stagedKeyOf(size int64, sum []byte) (k cache.Key, ok bool) {
	if size < 12+sha1.Size || bytes.Equal(sum, make([]byte, sha1.Size)) {
		return k, false
	}
	h := wire.NewHash("gitview staged tree v1")
	h.Int(int(size))
	h.Str(string(sum))
	return cache.Key(h.Sum()), true
}

// stagedFromCache returns the staged tree kept under k, with the trees
// built for it put in the overlay again. An entry that does not decode,
// a reused tree the repository no longer has, or a built tree whose
// content does not hash to its id is not used.
func (g *Git) stagedFromCache(k cache.Key) (Hash, bool) {
	b := g.memo.Get(k)
	if b == nil {
		return ZeroHash, false
	}
	// Get returns a buffer of its own; the trees are copied out of it.
	d := wire.Decoder{B: unsafe.String(unsafe.SliceData(b), len(b))}
	root, ok := decodeHash(&d)
	for n := d.Count(); n > 0 && ok; n-- {
		var h Hash
		h, ok = decodeHash(&d)
		ok = ok && g.fast.HasEncodedObject(h) == nil
	}
	var built []builtTree
	for n := d.Count(); n > 0 && ok; n-- {
		var t builtTree
		t.hash, ok = decodeHash(&d)
		t.data = []byte(d.Str())
		built = append(built, t)
	}
	if !ok || !d.Done() {
		return ZeroHash, false
	}
	for _, t := range built {
		if h, err := StoreObject(g.objs, plumbing.TreeObject, t.data); err != nil || h != t.hash {
			return ZeroHash, false
		}
	}
	return root, true
}

// keepStaged writes what building the staged tree root used and made
// under k, the trees' contents straight from where they are held.
func (g *Git) keepStaged(k cache.Key, root Hash, rec *stagedRecord) {
	g.memo.PutWith(k, func(w io.Writer) error {
		s := wire.NewStream(w)
		s.Str(string(root[:]))
		s.Uint(len(rec.reused))
		for _, h := range rec.reused {
			s.Str(string(h[:]))
		}
		s.Uint(len(rec.built))
		for _, t := range rec.built {
			s.Str(string(t.hash[:]))
			s.Uint(len(t.data))
			if err := s.Flush(); err != nil {
				return err
			}
			if _, err := w.Write(t.data); err != nil {
				return err
			}
		}
		return s.Flush()
	})
}

// decodeHash reads an object id written as a string of its bytes.
func decodeHash(d *wire.Decoder) (Hash, bool) {
	var h Hash
	s := d.Str()
	if d.Err != nil || len(s) != len(h) {
		return h, false
	}
	copy(h[:], s)
	return h, !bytes.Equal(h[:], ZeroHash[:])
}
