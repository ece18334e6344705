package migrations

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"unsafe"

	"github.com/migguard/migguard/internal/cache"
	"github.com/migguard/migguard/internal/wire"
)

// KeepListings has fsys, when it is a Dir, keep in c the listings of its
// large directories (keepListing entries or more), each with the id the
// directory had when it was read (dirID): a later run lists such a
// directory by looking at it, not reading it, while its id is the same.
// Adding, removing or renaming an entry changes a directory's
// modification and change times, as git's untracked cache relies on; a
// directory changed in the last seconds has no trusted id and is read. A
// migration directory of thousands of files costs a run that lints one of
// them a millisecond to read.
func KeepListings(fsys fs.FS, c *cache.Cache) {
	if d, ok := fsys.(*dirFS); ok && c != nil {
		d.kept.Store(&keptListings{c: c, index: memoKey("listings v1", d.root)})
	}
}

// keptListings is a Dir's listings in the cache: an index entry names the
// directories kept, so that a small directory costs no look-up; each
// listing is an entry of its own.
type keptListings struct {
	c     *cache.Cache
	index cache.Key
	once  sync.Once
	mu    sync.Mutex
	dirs  map[string]bool // the directories kept, read from the index once
}

func (k *keptListings) load() {
	k.once.Do(func() {
		k.dirs = map[string]bool{}
		d := wire.Decoder{B: string(k.c.Get(k.index))}
		for n := d.Count(); n > 0 && d.Err == nil; n-- {
			if dir := d.Str(); d.Err == nil {
				k.dirs[dir] = true
			}
		}
	})
}

func (k *keptListings) has(dir string) bool {
	k.load()
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.dirs[dir]
}

// mark adds dir to the index or removes it, writing the index when that
// changes it.
func (k *keptListings) mark(dir string, kept bool) {
	k.load()
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.dirs[dir] == kept {
		return
	}
	if kept {
		k.dirs[dir] = true
	} else {
		delete(k.dirs, dir)
	}
	var e wire.Encoder
	e.Uint(len(k.dirs))
	for dir := range k.dirs {
		e.Str(dir)
	}
	k.c.Put(k.index, e.B)
}

// keptFor returns the listing kept for directory name of the Dir, and the
// id the directory has; ok is false when none is kept or the directory
// changed since.
func (d *dirFS) keptFor(name string) (entries []fs.DirEntry, id string, ok bool) {
	k := d.kept.Load()
	if k == nil || !k.has(name) {
		return nil, "", false
	}
	if id = d.dirID(name); id == "" {
		return nil, "", false
	}
	data := k.c.Get(memoKey("listing v1", d.root, name))
	// The names are cut from the entry, which nothing changes: no copy.
	dec := wire.Decoder{B: unsafe.String(unsafe.SliceData(data), len(data))}
	if dec.Str() != id || dec.Err != nil {
		return nil, "", false
	}
	n := dec.Count()
	entries = make([]fs.DirEntry, 0, n)
	all := make([]keptEntry, n) // one allocation for a listing of thousands
	for i := range all {
		if dec.Err != nil {
			break
		}
		e := &all[i]
		e.d, e.dir = d, name
		e.name, e.typ = dec.Str(), fs.FileMode(dec.Uint64())&fs.ModeType
		if e.name == "" || e.name == "." || e.name == ".." || strings.ContainsRune(e.name, '/') {
			return nil, "", false // not a name a directory holds
		}
		entries = append(entries, e)
	}
	if !dec.Done() {
		return nil, "", false
	}
	return entries, id, true
}

// keep writes the listing of directory name, read when it had id, to the
// cache; id is "" for a directory not to keep (too small, or changed just
// now), which is dropped from it.
func (d *dirFS) keep(name, id string, entries []fs.DirEntry) {
	k := d.kept.Load()
	if k == nil {
		return
	}
	if id == "" {
		if k.has(name) {
			k.mark(name, false)
		}
		return
	}
	var e wire.Encoder
	e.Str(id)
	e.Uint(len(entries))
	for _, x := range entries {
		e.Str(x.Name())
		e.Uint(int(x.Type()))
	}
	k.c.Put(memoKey("listing v1", d.root, name), e.B)
	k.mark(name, true)
}

// keptEntry is an entry of a kept listing.
type keptEntry struct {
	d         *dirFS
	dir, name string
	typ       fs.FileMode
}

func (e *keptEntry) Name() string      { return e.name }
func (e *keptEntry) IsDir() bool       { return e.typ.IsDir() }
func (e *keptEntry) Type() fs.FileMode { return e.typ }
func (e *keptEntry) String() string    { return fs.FormatDirEntry(e) }

// Info looks at the entry now, as the entries of os.ReadDir do.
func (e *keptEntry) Info() (fs.FileInfo, error) {
	return os.Lstat(filepath.Join(e.d.root, filepath.FromSlash(path.Join(e.dir, e.name))))
}
