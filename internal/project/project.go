package project

import (
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"github.com/migguard/migguard/internal/cache"
	"github.com/migguard/migguard/internal/config"
	"github.com/migguard/migguard/internal/migrations"
)

// Project is a repository as migguard reads it.
type Project struct {
	// Root is the directory that the project's paths are relative to:
	// the directory of .migguard.yaml, else the top of the repository.
	Root string
	// FS holds the files, by slash-separated paths relative to Root: the
	// working tree below Root, or a tree that git holds (see At).
	FS fs.FS
	// Config is the configuration in effect; never nil (defaults when
	// there is no file).
	Config *config.Config
	// Cache, when set, keeps the sets loaded from the project, which a
	// later load takes from it when their files have not changed (see
	// migrations.LoadDirCached).
	Cache *cache.Cache

	// found is what the walk of the repository found (see discover),
	// kept until Forget: a command asks for the sets more than once (the
	// lint of a directory, then the code index, which leaves the sets'
	// directories out) and walks the repository once.
	mu    sync.Mutex
	found *discovered
}

// discovered is the outcome of one walk of the repository: its files,
// and when detected is set, the sets found.
type discovered struct {
	sets     []*Set
	errs     []error
	files    []string
	detected bool
}

// Forget drops what the walk of the repository found, its sets and its
// files, which the next question walks it again for: a long-lived project
// (the language server's) calls it when files are created, deleted or
// renamed.
func (p *Project) Forget() {
	p.mu.Lock()
	p.found = nil
	p.mu.Unlock()
}

// Open returns the project that the directory dir belongs to, read from
// the working tree. Its configuration is configFile when that is not "",
// else the .migguard.yaml that config.Find finds walking up from dir. Its
// root is the directory of the configuration, else the repository's top
// (the first directory above dir holding .git), else fallback, else dir.
func Open(dir, configFile, fallback string) (*Project, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	file, root := config.Find(abs)
	if configFile != "" {
		if file, err = filepath.Abs(configFile); err != nil {
			return nil, err
		}
		if _, r := config.Find(filepath.Dir(file)); r != "" {
			root = r
		}
	}
	if root == "" {
		root = fallback
	}
	if root == "" {
		root = abs
	}
	cfg := config.Default()
	if file != "" {
		if cfg, err = config.Load(file); err != nil {
			return nil, err
		}
	}
	return New(migrations.Dir(root), root, cfg), nil
}

// New returns the project of the files fsys, standing for the directory
// root, under the configuration cfg (nil: defaults).
func New(fsys fs.FS, root string, cfg *config.Config) *Project {
	if cfg == nil {
		cfg = config.Default()
	}
	return &Project{Root: root, FS: fsys, Config: cfg}
}

// UseCache sets the project's cache, which also keeps the listings of its
// large directories when it reads the working tree (see
// migrations.KeepListings).
func (p *Project) UseCache(c *cache.Cache) {
	p.Cache = c
	migrations.KeepListings(p.FS, c)
}

// At returns the same project read from other files: a tree that git
// holds, with the same root and configuration.
func (p *Project) At(fsys fs.FS) *Project {
	return &Project{Root: p.Root, FS: fsys, Config: p.Config, Cache: p.Cache}
}

// Rel returns the slash-separated path of the file-system path name
// relative to the root, or an error when it lies outside the root.
func (p *Project) Rel(name string) (string, error) {
	abs, err := filepath.Abs(name)
	if err != nil {
		return "", err
	}
	rel, err := filepath.Rel(p.Root, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		// The root may be reached through a symbolic link (a temporary
		// directory, a home directory on another volume).
		if r, e := filepath.EvalSymlinks(p.Root); e == nil {
			if a, e := filepath.EvalSymlinks(abs); e == nil {
				if rel, err = filepath.Rel(r, a); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
					return filepath.ToSlash(rel), nil
				}
			}
		}
		return "", fmt.Errorf("%s: outside the project %s", name, p.Root)
	}
	return filepath.ToSlash(rel), nil
}

// Contains reports whether the file-system path name lies below the root.
func (p *Project) Contains(name string) bool {
	_, err := p.Rel(name)
	return err == nil
}

// SkipDir reports whether a directory (a slash-separated path relative to
// the root) holds no code of the project's own: see skipDir.
func (p *Project) SkipDir(rel string) bool { return p.skipDir(rel) }

// skipDir reports whether discovery leaves a directory (a slash-separated
// path) alone: hidden directories, dependencies and Python environments,
// test fixtures (testdata, which Go tooling ignores too), and what the
// configuration ignores.
func (p *Project) skipDir(rel string) bool {
	return p.skipByName(rel) || rel != "." && isFile(p.FS, path.Join(rel, venvMarker))
}

// skipByName is skipDir without looking into the directory: by its name
// and the configuration.
func (p *Project) skipByName(rel string) bool {
	if rel == "." {
		return false
	}
	switch name := path.Base(rel); {
	case strings.HasPrefix(name, "."), name == "vendor", name == "node_modules", name == "__pycache__", name == "site-packages", name == "testdata":
		return true
	}
	return p.Config.Ignored(rel)
}

// venvMarker is the file that makes a directory a Python environment.
const venvMarker = "pyvenv.cfg"

// isVenv reports whether a directory's entries make it a Python
// environment, as skipDir's look into it does.
func isVenv(entries []fs.DirEntry) bool {
	for _, e := range entries {
		if e.Name() == venvMarker && !e.IsDir() {
			return true
		}
	}
	return false
}

func isFile(fsys fs.FS, name string) bool {
	st, err := fs.Stat(fsys, name)
	return err == nil && !st.IsDir()
}

func isDir(fsys fs.FS, name string) bool {
	st, err := fs.Stat(fsys, name)
	return err == nil && st.IsDir()
}
