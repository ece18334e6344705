package gitview

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"path"
	"sync"
	"time"

	"github.com/go-git/go-git/v5/plumbing/filemode"
)

// FS returns the files below dir (slash-separated, "" or "." for the top)
// of a tree as a read-only fs.FS, so that the loaders of migration sets
// read what a commit or the index records without a copy on disk.
// Contents are read when asked for; the FS is safe for concurrent use.
//
// root is the working-tree directory that dir stands for; the FS reports
// it from Root(), for resolving absolute paths that configuration files
// hold. Symbolic links to files inside the tree are followed, as the file
// system would; submodules are left out of listings.
func (g *Git) FS(tree Hash, dir, root string) (fs.FS, error) {
	t := &treeFS{g: g, root: root}
	dir = path.Clean("/" + dir)[1:]
	if dir == "" || tree.IsZero() {
		t.top = tree
		if dir != "" {
			t.top = ZeroHash
		}
		return t, nil
	}
	e, ok, err := g.entryAt(tree, dir)
	if err != nil {
		return nil, err
	}
	if ok && e.Mode == filemode.Dir {
		t.top = e.Hash
	}
	return t, nil
}

type treeFS struct {
	g    *Git
	top  Hash // the tree that is the FS's top; zero: empty
	root string
	// mu guards the repository's caches of trees and objects.
	mu sync.Mutex
}

func (t *treeFS) Root() string { return t.root }

// ContentIDs says that the files' Stat gives ids of their content (see
// fileInfo.Sys), and names the kind of file system for caches.
func (t *treeFS) ContentIDs() string { return "git tree" }

// maxLinks bounds the symbolic links followed for one name.
const maxLinks = 8

// lookup returns the entry at name, following symbolic links; call with
// t.mu held.
func (t *treeFS) lookup(op, name string) (TreeEntry, error) {
	return t.lookupLink(op, name, true)
}

// lookupLink is lookup that leaves a final symbolic link unfollowed
// unless follow is set.
func (t *treeFS) lookupLink(op, name string, follow bool) (TreeEntry, error) {
	fail := func(err error) (TreeEntry, error) {
		return TreeEntry{}, &fs.PathError{Op: op, Path: name, Err: err}
	}
	if !fs.ValidPath(name) {
		return fail(fs.ErrInvalid)
	}
	p := name
	for hops := 0; ; hops++ {
		if p == "." {
			return TreeEntry{Name: ".", Mode: filemode.Dir, Hash: t.top}, nil
		}
		if t.top.IsZero() {
			return fail(fs.ErrNotExist)
		}
		e, ok, err := t.g.entryAt(t.top, p)
		if err != nil {
			return fail(err)
		}
		if !ok || e.Mode == filemode.Submodule {
			return fail(fs.ErrNotExist)
		}
		if e.Mode != filemode.Symlink || !follow {
			return e, nil
		}
		if hops == maxLinks {
			return fail(errors.New("too many levels of symbolic links"))
		}
		target, err := t.g.Blob(e.Hash)
		if err != nil {
			return fail(err)
		}
		s := string(target)
		if path.IsAbs(s) {
			return fail(errors.New("symbolic link to " + s + ", outside the tree"))
		}
		p = path.Join(path.Dir(p), s)
		if !fs.ValidPath(p) {
			return fail(errors.New("symbolic link to " + s + ", outside the tree"))
		}
	}
}

func (t *treeFS) Open(name string) (fs.File, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	e, err := t.lookup("open", name)
	if err != nil {
		return nil, err
	}
	info := t.info(path.Base(name), e)
	if e.Mode == filemode.Dir {
		return &treeDir{fsys: t, name: name, info: info}, nil
	}
	return &treeFile{fsys: t, name: name, id: e.Hash, info: info}, nil
}

func (t *treeFS) ReadFile(name string) ([]byte, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	e, err := t.lookup("read", name)
	if err != nil {
		return nil, err
	}
	if e.Mode == filemode.Dir {
		return nil, &fs.PathError{Op: "read", Path: name, Err: errors.New("is a directory")}
	}
	data, err := t.g.Blob(e.Hash)
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: err}
	}
	return data, nil
}

func (t *treeFS) Stat(name string) (fs.FileInfo, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	e, err := t.lookup("stat", name)
	if err != nil {
		return nil, err
	}
	return t.info(path.Base(name), e), nil
}

// Lstat is Stat that does not follow a final symbolic link
// (fs.ReadLinkFS).
func (t *treeFS) Lstat(name string) (fs.FileInfo, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	e, err := t.lookupLink("lstat", name, false)
	if err != nil {
		return nil, err
	}
	return t.info(path.Base(name), e), nil
}

