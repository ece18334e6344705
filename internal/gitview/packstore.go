package gitview

import (
	"bytes"
	"container/list"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	zlib "github.com/klauspost/compress/zlib"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// objectStore reads objects straight from the pack files and loose
// objects of a repository, touching only what a lookup needs: an object id
// is found by binary search in the mapped pack index (.idx), and an object
// is inflated from the mapped pack, its delta bases found by offset.
// go-git's own storage decodes every pack index in full, and builds a map
// from offsets to ids, before it reads the first object; in a repository
// of a few hundred thousand objects that costs more than a whole check.
//
// Whatever objectStore cannot read (alternates, an index format it does
// not know, a pack repacked away meanwhile) is read through go-git. In a
// partial clone, an object that neither has is fetched through git (lazy)
// and read from the pack that brings it.
type objectStore struct {
	dir      string // the objects directory
	packs    []*packFile
	opened   map[string]bool // the pack indexes looked at, by path
	fallback storer.EncodedObjectStorer
	bases    *deltaCache
	zr       io.ReadCloser // a zlib reader to reset, nil before the first use
	lazy     *lazyFetch    // nil unless the repository is a partial clone
}

// packFile is one mapped pack and its index.
type packFile struct {
	path      string
	idx, pack []byte
	unmapIdx  func() error
	unmapPack func() error
	// idx v2: the offsets of the tables; v1: names is the 24-byte entry
	// table.
	v1                         bool
	n                          uint32
	names, offsets, bigOffsets int
}

// errStore is a pack or loose object that objectStore cannot decode; the
// object is then read through go-git.
var errStore = errors.New("unreadable object")

func openObjectStore(objectsDir string, fallback storer.EncodedObjectStorer) *objectStore {
	s := &objectStore{dir: objectsDir, fallback: fallback, bases: newDeltaCache(64 << 20), opened: map[string]bool{}}
	s.openPacks()
	return s
}

// openPacks maps the packs that are not mapped yet: all of them at first,
// the ones a fetch brought later.
func (s *objectStore) openPacks() {
	idxs, _ := filepath.Glob(filepath.Join(s.dir, "pack", "pack-*.idx"))
	sort.Strings(idxs)
	for _, p := range idxs {
		if s.opened[p] {
			continue
		}
		s.opened[p] = true
		pf, err := openPack(p)
		if err != nil {
			continue // read through go-git
		}
		s.packs = append(s.packs, pf)
	}
}

func (s *objectStore) Close() error {
	var first error
	for _, p := range s.packs {
		for _, f := range []func() error{p.unmapIdx, p.unmapPack} {
			if err := f(); err != nil && first == nil {
				first = err
			}
		}
	}
	s.packs = nil
	return first
}

func openPack(idxPath string) (*packFile, error) {
	idx, unmapIdx, err := mapFile(idxPath)
	if err != nil {
		return nil, err
	}
	pf := &packFile{path: idxPath, idx: idx, unmapIdx: unmapIdx}
	if err := pf.parseIndex(); err != nil {
		unmapIdx()
		return nil, err
	}
	pack, unmapPack, err := mapFile(strings.TrimSuffix(idxPath, ".idx") + ".pack")
	if err != nil {
		unmapIdx()
		return nil, err
	}
	if len(pack) < 32 || string(pack[:4]) != "PACK" {
		unmapIdx()
		unmapPack()
		return nil, errStore
	}
	pf.pack, pf.unmapPack = pack, unmapPack
	return pf, nil
}

// parseIndex checks the index header and locates its tables.
func (p *packFile) parseIndex() error {
	b := p.idx
	fan := 0
	if len(b) >= 8 && bytes.Equal(b[:4], []byte{0xff, 't', 'O', 'c'}) {
		if binary.BigEndian.Uint32(b[4:8]) != 2 {
			return errStore
		}
		fan = 8
	} else {
		p.v1 = true
	}
	if len(b) < fan+256*4 {
		return errStore
	}
	p.n = binary.BigEndian.Uint32(b[fan+255*4:])
	n := int(p.n)
	p.names = fan + 256*4
	if p.v1 {
		if len(b) < p.names+n*24+40 {
			return errStore
		}
		return nil
	}
	p.offsets = p.names + n*20 + n*4
	p.bigOffsets = p.offsets + n*4
	if len(b) < p.bigOffsets+40 {
		return errStore
	}
	return nil
}

func (p *packFile) fanout(i int) uint32 {
	base := 8
	if p.v1 {
		base = 0
	}
	return binary.BigEndian.Uint32(p.idx[base+i*4:])
}

// name returns the id of the i-th object in the index.
func (p *packFile) name(i int) []byte {
	if p.v1 {
		o := p.names + i*24 + 4
		return p.idx[o : o+20]
	}
	o := p.names + i*20
	return p.idx[o : o+20]
}

// find returns the pack offset of an object, or -1.
func (p *packFile) find(h Hash) int64 {
	lo := 0
	if h[0] > 0 {
		lo = int(p.fanout(int(h[0]) - 1))
	}
	hi := int(p.fanout(int(h[0])))
	if hi > int(p.n) || lo > hi {
		return -1
	}
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		switch c := bytes.Compare(p.name(m), h[:]); {
		case c == 0:
			return p.offset(m)
		case c < 0:
			lo = m + 1
		default:
			hi = m
		}
	}
	return -1
}

