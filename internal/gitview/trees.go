package gitview

import (
	"bytes"
	"fmt"
	"path"
	"sort"
	"strconv"
	"strings"
	"unsafe"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
)

// tree is a decoded tree, held as its raw content and the offsets of its
// entries: a directory of thousands of migrations costs a few bytes per
// entry, and its names are cut from the content.
type tree struct {
	data string
	ents []rawEntry
	// ordered is set when the entries are in git's order, as git writes
	// them, so that an entry can be found by binary search.
	ordered bool
	// byName is the entries' order by plain name (a directory without its
	// slash), as the diff walks them; nil when it is the tree's order.
	byName []int
}

// rawEntry locates a tree entry: its name is data[name:end], its id the
// 20 bytes after the NUL at end.
type rawEntry struct {
	name, end uint32
	mode      filemode.FileMode
}

// len returns the number of entries; a nil tree (the zero hash) has none.
func (t *tree) len() int {
	if t == nil {
		return 0
	}
	return len(t.ents)
}

func (t *tree) name(i int) string { return t.data[t.ents[i].name:t.ents[i].end] }

func (t *tree) isDir(i int) bool { return t.ents[i].mode == filemode.Dir }

// entry returns the i-th entry in the tree's order.
func (t *tree) entry(i int) TreeEntry {
	e := t.ents[i]
	te := TreeEntry{Name: t.data[e.name:e.end], Mode: e.mode}
	copy(te.Hash[:], t.data[e.end+1:e.end+21])
	return te
}

// sorted returns the i-th entry in plain name order.
func (t *tree) sorted(i int) TreeEntry {
	if t.byName != nil {
		i = t.byName[i]
	}
	return t.entry(i)
}

