package gitview

import (
	"bytes"
	"crypto"
	"crypto/sha1"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	commitgraph "github.com/go-git/go-git/v5/plumbing/format/commitgraph/v2"
	"github.com/go-git/go-git/v5/plumbing/hash"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/storage/filesystem"
	"github.com/go-git/go-git/v5/storage/filesystem/dotgit"
	"github.com/go-git/go-git/v5/storage/memory"

	mgcache "github.com/migguard/migguard/internal/cache"
)

func init() {
	// go-git hashes with a collision-detecting SHA-1 by default, which is
	// several times slower than crypto/sha1; checking the pack index's
	// checksum alone then costs more than the rest of a pre-commit run.
	// migguard only reads repositories, and object ids are the same either
	// way.
	_ = hash.RegisterHash(crypto.SHA1, sha1.New)
}

// Git is the go-git implementation of Repo.
type Git struct {
	st *filesystem.Storage
	// fast is st with objects read lazily from the packs.
	fast *fastStorage
	// objs reads the repository's objects and, first, the trees built from
	// the index.
	objs *overlay
	// GitDir is the repository's (or linked worktree's) git directory;
	// CommonDir is where objects and refs live (the same unless linked).
	GitDir, CommonDir string
	// WorkTree is the top of the working tree, "" for a bare repository.
	WorkTree string
	getenv   func(string) string
	shallow  map[Hash]bool
	commits  map[Hash]*commitInfo
	trees    map[Hash]*tree
	lists    map[listKey][]string
	// graph is the commit-graph, nil when there is none or the clone is
	// shallow (git ignores it then too).
	graph commitgraph.Index
	// worktreeConfig is extensions.worktreeConfig: config.worktree in
	// GitDir overrides the repository's configuration.
	worktreeConfig bool
	// memo keeps staged trees between processes (see UseCache).
	memo *mgcache.Cache
}

// Open opens the repository that contains dir. getenv reads the
// environment (GIT_DIR, GIT_INDEX_FILE); nil means os.Getenv.
func Open(dir string, getenv func(string) string) (*Git, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	g := &Git{getenv: getenv, commits: map[Hash]*commitInfo{}, trees: map[Hash]*tree{}, lists: map[listKey][]string{}}
	if d := getenv("GIT_DIR"); d != "" {
		if !filepath.IsAbs(d) {
			d = filepath.Join(abs, d)
		}
		g.GitDir = d
		if wt := getenv("GIT_WORK_TREE"); wt != "" {
			g.WorkTree = wt
		} else if filepath.Base(d) == ".git" {
			g.WorkTree = filepath.Dir(d)
		} else {
			g.WorkTree = abs
		}
	} else {
		wt, gd, err := findGitDir(abs)
		if err != nil {
			return nil, err
		}
		g.WorkTree, g.GitDir = wt, gd
	}
	if st, err := os.Stat(g.GitDir); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("%s is not a git directory", g.GitDir)
	}
	g.CommonDir = g.GitDir
	if data, err := os.ReadFile(filepath.Join(g.GitDir, "commondir")); err == nil {
		c := strings.TrimSpace(string(data))
		if !filepath.IsAbs(c) {
			c = filepath.Join(g.GitDir, c)
		}
		g.CommonDir = filepath.Clean(c)
	}
	var fs = osfs.New(g.GitDir)
	if g.CommonDir != g.GitDir {
		fs = dotgit.NewRepositoryFilesystem(osfs.New(g.GitDir), osfs.New(g.CommonDir))
	}
	g.st = filesystem.NewStorageWithOptions(fs, cache.NewObjectLRUDefault(), filesystem.Options{KeepDescriptors: true})
	g.fast = &fastStorage{Storage: g.st, objs: openObjectStore(filepath.Join(g.CommonDir, "objects"), g.st)}
	if err := g.readConfig(); err != nil {
		g.Close()
		return nil, err
	}
	if _, err := g.st.Reference(plumbing.HEAD); err != nil {
		g.Close()
		return nil, fmt.Errorf("opening the repository at %s: no HEAD: %w", g.GitDir, err)
	}
	g.objs = &overlay{mem: memory.NewStorage(), base: g.fast}
	shallow, err := g.st.Shallow()
	if err != nil {
		g.Close()
		return nil, fmt.Errorf("reading %s: %w", filepath.Join(g.CommonDir, "shallow"), err)
	}
	if len(shallow) > 0 {
		g.shallow = map[Hash]bool{}
		for _, h := range shallow {
			g.shallow[h] = true
		}
	} else {
		g.graph = openCommitGraph(filepath.Join(g.CommonDir, "objects"))
	}
	return g, nil
}

