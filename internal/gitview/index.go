package gitview

import (
	"bytes"
	"crypto/sha1"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/index"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// IndexPath returns the index file that git would read: GIT_INDEX_FILE
// (relative to the current directory, as git sets it for hooks) or the
// git directory's index.
func (g *Git) IndexPath() string {
	if p := g.getenv("GIT_INDEX_FILE"); p != "" {
		if !filepath.IsAbs(p) {
			if wd, err := os.Getwd(); err == nil {
				p = filepath.Join(wd, p)
			}
		}
		return p
	}
	return filepath.Join(g.GitDir, "index")
}

// readIndex decodes an index file. An index written with index.skipHash
// carries a zero checksum, which go-git's decoder rejects; the checksum is
// computed and put in place before decoding.
func readIndex(p string) (*index.Index, error) {
	data, err := os.ReadFile(p)
	if errors.Is(err, os.ErrNotExist) {
		return &index.Index{Version: 2}, nil // nothing staged in a fresh repository
	}
	if err != nil {
		return nil, &IndexError{Path: p, Msg: err.Error()}
	}
	resum := false
	if n := len(data); n > 12+sha1.Size && bytes.Equal(data[n-sha1.Size:], make([]byte, sha1.Size)) {
		resum = true
	}
	if off := sparseExtension(data); off >= 0 {
		// A sparse index (git sparse-checkout --sparse-index) marks itself
		// with the empty mandatory extension "sdir", which go-git does not
		// know; its directory entries are read by buildTree. Renamed
		// "Sdir", the marker is optional and skipped.
		data = bytes.Clone(data)
		data[off] = 'S'
		resum = true
	}
	if n := len(data); resum && n > 12+sha1.Size {
		sum := sha1.Sum(data[:n-sha1.Size])
		data = append(data[:n-sha1.Size:n-sha1.Size], sum[:]...)
	}
	idx := &index.Index{}
	if err := index.NewDecoder(bytes.NewReader(data)).Decode(idx); err != nil {
		msg := "cannot read the index: " + err.Error()
		if errors.Is(err, index.ErrUnknownExtension) {
			msg += " (split-index or sparse-index? `git update-index --no-split-index` writes a plain index)"
		}
		return nil, &IndexError{Path: p, Msg: msg}
	}
	return idx, nil
}

// sparseExtension returns the offset of the "sdir" extension of an index
// file, -1 when it has none or is not an index migguard can walk: the
// entries are stepped over (versions 2 and 3 pad each to 8 bytes, version
// 4 compresses names), then the extensions up to the checksum.
func sparseExtension(data []byte) int {
	if len(data) < 12+sha1.Size || string(data[:4]) != "DIRC" {
		return -1
	}
	version := binary.BigEndian.Uint32(data[4:8])
	count := binary.BigEndian.Uint32(data[8:12])
	end := len(data) - sha1.Size
	off := 12
	for i := uint32(0); i < count; i++ {
		const fixed = 62 // stat data, mode, ids, size, object id, flags
		if off+fixed > end {
			return -1
		}
		head := fixed
		if version >= 3 && binary.BigEndian.Uint16(data[off+60:])&0x4000 != 0 {
			head += 2 // extended flags
		}
		p := off + head
		if version == 4 {
			for p < end && data[p]&0x80 != 0 { // the length of the prefix kept
				p++
			}
			p++
		}
		if p >= end {
			return -1
		}
		nul := bytes.IndexByte(data[p:end], 0)
		if nul < 0 {
			return -1
		}
		if version == 4 {
			off = p + nul + 1
		} else {
			off += (head + nul + 8) &^ 7
		}
	}
	for off+8 <= end {
		size := int(binary.BigEndian.Uint32(data[off+4:]))
		if string(data[off:off+4]) == "sdir" {
			return off
		}
		if size < 0 || size > end-off-8 {
			return -1
		}
		off += 8 + size
	}
	return -1
}

// StagedTree builds, in memory, the tree that committing the index would
// record, and returns its id. Blobs are the repository's; only the trees
// are new. Subtrees that the index's cache-tree extension still vouches
// for, and that the repository has, are reused as they are.
func (g *Git) StagedTree() (Hash, error) {
	p := g.IndexPath()
	if g.Bare() && g.getenv("GIT_INDEX_FILE") == "" {
		return ZeroHash, &IndexError{Path: g.GitDir, Msg: ErrBare.Error()}
	}
	idx, err := readIndex(p)
	if err != nil {
		return ZeroHash, err
	}
	var unmerged []string
	entries := make([]*index.Entry, 0, len(idx.Entries))
	for _, e := range idx.Entries {
		if e.Stage != 0 { // go-git names stage 0 nowhere (its Merged is 1)
			if len(unmerged) == 0 || unmerged[len(unmerged)-1] != e.Name {
				unmerged = append(unmerged, e.Name)
			}
			continue
		}
		if e.IntentToAdd {
			continue // git add -N: not part of the next commit
		}
		entries = append(entries, e)
	}
	if len(unmerged) > 0 {
		if len(unmerged) > 5 {
			unmerged = append(unmerged[:5], "…")
		}
		return ZeroHash, &IndexError{Path: p, Msg: "the index has unmerged paths (" + strings.Join(unmerged, ", ") +
			"): resolve the conflicts and `git add` them first"}
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name < entries[j].Name })
	cached := map[string]Hash{}
	if idx.Cache != nil {
		i := 0
		var walk func(prefix string)
		walk = func(prefix string) {
			if i >= len(idx.Cache.Entries) {
				return
			}
			e := idx.Cache.Entries[i]
			i++
			p := path.Join(prefix, e.Path)
			if e.Entries >= 0 && g.fast.HasEncodedObject(e.Hash) == nil {
				cached[p] = e.Hash
			}
			for k := 0; k < e.Trees; k++ {
				walk(p)
			}
		}
		walk("")
	}
	return g.buildTree("", entries, cached)
}