func (p *packFile) offset(i int) int64 {
	if p.v1 {
		return int64(binary.BigEndian.Uint32(p.idx[p.names+i*24:]))
	}
	o := binary.BigEndian.Uint32(p.idx[p.offsets+i*4:])
	if o&0x80000000 == 0 {
		return int64(o)
	}
	k := p.bigOffsets + int(o&0x7fffffff)*8
	if k+8 > len(p.idx)-40 {
		return -1
	}
	return int64(binary.BigEndian.Uint64(p.idx[k:]))
}

// withPrefix appends the ids in the index that start with prefix.
func (p *packFile) withPrefix(prefix []byte, out []Hash) []Hash {
	if len(prefix) == 0 {
		return out
	}
	lo := 0
	if prefix[0] > 0 {
		lo = int(p.fanout(int(prefix[0]) - 1))
	}
	hi := min(int(p.fanout(int(prefix[0]))), int(p.n))
	i := lo + sort.Search(max(hi-lo, 0), func(k int) bool { return bytes.Compare(p.name(lo+k), prefix) >= 0 })
	for ; i < hi && bytes.HasPrefix(p.name(i), prefix); i++ {
		var h Hash
		copy(h[:], p.name(i))
		out = append(out, h)
	}
	return out
}

// rawObject is an object's type and content.
type rawObject struct {
	typ  plumbing.ObjectType
	data []byte
}

// read returns an object of the packs or the loose objects; errStore when
// it is in neither or cannot be decoded here.
func (s *objectStore) read(h Hash, depth int) (rawObject, error) {
	for _, p := range s.packs {
		if off := p.find(h); off >= 0 {
			return s.readAt(p, off, depth)
		}
	}
	return s.readLoose(h)
}

func (s *objectStore) readLoose(h Hash) (rawObject, error) {
	hx := h.String()
	data, err := os.ReadFile(filepath.Join(s.dir, hx[:2], hx[2:]))
	if err != nil {
		return rawObject{}, errStore
	}
	zr, err := s.inflater(data)
	if err != nil {
		return rawObject{}, errStore
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return rawObject{}, errStore
	}
	sp := bytes.IndexByte(raw, ' ')
	nul := bytes.IndexByte(raw, 0)
	if sp < 0 || nul < sp {
		return rawObject{}, errStore
	}
	t, err := plumbing.ParseObjectType(string(raw[:sp]))
	if err != nil {
		return rawObject{}, errStore
	}
	if n, err := strconv.Atoi(string(raw[sp+1 : nul])); err != nil || n != len(raw)-nul-1 {
		return rawObject{}, errStore
	}
	return rawObject{typ: t, data: raw[nul+1:]}, nil
}

func (s *objectStore) inflater(data []byte) (io.Reader, error) {
	if s.zr == nil {
		zr, err := zlib.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, err
		}
		s.zr = zr
		return zr, nil
	}
	if err := s.zr.(zlib.Resetter).Reset(bytes.NewReader(data), nil); err != nil {
		return nil, err
	}
	return s.zr, nil
}

const (
	packOfsDelta = 6
	packRefDelta = 7
	// maxDeltaChain bounds the delta chains followed (git's default depth
	// is 50, aggressive gc uses 250), and with it any cycle in a corrupt
	// pack.
	maxDeltaChain = 10000
)

