package gitview

import (
	"fmt"
	"path"
	"strings"
)

// ChooseBase is the one implementation of Repo.ResolveBase's rules, over a
// repository's references: ref returns the commit a full ref name points
// at, commit the commit a revision names (a commit id, a tag, HEAD~2), and
// isAncestor says whether a is b or an ancestor of b. For each name in
// turn: a name with a slash or a full ref is resolved as given (remote
// first); otherwise the local branch is taken, unless origin's copy exists
// and the local one is missing, behind it or diverged from it. When no
// name is a branch, the first that names a commit is the base: CI systems
// give the base of a pull request as a commit id (GitHub's
// pull_request.base.sha, GitLab's CI_MERGE_REQUEST_DIFF_BASE_SHA). The
// error is a *BaseError when no name resolves.
func ChooseBase(names []string, ref func(full string) (Hash, bool), commit func(rev string) (Hash, bool), isAncestor func(a, b Hash) (bool, error)) (Base, error) {
	if b, ok, err := chooseBranch(names, ref, isAncestor); ok || err != nil {
		return b, err
	}
	for _, n := range names {
		if h, ok := commit(n); ok {
			name := n
			if len(n) == 2*len(h) && strings.EqualFold(n, h.String()) {
				name = Short(h)
			}
			return Base{Name: name, Commit: h}, nil
		}
	}
	return Base{}, &BaseError{Tried: names}
}

// chooseBranch is ChooseBase over branches alone; ok is false when no
// name is one.
func chooseBranch(names []string, ref func(full string) (Hash, bool), isAncestor func(a, b Hash) (bool, error)) (b Base, ok bool, err error) {
	for _, n := range names {
		if strings.HasPrefix(n, "refs/") || strings.Contains(n, "/") {
			full := n
			if !strings.HasPrefix(n, "refs/") {
				full = "refs/remotes/" + n
				if _, ok := ref(full); !ok {
					full = "refs/heads/" + n
				}
			}
			if h, ok := ref(full); ok {
				return Base{Name: n, Branch: path.Base(n), Ref: full, Commit: h}, true, nil
			}
			continue
		}
		local, hasLocal := ref("refs/heads/" + n)
		remote, hasRemote := ref("refs/remotes/origin/" + n)
		if !hasLocal && !hasRemote {
			continue
		}
		b, err := chooseCopy(n, local, remote, hasLocal, hasRemote, isAncestor)
		return b, err == nil, err
	}
	return Base{}, false, nil
}

// chooseCopy picks between the local branch n and origin's copy of it.
func chooseCopy(n string, local, remote Hash, hasLocal, hasRemote bool, isAncestor func(a, b Hash) (bool, error)) (Base, error) {
	lb := Base{Name: n, Branch: n, Ref: "refs/heads/" + n, Commit: local}
	rb := Base{Name: "origin/" + n, Branch: n, Ref: "refs/remotes/origin/" + n, Commit: remote}
	switch {
	case !hasRemote || local == remote:
		return lb, nil
	case !hasLocal:
		rb.Note = fmt.Sprintf("there is no local %s; using origin/%s", n, n)
		return rb, nil
	}
	if behind, err := isAncestor(local, remote); err != nil {
		return Base{}, err
	} else if behind {
		rb.Note = fmt.Sprintf("local %s is behind origin/%s; using origin/%s (git fetch keeps it current)", n, n, n)
		return rb, nil
	}
	if ahead, err := isAncestor(remote, local); err != nil {
		return Base{}, err
	} else if ahead {
		lb.Note = fmt.Sprintf("local %s is ahead of origin/%s; using local %s", n, n, n)
		return lb, nil
	}
	rb.Note = fmt.Sprintf("local %s and origin/%s have diverged; using origin/%s", n, n, n)
	return rb, nil
}