// compareKey compares the name an entry named a sorts by in a tree (with
// a slash after it when it is a directory, dir) with key (followed by a
// slash when slash is set), without building either.
func compareKey(a string, dir bool, key string, slash bool) int {
	n := min(len(a), len(key))
	if c := strings.Compare(a[:n], key[:n]); c != 0 {
		return c
	}
	la, lb := len(a), len(key)
	if dir {
		la++
	}
	if slash {
		lb++
	}
	at := func(s string, i int) byte {
		if i < len(s) {
			return s[i]
		}
		return '/'
	}
	// Past the shorter name at most one byte is left to compare.
	for i := n; i < min(la, lb); i++ {
		if x, y := at(a, i), at(key, i); x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	switch {
	case la < lb:
		return -1
	case la > lb:
		return 1
	}
	return 0
}

// find returns the entry of name in t.
func (t *tree) find(name string) (TreeEntry, bool) {
	n := t.len()
	if !t.ordered {
		for i := 0; i < n; i++ {
			if t.name(i) == name {
				return t.entry(i), true
			}
		}
		return TreeEntry{}, false
	}
	// A file sorts at its name, a directory at its name and a slash.
	for _, slash := range [...]bool{false, true} {
		i := sort.Search(n, func(i int) bool { return compareKey(t.name(i), t.isDir(i), name, slash) >= 0 })
		if i < n && t.name(i) == name {
			return t.entry(i), true
		}
	}
	return TreeEntry{}, false
}

// tree returns a decoded tree, decoded once per run (the checks look at
// the same few directories of the same trees several times); nil for the
// zero hash.
func (g *Git) tree(h Hash) (*tree, error) {
	if h.IsZero() {
		return nil, nil
	}
	if t, ok := g.trees[h]; ok {
		return t, nil
	}
	data, _, err := objectData(g.objs, plumbing.TreeObject, h)
	if err != nil {
		return nil, fmt.Errorf("reading tree %s: %w", Short(h), err)
	}
	t, err := parseTree(data)
	if err != nil {
		return nil, fmt.Errorf("reading tree %s: %w", Short(h), err)
	}
	g.trees[h] = t
	return t, nil
}

// parseTree decodes a tree object's content: entries of "<octal mode>
// <name>\x00<20-byte id>". The tree refers to data, which must not change
// afterwards (objects are read-only once read).
func parseTree(data []byte) (*tree, error) {
	t := &tree{ordered: true}
	if len(data) == 0 {
		return t, nil
	}
	if uint64(len(data)) > 1<<32-64 {
		return nil, fmt.Errorf("tree too large")
	}
	t.data = unsafe.String(&data[0], len(data))
	t.ents = make([]rawEntry, 0, bytes.Count(data, []byte{0}))
	text := t.data
	nameOrder := true
	for i := 0; i < len(text); {
		sp := strings.IndexByte(text[i:], ' ')
		if sp <= 0 {
			return nil, fmt.Errorf("malformed tree entry")
		}
		mode, err := strconv.ParseUint(text[i:i+sp], 8, 32)
		if err != nil {
			return nil, fmt.Errorf("malformed tree entry mode %q", text[i:i+sp])
		}
		i += sp + 1
		nul := strings.IndexByte(text[i:], 0)
		if nul <= 0 || len(text)-i < nul+1+20 {
			return nil, fmt.Errorf("truncated tree entry or empty name")
		}
		t.ents = append(t.ents, rawEntry{name: uint32(i), end: uint32(i + nul), mode: filemode.FileMode(mode)})
		if k := len(t.ents) - 1; k > 0 {
			prev, cur := t.name(k-1), t.name(k)
			if t.ordered && compareKey(prev, t.isDir(k-1), cur, t.isDir(k)) >= 0 {
				t.ordered = false
			}
			if prev > cur {
				nameOrder = false
			}
		}
		i += nul + 21
	}
	if !nameOrder {
		t.byName = make([]int, len(t.ents))
		for i := range t.byName {
			t.byName[i] = i
		}
		sort.SliceStable(t.byName, func(i, j int) bool { return t.name(t.byName[i]) < t.name(t.byName[j]) })
	}
	return t, nil
}

// entryAt returns the entry at path p (slash-separated) of tree; ok is
// false when a component is missing or not a directory.
func (g *Git) entryAt(tree Hash, p string) (TreeEntry, bool, error) {
	cur := TreeEntry{Mode: filemode.Dir, Hash: tree}
	for rest := p; rest != ""; {
		var name string
		name, rest, _ = strings.Cut(rest, "/")
		if name == "" {
			continue
		}
		if cur.Mode != filemode.Dir {
			return TreeEntry{}, false, nil
		}
		t, err := g.tree(cur.Hash)
		if err != nil {
			return TreeEntry{}, false, err
		}
		e, ok := t.find(name)
		if !ok {
			return TreeEntry{}, false, nil
		}
		cur = e
	}
	return cur, true, nil
}

// List returns the files below dir in tree.
func (g *Git) List(tree Hash, dir string) ([]string, error) {
	if tree.IsZero() {
		return nil, nil
	}
	dir = path.Clean(dir)
	if dir == "." {
		dir = ""
	}
	e, ok, err := g.entryAt(tree, dir)
	if err != nil {
		return nil, fmt.Errorf("reading %s at tree %s: %w", dir, Short(tree), err)
	}
	if !ok || e.Mode != filemode.Dir {
		return nil, nil
	}
	key := listKey{e.Hash, dir}
	if out, ok := g.lists[key]; ok {
		return out, nil
	}
	// The paths are written into one buffer, sized for the directory's
	// own files, and cut from it; bytes once written are never written
	// again (a larger buffer is a new one), so the paths stay valid.
	var buf []byte
	var out []string
	if t, err := g.tree(e.Hash); err == nil && t != nil {
		n := 0
		for i := range t.ents {
			n += len(dir) + 1 + len(t.name(i))
		}
		buf = make([]byte, 0, n)
		out = make([]string, 0, len(t.ents))
	}
	var walk func(h Hash, prefix string) error
	walk = func(h Hash, prefix string) error {
		t, err := g.tree(h)
		if err != nil {
			return err
		}
		for i := 0; i < t.len(); i++ {
			e := t.entry(i)
			switch {
			case e.Mode == filemode.Dir:
				if err := walk(e.Hash, join(prefix, e.Name)); err != nil {
					return err
				}
			case e.Mode.IsFile():
				start := len(buf)
				if prefix != "" {
					buf = append(append(buf, prefix...), '/')
				}
				buf = append(buf, e.Name...)
				out = append(out, unsafe.String(&buf[start], len(buf)-start))
			}
		}
		return nil
	}
	if err := walk(e.Hash, dir); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, nil
	}
	if !sort.StringsAreSorted(out) {
		sort.Strings(out)
	}
	g.lists[key] = out
	return out, nil
}

// listKey is a directory's tree and its path: the files below a
// directory are listed once however many commits share the directory.
type listKey struct {
	tree Hash
	dir  string
}

// File returns the blob id of path in tree.
func (g *Git) File(tree Hash, p string) (Hash, bool, error) {
	if tree.IsZero() {
		return ZeroHash, false, nil
	}
	e, ok, err := g.entryAt(tree, p)
	if err != nil || !ok || !e.Mode.IsFile() {
		return ZeroHash, false, err
	}
	return e.Hash, true, nil
}