// ReadLink returns the target of a symbolic link (fs.ReadLinkFS).
func (t *treeFS) ReadLink(name string) (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	e, err := t.lookupLink("readlink", name, false)
	if err != nil {
		return "", err
	}
	if e.Mode != filemode.Symlink {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: errors.New("not a symbolic link")}
	}
	target, err := t.g.Blob(e.Hash)
	if err != nil {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: err}
	}
	return string(target), nil
}

// ReadDir lists a directory sorted by name, as fs.ReadDirFS requires.
func (t *treeFS) ReadDir(name string) ([]fs.DirEntry, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	e, err := t.lookup("readdir", name)
	if err != nil {
		return nil, err
	}
	if e.Mode != filemode.Dir {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errors.New("not a directory")}
	}
	tr, err := t.g.tree(e.Hash)
	if err != nil {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: err}
	}
	out := make([]fs.DirEntry, 0, tr.len())
	for i := 0; i < tr.len(); i++ {
		c := tr.sorted(i)
		if c.Mode == filemode.Submodule {
			continue
		}
		out = append(out, dirEntry{t.info(c.Name, c)})
	}
	return out, nil
}

// info describes an entry; a file's size is read from the object store
// when asked for.
func (t *treeFS) info(name string, e TreeEntry) *fileInfo {
	fi := &fileInfo{name: name, mode: 0o444, size: -1, fsys: t, id: e.Hash}
	switch e.Mode {
	case filemode.Dir:
		fi.mode = fs.ModeDir | 0o555
	case filemode.Symlink:
		fi.mode = fs.ModeSymlink | 0o777
	case filemode.Executable:
		fi.mode = 0o555
	}
	if e.Mode == filemode.Dir {
		fi.size = 0
	}
	return fi
}

type fileInfo struct {
	name string
	size int64 // -1 until read
	mode fs.FileMode
	fsys *treeFS
	id   Hash
}

func (fi *fileInfo) Name() string { return fi.name }

func (fi *fileInfo) Size() int64 {
	fi.fsys.mu.Lock()
	defer fi.fsys.mu.Unlock()
	if fi.size < 0 {
		n, err := fi.fsys.g.objs.EncodedObjectSize(fi.id)
		if err != nil {
			return 0
		}
		fi.size = n
	}
	return fi.size
}

func (fi *fileInfo) Mode() fs.FileMode  { return fi.mode }
func (fi *fileInfo) ModTime() time.Time { return time.Time{} }
func (fi *fileInfo) IsDir() bool        { return fi.mode.IsDir() }

// Sys returns the id of the entry's object (a Hash): the same id means the
// same content, which a cache of what was read from a tree keys on.
func (fi *fileInfo) Sys() any { return fi.id }

type dirEntry struct{ fi *fileInfo }

func (d dirEntry) Name() string               { return d.fi.name }
func (d dirEntry) IsDir() bool                { return d.fi.IsDir() }
func (d dirEntry) Type() fs.FileMode          { return d.fi.mode.Type() }
func (d dirEntry) Info() (fs.FileInfo, error) { return d.fi, nil }

// treeFile is an open file; its content is read at the first Read, so
// that a caller can refuse a file by its size first.
type treeFile struct {
	fsys *treeFS
	name string
	id   Hash
	info *fileInfo
	r    *bytes.Reader
}

func (f *treeFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *treeFile) Close() error               { return nil }

func (f *treeFile) Read(b []byte) (int, error) {
	if f.r == nil {
		f.fsys.mu.Lock()
		data, err := f.fsys.g.Blob(f.id)
		f.fsys.mu.Unlock()
		if err != nil {
			return 0, &fs.PathError{Op: "read", Path: f.name, Err: err}
		}
		f.r = bytes.NewReader(data)
	}
	return f.r.Read(b)
}

type treeDir struct {
	fsys    *treeFS
	name    string
	info    *fileInfo
	entries []fs.DirEntry
	read    bool
}

func (d *treeDir) Stat() (fs.FileInfo, error) { return d.info, nil }
func (d *treeDir) Close() error               { return nil }
func (d *treeDir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.name, Err: errors.New("is a directory")}
}

// ReadDir follows fs.ReadDirFile: n > 0 returns at most n entries and
// io.EOF at the end; n <= 0 returns the rest.
func (d *treeDir) ReadDir(n int) ([]fs.DirEntry, error) {
	if !d.read {
		ents, err := d.fsys.ReadDir(d.name)
		if err != nil {
			return nil, err
		}
		d.entries, d.read = ents, true
	}
	if n <= 0 {
		out := d.entries
		d.entries = nil
		return out, nil
	}
	if len(d.entries) == 0 {
		return nil, io.EOF
	}
	n = min(n, len(d.entries))
	out := d.entries[:n]
	d.entries = d.entries[n:]
	return out, nil
}
