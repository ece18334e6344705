package fix

import (
	"io/fs"
	"testing/fstest"

	"github.com/migguard/migguard/internal/migrations"
)

// overlay is a file system that reads like base except for the files it
// replaces: the project as it would be once a fix is written, which the
// fix is linted in before anything touches the disk. It replaces the
// contents of existing files only; listings come from base.
type overlay struct {
	base  fs.FS
	files fstest.MapFS
}

// NewOverlay returns base with the files replaced by the given texts
// (by slash-separated paths): a fix before it is written, or an editor's
// unsaved text (the language server). It says which directory it stands
// for when base does (migrations.Root).
func NewOverlay(base fs.FS, files map[string]string) fs.FS {
	o := &overlay{base: base, files: fstest.MapFS{}}
	for p, src := range files {
		o.files[p] = &fstest.MapFile{Data: []byte(src), Mode: 0o644}
	}
	if root, ok := migrations.Root(base); ok {
		return &rootedOverlay{overlay: o, root: root}
	}
	return o
}

func (o *overlay) Open(name string) (fs.File, error) {
	if _, ok := o.files[name]; ok {
		return o.files.Open(name)
	}
	return o.base.Open(name)
}

func (o *overlay) ReadFile(name string) ([]byte, error) {
	if _, ok := o.files[name]; ok {
		return o.files.ReadFile(name)
	}
	return fs.ReadFile(o.base, name)
}

func (o *overlay) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(o.base, name) }

func (o *overlay) Stat(name string) (fs.FileInfo, error) {
	if _, ok := o.files[name]; ok {
		return o.files.Stat(name)
	}
	return fs.Stat(o.base, name)
}

// rootedOverlay is an overlay of a file system that says which directory
// it stands for.
type rootedOverlay struct {
	*overlay
	root string
}

func (o *rootedOverlay) Root() string { return o.root }
