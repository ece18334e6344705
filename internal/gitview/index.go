package gitview

import (
	"crypto/sha1"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/index"
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

// readIndexData reads and decodes an index file (see decodeIndex) and
// returns its bytes too; none for a missing index.
func readIndexData(p string) ([]byte, *index.Index, error) {
	data, err := os.ReadFile(p)
	if errors.Is(err, os.ErrNotExist) {
		return nil, &index.Index{Version: 2}, nil // nothing staged in a fresh repository
	}
	if err != nil {
		return nil, nil, &IndexError{Path: p, Msg: err.Error()}
	}
	idx, err := decodeIndex(data)
	if err != nil {
		msg := "cannot read the index: " + err.Error()
		if errors.Is(err, index.ErrUnknownExtension) {
			msg += " (split-index? `git update-index --no-split-index` writes a plain index)"
		}
		return nil, nil, &IndexError{Path: p, Msg: msg}
	}
	return data, idx, nil
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
	if g.memo != nil {
		if k, ok := stagedKey(p); ok {
			if h, ok := g.stagedFromCache(k); ok {
				return h, nil
			}
		}
	}
	data, idx, err := readIndexData(p)
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
	var rec *stagedRecord
	if g.memo != nil {
		rec = &stagedRecord{}
	}
	h, err := g.buildTree("", entries, cached, rec)
	// The key comes from the bytes decoded, not from a second look at the
	// file, which may have been written since.
	if err == nil && rec != nil && !rec.full && len(data) >= sha1.Size {
		if k, ok := stagedKeyOf(int64(len(data)), data[len(data)-sha1.Size:]); ok {
			g.keepStaged(k, h, rec)
		}
	}
	return h, err
}

// buildTree writes the tree of the entries below dir ("" for the root)
// into the in-memory store. entries are sorted by path and all lie below
// dir.
func (g *Git) buildTree(dir string, entries []*index.Entry, cached map[string]Hash, rec *stagedRecord) (Hash, error) {
	key := dir
	if key == "" {
		key = "."
	}
	if h, ok := cached[key]; ok {
		rec.reuse(h)
		return h, nil
	}
	prefix := ""
	if dir != "" {
		prefix = dir + "/"
	}
	var ents []TreeEntry
	for i := 0; i < len(entries); {
		rel := strings.TrimPrefix(entries[i].Name, prefix)
		name, rest, isDir := strings.Cut(rel, "/")
		if isDir && rest == "" && entries[i].Mode == filemode.Dir {
			// A directory entry of a sparse index: the whole tree, as
			// HEAD has it, outside the sparse checkout's cone.
			ents = append(ents, TreeEntry{Name: name, Mode: filemode.Dir, Hash: entries[i].Hash})
			i++
			continue
		}
		if !isDir {
			e := entries[i]
			ents = append(ents, TreeEntry{Name: name, Mode: e.Mode, Hash: e.Hash})
			i++
			continue
		}
		// The entries below the directory follow one another (entries
		// are sorted by path): the first one past them is found by
		// bisection, so that a subtree the cache-tree vouches for costs
		// no walk over its entries.
		sub := prefix + name + "/"
		j := i + sort.Search(len(entries)-i, func(k int) bool { return !strings.HasPrefix(entries[i+k].Name, sub) })
		h, err := g.buildTree(prefix+name, entries[i:j], cached, rec)
		if err != nil {
			return ZeroHash, err
		}
		ents = append(ents, TreeEntry{Name: name, Mode: filemode.Dir, Hash: h})
		i = j
	}
	data, err := EncodeTree(ents)
	if err != nil {
		return ZeroHash, fmt.Errorf("building the staged tree: %w", err)
	}
	h, err := StoreObject(g.objs, plumbing.TreeObject, data)
	if err == nil {
		rec.add(h, data)
	}
	return h, err
}

// compareTreeEntries orders tree entries as git does: by name, a
// directory as if its name ended in "/" (go-git's TreeEntrySorter order,
// without building the strings it compares).
func compareTreeEntries(a, b TreeEntry) int {
	ka, kb := len(a.Name), len(b.Name)
	if a.Mode == filemode.Dir {
		ka++
	}
	if b.Mode == filemode.Dir {
		kb++
	}
	n := min(len(a.Name), len(b.Name))
	if c := strings.Compare(a.Name[:n], b.Name[:n]); c != 0 {
		return c
	}
	for i := n; i < ka && i < kb; i++ {
		if ca, cb := sortByte(a, i), sortByte(b, i); ca != cb {
			return int(ca) - int(cb)
		}
	}
	return ka - kb
}

// sortByte is byte i of a tree entry's name as git sorts it: the name,
// then "/" for a directory.
func sortByte(e TreeEntry, i int) byte {
	if i < len(e.Name) {
		return e.Name[i]
	}
	return '/'
}

// EncodeTree returns the content of the tree object of entries, which it
// sorts, as git writes it.
func EncodeTree(entries []TreeEntry) ([]byte, error) {
	slices.SortFunc(entries, compareTreeEntries)
	return treeContent(entries)
}

// treeContent writes a tree object's content as git does, and as go-git's
// object.Tree.Encode does (one formatted write per entry, too slow for a
// directory of thousands of migrations): "<octal mode> <name>\0<hash>"
// per entry, entries sorted.
func treeContent(entries []TreeEntry) ([]byte, error) {
	b := make([]byte, 0, len(entries)*64)
	for _, e := range entries {
		if strings.IndexByte(e.Name, 0) >= 0 {
			return nil, fmt.Errorf("malformed filename %q", e.Name)
		}
		b = strconv.AppendUint(b, uint64(e.Mode), 8)
		b = append(b, ' ')
		b = append(b, e.Name...)
		b = append(b, 0)
		b = append(b, e.Hash[:]...)
	}
	return b, nil
}
