package migrations

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/migguard/migguard/internal/fileread"
)

// The loaders read a repository through an fs.FS with slash-separated
// paths relative to its top: Dir for a directory of the file system, or a
// tree that git holds (the staged index, a pushed commit), which the
// pre-commit and pre-push checks read without writing it anywhere.

// Dir returns the directory root of the file system as an fs.FS. Unlike
// os.DirFS it can say which directory it is (see Root), so that absolute
// paths written in configuration files resolve against it, and it refuses
// to read through a symbolic link that leads outside root: a migration
// linked to /etc/shadow or ~/.env is an error naming the link, never read,
// as git trees already refuse such links.
func Dir(root string) fs.FS {
	real, err := filepath.EvalSymlinks(root)
	if err != nil {
		real = root
	}
	return &dirFS{fsys: os.DirFS(root), root: root, real: real}
}

type dirFS struct {
	fsys fs.FS
	root string
	real string   // root with its symbolic links resolved
	dirs sync.Map // directory → error (nil: inside root), checked once
	// lists holds the large listings read, each with the id the
	// directory had (see dirID): one is read again when that changed.
	lists sync.Map // directory → listing
	// kept, when set, keeps the large listings across runs too.
	kept atomic.Pointer[keptListings]
}

func (d *dirFS) Open(name string) (fs.File, error) {
	if err := d.confined("open", name); err != nil {
		return nil, err
	}
	return d.fsys.Open(name)
}

func (d *dirFS) ReadFile(name string) ([]byte, error) {
	if err := d.confined("read", name); err != nil {
		return nil, err
	}
	return fs.ReadFile(d.fsys, name)
}

func (d *dirFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if err := d.confined("readdir", name); err != nil {
		return nil, err
	}
	if v, ok := d.lists.Load(name); ok {
		if l := v.(listing); l.id == d.dirID(name) {
			return slices.Clone(l.entries), nil
		}
	}
	if entries, id, ok := d.keptFor(name); ok {
		d.lists.Store(name, listing{id: id, entries: entries})
		return slices.Clone(entries), nil
	}
	entries, err := fs.ReadDir(d.fsys, name)
	if err == nil {
		// Read first, then identified: a directory changed in between
		// has a racy id, and is not kept.
		var id string
		if len(entries) >= keepListing {
			if id = d.dirID(name); id != "" {
				d.lists.Store(name, listing{id: id, entries: slices.Clone(entries)})
			}
		}
		d.keep(name, id, entries)
		d.subdirsConfined(name, entries)
	}
	return entries, err
}

// subdirsConfined records that the subdirectories of a directory inside
// the root, as its listing gives them, are inside it too: a directory
// that the listing says is one is no symbolic link, and a walk need not
// ask each again with an lstat.
func (d *dirFS) subdirsConfined(name string, entries []fs.DirEntry) {
	for _, e := range entries {
		if e.Type() == fs.ModeDir {
			d.dirs.LoadOrStore(path.Join(name, e.Name()), nil)
		}
	}
}

// keepListing is how many entries a listing has at least for it to be
// kept: finding a set's format and checking that its cached load is up to
// date list the same directory of thousands of files twice in a run.
const keepListing = 256

// A listing is a directory's entries, read when the directory had the id.
type listing struct {
	id      string
	entries []fs.DirEntry
}

// dirID returns an id of a directory's entries (see statID), "" when it
// has none or changed too recently to be trusted.
func (d *dirFS) dirID(name string) string {
	if d.root == "" {
		return ""
	}
	fi, err := os.Stat(filepath.Join(d.root, filepath.FromSlash(name)))
	if err != nil {
		return ""
	}
	id, racy, ok := statID(fi, time.Now())
	if !ok || racy {
		return ""
	}
	return id
}

func (d *dirFS) Stat(name string) (fs.FileInfo, error) {
	// The lstat that confinement asks answers the stat of a name that is
	// no symbolic link: one system call instead of two.
	if d.root != "" && name != "." && fs.ValidPath(name) && d.dirConfined(path.Dir(name)) == nil {
		if fi, err := os.Lstat(filepath.Join(d.root, filepath.FromSlash(name))); err == nil && fi.Mode()&fs.ModeSymlink == 0 {
			return fi, nil
		}
	}
	if err := d.confined("stat", name); err != nil {
		return nil, err
	}
	return fs.Stat(d.fsys, name)
}

func (d *dirFS) Root() string { return d.root }