// entryHeader decodes the header of the pack entry at off: its type, its
// inflated size, where its zlib data starts and, for deltas, the base.
func (p *packFile) entryHeader(off int64) (typ int, size int64, data int64, baseOff int64, baseID Hash, err error) {
	b := p.pack
	if off < 12 || off >= int64(len(b))-20 {
		return 0, 0, 0, 0, ZeroHash, errStore
	}
	i := off
	c := b[i]
	i++
	typ = int(c>>4) & 7
	size = int64(c & 15)
	shift := uint(4)
	for c&0x80 != 0 {
		if i >= int64(len(b)) || shift > 56 {
			return 0, 0, 0, 0, ZeroHash, errStore
		}
		c = b[i]
		i++
		size |= int64(c&0x7f) << shift
		shift += 7
	}
	switch typ {
	case packOfsDelta:
		if i >= int64(len(b)) {
			return 0, 0, 0, 0, ZeroHash, errStore
		}
		c = b[i]
		i++
		rel := int64(c & 0x7f)
		for c&0x80 != 0 {
			if i >= int64(len(b)) || rel > 1<<48 {
				return 0, 0, 0, 0, ZeroHash, errStore
			}
			c = b[i]
			i++
			rel = ((rel + 1) << 7) | int64(c&0x7f)
		}
		baseOff = off - rel
		if rel <= 0 || baseOff < 12 {
			return 0, 0, 0, 0, ZeroHash, errStore
		}
	case packRefDelta:
		if i+20 > int64(len(b)) {
			return 0, 0, 0, 0, ZeroHash, errStore
		}
		copy(baseID[:], b[i:i+20])
		i += 20
	case 1, 2, 3, 4:
	default:
		return 0, 0, 0, 0, ZeroHash, errStore
	}
	return typ, size, i, baseOff, baseID, nil
}

// inflate returns the size bytes of zlib data at off.
func (s *objectStore) inflate(p *packFile, off, size int64) ([]byte, error) {
	if size < 0 || size > int64(len(p.pack))*1100 || size > 1<<31 {
		return nil, errStore // no object inflates more than zlib's ratio
	}
	zr, err := s.inflater(p.pack[off:])
	if err != nil {
		return nil, errStore
	}
	out := make([]byte, size)
	if _, err := io.ReadFull(zr, out); err != nil {
		return nil, errStore
	}
	return out, nil
}

// readAt returns the object at off in p, applying deltas.
func (s *objectStore) readAt(p *packFile, off int64, depth int) (rawObject, error) {
	type pending struct {
		p         *packFile
		off, data int64
		size      int64
	}
	var chain []pending
	var base rawObject
	for {
		if o, ok := s.bases.get(p, off); ok {
			base = o
			break
		}
		if len(chain)+depth > maxDeltaChain {
			return rawObject{}, errStore
		}
		typ, size, data, baseOff, baseID, err := p.entryHeader(off)
		if err != nil {
			return rawObject{}, err
		}
		if typ != packOfsDelta && typ != packRefDelta {
			content, err := s.inflate(p, data, size)
			if err != nil {
				return rawObject{}, err
			}
			base = rawObject{typ: plumbing.ObjectType(typ), data: content}
			if len(chain) > 0 {
				s.bases.put(p, off, base)
			}
			break
		}
		chain = append(chain, pending{p: p, off: off, data: data, size: size})
		if typ == packRefDelta {
			found := false
			for _, q := range s.packs {
				if o := q.find(baseID); o >= 0 {
					p, off, found = q, o, true
					break
				}
			}
			if !found {
				o, err := s.readLoose(baseID)
				if err != nil {
					return rawObject{}, err
				}
				base = o
				break
			}
			continue
		}
		off = baseOff
	}
	// The deltas are composed as slices of the base and of the deltas,
	// and the object is written out once at the end; the chain's base
	// and its result are kept for later reads.
	cur := newPieces(base.data)
	for i := len(chain) - 1; i >= 0; i-- {
		d := chain[i]
		delta, err := s.inflate(d.p, d.data, d.size)
		if err != nil {
			return rawObject{}, err
		}
		if cur, err = applyDelta(cur, delta); err != nil {
			return rawObject{}, err
		}
	}
	base = rawObject{typ: base.typ, data: cur.bytes()}
	if len(chain) > 0 {
		s.bases.put(chain[0].p, chain[0].off, base)
	}
	return base, nil
}

