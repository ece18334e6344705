package gitview

import (
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"strings"
	"testing/fstest"
)

// TreeFS returns the files below dir (slash-separated, "" or "." for the
// top) of a tree of any Repo as a read-only fs.FS whose Root() is root:
// the Git implementation's FS, read lazily, or for other implementations
// (the in-memory repositories of tests) a copy built from List and Blob.
func TreeFS(repo Repo, tree Hash, dir, root string) (fs.FS, error) {
	if g, ok := repo.(*Git); ok {
		return g.FS(tree, dir, root)
	}
	dir = strings.Trim(path.Clean("/"+dir), "/")
	files, err := repo.List(tree, dir)
	if err != nil {
		return nil, err
	}
	m := fstest.MapFS{}
	for _, p := range files {
		id, ok, err := repo.File(tree, p)
		if err != nil || !ok {
			return nil, err
		}
		data, err := repo.Blob(id)
		if err != nil {
			return nil, err
		}
		rel := p
		if dir != "" {
			rel = strings.TrimPrefix(p, dir+"/")
		}
		m[rel] = &fstest.MapFile{Data: data, Mode: 0o444}
	}
	return rootedFS{m, root}, nil
}

// rootedFS is an fs.FS that says which directory it stands for.
type rootedFS struct {
	fstest.MapFS
	root string
}

func (r rootedFS) Root() string { return r.root }

// Prefix returns the directory dir of the working tree relative to the
// repository's top, slash-separated with a trailing slash, or "" when dir
// is the top: what the paths of the repository's trees start with below
// dir. Symbolic links on the way to either are resolved first. In a bare
// repository, which has no working tree, it is "": dir stands for the top.
func (g *Git) Prefix(dir string) (string, error) {
	if g.Bare() {
		return "", nil // no working tree: dir stands for the top of the trees
	}
	a, errA := filepath.EvalSymlinks(g.WorkTree)
	b, errB := filepath.EvalSymlinks(dir)
	if errA != nil || errB != nil {
		a, b = g.WorkTree, dir
	}
	rel, err := filepath.Rel(a, b)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("%s is outside the repository %s", dir, g.WorkTree)
	}
	if rel == "." {
		return "", nil
	}
	return filepath.ToSlash(rel) + "/", nil
}