// buildTree writes the tree of the entries below dir ("" for the root)
// into the in-memory store. entries are sorted by path and all lie below
// dir.
func (g *Git) buildTree(dir string, entries []*index.Entry, cached map[string]Hash) (Hash, error) {
	key := dir
	if key == "" {
		key = "."
	}
	if h, ok := cached[key]; ok {
		return h, nil
	}
	prefix := ""
	if dir != "" {
		prefix = dir + "/"
	}
	var t object.Tree
	for i := 0; i < len(entries); {
		rel := strings.TrimPrefix(entries[i].Name, prefix)
		name, rest, isDir := strings.Cut(rel, "/")
		if isDir && rest == "" && entries[i].Mode == filemode.Dir {
			// A directory entry of a sparse index: the whole tree, as
			// HEAD has it, outside the sparse checkout's cone.
			t.Entries = append(t.Entries, object.TreeEntry{Name: name, Mode: filemode.Dir, Hash: entries[i].Hash})
			i++
			continue
		}
		if !isDir {
			e := entries[i]
			t.Entries = append(t.Entries, object.TreeEntry{Name: name, Mode: e.Mode, Hash: e.Hash})
			i++
			continue
		}
		j := i
		sub := prefix + name + "/"
		for j < len(entries) && strings.HasPrefix(entries[j].Name, sub) {
			j++
		}
		h, err := g.buildTree(prefix+name, entries[i:j], cached)
		if err != nil {
			return ZeroHash, err
		}
		t.Entries = append(t.Entries, object.TreeEntry{Name: name, Mode: filemode.Dir, Hash: h})
		i = j
	}
	// git orders tree entries by name, a directory as if its name ended in /.
	sortKey := func(e object.TreeEntry) string {
		if e.Mode == filemode.Dir {
			return e.Name + "/"
		}
		return e.Name
	}
	sort.Slice(t.Entries, func(i, j int) bool { return sortKey(t.Entries[i]) < sortKey(t.Entries[j]) })
	obj := g.objs.NewEncodedObject()
	if err := t.Encode(obj); err != nil {
		return ZeroHash, fmt.Errorf("building the staged tree: %w", err)
	}
	return g.objs.SetEncodedObject(obj)
}