// EncodedObject returns an object; t is AnyObject or the type it must
// have.
func (s *objectStore) EncodedObject(t plumbing.ObjectType, h Hash) (plumbing.EncodedObject, error) {
	o, err := s.read(h, 0)
	if err != nil {
		obj, ferr := s.fallback.EncodedObject(t, h)
		if !s.fetched(h, ferr) {
			return obj, s.missing(h, ferr)
		}
		if o, err = s.read(h, 0); err != nil {
			obj, ferr = s.fallback.EncodedObject(t, h)
			return obj, s.missing(h, ferr)
		}
	}
	if t != plumbing.AnyObject && o.typ != t {
		return nil, plumbing.ErrObjectNotFound
	}
	return &storedObject{h: h, typ: o.typ, data: o.data}, nil
}

// fetched is called with the error of go-git's read of h. When h is
// missing from a partial clone it fetches h and reports whether to read
// it again; a failed fetch replaces err with a *MissingObjectError.
func (s *objectStore) fetched(h Hash, err error) bool {
	if s.lazy == nil || !errors.Is(err, plumbing.ErrObjectNotFound) {
		return false
	}
	return s.lazy.fetch(h) == nil && s.reopen()
}

// reopen maps the packs that a fetch brought; it reports true.
func (s *objectStore) reopen() bool {
	s.openPacks()
	return true
}

// missing returns the error for an object that neither the store nor
// go-git has: a *MissingObjectError in a partial clone whose fetch failed.
func (s *objectStore) missing(h Hash, err error) error {
	if s.lazy != nil && errors.Is(err, plumbing.ErrObjectNotFound) {
		if ferr, ok := s.lazy.tried[h]; ok && ferr != nil {
			return ferr
		}
	}
	return err
}

// size returns the size of an object of the packs or the loose objects
// from its header; errStore when it is in neither or cannot be decoded
// here.
func (s *objectStore) size(h Hash) (int64, error) {
	for _, p := range s.packs {
		if off := p.find(h); off >= 0 {
			return s.sizeAt(p, off)
		}
	}
	return s.looseSize(h)
}

// sizeAt returns the size of the object at off in p: the size its entry
// header records, or for a delta the result size that the delta's own
// header (its first bytes once inflated) records.
func (s *objectStore) sizeAt(p *packFile, off int64) (int64, error) {
	typ, size, data, _, _, err := p.entryHeader(off)
	if err != nil {
		return 0, err
	}
	if typ != packOfsDelta && typ != packRefDelta {
		return size, nil
	}
	zr, err := s.inflater(p.pack[data:])
	if err != nil {
		return 0, errStore
	}
	// Two varints of at most 10 bytes each: the base size, the result size.
	var head [20]byte
	n, _ := io.ReadFull(zr, head[:min(int64(len(head)), size)])
	if _, rest, ok := deltaSize(head[:n]); ok {
		if result, _, ok := deltaSize(rest); ok {
			return int64(result), nil
		}
	}
	return 0, errStore
}

// looseSize returns the size of a loose object from its header, inflating
// only the header.
func (s *objectStore) looseSize(h Hash) (int64, error) {
	hx := h.String()
	data, err := os.ReadFile(filepath.Join(s.dir, hx[:2], hx[2:]))
	if err != nil {
		return 0, errStore
	}
	zr, err := s.inflater(data)
	if err != nil {
		return 0, errStore
	}
	// "<type> <size>\x00": a type of at most 6 bytes, a size of at most 20
	// digits.
	var head [32]byte
	n, _ := io.ReadFull(zr, head[:])
	b := head[:n]
	sp, nul := bytes.IndexByte(b, ' '), bytes.IndexByte(b, 0)
	if sp < 0 || nul < sp {
		return 0, errStore
	}
	if _, err := plumbing.ParseObjectType(string(b[:sp])); err != nil {
		return 0, errStore
	}
	size, err := strconv.ParseInt(string(b[sp+1:nul]), 10, 64)
	if err != nil || size < 0 {
		return 0, errStore
	}
	return size, nil
}

// HasEncodedObject reports whether the object exists.
func (s *objectStore) HasEncodedObject(h Hash) error {
	for _, p := range s.packs {
		if p.find(h) >= 0 {
			return nil
		}
	}
	hx := h.String()
	if _, err := os.Stat(filepath.Join(s.dir, hx[:2], hx[2:])); err == nil {
		return nil
	}
	return s.fallback.HasEncodedObject(h)
}

