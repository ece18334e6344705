package gitview

import (
	"bytes"
	"context"
	"crypto"
	"crypto/sha1"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/hash"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/storage/filesystem"
	"github.com/go-git/go-git/v5/storage/filesystem/dotgit"
	"github.com/go-git/go-git/v5/storage/memory"
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
	repo *git.Repository
	st   *filesystem.Storage
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
	g := &Git{getenv: getenv, commits: map[Hash]*commitInfo{}}
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
	g.repo, err = git.Open(g.st, nil)
	if err != nil {
		g.st.Close()
		return nil, fmt.Errorf("opening the repository at %s: %w", g.GitDir, err)
	}
	g.objs = &overlay{mem: memory.NewStorage(), base: g.st}
	shallow, err := g.st.Shallow()
	if err != nil {
		g.st.Close()
		return nil, fmt.Errorf("reading %s: %w", filepath.Join(g.CommonDir, "shallow"), err)
	}
	if len(shallow) > 0 {
		g.shallow = map[Hash]bool{}
		for _, h := range shallow {
			g.shallow[h] = true
		}
	}
	return g, nil
}

// Close releases the files the repository keeps open.
func (g *Git) Close() error { return g.st.Close() }

// findGitDir walks up from dir to the first directory with a .git entry:
// a directory, or a file naming the git directory (linked worktrees,
// submodules).
func findGitDir(dir string) (worktree, gitdir string, err error) {
	for d := dir; ; {
		p := filepath.Join(d, ".git")
		st, err := os.Stat(p)
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
	target, err := g.repo.Reference(ref.Target(), true)
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
		if ref, err := g.repo.Reference(plumbing.ReferenceName(rev), true); err == nil {
			return g.peel(ref.Hash())
		}
	}
	h, err := g.repo.ResolveRevision(plumbing.Revision(rev))
	if err != nil {
		return ZeroHash, fmt.Errorf("unknown revision %q", rev)
	}
	return g.peel(*h)
}

// peel turns an annotated tag into the commit it tags.
func (g *Git) peel(h Hash) (Hash, error) {
	for i := 0; i < 10; i++ {
		obj, err := g.st.EncodedObject(plumbing.AnyObject, h)
		if err != nil {
			return ZeroHash, err
		}
		if obj.Type() != plumbing.TagObject {
			return h, nil
		}
		tag, err := object.DecodeTag(g.st, obj)
		if err != nil {
			return ZeroHash, err
		}
		h = tag.Target
	}
	return h, nil
}

func (g *Git) ref(name string) (Hash, bool) {
	ref, err := g.repo.Reference(plumbing.ReferenceName(name), true)
	if err != nil {
		return ZeroHash, false
	}
	h, err := g.peel(ref.Hash())
	return h, err == nil
}

