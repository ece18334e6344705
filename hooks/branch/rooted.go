package branch

import (
	"path"
	"strings"

	"github.com/migguard/migguard/internal/gitview"
)

// rooted reads a repository with paths relative to the project root,
// which is prefix (slash-terminated, or "") below the repository's top.
type rooted struct {
	gitview.Repo
	prefix string
}

// List lists the files below dir (relative to the root) in a tree.
func (r rooted) List(tree gitview.Hash, dir string) ([]string, error) {
	if r.prefix == "" {
		return r.Repo.List(tree, dir)
	}
	full, err := r.Repo.List(tree, path.Join(r.prefix, dir))
	if err != nil || len(full) == 0 {
		return nil, err
	}
	out := make([]string, len(full))
	for i, p := range full {
		out[i] = strings.TrimPrefix(p, r.prefix)
	}
	return out, nil
}

// File returns the blob of a file (relative to the root) in a tree.
func (r rooted) File(tree gitview.Hash, p string) (gitview.Hash, bool, error) {
	return r.Repo.File(tree, r.prefix+p)
}

// change returns a change with its paths relative to the root; ok is
// false when neither path lies below the root.
func (r rooted) change(ch gitview.Change) (gitview.Change, bool) {
	if r.prefix == "" {
		return ch, true
	}
	rel := func(p string) string {
		if rest, ok := strings.CutPrefix(p, r.prefix); ok {
			return rest
		}
		return ""
	}
	from, to := rel(ch.From), rel(ch.To)
	if from == "" && to == "" {
		return ch, false
	}
	if from == "" && ch.From != "" {
		// Moved in from outside the root: to the root, an addition.
		ch.Action, ch.FromBlob = gitview.Added, gitview.ZeroHash
	}
	if to == "" && ch.To != "" {
		ch.Action, ch.ToBlob = gitview.Deleted, gitview.ZeroHash
	}
	ch.From, ch.To = from, to
	return ch, true
}
