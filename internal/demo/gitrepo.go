package demo

import (
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/index"
	"github.com/go-git/go-git/v5/storage/filesystem"

	"github.com/migguard/migguard/internal/gitview"
)

// gitRepo writes a git repository: objects, references and the index.
type gitRepo struct {
	st *filesystem.Storage
}

// initRepo creates the repository of the working tree dir, HEAD on branch.
func initRepo(dir, branch string) (*gitRepo, error) {
	st := filesystem.NewStorage(osfs.New(filepath.Join(dir, ".git")), cache.NewObjectLRUDefault())
	if err := st.Init(); err != nil {
		return nil, err
	}
	cfg := config.NewConfig()
	cfg.Core.IsBare = false
	if err := st.SetConfig(cfg); err != nil {
		return nil, err
	}
	head := plumbing.NewSymbolicReference(plumbing.HEAD, plumbing.NewBranchReferenceName(branch))
	if err := st.SetReference(head); err != nil {
		return nil, err
	}
	return &gitRepo{st: st}, nil
}

// commit writes the files (by slash-separated path) as a commit of the
// given parents, by the demo's author at when.
func (g *gitRepo) commit(files map[string][]byte, msg string, when time.Time, parents ...plumbing.Hash) (plumbing.Hash, error) {
	tree, err := g.tree(files, "")
	if err != nil {
		return plumbing.ZeroHash, err
	}
	return gitview.StoreObject(g.st, plumbing.CommitObject, commitContent(tree, parents, when, msg))
}

// commitContent is a commit object's content as git writes it, by the
// demo's author and committer.
func commitContent(tree plumbing.Hash, parents []plumbing.Hash, when time.Time, msg string) []byte {
	var b strings.Builder
	b.WriteString("tree " + tree.String() + "\n")
	for _, p := range parents {
		b.WriteString("parent " + p.String() + "\n")
	}
	sig := "migguard demo <demo@migguard.invalid> " + strconv.FormatInt(when.Unix(), 10) + " " + when.Format("-0700")
	b.WriteString("author " + sig + "\ncommitter " + sig + "\n\n" + msg)
	return []byte(b.String())
}

// tree writes the tree of the files below dir ("" for the top) and
// returns its hash.
func (g *gitRepo) tree(files map[string][]byte, dir string) (plumbing.Hash, error) {
	prefix := ""
	if dir != "" {
		prefix = dir + "/"
	}
	var entries []gitview.TreeEntry
	subdirs := map[string]bool{}
	for p, data := range files {
		rest, ok := strings.CutPrefix(p, prefix)
		if !ok {
			continue
		}
		if sub, _, nested := strings.Cut(rest, "/"); nested {
			if !subdirs[sub] {
				subdirs[sub] = true
				h, err := g.tree(files, prefix+sub)
				if err != nil {
					return plumbing.ZeroHash, err
				}
				entries = append(entries, gitview.TreeEntry{Name: sub, Mode: filemode.Dir, Hash: h})
			}
			continue
		}
		h, err := g.blob(data)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		entries = append(entries, gitview.TreeEntry{Name: rest, Mode: filemode.Regular, Hash: h})
	}
	data, err := gitview.EncodeTree(entries)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	return gitview.StoreObject(g.st, plumbing.TreeObject, data)
}

func (g *gitRepo) blob(data []byte) (plumbing.Hash, error) {
	return gitview.StoreObject(g.st, plumbing.BlobObject, data)
}

// writeIndex writes the index of a working tree in dir that holds the
// files as they are, so that git sees nothing changed.
func (g *gitRepo) writeIndex(dir string, files map[string][]byte) error {
	idx := &index.Index{Version: 2}
	for _, p := range slices.Sorted(maps.Keys(files)) {
		fi, err := os.Stat(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			return err
		}
		h := plumbing.ComputeHash(plumbing.BlobObject, files[p])
		idx.Entries = append(idx.Entries, &index.Entry{Hash: h, Name: path.Clean(p), Mode: filemode.Regular,
			ModifiedAt: fi.ModTime(), Size: uint32(fi.Size())})
	}
	return g.st.SetIndex(idx)
}
