package usage

import (
	"sync/atomic"

	"github.com/migguard/migguard/internal/cache"
	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/project"
	"github.com/migguard/migguard/internal/wire"
)

// When the code changed since the index was kept whole (see buildKept),
// the files that did not change are not read again either: the cache
// keeps, for each file of the last build, the id of its content, the
// SHA-256 of its content (for the digest) and its part of the index.

// keptFile is what a build took from one code file.
type keptFile struct {
	id  string
	sum [32]byte
	// part is the file's part of the index (encode); nil when only its
	// digest was asked for.
	part []byte
}

// fileMemo is the kept files of one build: those of the last build, and
// those of this one, by the position of their names.
type fileMemo struct {
	c       *cache.Cache
	key     cache.Key
	prev    map[string]keptFile
	ids     []string
	trusted []bool
	next    []keptFile
	changed atomic.Bool
}

// openFileMemo returns the kept files of p's code, for the files names of
// a file system whose content ids are of kind (migrations.ContentKind);
// nil without a cache or content ids.
func openFileMemo(p *project.Project, kind string, names []string) *fileMemo {
	if p.Cache == nil || kind == "" {
		return nil
	}
	h := wire.NewHash("code files v1")
	h.Str(kind)
	h.Str(p.Root)
	h.Str(codeKey("code files", p))
	m := &fileMemo{c: p.Cache, key: cache.Key(h.Sum()), next: make([]keptFile, len(names))}
	m.prev = decodeKeptFiles(p.Cache.Get(m.key))
	m.ids, m.trusted = migrations.FileIDs(p.FS, names)
	return m
}

// reuse returns what the last build kept of file i, when its content is
// the same and, with part, it kept the file's part of the index.
func (m *fileMemo) reuse(i int, name string, part bool) (keptFile, bool) {
	if m == nil || !m.trusted[i] {
		return keptFile{}, false
	}
	k, ok := m.prev[name]
	if !ok || k.id != m.ids[i] || part && k.part == nil {
		return keptFile{}, false
	}
	m.next[i] = k
	return k, true
}

// keep records what this build took from file i.
func (m *fileMemo) keep(i int, sum [32]byte, part []byte) {
	if m == nil || !m.trusted[i] {
		return
	}
	m.next[i] = keptFile{id: m.ids[i], sum: sum, part: part}
	m.changed.Store(true)
}

// save writes the files kept, when this build read any anew.
func (m *fileMemo) save(names []string) {
	if m == nil || !m.changed.Load() {
		return
	}
	m.c.Put(m.key, encodeKeptFiles(names, m.next))
}

// encodeKeptFiles writes the kept files, each after its name; those
// without an id (not read, or not trusted) are left out.
func encodeKeptFiles(names []string, kept []keptFile) []byte {
	var e wire.Encoder
	for i, k := range kept {
		if k.id == "" {
			continue
		}
		e.Str(names[i])
		e.Str(k.id)
		e.Bytes(k.sum[:])
		e.Bool(k.part != nil)
		e.Bytes(k.part)
	}
	return e.B
}

// decodeKeptFiles reads what save wrote; nil when it does not read whole.
func decodeKeptFiles(b []byte) map[string]keptFile {
	if b == nil {
		return nil
	}
	d := wire.Decoder{B: string(b)}
	out := map[string]keptFile{}
	for !d.Done() {
		name, id := d.Str(), d.Str()
		var k keptFile
		k.id = id
		if sum := d.Str(); len(sum) == len(k.sum) {
			copy(k.sum[:], sum)
		} else {
			d.Fail()
		}
		hasPart := d.Bool()
		if part := d.Str(); hasPart {
			k.part = []byte(part)
		}
		if d.Err != nil {
			return nil
		}
		out[name] = k
	}
	return out
}
