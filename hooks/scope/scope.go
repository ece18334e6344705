// Package scope works out what a git-side check looks at: the base branch,
// the merge-base of the branch with it, and the tree being checked, which
// is the staged index at pre-commit time, the pushed commit at pre-push
// time and a commit (HEAD by default) in CI and on the command line.
//
// The branch's changes are always those between the merge-base and the
// checked tree, never a commit's first-parent diff, so a branch that merged
// its base into itself, a rebased branch and a squash-merged one are judged
// by what they add.
package scope

import (
	"errors"
	"fmt"
	"strings"

	"github.com/migguard/migguard/internal/gitview"
)

// DefaultBases are the base branches tried in order when none is
// configured.
var DefaultBases = []string{"develop", "main", "master"}

// Options say which tree to check against which base.
type Options struct {
	// Bases are the base branch names to try, in order; empty means
	// DefaultBases.
	Bases []string
	// Staged checks the index (what the commit being made will record);
	// otherwise Head is checked.
	Staged bool
	// Head is the revision to check when Staged is false; "" means HEAD.
	Head string
}

// Scope is the range a check looks at.
type Scope struct {
	Base gitview.Base
	// BaseTree is the tree of the base branch's tip.
	BaseTree gitview.Hash
	// MergeBase is the best common ancestor of the head and the base, and
	// MergeBaseTree its tree; both are zero for an initial commit.
	MergeBase, MergeBaseTree gitview.Hash
	// Head is the commit checked (for Staged: HEAD, the parent of the
	// commit being made; zero when unborn), and HeadTree the tree checked.
	Head, HeadTree gitview.Hash
	// HeadName says what was checked, for messages: "the staged index",
	// "HEAD", "feature" …
	HeadName string
	// Changes are the files that differ between MergeBaseTree and
	// HeadTree, with renames.
	Changes []gitview.Change
	// Initial is set for the first commit of a repository that has no base
	// branch yet: there is nothing to compare with.
	Initial bool
	// OnBase is set when the head is the base branch itself or one of its
	// ancestors, so only staged changes can add anything.
	OnBase bool
	// Notes explain choices made (which base ref, a merge in progress).
	Notes []string
}

// Error is a repository state in which no verdict can be given; its
// message says what to do. Callers exit with the usage/input code.
type Error struct{ Msg string }

func (e *Error) Error() string { return e.Msg }

func errorf(format string, args ...any) error { return &Error{Msg: fmt.Sprintf(format, args...)} }

// Resolve works out the scope.
func Resolve(repo gitview.Repo, o Options) (*Scope, error) {
	bases := o.Bases
	if len(bases) == 0 {
		bases = DefaultBases
	}
	s := &Scope{}
	var parents []gitview.Hash
	var err error
	if o.Staged {
		var initial bool
		parents, initial, err = s.staged(repo, bases)
		switch {
		case err != nil:
			return nil, err
		case initial:
			return s, nil
		}
	} else if parents, err = s.commit(repo, o.Head); err != nil {
		return nil, err
	}
	if err := s.againstBase(repo, bases, parents); err != nil {
		return nil, err
	}
	return s, nil
}

// staged makes the index the checked tree and returns the parents of the
// commit being made (HEAD, and the commits a merge in progress merges).
// initial is set, with the changes filled in, for the first commit of a
// repository without a base branch.
func (s *Scope) staged(repo gitview.Repo, bases []string) (parents []gitview.Hash, initial bool, err error) {
	head, err := repo.Head()
	if err != nil {
		return nil, false, err
	}
	tree, err := repo.StagedTree()
	if err != nil {
		return nil, false, &Error{Msg: err.Error()}
	}
	s.HeadTree, s.Head, s.HeadName = tree, head.Commit, "the staged index"
	if head.Unborn {
		base, err := repo.ResolveBase(bases)
		var be *gitview.BaseError
		if errors.As(err, &be) {
			s.Initial = true
			s.Notes = append(s.Notes, fmt.Sprintf("initial commit of %s: there is no base branch yet, so nothing to compare with", head.Branch))
			s.Changes, err = repo.Diff(gitview.ZeroHash, tree)
			return nil, true, err
		}
		if err != nil {
			return nil, false, err
		}
		return nil, false, errorf("branch %s has no commits yet and shares no history with %s (an orphan branch): "+
			"start the branch from %s (git switch -c %s %s) and commit there", head.Branch, base.Name, base.Name, head.Branch, base.Name)
	}
	merging, err := repo.MergeHeads()
	if err != nil {
		return nil, false, err
	}
	if len(merging) > 0 {
		s.Notes = append(s.Notes, fmt.Sprintf("a merge is in progress: checking the merge result against the base (merging %s)", gitview.Short(merging[0])))
	}
	return append([]gitview.Hash{head.Commit}, merging...), false, nil
}

