package fix

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"path"
	"slices"
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
		sum := sha256.Sum256([]byte(src))
		o.files[p] = &fstest.MapFile{Data: []byte(src), Mode: 0o644, Sys: textID(hex.EncodeToString(sum[:]))}
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

// ContentIDs says that the overlay's files have ids of their content
// when base's have (see migrations.ContentKind): a replaced file's is a
// hash of its text, which its Stat gives (textID). The cache of loaded sets
// and of what reading them found then serves the language server, which
// lints through an overlay of the open documents at every change.
func (o *overlay) ContentIDs() string { return migrations.ContentKind(o.base) }

// textID is the content id of a replaced file, as its FileInfo's Sys.
type textID string

func (t textID) String() string { return "text " + string(t) }

// ReadDir lists base's directory; the entry of a replaced file describes
// it as the overlay holds it (Info gives its textID), as Open does.
func (o *overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, err := fs.ReadDir(o.base, name)
	cloned := false
	for i, e := range entries {
		p := path.Join(name, e.Name())
		if _, ok := o.files[p]; ok && e.Type().IsRegular() {
			if !cloned {
				entries, cloned = slices.Clone(entries), true // base's own, maybe kept
			}
			entries[i] = replacedEntry{DirEntry: e, fsys: o.files, name: p}
		}
	}
	return entries, err
}

// replacedEntry is the directory entry of a replaced file.
type replacedEntry struct {
	fs.DirEntry
	fsys fstest.MapFS
	name string
}

func (e replacedEntry) Info() (fs.FileInfo, error) { return e.fsys.Stat(e.name) }

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
