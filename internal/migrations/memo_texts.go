package migrations

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"sync"
	"unsafe"

	"github.com/migguard/migguard/internal/cache"
	"github.com/migguard/migguard/internal/wire"
)

// The cache of loaded sets keeps the texts of a set's migrations (Src, Up,
// Down of Files and their down files) in an entry of their own, beside the
// set's other fields: a run that finds every result it needs in the cache
// never reads them. A set taken whole from the cache by LoadDirCachedLazy
// has those texts empty, and the hash of each in place (textSum), until
// Set.LoadTexts reads them; Others, few and small, keep theirs.

// lazyTexts reads the texts of a set taken from the cache without them.
type lazyTexts struct {
	c      *cache.Cache
	key    cache.Key
	fsys   fs.FS
	dir    string
	format Format
	set    *Set
	once   sync.Once
	err    error
}

// textsKey is the key of the texts of the set kept under rk.
func textsKey(rk cache.Key) cache.Key { return memoKey("load texts", string(rk[:])) }

// streamTexts writes the texts of the migrations of s to out, in the
// order of eachFile, a block at a time: the texts of a large set are
// never held again in one buffer.
func streamTexts(out io.Writer, s *Set) error {
	w := wire.NewStream(out)
	eachFile(s, func(f *File) { writeTexts(w, f) })
	return w.Flush()
}

// eachFile calls fn on every migration of s, each down file after its up
// file.
func eachFile(s *Set, fn func(*File)) {
	for _, f := range s.Files {
		for ; f != nil; f = f.DownFile {
			fn(f)
		}
	}
}

// attach makes the texts of the set's files wait for LoadTexts.
func (l *lazyTexts) attach() {
	eachFile(l.set, func(f *File) {
		if f.texts != nil {
			f.texts.lazy = l
		}
	})
}

// LoadTexts reads the texts of the files of s that a cached load left
// without them (see LoadDirCachedLazy); it does nothing for a set read
// whole. Its error says that a file changed while the run read the set
// (a file changed on disk since the set was checked, and its texts were
// no longer in the cache): nothing of the set can then be trusted.
func (s *Set) LoadTexts() error {
	var err error
	seen := map[*lazyTexts]bool{}
	for _, f := range s.Files {
		if f.texts == nil || f.texts.lazy == nil || seen[f.texts.lazy] {
			continue
		}
		l := f.texts.lazy
		seen[l] = true
		l.once.Do(func() { l.err = l.load() })
		err = errors.Join(err, l.err)
	}
	return err
}

// load sets the texts of the set's files from their cache entry, or when
// it is gone from the files themselves, which must still hash as the
// cache kept them.
func (l *lazyTexts) load() error {
	if texts, ok := decodeTexts(l.c.Get(l.key)); ok && l.fill(texts, nil) == nil {
		return nil
	}
	fresh, errs := LoadDir(l.fsys, l.dir, l.format)
	if fresh == nil || len(errs) > 0 {
		return fmt.Errorf("%s: the set changed while migguard read it: run again", l.dir)
	}
	var texts []textDigest
	eachFile(fresh, func(f *File) { texts = append(texts, textDigest{src: f.Src, up: f.Up, down: f.Down, sum: f.textSum()}) })
	if err := l.fill(texts, fresh); err != nil {
		return err
	}
	l.c.PutWith(l.key, func(w io.Writer) error { return streamTexts(w, l.set) })
	return nil
}

// fill gives the set's files the texts, in the order of eachFile; fresh,
// when the texts were read anew, is the set they were read as, whose
// files must be the same and hash as the kept ones. Nothing is set when
// they do not fit.
func (l *lazyTexts) fill(texts []textDigest, fresh *Set) error {
	var files, freshFiles []*File
	eachFile(l.set, func(f *File) { files = append(files, f) })
	if fresh != nil {
		eachFile(fresh, func(f *File) { freshFiles = append(freshFiles, f) })
	}
	if len(texts) != len(files) {
		return fmt.Errorf("%s: the set changed while migguard read it: run again", l.dir)
	}
	for i, f := range files {
		if f.texts == nil {
			return fmt.Errorf("%s: no hash kept of its texts", f.Path)
		}
		if fresh != nil && (freshFiles[i].Path != f.Path || texts[i].sum != f.texts.sum) {
			return fmt.Errorf("%s changed while migguard read it: run again", f.Path)
		}
	}
	for i, f := range files {
		t := texts[i]
		f.Src, f.Up, f.Down = t.src, t.up, t.down
		kept := *f.texts // the hash and the key stay: the texts are the ones hashed
		kept.src, kept.up, kept.down, kept.lazy = t.src, t.up, t.down, nil
		f.texts = &kept
	}
	return nil
}

// decodeTexts reads an entry of encodeTexts; its strings are cut from the
// entry, as decodeSet's are.
func decodeTexts(b []byte) ([]textDigest, bool) {
	if b == nil {
		return nil, false
	}
	d := wire.Decoder{B: unsafe.String(unsafe.SliceData(b), len(b))}
	var out []textDigest
	for !d.Done() {
		var t textDigest
		t.src, t.up, t.down = readTexts(&d)
		if d.Err != nil {
			return nil, false
		}
		out = append(out, t)
	}
	return out, d.Err == nil
}

// maxSourcesAlone is how many files' texts Sources reads one by one
// before it reads the set's texts whole instead.
const maxSourcesAlone = 32

// Sources returns the texts (Src) of files, which belong to s: up files,
// down files or Others. A file that a cached load left without its texts
// (see LoadDirCachedLazy) is read on its own when few are asked for and
// its text still hashes as the cache kept it, so that a report on one
// file of a large set reads that file only; otherwise the set's texts
// are read whole, as LoadTexts reads them, and its error is returned.
func (s *Set) Sources(files []*File) ([]string, error) {
	out := make([]string, len(files))
	whole := len(files) > maxSourcesAlone
	for i, f := range files {
		if whole {
			break
		}
		if f.texts == nil || f.texts.lazy == nil {
			out[i] = f.Src
			continue
		}
		src, ok := f.texts.lazy.readAlone(f)
		if !ok {
			whole = true
			break
		}
		out[i] = src
	}
	if !whole {
		return out, nil
	}
	if err := s.LoadTexts(); err != nil {
		return nil, err
	}
	for i, f := range files {
		out[i] = f.Src
	}
	return out, nil
}

// readAlone reads the text of f, one of the set's files, from its file,
// and reports whether the file's texts still hash as the cache kept them.
// f is left as it is.
func (l *lazyTexts) readAlone(f *File) (string, bool) {
	dir, format := l.set.Dir, l.set.Format
	name, ok := f.Path, dir == "."
	if !ok {
		name, ok = strings.CutPrefix(f.Path, dir+"/")
	}
	if !ok || format == Sqitch {
		return "", false
	}
	down, ok := member(format, name)
	if !ok {
		return "", false
	}
	r := readNew(l.fsys, dir, format, f.Path, down)
	if r.err != nil || r.file == nil || r.file.textSum() != f.texts.sum {
		return "", false
	}
	return r.file.Src, true
}