// commit makes the commit rev ("" or HEAD: the checked-out one) the
// checked tree and returns it as the only parent.
func (s *Scope) commit(repo gitview.Repo, rev string) ([]gitview.Hash, error) {
	if rev == "" || rev == "HEAD" {
		head, err := repo.Head()
		if err != nil {
			return nil, err
		}
		if head.Unborn {
			return nil, errorf("branch %s has no commits yet: nothing to check (at pre-commit time use -staged)", head.Branch)
		}
		s.Head, s.HeadName = head.Commit, "HEAD"
		if head.Branch != "" {
			s.HeadName = head.Branch
		} else {
			s.HeadName = "HEAD (detached at " + gitview.Short(head.Commit) + ")"
		}
		if merging, _ := repo.MergeHeads(); len(merging) > 0 {
			s.Notes = append(s.Notes, "a merge is in progress: checking the last commit; the merge result is checked when it is committed")
		}
	} else {
		h, err := repo.Resolve(rev)
		if err != nil {
			return nil, &Error{Msg: err.Error()}
		}
		s.Head, s.HeadName = h, rev
	}
	tree, err := repo.CommitTree(s.Head)
	if err != nil {
		return nil, err
	}
	s.HeadTree = tree
	return []gitview.Hash{s.Head}, nil
}

// againstBase resolves the base branch and the merge-base, and lists the
// changes between the merge-base and the checked tree.
func (s *Scope) againstBase(repo gitview.Repo, bases []string, parents []gitview.Hash) error {
	base, err := repo.ResolveBase(bases)
	if err != nil {
		return &Error{Msg: err.Error()}
	}
	s.Base = base
	if base.Note != "" {
		s.Notes = append(s.Notes, base.Note)
	}
	if s.BaseTree, err = repo.CommitTree(base.Commit); err != nil {
		return err
	}
	if s.MergeBase, err = mergeBase(repo, base.Commit, parents); err != nil {
		return err
	}
	if s.MergeBaseTree, err = repo.CommitTree(s.MergeBase); err != nil {
		return err
	}
	if len(parents) == 1 && s.MergeBase == parents[0] {
		s.OnBase = true
	}
	s.Changes, err = repo.Diff(s.MergeBaseTree, s.HeadTree)
	return err
}

// mergeBase returns the merge-base of base with the commit whose parents
// are given (one parent for an ordinary commit, several for a merge being
// made): the newest of the merge-bases with each parent.
func mergeBase(repo gitview.Repo, base gitview.Hash, parents []gitview.Hash) (gitview.Hash, error) {
	var best gitview.Hash
	for _, p := range parents {
		mb, err := repo.MergeBase(base, p)
		if errors.Is(err, gitview.ErrNoMergeBase) {
			continue
		}
		var se *gitview.ShallowError
		if errors.As(err, &se) {
			return gitview.ZeroHash, &Error{Msg: err.Error()}
		}
		if err != nil {
			return gitview.ZeroHash, err
		}
		if best.IsZero() {
			best = mb
			continue
		}
		if newer, err := repo.IsAncestor(best, mb); err != nil {
			return gitview.ZeroHash, err
		} else if newer {
			best = mb
		}
	}
	if best.IsZero() {
		short := make([]string, len(parents))
		for i, p := range parents {
			short[i] = gitview.Short(p)
		}
		return gitview.ZeroHash, errorf("%s shares no history with the base branch (%s): "+
			"check the base branch name (-base, base_branch in .migguard.yaml)", strings.Join(short, ", "), gitview.Short(base))
	}
	return best, nil
}