// confined returns an error when name, or a directory on the way to it, is
// a symbolic link whose target lies outside the root. A name that does not
// exist passes: the operation itself reports it.
func (d *dirFS) confined(op, name string) error {
	if !fs.ValidPath(name) {
		return &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	if err := d.dirConfined(path.Dir(name)); err != nil {
		return &fs.PathError{Op: op, Path: name, Err: err}
	}
	if name == "." {
		return nil
	}
	if v, ok := d.dirs.Load(name); ok { // a directory checked before
		if err, _ := v.(error); err != nil {
			return &fs.PathError{Op: op, Path: name, Err: err}
		}
		return nil
	}
	if err := d.linkConfined(name); err != nil {
		return &fs.PathError{Op: op, Path: name, Err: err}
	}
	return nil
}

// dirConfined checks a directory and its parents, each once.
func (d *dirFS) dirConfined(dir string) error {
	if dir == "." {
		return nil
	}
	if v, ok := d.dirs.Load(dir); ok {
		err, _ := v.(error)
		return err
	}
	err := d.dirConfined(path.Dir(dir))
	if err == nil {
		err = d.linkConfined(dir)
	}
	d.dirs.Store(dir, err)
	return err
}

// linkConfined checks one path whose parent is known to be inside root.
func (d *dirFS) linkConfined(name string) error {
	full := filepath.Join(d.root, filepath.FromSlash(name))
	fi, err := os.Lstat(full)
	if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		return nil
	}
	target, err := filepath.EvalSymlinks(full)
	if err != nil {
		return nil // a dangling link: opening it reports it
	}
	if rel, err := filepath.Rel(d.real, target); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return fmt.Errorf("symbolic link to %s, outside the repository %s: not read", target, d.root)
	}
	return nil
}

// readRegular reads a regular file of the directory in four system calls
// instead of nine: fileread.UpTo opens it without following a symbolic
// link (its directories are confined here), takes its size from the open
// file and reads it in one read of that size and a byte. done is false
// for what it leaves to the general path: a link, anything but a regular
// file, an error.
func (d *dirFS) readRegular(name string, limit int64) (data []byte, err error, done bool) {
	if !fs.ValidPath(name) || name == "." || d.dirConfined(path.Dir(name)) != nil {
		return nil, nil, false
	}
	full := filepath.Join(d.root, filepath.FromSlash(name))
	data, size, ok := fileread.UpTo(full, limit)
	switch {
	case !ok:
		return nil, nil, false // a link, not a regular file, it grew, or the read failed: the general path
	case size > limit:
		return nil, tooLarge(limit), true
	}
	return data, nil, true
}

// Root returns the file-system directory that the top of fsys stands for,
// when it says (Dir does; a git tree says which directory of its working
// tree it is), and false otherwise.
func Root(fsys fs.FS) (string, bool) {
	if r, ok := fsys.(interface{ Root() string }); ok {
		return r.Root(), true
	}
	return "", false
}

// ReadFile reads a file of fsys that migguard parses (a migration, an
// Alembic revision), refusing one larger than MaxFileSize before reading it
// (by its size, or by what it yields when it has none), so a stray dump in
// a migration directory costs no memory.
func ReadFile(fsys fs.FS, name string) ([]byte, error) {
	return readFile(fsys, name, MaxFileSize, true)
}

// ReadFileUpTo reads a file of fsys of at most limit bytes, refusing a
// larger one: the code that migguard reads beside the migrations has a
// bound of its own. A regular file of the working tree is read in four
// system calls (see dirFS.readRegular); from another file system no
// more than limit+1 bytes are read and no size is asked for first (a tree
// that git holds would inflate a blob twice to tell it).
func ReadFileUpTo(fsys fs.FS, name string, limit int64) ([]byte, error) {
	return readFile(fsys, name, limit, false)
}

// ReadHead reads the first n bytes of a file of fsys, all of it when it
// is shorter: what telling a file's format or engine needs of a file of
// any size. The first headSize bytes are read at once, as most files
// are shorter; the rest, when n asks for more, as it comes.
func ReadHead(fsys fs.FS, name string, n int) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	head := make([]byte, min(n, headSize))
	k, err := io.ReadFull(f, head)
	switch {
	case err == io.EOF || err == io.ErrUnexpectedEOF:
		return head[:k], nil
	case err != nil:
		return nil, err
	case n == len(head):
		return head, nil
	}
	rest, err := io.ReadAll(io.LimitReader(f, int64(n-len(head))))
	if err != nil {
		return nil, err
	}
	return append(head, rest...), nil
}

// tooLarge is the error of a file over limit bytes.
func tooLarge(limit int64) error { return fmt.Errorf("file is larger than %d MiB", limit>>20) }

// readFile reads a file of at most limit bytes: a regular file of the
// working tree through readRegular, else through the file opened, sized
// first when sized is set (a refusal before reading, one allocation).
func readFile(fsys fs.FS, name string, limit int64, sized bool) ([]byte, error) {
	if d, ok := fsys.(*dirFS); ok {
		if data, err, done := d.readRegular(name, limit); done {
			return data, err
		}
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	size := int64(0)
	if sized {
		if st, err := f.Stat(); err == nil {
			if st.IsDir() {
				return nil, fmt.Errorf("is a directory")
			}
			size = st.Size()
		}
	}
	if size > limit {
		return nil, tooLarge(limit)
	}
	r := io.LimitReader(f, limit+1) // a byte past the limit tells it is passed
	data := make([]byte, 0, size+1)
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := r.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if int64(len(data)) > limit {
			return nil, tooLarge(limit)
		}
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return nil, err
		}
	}
}