// ResolveBase finds the base branch.
func (g *Git) ResolveBase(names []string) (Base, error) {
	for _, n := range names {
		if strings.HasPrefix(n, "refs/") || strings.Contains(n, "/") {
			full := n
			if !strings.HasPrefix(n, "refs/") {
				full = "refs/remotes/" + n
				if _, ok := g.ref(full); !ok {
					full = "refs/heads/" + n
				}
			}
			if h, ok := g.ref(full); ok {
				return Base{Name: n, Branch: path.Base(n), Ref: full, Commit: h}, nil
			}
			continue
		}
		local, hasLocal := g.ref("refs/heads/" + n)
		remote, hasRemote := g.ref("refs/remotes/origin/" + n)
		lb := Base{Name: n, Branch: n, Ref: "refs/heads/" + n, Commit: local}
		rb := Base{Name: "origin/" + n, Branch: n, Ref: "refs/remotes/origin/" + n, Commit: remote}
		switch {
		case !hasLocal && !hasRemote:
			continue
		case !hasRemote || local == remote:
			return lb, nil
		case !hasLocal:
			rb.Note = fmt.Sprintf("there is no local %s; using origin/%s", n, n)
			return rb, nil
		}
		behind, err := g.IsAncestor(local, remote)
		if err != nil {
			return Base{}, err
		}
		if behind {
			rb.Note = fmt.Sprintf("local %s is behind origin/%s; using origin/%s (git fetch keeps it current)", n, n, n)
			return rb, nil
		}
		ahead, err := g.IsAncestor(remote, local)
		if err != nil {
			return Base{}, err
		}
		if ahead {
			lb.Note = fmt.Sprintf("local %s is ahead of origin/%s; using local %s", n, n, n)
			return lb, nil
		}
		rb.Note = fmt.Sprintf("local %s and origin/%s have diverged; using origin/%s", n, n, n)
		return rb, nil
	}
	return Base{}, &BaseError{Tried: names}
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

func (g *Git) tree(h Hash) (*object.Tree, error) {
	if h.IsZero() {
		return nil, nil
	}
	t, err := object.GetTree(g.objs, h)
	if err != nil {
		return nil, fmt.Errorf("reading tree %s: %w", Short(h), err)
	}
	return t, nil
}

// Diff lists the files that differ between two trees, with renames.
func (g *Git) Diff(from, to Hash) ([]Change, error) {
	a, err := g.tree(from)
	if err != nil {
		return nil, err
	}
	b, err := g.tree(to)
	if err != nil {
		return nil, err
	}
	changes, err := object.DiffTreeWithOptions(context.Background(), a, b, &object.DiffTreeOptions{
		DetectRenames: true, RenameScore: 50, RenameLimit: 400,
	})
	if err != nil {
		return nil, fmt.Errorf("comparing trees %s and %s: %w", Short(from), Short(to), err)
	}
	out := make([]Change, 0, len(changes))
	for _, c := range changes {
		if c.From.TreeEntry.Mode == filemode.Submodule || c.To.TreeEntry.Mode == filemode.Submodule {
			continue
		}
		ch := Change{From: c.From.Name, To: c.To.Name, FromBlob: c.From.TreeEntry.Hash, ToBlob: c.To.TreeEntry.Hash}
		switch {
		case ch.From == "":
			ch.Action = Added
		case ch.To == "":
			ch.Action = Deleted
		case ch.From != ch.To:
			ch.Action = Renamed
		default:
			ch.Action = Modified
		}
		out = append(out, ch)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path() < out[j].Path() })
	return out, nil
}

// List returns the files below dir in tree.
func (g *Git) List(tree Hash, dir string) ([]string, error) {
	t, err := g.tree(tree)
	if err != nil || t == nil {
		return nil, err
	}
	dir = path.Clean(dir)
	if dir != "." && dir != "" {
		sub, err := t.Tree(dir)
		if errors.Is(err, object.ErrDirectoryNotFound) || errors.Is(err, object.ErrEntryNotFound) {
			return nil, nil
		}
		if err != nil {
			return nil, fmt.Errorf("reading %s at tree %s: %w", dir, Short(tree), err)
		}
		t = sub
	} else {
		dir = ""
	}
	var out []string
	var walk func(t *object.Tree, prefix string) error
	walk = func(t *object.Tree, prefix string) error {
		for _, e := range t.Entries {
			p := path.Join(prefix, e.Name)
			switch {
			case e.Mode == filemode.Dir:
				sub, err := object.GetTree(g.objs, e.Hash)
				if err != nil {
					return err
				}
				if err := walk(sub, p); err != nil {
					return err
				}
			case e.Mode.IsFile():
				out = append(out, p)
			}
		}
		return nil
	}
	if err := walk(t, dir); err != nil {
		return nil, err
	}
	sort.Strings(out)
	return out, nil
}

// File returns the blob id of path in tree.
func (g *Git) File(tree Hash, p string) (Hash, bool, error) {
	t, err := g.tree(tree)
	if err != nil || t == nil {
		return ZeroHash, false, err
	}
	e, err := t.FindEntry(p)
	if errors.Is(err, object.ErrDirectoryNotFound) || errors.Is(err, object.ErrEntryNotFound) {
		return ZeroHash, false, nil
	}
	if err != nil {
		return ZeroHash, false, err
	}
	if !e.Mode.IsFile() {
		return ZeroHash, false, nil
	}
	return e.Hash, true, nil
}

// Blob returns a blob's content.
func (g *Git) Blob(id Hash) ([]byte, error) {
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
// (relative to the working tree) when set, else the hooks directory of
// the common git directory.
func (g *Git) HooksDir() string {
	if cfg, err := g.repo.Config(); err == nil {
		if p := cfg.Raw.Section("core").Option("hooksPath"); p != "" {
			if strings.HasPrefix(p, "~/") {
				if home, err := os.UserHomeDir(); err == nil {
					p = filepath.Join(home, p[2:])
				}
			}
			if !filepath.IsAbs(p) {
				p = filepath.Join(g.WorkTree, p)
			}
			return p
		}
	}
	return filepath.Join(g.CommonDir, "hooks")
}
