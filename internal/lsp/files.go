package lsp

import (
	"bytes"
	"io"
	"io/fs"
	"sync"
	"time"

	"github.com/migguard/migguard/internal/migrations"
)

// keptFS is a project's file system that keeps the contents of the files
// it has read, and serves a file from them while fs.Stat says it holds
// what it held when it was read (migrations.SameContent): a keystroke
// lints its set again, and reading a thousand unchanged files anew each
// time would take most of the time of the lint. A file that changed so
// recently that a change to come may keep its times (migrations.Racy) is
// read again each time.
type keptFS struct {
	base fs.FS
	mu   sync.Mutex
	kept map[string]keptFile
}

type keptFile struct {
	info fs.FileInfo
	data []byte
}

func newKeptFS(base fs.FS) *keptFS { return &keptFS{base: base, kept: map[string]keptFile{}} }

// Root says which directory the file system stands for, as its base does.
func (k *keptFS) Root() string {
	root, _ := migrations.Root(k.base)
	return root
}

func (k *keptFS) Open(name string) (fs.File, error) {
	info, err := fs.Stat(k.base, name)
	if err != nil || !info.Mode().IsRegular() {
		return k.base.Open(name)
	}
	k.mu.Lock()
	kf, ok := k.kept[name]
	k.mu.Unlock()
	if ok && migrations.SameContent(kf.info, info) {
		return &keptHandle{Reader: bytes.NewReader(kf.data), info: kf.info}, nil
	}
	f, err := k.base.Open(name)
	if err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(f, migrations.MaxFileSize+1))
	_ = f.Close() // read-only: nothing is lost
	if err != nil {
		return nil, err
	}
	if int64(len(data)) == info.Size() && !migrations.Racy(info, time.Now()) {
		k.mu.Lock()
		k.kept[name] = keptFile{info: info, data: data}
		k.mu.Unlock()
	}
	return &keptHandle{Reader: bytes.NewReader(data), info: info}, nil
}

func (k *keptFS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(k.base, name) }

// ContentIDs says that the files have ids of their content when base's
// have (see migrations.ContentKind): Stat and the handles give base's
// answers.
func (k *keptFS) ContentIDs() string { return migrations.ContentKind(k.base) }

func (k *keptFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(k.base, name) }

// keptHandle is an open file served from memory.
type keptHandle struct {
	*bytes.Reader
	info fs.FileInfo
}

func (h *keptHandle) Stat() (fs.FileInfo, error) { return h.info, nil }
func (h *keptHandle) Close() error               { return nil }