// Close releases the files the repository keeps open.
func (g *Git) Close() error {
	err := g.fast.objs.Close()
	if g.graph != nil {
		if e := g.graph.Close(); err == nil {
			err = e
		}
		g.graph = nil
	}
	if e := g.st.Close(); err == nil {
		err = e
	}
	return err
}

// findGitDir walks up from dir to the first directory with a .git entry
// (a directory, or a file naming the git directory: linked worktrees,
// submodules) or that is a git directory itself (a bare repository, whose
// worktree is "").
func findGitDir(dir string) (worktree, gitdir string, err error) {
	for d := dir; ; {
		p := filepath.Join(d, ".git")
		st, err := os.Stat(p)
		if err != nil && isGitDir(d) {
			if filepath.Base(d) == ".git" {
				return filepath.Dir(d), d, nil // inside a repository's .git
			}
			return "", d, nil
		}
		if err == nil {
			if st.IsDir() {
				return d, p, nil
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return "", "", err
			}
			line := strings.TrimSpace(string(data))
			if !strings.HasPrefix(line, "gitdir:") {
				return "", "", fmt.Errorf("%s: not a gitdir file", p)
			}
			gd := strings.TrimSpace(strings.TrimPrefix(line, "gitdir:"))
			if !filepath.IsAbs(gd) {
				gd = filepath.Join(d, gd)
			}
			return d, filepath.Clean(gd), nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", "", fmt.Errorf("%s is not inside a git repository", dir)
		}
		d = parent
	}
}

// Shallow reports whether the repository is a shallow clone.
func (g *Git) Shallow() bool { return len(g.shallow) > 0 }

// Head returns what HEAD points at.
func (g *Git) Head() (Head, error) {
	ref, err := g.st.Reference(plumbing.HEAD)
	if err != nil {
		return Head{}, fmt.Errorf("reading HEAD: %w", err)
	}
	if ref.Type() == plumbing.HashReference {
		return Head{Commit: ref.Hash()}, nil
	}
	h := Head{Branch: ref.Target().Short()}
	if !ref.Target().IsBranch() {
		h.Branch = ref.Target().String()
	}
	target, err := storer.ResolveReference(g.fast, ref.Target())
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		h.Unborn = true
		return h, nil
	}
	if err != nil {
		return Head{}, fmt.Errorf("resolving HEAD (%s): %w", ref.Target(), err)
	}
	h.Commit = target.Hash()
	return h, nil
}

// Resolve returns the commit a revision names.
func (g *Git) Resolve(rev string) (Hash, error) {
	if strings.HasPrefix(rev, "refs/") {
		if ref, err := storer.ResolveReference(g.fast, plumbing.ReferenceName(rev)); err == nil {
			return g.peel(ref.Hash())
		}
	}
	h, err := g.resolveRevision(rev)
	if err != nil {
		return ZeroHash, fmt.Errorf("unknown revision %q", rev)
	}
	return h, nil
}

// peel turns an annotated tag into the commit it tags.
func (g *Git) peel(h Hash) (Hash, error) {
	for i := 0; i < 10; i++ {
		data, typ, err := objectData(g.fast, plumbing.AnyObject, h)
		if err != nil {
			return ZeroHash, err
		}
		if typ != plumbing.TagObject {
			return h, nil
		}
		if h, err = tagTarget(h, data); err != nil {
			return ZeroHash, err
		}
	}
	return h, nil
}

func (g *Git) ref(name string) (Hash, bool) {
	ref, err := storer.ResolveReference(g.fast, plumbing.ReferenceName(name))
	if err != nil {
		return ZeroHash, false
	}
	h, err := g.peel(ref.Hash())
	return h, err == nil
}

// ResolveBase finds the base branch, or the base commit (see ChooseBase).
func (g *Git) ResolveBase(names []string) (Base, error) {
	commit := func(rev string) (Hash, bool) {
		h, err := g.Resolve(rev)
		if err != nil {
			return ZeroHash, false
		}
		_, err = g.commit(h)
		return h, err == nil
	}
	return ChooseBase(names, g.ref, commit, g.IsAncestor)
}

