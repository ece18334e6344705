package branch

import (
	"crypto/sha1"
	"fmt"
	"path"

	"github.com/migguard/migguard/hooks/scope"
	"github.com/migguard/migguard/internal/gitview"
)

// Merged tells the migrations a branch adds from those already merged,
// in the working tree, with the scope of Check: a file is merged when the
// base branch holds it, or held it when the branch forked (at the
// merge-base), at its path; when the branch renamed such a file to its
// path; or when it has the content of a file of its directory there (a
// rename not yet committed). migguard fix and branch --fix change only
// files that are not merged.
type Merged struct {
	repo    rooted
	s       *scope.Scope
	renamed map[string]bool
	blobs   map[string]map[gitview.Hash]bool // directory → blob ids it held at the merge-base or on the base
}

// NewMerged returns the merged migrations of the scope; prefix is the
// project root below the repository's top, as Options.Prefix.
func NewMerged(repo gitview.Repo, s *scope.Scope, prefix string) *Merged {
	m := &Merged{repo: rooted{repo, prefix}, s: s, renamed: map[string]bool{}, blobs: map[string]map[gitview.Hash]bool{}}
	for _, ch := range s.Changes {
		if ch, ok := m.repo.change(ch); ok && ch.Action == gitview.Renamed && !s.Initial {
			if _, was, err := m.repo.File(s.MergeBaseTree, ch.From); err == nil && was {
				m.renamed[ch.To] = true
			}
		}
	}
	return m
}

// Has reports whether the file at p (slash-separated, relative to the
// project root) is a merged migration, and says why ("is on develop");
// read returns its
// content, which only a file at a path the merged trees lack needs.
func (m *Merged) Has(p string, read func() ([]byte, error)) (bool, string, error) {
	if m.s.Initial {
		return false, "", nil
	}
	for _, at := range []struct {
		tree  gitview.Hash
		where string
	}{{m.s.BaseTree, m.s.Base.Name}, {m.s.MergeBaseTree, m.s.Base.Name + " when this branch forked (merge-base " + gitview.Short(m.s.MergeBase) + ")"}} {
		if _, ok, err := m.repo.File(at.tree, p); err != nil {
			return false, "", err
		} else if ok {
			return true, "is on " + at.where, nil
		}
	}
	if m.renamed[p] {
		return true, "is a migration of " + m.s.Base.Name + " that this branch renamed", nil
	}
	blobs, err := m.dirBlobs(path.Dir(p))
	if err != nil || len(blobs) == 0 {
		return false, "", err
	}
	content, err := read()
	if err != nil {
		return false, "", err
	}
	if blobs[blobID(content)] {
		return true, "has the content of a migration of " + m.s.Base.Name + " in its directory (renamed?)", nil
	}
	return false, "", nil
}

// dirBlobs returns the blob ids of the files of a directory at the
// merge-base and on the base.
func (m *Merged) dirBlobs(dir string) (map[gitview.Hash]bool, error) {
	if b, ok := m.blobs[dir]; ok {
		return b, nil
	}
	b := map[gitview.Hash]bool{}
	for _, tree := range []gitview.Hash{m.s.MergeBaseTree, m.s.BaseTree} {
		paths, err := m.repo.List(tree, dir)
		if err != nil {
			return nil, err
		}
		for _, p := range paths {
			if path.Dir(p) != dir {
				continue
			}
			if id, ok, err := m.repo.File(tree, p); err != nil {
				return nil, err
			} else if ok {
				b[id] = true
			}
		}
	}
	m.blobs[dir] = b
	return b, nil
}

// blobID is the id git gives a blob of this content.
func blobID(content []byte) gitview.Hash {
	h := sha1.New()
	fmt.Fprintf(h, "blob %d\x00", len(content))
	h.Write(content)
	var id gitview.Hash
	copy(id[:], h.Sum(nil))
	return id
}
