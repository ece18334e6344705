// Package gitmem is an in-memory gitview.Repo for the tests of the
// git-side checks (hooks/scope, hooks/branch, hooks/models): a test builds
// a history from maps of path → content, names branches, points HEAD at
// one, stages an index, and runs a check over it without a git binary or
// a directory on disk.
//
// Object ids are git's. A blob's id is the SHA-1 of "blob <size>\x00" and
// its content, and a tree's is the id of the tree object git writes for
// the same files, so equal contents give equal ids and a tree built here
// has the id that `git write-tree` gives for the same files. Commit ids are
// SHA-1s of commit objects with a fixed identity and a date that grows by
// a minute with each commit: they are unique here but differ from any real
// repository's.
//
// What it leaves out: every file is a regular file (no modes, symbolic
// links or submodules); there are no tag objects or reflogs; Resolve knows
// names and hashes but no revision syntax such as HEAD~1. Diff detects a
// rename only when the content did not change: git also pairs a deleted
// and an added file that are at least 50% similar, which Diff reports as a
// deletion and an addition. When several deleted and added files share one
// content, Diff pairs them in path order, where git prefers the most
// similar names.
package gitmem

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/migguard/migguard/internal/gitview"
)

// Hash is a git object id.
type Hash = gitview.Hash

// Deleted, given as the content of a path in the changes of Commit, Merge
// or Stage, removes the path.
const Deleted = "\x00deleted\x00"

// Repo is an in-memory repository. Its builder methods (Tree, NewCommit,
// Commit, Merge, SetRef, Checkout, Detach, Stage, SetMergeHeads,
// SetShallow) panic on misuse, such as a path that is not clean or a
// commit that does not exist: they are for tests, where that is a bug in
// the test.
type Repo struct {
	blobs   map[Hash][]byte
	trees   map[Hash]map[string]Hash // tree → path → blob, every file below it
	commits map[Hash]*commit
	refs    map[string]Hash // full ref name → commit
	// head is the full ref HEAD points at, "" when HEAD is detached at
	// detached.
	head     string
	detached Hash
	// index is the staged tree; nil while it is HEAD's.
	index    *Hash
	merging  []Hash
	boundary map[Hash]bool // the commits of a shallow clone whose parents are cut off
	n        int           // commits made, for dates
}

type commit struct {
	tree    Hash
	parents []Hash
	n       int // the order it was made in
}

var _ gitview.Repo = (*Repo)(nil)

// New returns an empty repository with HEAD on the unborn branch develop,
// as `git init -b develop` leaves it.
func New() *Repo {
	r := &Repo{
		blobs:   map[Hash][]byte{},
		trees:   map[Hash]map[string]Hash{},
		commits: map[Hash]*commit{},
		refs:    map[string]Hash{},
		head:    "refs/heads/develop",
	}
	r.Tree(nil)
	return r
}

// Tree stores the files (slash-separated path → content) and returns the
// id of their tree.
func (r *Repo) Tree(files map[string]string) Hash {
	ids := make(map[string]Hash, len(files))
	for p, content := range files {
		if p == "" || path.Clean(p) != p || strings.HasPrefix(p, "/") || p == "." || strings.HasPrefix(p, "../") || p == ".." {
			panic(fmt.Sprintf("gitmem: %q is not a clean relative path", p))
		}
		if content == Deleted {
			continue
		}
		id := plumbing.ComputeHash(plumbing.BlobObject, []byte(content))
		r.blobs[id] = []byte(content)
		ids[p] = id
	}
	id := treeID(ids)
	r.trees[id] = ids
	return id
}

// treeID returns the id of the tree object git writes for the files: its
// entries sorted by name, a directory's name compared as if it ended in
// "/", each "<mode> <name>\x00" and the 20 bytes of the entry's id.
func treeID(files map[string]Hash) Hash {
	type entry struct {
		name string
		dir  bool
		id   Hash
	}
	var ents []entry
	subdirs := map[string]map[string]Hash{}
	for p, id := range files {
		dir, rest, nested := strings.Cut(p, "/")
		if !nested {
			ents = append(ents, entry{name: p, id: id})
			continue
		}
		if subdirs[dir] == nil {
			subdirs[dir] = map[string]Hash{}
		}
		subdirs[dir][rest] = id
	}
	for dir, sub := range subdirs {
		ents = append(ents, entry{name: dir, dir: true, id: treeID(sub)})
	}
	key := func(e entry) string {
		if e.dir {
			return e.name + "/"
		}
		return e.name
	}
	sort.Slice(ents, func(i, j int) bool { return key(ents[i]) < key(ents[j]) })
	var b bytes.Buffer
	for _, e := range ents {
		mode := "100644"
		if e.dir {
			mode = "40000"
		}
		fmt.Fprintf(&b, "%s %s\x00", mode, e.name)
		b.Write(e.id[:])
	}
	return plumbing.ComputeHash(plumbing.TreeObject, b.Bytes())
}

// Files returns the files of a tree, path → content; the zero hash is the
// empty tree.
func (r *Repo) Files(tree Hash) map[string]string {
	out := map[string]string{}
	for p, id := range r.tree(tree) {
		out[p] = string(r.blobs[id])
	}
	return out
}

// tree returns the files of a tree, path → blob; it panics on an unknown
// tree.
func (r *Repo) tree(id Hash) map[string]Hash {
	if id.IsZero() {
		return nil
	}
	t, ok := r.trees[id]
	if !ok {
		panic("gitmem: unknown tree " + id.String())
	}
	return t
}