// Diff lists the files that differ between two trees, with renames.
//
// The trees are compared top-down and a subtree whose id is the same on
// both sides is skipped unread, so the cost is that of the directories
// that changed. Renames are then detected as go-git's DetectRenames and
// `git diff -M` detect them (see renames.go).
func (g *Git) Diff(from, to Hash) ([]Change, error) {
	var d treeDiff
	d.g = g
	if err := d.dirs("", from, to); err != nil {
		return nil, fmt.Errorf("comparing trees %s and %s: %w", Short(from), Short(to), err)
	}
	changes, err := g.detectRenames(d.changes)
	if err != nil {
		return nil, fmt.Errorf("comparing trees %s and %s: %w", Short(from), Short(to), err)
	}
	return changesOf(changes), nil
}

// changesOf converts changes to Changes sorted by path, leaving out
// submodules.
func changesOf(changes []*change) []Change {
	out := make([]Change, 0, len(changes))
	for _, c := range changes {
		if c.from.Mode == filemode.Submodule || c.to.Mode == filemode.Submodule {
			continue
		}
		ch := Change{From: c.from.Name, To: c.to.Name, FromBlob: c.from.Hash, ToBlob: c.to.Hash}
		switch {
		case ch.From == "":
			ch.Action = Added
		case ch.To == "":
			ch.Action = Deleted
		case ch.From != ch.To:
			ch.Action = Renamed
		default:
			ch.Action = Modified
		}
		out = append(out, ch)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path() < out[j].Path() })
	return out
}

// treeDiff collects the changes between two trees.
type treeDiff struct {
	g       *Git
	changes []*change
}

// sameEntry is go-git's comparison of two tree entries of one name: the
// id and the mode, a deprecated group-writable mode counting as regular.
func sameEntry(a, b TreeEntry) bool {
	norm := func(m filemode.FileMode) filemode.FileMode {
		if m == filemode.Deprecated {
			return filemode.Regular
		}
		return m
	}
	return a.Hash == b.Hash && norm(a.Mode) == norm(b.Mode)
}

func (d *treeDiff) entry(dir string, e TreeEntry) changeEntry {
	return changeEntry{Name: join(dir, e.Name), TreeEntry: e}
}

// join joins a directory ("" for the root) and a name.
func join(dir, name string) string {
	if dir == "" {
		return name
	}
	return dir + "/" + name
}

// dirs compares the directory dir, whose tree is from on one side and to
// on the other (zero: absent), walking both in name order.
func (d *treeDiff) dirs(dir string, from, to Hash) error {
	if from == to {
		return nil
	}
	a, err := d.g.tree(from)
	if err != nil {
		return err
	}
	b, err := d.g.tree(to)
	if err != nil {
		return err
	}
	i, j := 0, 0
	for i < a.len() || j < b.len() {
		var x, y TreeEntry
		if i < a.len() {
			x = a.sorted(i)
		}
		if j < b.len() {
			y = b.sorted(j)
		}
		switch {
		case j >= b.len() || (i < a.len() && x.Name < y.Name):
			if err := d.all(dir, x, false); err != nil {
				return err
			}
			i++
		case i >= a.len() || y.Name < x.Name:
			if err := d.all(dir, y, true); err != nil {
				return err
			}
			j++
		default:
			i++
			j++
			if sameEntry(x, y) {
				continue
			}
			xDir, yDir := x.Mode == filemode.Dir, y.Mode == filemode.Dir
			switch {
			case !xDir && !yDir:
				d.changes = append(d.changes, &change{from: d.entry(dir, x), to: d.entry(dir, y)})
			case xDir && yDir:
				if err := d.dirs(join(dir, x.Name), x.Hash, y.Hash); err != nil {
					return err
				}
			default:
				if err := d.all(dir, x, false); err != nil {
					return err
				}
				if err := d.all(dir, y, true); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// all records the files of an entry (itself, or every file below a
// directory) as added (insert) or deleted.
func (d *treeDiff) all(dir string, e TreeEntry, insert bool) error {
	if e.Mode != filemode.Dir {
		ce := d.entry(dir, e)
		if insert {
			d.changes = append(d.changes, &change{to: ce})
		} else {
			d.changes = append(d.changes, &change{from: ce})
		}
		return nil
	}
	t, err := d.g.tree(e.Hash)
	if err != nil {
		return err
	}
	sub := join(dir, e.Name)
	for i := 0; i < t.len(); i++ {
		if err := d.all(sub, t.sorted(i), insert); err != nil {
			return err
		}
	}
	return nil
}
