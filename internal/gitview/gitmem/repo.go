package gitmem

import (
	"encoding/hex"
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/migguard/migguard/internal/gitview"
)

// Head implements gitview.Repo.
func (r *Repo) Head() (gitview.Head, error) {
	if r.head == "" {
		return gitview.Head{Commit: r.detached}, nil
	}
	h := gitview.Head{Branch: strings.TrimPrefix(r.head, "refs/heads/")}
	c, ok := r.refs[r.head]
	if !ok {
		h.Unborn = true
		return h, nil
	}
	h.Commit = c
	return h, nil
}

// Resolve implements gitview.Repo: HEAD, a full ref name, a tag, a local
// branch, a remote-tracking branch (in git's order of precedence) or a
// commit id or its unique prefix of at least 4 hex digits.
func (r *Repo) Resolve(rev string) (Hash, error) {
	if rev == "HEAD" {
		if h, _ := r.Head(); !h.Unborn {
			return h.Commit, nil
		}
	}
	for _, ref := range []string{rev, "refs/" + rev, "refs/tags/" + rev, "refs/heads/" + rev, "refs/remotes/" + rev} {
		if c, ok := r.refs[ref]; ok {
			return c, nil
		}
	}
	if _, err := hex.DecodeString(rev + strings.Repeat("0", len(rev)%2)); err == nil && len(rev) >= 4 && len(rev) <= 40 {
		var found []Hash
		for id := range r.commits {
			if strings.HasPrefix(id.String(), strings.ToLower(rev)) {
				found = append(found, id)
			}
		}
		if len(found) == 1 {
			return found[0], nil
		}
	}
	return gitview.ZeroHash, fmt.Errorf("unknown revision %q", rev)
}

// ResolveBase implements gitview.Repo with the rules documented there: a
// name with a slash or a full ref as given (a remote-tracking branch
// before a local one), else the local branch, or origin/<name> when the
// local one is missing, behind it or diverged from it.
func (r *Repo) ResolveBase(names []string) (gitview.Base, error) {
	ref := func(full string) (Hash, bool) { c, ok := r.refs[full]; return c, ok }
	commit := func(rev string) (Hash, bool) { c, err := r.Resolve(rev); return c, err == nil }
	return gitview.ChooseBase(names, ref, commit, r.IsAncestor)
}

// ancestors returns c and the commits reachable from it within the
// clone's history, and whether the walk reached a shallow boundary.
func (r *Repo) ancestors(c Hash) (map[Hash]bool, bool, error) {
	seen := map[Hash]bool{}
	cut := false
	todo := []Hash{c}
	for len(todo) > 0 {
		h := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		if seen[h] {
			continue
		}
		ci, ok := r.commits[h]
		if !ok {
			return nil, false, fmt.Errorf("reading commit %s: object not found", gitview.Short(h))
		}
		seen[h] = true
		if r.boundary[h] {
			cut = true
			continue
		}
		todo = append(todo, ci.parents...)
	}
	return seen, cut, nil
}

// MergeBase implements gitview.Repo. It returns the newest common
// ancestor, which no other common ancestor descends from (of a criss-cross
// history's best common ancestors, git too returns the newest). When the
// histories meet only beyond a shallow boundary the error is a
// *gitview.ShallowError.
func (r *Repo) MergeBase(a, b Hash) (Hash, error) {
	if a == b {
		if _, ok := r.commits[a]; !ok {
			return gitview.ZeroHash, fmt.Errorf("reading commit %s: object not found", gitview.Short(a))
		}
		return a, nil
	}
	fromA, cutA, err := r.ancestors(a)
	if err != nil {
		return gitview.ZeroHash, err
	}
	fromB, cutB, err := r.ancestors(b)
	if err != nil {
		return gitview.ZeroHash, err
	}
	var common []Hash
	for h := range fromA {
		if fromB[h] {
			common = append(common, h)
		}
	}
	if len(common) == 0 {
		if cutA || cutB {
			return gitview.ZeroHash, &gitview.ShallowError{A: a, B: b}
		}
		return gitview.ZeroHash, gitview.ErrNoMergeBase
	}
	// A commit is made after its parents, so the newest common ancestor
	// is no ancestor of another one.
	best := common[0]
	for _, c := range common[1:] {
		if r.commits[c].n > r.commits[best].n {
			best = c
		}
	}
	return best, nil
}

