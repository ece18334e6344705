// Package gitview is migguard's read-only view of a git repository: what the
// branch and models checks need to know about commits, trees and the staged
// index, and nothing more.
//
// Repo is a small interface so that the checks can be tested against a fake;
// Open returns the implementation over go-git. The implementation covers the
// traps of running inside git hooks and CI checkouts:
//
//   - GIT_DIR and GIT_INDEX_FILE are honoured (git sets the latter to a
//     temporary index during `git commit -a` and `git commit <paths>`);
//   - linked worktrees (`git worktree add`) read HEAD and the index from
//     their own git directory and everything else from the common one;
//   - a shallow clone is detected, and a merge-base that lies beyond the
//     shallow boundary is an error that says how to deepen, never a wrong
//     answer;
//   - the merge-base walk stops as soon as the answer is known (git's
//     paint-down-to-common algorithm) rather than walking the whole
//     history, so deep histories cost no more than the branch;
//   - an index written with index.skipHash (git ≥ 2.40, feature.manyFiles)
//     is read, and so is a sparse index (git sparse-checkout
//     --sparse-index), whose directories outside the cone are one entry;
//   - the extensions of a repository's configuration are checked here, not
//     by go-git, which refuses all of them: worktreeConfig (written by git
//     sparse-checkout; config.worktree is read), partialClone and
//     preciousObjects are read correctly, and a SHA-256 repository or an
//     unknown extension is a *FormatError that says what to do instead;
//   - in a partial clone (git clone --filter), an object the filter left
//     out is fetched when first read, through `git cat-file --batch-check`
//     as git would fetch it (see promisor.go), or the error names it and
//     the command that fetches it;
//   - a bare repository is found from its directory, and its commits read
//     (it has no index);
//   - a blob larger than MaxBlobSize is refused by the size its header
//     records, before it is inflated.
package gitview

import (
	"errors"
	"fmt"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
)

// Hash is a git object id.
type Hash = plumbing.Hash

// ZeroHash is the id of nothing: an unborn branch, or the empty tree in
// Diff.
var ZeroHash Hash

// Short returns the first 10 hex digits of h.
func Short(h Hash) string { return h.String()[:10] }

// Action is what happened to a path between two trees.
type Action int

// The actions of a Change.
const (
	Added Action = iota + 1
	Deleted
	Modified
	Renamed // a path moved, maybe with edits; From and To differ
)

func (a Action) String() string {
	switch a {
	case Added:
		return "added"
	case Deleted:
		return "deleted"
	case Modified:
		return "modified"
	case Renamed:
		return "renamed"
	}
	return fmt.Sprintf("Action(%d)", int(a))
}

// Change is one file changed between two trees. Paths are slash-separated
// and relative to the repository root.
type Change struct {
	Action   Action
	From, To string // From is "" when Added, To is "" when Deleted
	FromBlob Hash   // zero when Added
	ToBlob   Hash   // zero when Deleted
}

// Path returns the path after the change (the old path of a deletion).
func (c Change) Path() string {
	if c.To != "" {
		return c.To
	}
	return c.From
}

// Head is what HEAD points at.
type Head struct {
	// Branch is the short name of the checked-out branch, "" when HEAD is
	// detached.
	Branch string
	// Commit is the commit HEAD resolves to, zero when Unborn.
	Commit Hash
	// Unborn is true on a branch without commits yet.
	Unborn bool
}

// Base is the resolved base branch.
type Base struct {
	// Name is the ref as printed: "develop" or "origin/develop".
	Name string
	// Branch is the branch name without a remote: "develop".
	Branch string
	// Ref is the full ref name.
	Ref    string
	Commit Hash
	// Note explains a choice between the local branch and origin's, "" when
	// there was nothing to choose.
	Note string
}

// Repo is a read-only view of a repository.
type Repo interface {
	// Head returns what HEAD points at.
	Head() (Head, error)
	// Resolve returns the commit a revision (branch, tag, remote ref, full
	// ref or hash) names.
	Resolve(rev string) (Hash, error)
	// ResolveBase finds the base branch: the first of names that exists,
	// as a local branch or as origin/<name>. origin/<name> is taken when
	// the local branch is missing, behind it, or diverged from it. A name
	// with a slash or a full ref is resolved as given. When no name is a
	// branch, the first that names a commit (an id, a tag) is the base.
	// The error is a *BaseError when none exists.
	ResolveBase(names []string) (Base, error)
	// MergeBase returns the best common ancestor of a and b. The error is
	// ErrNoMergeBase when they share no history, or a *ShallowError when
	// the history needed lies beyond a shallow clone's boundary.
	MergeBase(a, b Hash) (Hash, error)
	// IsAncestor reports whether a is b or an ancestor of b.
	IsAncestor(a, b Hash) (bool, error)
	// CommitTree returns the tree of a commit.
	CommitTree(c Hash) (Hash, error)
	// StagedTree returns the tree that committing the index would record.
	// It reads GIT_INDEX_FILE when set. The error is an *IndexError when
	// the index has unmerged paths or cannot be read.
	StagedTree() (Hash, error)
	// Diff lists the files that differ between two trees, detecting
	// renames. A zero hash is the empty tree.
	Diff(from, to Hash) ([]Change, error)
	// List returns the paths of the files below dir (slash-separated,
	// relative to the repository root; "." is the root) in tree, sorted.
	// A missing dir gives no paths and no error.
	// The slice may be shared between calls: callers must not modify it.
	List(tree Hash, dir string) ([]string, error)
	// Blob returns a blob's content.
	Blob(id Hash) ([]byte, error)
	// File returns the blob id of path in tree; ok is false when there is
	// no such file.
	File(tree Hash, path string) (id Hash, ok bool, err error)
	// MergeHeads returns the commits being merged (MERGE_HEAD) while a
	// merge is in progress, else nil.
	MergeHeads() ([]Hash, error)
	// Shallow reports whether the repository is a shallow clone.
	Shallow() bool
}

// ErrNoMergeBase says that two commits share no history.
var ErrNoMergeBase = errors.New("the commits share no history")

// ShallowError is a merge-base that cannot be found because the clone is
// shallow.
type ShallowError struct {
	A, B Hash
}

func (e *ShallowError) Error() string {
	return fmt.Sprintf("shallow clone: the common ancestor of %s and %s is not in this clone's history; "+
		"fetch more history with `git fetch --deepen=200` (repeat as needed) or `git fetch --unshallow` "+
		"(GitHub Actions: actions/checkout with fetch-depth: 0)", Short(e.A), Short(e.B))
}

// BaseError says that no base branch exists.
type BaseError struct {
	Tried []string
}

func (e *BaseError) Error() string {
	var refs []string
	for _, n := range e.Tried {
		if strings.Contains(n, "/") {
			refs = append(refs, n)
		} else {
			refs = append(refs, n, "origin/"+n)
		}
	}
	fetch := "develop"
	if len(e.Tried) > 0 {
		fetch = e.Tried[0]
		if i := strings.Index(fetch, "/"); i >= 0 && !strings.HasPrefix(fetch, "refs/") {
			fetch = fetch[i+1:]
		}
	}
	return fmt.Sprintf("base branch not found: none of %s exists in this repository; "+
		"fetch it with `git fetch origin %s` (GitHub Actions: actions/checkout with fetch-depth: 0), "+
		"or name it with -base or base_branch in .migguard.yaml", strings.Join(refs, ", "), fetch)
}

// IndexError is an index that cannot give a staged tree.
type IndexError struct {
	Path string
	Msg  string
}

func (e *IndexError) Error() string { return e.Path + ": " + e.Msg }