// CommitTree returns the tree of a commit.
func (g *Git) CommitTree(c Hash) (Hash, error) {
	ci, err := g.commit(c)
	if err != nil {
		return ZeroHash, err
	}
	return ci.tree, nil
}

// MergeHeads returns MERGE_HEAD's commits while a merge is in progress.
func (g *Git) MergeHeads() ([]Hash, error) {
	data, err := os.ReadFile(filepath.Join(g.GitDir, "MERGE_HEAD"))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []Hash
	for _, l := range strings.Fields(string(data)) {
		if plumbing.IsHash(l) {
			out = append(out, plumbing.NewHash(l))
		}
	}
	return out, nil
}

// MaxBlobSize is the largest blob Blob reads: 64 MiB, the largest file
// migguard reads at all (migrations.MaxFileSize, which a test keeps equal).
const MaxBlobSize = 64 << 20

// Blob returns a blob's content. A blob larger than MaxBlobSize is refused
// by the size its header records, before it is inflated.
func (g *Git) Blob(id Hash) ([]byte, error) {
	if n, err := g.objs.EncodedObjectSize(id); err == nil && n > MaxBlobSize {
		return nil, fmt.Errorf("blob %s is %d MiB, larger than the %d MiB migguard reads", Short(id), n>>20, MaxBlobSize>>20)
	}
	obj, err := g.objs.EncodedObject(plumbing.BlobObject, id)
	if err != nil {
		return nil, fmt.Errorf("reading blob %s: %w", Short(id), err)
	}
	r, err := obj.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	var buf bytes.Buffer
	buf.Grow(int(obj.Size()))
	if _, err := buf.ReadFrom(r); err != nil {
		return nil, fmt.Errorf("reading blob %s: %w", Short(id), err)
	}
	return buf.Bytes(), nil
}

// overlay is an object store that keeps new objects (the trees built from
// the index) in memory and reads everything else from the repository.
type overlay struct {
	mem  *memory.Storage
	base storer.EncodedObjectStorer
}

func (o *overlay) NewEncodedObject() plumbing.EncodedObject { return o.mem.NewEncodedObject() }
func (o *overlay) SetEncodedObject(obj plumbing.EncodedObject) (plumbing.Hash, error) {
	return o.mem.SetEncodedObject(obj)
}
func (o *overlay) EncodedObject(t plumbing.ObjectType, h plumbing.Hash) (plumbing.EncodedObject, error) {
	if obj, err := o.mem.EncodedObject(t, h); err == nil {
		return obj, nil
	}
	return o.base.EncodedObject(t, h)
}
func (o *overlay) IterEncodedObjects(t plumbing.ObjectType) (storer.EncodedObjectIter, error) {
	return o.base.IterEncodedObjects(t)
}
func (o *overlay) HasEncodedObject(h plumbing.Hash) error {
	if o.mem.HasEncodedObject(h) == nil {
		return nil
	}
	return o.base.HasEncodedObject(h)
}
func (o *overlay) EncodedObjectSize(h plumbing.Hash) (int64, error) {
	if n, err := o.mem.EncodedObjectSize(h); err == nil {
		return n, nil
	}
	return o.base.EncodedObjectSize(h)
}
func (o *overlay) AddAlternate(remote string) error { return errors.New("read-only") }

// HooksDir returns the directory git runs hooks from: core.hooksPath
// when set (in config.worktree too, under extensions.worktreeConfig;
// relative to the working tree, or to the git directory of a bare
// repository), else the hooks directory of the common git directory.
func (g *Git) HooksDir() string {
	p, ok := g.worktreeOption("core", "hooksPath")
	if !ok {
		if cfg, err := g.st.Config(); err == nil {
			p = cfg.Raw.Section("core").Option("hooksPath")
		}
	}
	if p == "" {
		return filepath.Join(g.CommonDir, "hooks")
	}
	if strings.HasPrefix(p, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			p = filepath.Join(home, p[2:])
		}
	}
	if !filepath.IsAbs(p) {
		top := g.WorkTree
		if top == "" {
			top = g.GitDir
		}
		p = filepath.Join(top, p)
	}
	return p
}