// IsAncestor implements gitview.Repo. When a is not found above b and the
// walk from b reached a shallow boundary, the error is a
// *gitview.ShallowError.
func (r *Repo) IsAncestor(a, b Hash) (bool, error) {
	if _, ok := r.commits[a]; !ok {
		return false, fmt.Errorf("reading commit %s: object not found", gitview.Short(a))
	}
	up, cut, err := r.ancestors(b)
	if err != nil {
		return false, err
	}
	if !up[a] && cut {
		return false, &gitview.ShallowError{A: a, B: b}
	}
	return up[a], nil
}

// CommitTree implements gitview.Repo.
func (r *Repo) CommitTree(c Hash) (Hash, error) {
	ci, ok := r.commits[c]
	if !ok {
		return gitview.ZeroHash, fmt.Errorf("reading commit %s: object not found", gitview.Short(c))
	}
	return ci.tree, nil
}

// StagedTree implements gitview.Repo: the tree Stage set, else HEAD's
// (the empty tree on an unborn branch).
func (r *Repo) StagedTree() (Hash, error) {
	if r.index != nil {
		return *r.index, nil
	}
	h, _ := r.Head()
	if h.Unborn {
		return r.Tree(nil), nil
	}
	return r.commits[h.Commit].tree, nil
}

// Diff implements gitview.Repo. Changes are sorted by path; a rename is
// found only between a deleted and an added file of equal content (see the
// package documentation).
func (r *Repo) Diff(from, to Hash) ([]gitview.Change, error) {
	a, err := r.filesOf(from)
	if err != nil {
		return nil, err
	}
	b, err := r.filesOf(to)
	if err != nil {
		return nil, err
	}
	var out []gitview.Change
	var deleted, added []gitview.Change
	for p, id := range a {
		switch nid, ok := b[p]; {
		case !ok:
			deleted = append(deleted, gitview.Change{Action: gitview.Deleted, From: p, FromBlob: id})
		case nid != id:
			out = append(out, gitview.Change{Action: gitview.Modified, From: p, To: p, FromBlob: id, ToBlob: nid})
		}
	}
	for p, id := range b {
		if _, ok := a[p]; !ok {
			added = append(added, gitview.Change{Action: gitview.Added, To: p, ToBlob: id})
		}
	}
	byPath := func(cs []gitview.Change) {
		sort.Slice(cs, func(i, j int) bool { return cs[i].Path() < cs[j].Path() })
	}
	byPath(deleted)
	byPath(added)
	for _, add := range added {
		i := indexBlob(deleted, add.ToBlob)
		if i < 0 {
			out = append(out, add)
			continue
		}
		del := deleted[i]
		deleted = append(deleted[:i], deleted[i+1:]...)
		out = append(out, gitview.Change{Action: gitview.Renamed, From: del.From, To: add.To, FromBlob: del.FromBlob, ToBlob: add.ToBlob})
	}
	out = append(out, deleted...)
	byPath(out)
	return out, nil
}

func indexBlob(cs []gitview.Change, id Hash) int {
	for i, c := range cs {
		if c.FromBlob == id {
			return i
		}
	}
	return -1
}

// filesOf returns the files of a tree, path → blob (none for the zero
// hash), or an error for an unknown tree.
func (r *Repo) filesOf(tree Hash) (map[string]Hash, error) {
	if tree.IsZero() {
		return nil, nil
	}
	t, ok := r.trees[tree]
	if !ok {
		return nil, fmt.Errorf("reading tree %s: object not found", gitview.Short(tree))
	}
	return t, nil
}

// List implements gitview.Repo.
func (r *Repo) List(tree Hash, dir string) ([]string, error) {
	files, err := r.filesOf(tree)
	if err != nil {
		return nil, err
	}
	dir = strings.Trim(path.Clean("/"+dir), "/")
	var out []string
	for p := range files {
		if dir == "" || strings.HasPrefix(p, dir+"/") {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out, nil
}

// Blob implements gitview.Repo.
func (r *Repo) Blob(id Hash) ([]byte, error) {
	b, ok := r.blobs[id]
	if !ok {
		return nil, fmt.Errorf("reading blob %s: object not found", gitview.Short(id))
	}
	return b, nil
}

// File implements gitview.Repo.
func (r *Repo) File(tree Hash, p string) (Hash, bool, error) {
	files, err := r.filesOf(tree)
	if err != nil {
		return gitview.ZeroHash, false, err
	}
	id, ok := files[strings.Trim(path.Clean("/"+p), "/")]
	return id, ok, nil
}

// MergeHeads implements gitview.Repo.
func (r *Repo) MergeHeads() ([]Hash, error) { return r.merging, nil }

// Shallow implements gitview.Repo.
func (r *Repo) Shallow() bool { return len(r.boundary) > 0 }
