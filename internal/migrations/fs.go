package migrations

import (
	"fmt"
	"io"
	"io/fs"
	"os"
)

// The loaders read a repository through an fs.FS with slash-separated
// paths relative to its top: Dir for a directory of the file system, or a
// tree that git holds (the staged index, a pushed commit), which the
// pre-commit and pre-push checks read without writing it anywhere.

// Dir returns the directory root of the file system as an fs.FS. Unlike
// os.DirFS it can say which directory it is (see Root), so that absolute
// paths written in configuration files resolve against it.
func Dir(root string) fs.FS { return dirFS{fsys: os.DirFS(root), root: root} }

type dirFS struct {
	fsys fs.FS
	root string
}

func (d dirFS) Open(name string) (fs.File, error)          { return d.fsys.Open(name) }
func (d dirFS) ReadFile(name string) ([]byte, error)       { return fs.ReadFile(d.fsys, name) }
func (d dirFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(d.fsys, name) }
func (d dirFS) Stat(name string) (fs.FileInfo, error)      { return fs.Stat(d.fsys, name) }
func (d dirFS) Root() string                               { return d.root }

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
func ReadFile(fsys fs.FS, name string) ([]byte, error) { return readFile(fsys, name, MaxFileSize) }

func readFile(fsys fs.FS, name string, limit int64) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	size := int64(0)
	if st, err := f.Stat(); err == nil {
		if st.IsDir() {
			return nil, fmt.Errorf("is a directory")
		}
		size = st.Size()
	}
	tooLarge := fmt.Errorf("file is larger than %d MiB", limit>>20)
	if size > limit {
		return nil, tooLarge
	}
	data := make([]byte, 0, size+1)
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := f.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if int64(len(data)) > limit {
			return nil, tooLarge
		}
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return nil, err
		}
	}
}
