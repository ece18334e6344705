package migrations

import (
	"sort"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/migguard/migguard/internal/wire"
)

// fileMemo is what LoadDirCached keeps of each file a load read, for the
// next load of the set that cannot take the set whole from the cache
// because a file was added, edited or removed since: a file whose content
// id (see contentID) is the one it had then is taken from here instead of
// being read and parsed again. An id is trusted as the trace trusts it:
// not for a file changed in the last seconds. A nil *fileMemo keeps
// nothing and finds nothing.
type fileMemo struct {
	rec  *recordFS
	root int                 // the root of rec's file system, open for quickID; -1 for none
	prev map[string]prevFile // path → the file as the last load read it
	// known holds the content ids that the trace's replay found just
	// before, by path: asked once, not twice.
	known map[string]string
	// format is the format the files were read in: the last load's,
	// then, once loadDir has found it, this one's (see use).
	format Format
	mu     sync.Mutex
	kept   map[string]prevFile // path → the file as this load read it
	fresh  atomic.Int64        // files read anew
}

// filesReused counts the files that loads took from a fileMemo, for the
// tests.
var filesReused atomic.Int64

// prevFile is one file of the memo: its content id and readOne's result,
// encoded (a bool for down, then WriteFile's layout).
type prevFile struct {
	id, data string
	sum      string // the hash of the file's texts (see textDigest)
}

// reuse returns the result of reading rel, when the last load read it
// with the content id it has now. It asks for the id through the
// recording file system, as reading the file would.
func (m *fileMemo) reuse(rel string) (readResult, bool) {
	if m == nil {
		return readResult{}, false
	}
	p, ok := m.prev[rel]
	if !ok {
		return readResult{}, false
	}
	if id, trusted := m.contentID(rel); !trusted || id != p.id {
		return readResult{}, false
	}
	r := &memoReader{Decoder: wire.Decoder{B: p.data}}
	down := r.Bool()
	f := &File{}
	r.file(f)
	if !r.Done() || !f.keepSum(p.sum) {
		return readResult{}, false
	}
	m.mu.Lock()
	m.kept[rel] = p
	m.mu.Unlock()
	filesReused.Add(1)
	return readResult{file: f, down: down}, true
}

// use sets the format this load reads the files in; the last load's
// files are not taken when they were read in another (a set whose
// format is detected can change it when a file is added).
func (m *fileMemo) use(format Format) {
	if m == nil {
		return
	}
	if m.format != format {
		m.prev = nil
	}
	m.format = format
}

// contentID asks for rel's content id through the recording file system,
// as reading the file would, with quickID's one system call when it can
// tell.
func (m *fileMemo) contentID(rel string) (id string, trusted bool) {
	if id, ok := m.known[rel]; ok {
		m.rec.note(opFile, rel, id, true)
		return id, true
	}
	if id, ok := m.rec.listedID(rel); ok {
		return id, true
	}
	if id, trusted, ok := quickID(m.rec.fsys, m.root, rel, m.rec.start); ok {
		m.rec.note(opFile, rel, id, trusted)
		return id, trusted
	}
	if fi, err := m.rec.Stat(rel); err != nil || fi.IsDir() {
		return "", false
	}
	return m.rec.contentOf(rel)
}

// keep records what reading rel gave, under the content id that the
// recording file system saw before the read (an id taken after it could
// name a later content than the one read).
func (m *fileMemo) keep(rel string, r readResult) {
	if m == nil {
		return
	}
	m.fresh.Add(1)
	if r.err != nil || r.file == nil {
		return
	}
	id, trusted := m.rec.contentOf(rel)
	if !trusted {
		return
	}
	var e wire.Encoder
	e.Bool(r.down)
	WriteFile(&e, r.file)
	// The file keeps the hash too, so that its key does not hash the
	// texts again.
	t := r.file.textSum()
	sum := string(t[:])
	r.file.keepSum(sum)
	m.mu.Lock()
	m.kept[rel] = prevFile{id: id, data: string(e.B), sum: sum}
	m.mu.Unlock()
}

// changed reports whether the memo is worth writing again: when there was
// none, or when more than an eighth of what this load read differs from
// it (files added, edited or removed). A few files that differ are read
// again by the next load too, which costs less than writing the memo of
// a set of thousands of files on every commit.
func (m *fileMemo) changed() bool {
	if m.prev == nil {
		return len(m.kept) > 0
	}
	differ := 0
	for rel, k := range m.kept {
		if p, ok := m.prev[rel]; !ok || p.id != k.id {
			differ++
		}
	}
	for rel := range m.prev {
		if _, ok := m.kept[rel]; !ok {
			differ++
		}
	}
	return differ*8 > len(m.kept)
}

// encode writes the files this load read, by path.
func (m *fileMemo) encode() []byte {
	paths := make([]string, 0, len(m.kept))
	size := 0
	for rel, k := range m.kept {
		paths = append(paths, rel)
		size += len(rel) + len(k.id) + len(k.data) + len(k.sum) + 16
	}
	sort.Strings(paths)
	e := wire.Encoder{B: make([]byte, 0, size+len(m.format)+16)}
	e.Str(string(m.format))
	e.Uint(len(paths))
	for _, rel := range paths {
		k := m.kept[rel]
		e.Str(rel)
		e.Str(k.id)
		e.Str(k.data)
		e.Str(k.sum)
	}
	return e.B
}

// decodeFileMemo reads what encode wrote: the format the files were read
// in and the files; no files for an entry that is missing or cannot be
// read. The strings are cut from b, which must not change afterwards.
func decodeFileMemo(b []byte) (Format, map[string]prevFile) {
	if len(b) == 0 {
		return "", nil
	}
	d := wire.Decoder{B: unsafe.String(unsafe.SliceData(b), len(b))}
	format := Format(d.Str())
	n := d.Count()
	out := make(map[string]prevFile, n)
	for i := 0; i < n && d.Err == nil; i++ {
		rel, id, data, sum := d.Str(), d.Str(), d.Str(), d.Str()
		out[rel] = prevFile{id: id, data: data, sum: sum}
	}
	if !d.Done() {
		return "", nil
	}
	return format, out
}