// EncodedObjectSize returns an object's size, read from its header: the
// object is not inflated.
func (s *objectStore) EncodedObjectSize(h Hash) (int64, error) {
	n, err := s.size(h)
	if err == nil {
		return n, nil
	}
	n, err = s.fallback.EncodedObjectSize(h)
	if !s.fetched(h, err) {
		return n, s.missing(h, err)
	}
	if n, err := s.size(h); err == nil {
		return n, nil
	}
	n, err = s.fallback.EncodedObjectSize(h)
	return n, s.missing(h, err)
}

// HashesWithPrefix returns the ids that start with prefix (an
// abbreviated id), packed and loose.
func (s *objectStore) HashesWithPrefix(prefix []byte) ([]Hash, error) {
	var out []Hash
	for _, p := range s.packs {
		out = p.withPrefix(prefix, out)
	}
	if len(prefix) > 0 {
		hx := hex.EncodeToString(prefix)
		ents, _ := os.ReadDir(filepath.Join(s.dir, hx[:2]))
		for _, e := range ents {
			full := hx[:2] + e.Name()
			if len(full) == 40 && strings.HasPrefix(full, hx) && plumbing.IsHash(full) {
				out = append(out, plumbing.NewHash(full))
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return bytes.Compare(out[i][:], out[j][:]) < 0 })
	uniq := out[:0]
	for i, h := range out {
		if i == 0 || h != out[i-1] {
			uniq = append(uniq, h)
		}
	}
	return uniq, nil
}

// storedObject is a read object with its known id, so that nothing
// hashes its content again.
type storedObject struct {
	h    Hash
	typ  plumbing.ObjectType
	data []byte
}

func (o *storedObject) Hash() Hash                    { return o.h }
func (o *storedObject) Type() plumbing.ObjectType     { return o.typ }
func (o *storedObject) SetType(t plumbing.ObjectType) { o.typ = t }
func (o *storedObject) Size() int64                   { return int64(len(o.data)) }
func (o *storedObject) SetSize(int64)                 {}
func (o *storedObject) Reader() (io.ReadCloser, error) {
	return io.NopCloser(bytes.NewReader(o.data)), nil
}
func (o *storedObject) Writer() (io.WriteCloser, error) { return nil, errors.New("read-only object") }
func (o *storedObject) String() string                  { return fmt.Sprintf("%s %s", o.typ, o.h) }

// deltaCache keeps the objects that deltas were applied to or produced,
// by pack offset, up to a budget of bytes, least recently used first out.
type deltaCache struct {
	budget, used int
	lru          *list.List
	m            map[deltaKey]*list.Element
}

type deltaKey struct {
	p   *packFile
	off int64
}

type deltaEntry struct {
	k deltaKey
	o rawObject
}

func newDeltaCache(budget int) *deltaCache {
	return &deltaCache{budget: budget, lru: list.New(), m: map[deltaKey]*list.Element{}}
}

func (c *deltaCache) get(p *packFile, off int64) (rawObject, bool) {
	e, ok := c.m[deltaKey{p, off}]
	if !ok {
		return rawObject{}, false
	}
	c.lru.MoveToFront(e)
	return e.Value.(*deltaEntry).o, true
}

func (c *deltaCache) put(p *packFile, off int64, o rawObject) {
	k := deltaKey{p, off}
	if _, ok := c.m[k]; ok || len(o.data) > c.budget/4 {
		return
	}
	c.m[k] = c.lru.PushFront(&deltaEntry{k: k, o: o})
	c.used += len(o.data)
	for c.used > c.budget {
		last := c.lru.Back()
		e := last.Value.(*deltaEntry)
		c.lru.Remove(last)
		delete(c.m, e.k)
		c.used -= len(e.o.data)
	}
}

// fastStorage is go-git's filesystem storage with objects read by an
// objectStore.
type fastStorage struct {
	*filesystem.Storage
	objs *objectStore
}

func (f *fastStorage) EncodedObject(t plumbing.ObjectType, h Hash) (plumbing.EncodedObject, error) {
	return f.objs.EncodedObject(t, h)
}
func (f *fastStorage) HasEncodedObject(h Hash) error { return f.objs.HasEncodedObject(h) }
func (f *fastStorage) EncodedObjectSize(h Hash) (int64, error) {
	return f.objs.EncodedObjectSize(h)
}
func (f *fastStorage) HashesWithPrefix(prefix []byte) ([]Hash, error) {
	return f.objs.HashesWithPrefix(prefix)
}