// NewCommit stores a commit of the tree with the parents and returns its
// id. It moves no branch.
func (r *Repo) NewCommit(tree Hash, parents ...Hash) Hash {
	r.tree(tree)
	for _, p := range parents {
		r.mustCommit(p)
	}
	r.n++
	var b strings.Builder
	fmt.Fprintf(&b, "tree %s\n", tree)
	for _, p := range parents {
		fmt.Fprintf(&b, "parent %s\n", p)
	}
	date := 1700000000 + 60*r.n
	fmt.Fprintf(&b, "author Test <test@example.invalid> %d +0000\ncommitter Test <test@example.invalid> %d +0000\n\ncommit %d\n", date, date, r.n)
	id := plumbing.ComputeHash(plumbing.CommitObject, []byte(b.String()))
	r.commits[id] = &commit{tree: tree, parents: slices.Clone(parents), n: r.n}
	return id
}

func (r *Repo) mustCommit(id Hash) *commit {
	c, ok := r.commits[id]
	if !ok {
		panic("gitmem: unknown commit " + id.String())
	}
	return c
}

// refName returns the full name of a ref: a name starting with "refs/" is
// full; "origin/<name>" is the remote-tracking branch
// refs/remotes/origin/<name>; anything else is the local branch
// refs/heads/<name>.
func refName(name string) string {
	switch {
	case strings.HasPrefix(name, "refs/"):
		return name
	case strings.HasPrefix(name, "origin/"):
		return "refs/remotes/" + name
	}
	return "refs/heads/" + name
}

// SetRef points a ref at a commit (see Commit for how names are read); the
// zero hash removes the ref.
func (r *Repo) SetRef(name string, c Hash) {
	if c.IsZero() {
		delete(r.refs, refName(name))
		return
	}
	r.mustCommit(c)
	r.refs[refName(name)] = c
}

// tip returns the commit a ref names, zero when there is none.
func (r *Repo) tip(name string) Hash { return r.refs[refName(name)] }

// Commit makes a commit on a branch and returns it. The branch is
// "develop", "origin/develop" or a full ref name such as refs/tags/v1.
// The commit's parent is the branch's tip, its tree the tip's files with
// the changes applied (path → content, or Deleted); on a branch without a
// tip it is a root commit of the changes. Committing on the branch HEAD
// is on makes the index HEAD's tree again, as `git commit -a` does.
func (r *Repo) Commit(branch string, changes map[string]string) Hash {
	var parents []Hash
	files := map[string]string{}
	if t := r.tip(branch); !t.IsZero() {
		parents = append(parents, t)
		files = r.Files(r.commits[t].tree)
	}
	return r.commitOn(branch, apply(files, changes), parents...)
}

func (r *Repo) commitOn(branch string, files map[string]string, parents ...Hash) Hash {
	c := r.NewCommit(r.Tree(files), parents...)
	r.SetRef(branch, c)
	if refName(branch) == r.head {
		r.index = nil
	}
	return c
}

// apply returns files with the changes applied.
func apply(files, changes map[string]string) map[string]string {
	out := maps.Clone(files)
	if out == nil {
		out = map[string]string{}
	}
	for p, content := range changes {
		if content == Deleted {
			delete(out, p)
		} else {
			out[p] = content
		}
	}
	return out
}

// Merge makes a merge commit on branch with the tip of other as second
// parent, and returns it. Its tree is the branch's files with what other
// changed since their merge-base (other wins where both changed a file:
// there are no conflicts), then the changes applied.
func (r *Repo) Merge(branch, other string, changes map[string]string) Hash {
	ours, theirs := r.tip(branch), r.tip(other)
	r.mustCommit(ours)
	r.mustCommit(theirs)
	var base map[string]string
	if mb, err := r.MergeBase(ours, theirs); err == nil {
		base = r.Files(r.commits[mb].tree)
	} else if !errors.Is(err, gitview.ErrNoMergeBase) {
		panic("gitmem: " + err.Error())
	}
	files := r.Files(r.commits[ours].tree)
	them := r.Files(r.commits[theirs].tree)
	for p, c := range them {
		if b, ok := base[p]; !ok || b != c {
			files[p] = c
		}
	}
	for p := range base {
		if _, ok := them[p]; !ok {
			delete(files, p)
		}
	}
	return r.commitOn(branch, apply(files, changes), ours, theirs)
}

// Checkout points HEAD at a local branch, which need not exist yet (an
// unborn branch). The index becomes the branch's tree.
func (r *Repo) Checkout(branch string) {
	r.head = "refs/heads/" + strings.TrimPrefix(branch, "refs/heads/")
	r.index = nil
}

// Detach points HEAD at a commit; the index becomes its tree.
func (r *Repo) Detach(c Hash) {
	r.mustCommit(c)
	r.head, r.detached, r.index = "", c, nil
}

// Stage sets the index to HEAD's files with the changes applied and
// returns the staged tree. Stage with no changes unstages everything.
func (r *Repo) Stage(changes map[string]string) Hash {
	var files map[string]string
	if h, _ := r.Head(); !h.Unborn {
		files = r.Files(r.commits[h.Commit].tree)
	}
	id := r.Tree(apply(files, changes))
	r.index = &id
	return id
}

// SetMergeHeads records the commits of a merge in progress (MERGE_HEAD);
// none ends it.
func (r *Repo) SetMergeHeads(cs ...Hash) {
	for _, c := range cs {
		r.mustCommit(c)
	}
	r.merging = slices.Clone(cs)
}

// SetShallow makes the repository a shallow clone whose history ends at
// the boundary commits: their parents are out of reach, as if never
// fetched.
func (r *Repo) SetShallow(boundary ...Hash) {
	r.boundary = map[Hash]bool{}
	for _, c := range boundary {
		r.mustCommit(c)
		r.boundary[c] = true
	}
}
