package gitview

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	format "github.com/go-git/go-git/v5/plumbing/format/config"
)

// This file holds what the repository's configuration says about how to
// read it: the extensions of core.repositoryFormatVersion 1, the
// per-worktree configuration that extensions.worktreeConfig enables, and
// whether objects may be missing because the clone is partial.
//
// go-git v5 refuses every extension but "noop" (and, through a
// case-sensitivity slip, also worktreeConfig under format version 0), so
// migguard checks the extensions itself and hands go-git the configuration
// without them: each one it accepts is one it reads correctly.

// knownExtensions are the extensions migguard reads repositories with,
// lower-cased as git compares them, and why each is harmless here.
var knownExtensions = map[string]string{
	"noop":            "changes nothing",
	"noop-v1":         "changes nothing",
	"worktreeconfig":  "config.worktree is read for the settings migguard uses",
	"partialclone":    "missing objects are fetched through git",
	"preciousobjects": "migguard never deletes objects",
	"objectformat":    "only sha1 is accepted",
}

// FormatError is a repository that migguard cannot read correctly: SHA-256
// object ids, or an extension it does not know. It is never a reason to
// guess.
type FormatError struct {
	GitDir string
	Msg    string
}

func (e *FormatError) Error() string { return e.GitDir + ": " + e.Msg }

// checkFormat returns a *FormatError when the configuration asks for
// something migguard cannot read.
//
// SHA-256 repositories (git init --object-format=sha256) are refused: every
// object id migguard handles is go-git's plumbing.Hash, 20 bytes unless
// go-git is built with the sha256 tag (which then cannot read SHA-1
// repositories), and migguard's own readers of pack indexes, trees and the
// index step over 20-byte ids. Reading such a repository as SHA-1 would
// give wrong verdicts.
func checkFormat(gitDir string, cfg *config.Config) error {
	if cfg == nil || cfg.Raw == nil || !cfg.Raw.HasSection("extensions") {
		return nil
	}
	var unknown []string
	for _, o := range cfg.Raw.Section("extensions").Options {
		key := strings.ToLower(o.Key)
		if key == "objectformat" {
			if v := strings.ToLower(strings.TrimSpace(o.Value)); v != "sha1" && v != "" {
				if v == "sha256" {
					v = "SHA-256"
				}
				return &FormatError{GitDir: gitDir, Msg: fmt.Sprintf("this repository uses %s object ids "+
					"(extensions.objectFormat = %s), and migguard reads SHA-1 repositories only: its git library, "+
					"go-git v5, has no SHA-256 support. Lint the working tree instead (`migguard lint` without "+
					"-staged, -pre-push or -head), or run the git checks in a SHA-1 copy of the repository", v, o.Value)}
			}
			continue
		}
		if _, ok := knownExtensions[key]; !ok {
			unknown = append(unknown, o.Key)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return &FormatError{GitDir: gitDir, Msg: fmt.Sprintf("this repository uses the git extension %s, which "+
			"migguard cannot read; lint the working tree instead (`migguard lint` without -staged, -pre-push or -head)",
			strings.Join(unknown, ", "))}
	}
	return nil
}

// withoutExtensions returns a copy of cfg without its extensions section,
// for go-git, which refuses what checkFormat has accepted.
func withoutExtensions(cfg *config.Config) (*config.Config, error) {
	if cfg.Raw == nil || !cfg.Raw.HasSection("extensions") {
		return cfg, nil
	}
	raw := *cfg.Raw
	raw.Sections = nil
	for _, s := range cfg.Raw.Sections {
		if !s.IsName("extensions") {
			raw.Sections = append(raw.Sections, s)
		}
	}
	cp := *cfg
	cp.Raw = &raw
	return &cp, nil
}

// Config implements storer.ConfigStorer: the repository's configuration
// without the extensions that checkFormat has accepted (see above).
func (f *fastStorage) Config() (*config.Config, error) {
	cfg, err := f.Storage.Config()
	if err != nil {
		return nil, err
	}
	return withoutExtensions(cfg)
}

// extension returns the value of extensions.<name> in cfg, "" when unset.
func extension(cfg *config.Config, name string) string {
	if cfg == nil || cfg.Raw == nil || !cfg.Raw.HasSection("extensions") {
		return ""
	}
	return cfg.Raw.Section("extensions").Option(name)
}

// isTrue reads a git boolean.
func isTrue(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "true", "yes", "on", "1":
		return true
	}
	return false
}

// promisor reports whether objects may be missing because the repository
// is a partial clone (git clone --filter): a remote is a promisor
// (remote.<name>.promisor, which git ≥ 2.32 writes) or
// extensions.partialClone names one (older git).
func promisor(cfg *config.Config) bool {
	if cfg == nil || cfg.Raw == nil {
		return false
	}
	if extension(cfg, "partialclone") != "" {
		return true
	}
	for _, s := range cfg.Raw.Section("remote").Subsections {
		if isTrue(s.Option("promisor")) {
			return true
		}
	}
	return false
}

// worktreeOption returns the value of section.key in the per-worktree
// configuration (config.worktree in the worktree's git directory), which
// overrides the repository's when extensions.worktreeConfig is set. ok is
// false when it is not set there.
func (g *Git) worktreeOption(section, key string) (string, bool) {
	if !g.worktreeConfig {
		return "", false
	}
	data, err := os.ReadFile(filepath.Join(g.GitDir, "config.worktree"))
	if err != nil {
		return "", false
	}
	raw := format.New()
	if err := format.NewDecoder(strings.NewReader(string(data))).Decode(raw); err != nil {
		return "", false
	}
	if !raw.HasSection(section) {
		return "", false
	}
	opts := raw.Section(section).Options
	if !opts.Has(key) {
		return "", false
	}
	return opts.Get(key), true
}

// isGitDir reports whether dir is a git directory itself, as git decides
// for a bare repository: a HEAD file that names a ref or a commit, an
// objects directory and a refs directory.
func isGitDir(dir string) bool {
	head, err := os.ReadFile(filepath.Join(dir, "HEAD"))
	if err != nil || len(head) > 1024 {
		return false
	}
	if h := strings.TrimSpace(string(head)); !strings.HasPrefix(h, "ref: refs/") && !plumbing.IsHash(h) {
		return false
	}
	for _, sub := range []string{"objects", "refs"} {
		if st, err := os.Stat(filepath.Join(dir, sub)); err != nil || !st.IsDir() {
			return false
		}
	}
	return true
}

// ErrBare says that a bare repository has no index and no working tree.
var ErrBare = errors.New("a bare repository has no index: name the commit to judge with -head <revision>")

// readConfig reads what the repository's configuration says about how to
// read it: a *FormatError for a repository migguard cannot read, whether
// it is bare, whether config.worktree applies, and whether missing objects
// are to be fetched from a promisor remote.
func (g *Git) readConfig() error {
	cfg, err := g.st.Config()
	if err != nil {
		return fmt.Errorf("reading %s: %w", filepath.Join(g.CommonDir, "config"), err)
	}
	if err := checkFormat(g.GitDir, cfg); err != nil {
		return err
	}
	g.worktreeConfig = isTrue(extension(cfg, "worktreeconfig"))
	bare := cfg.Core.IsBare
	if v, ok := g.worktreeOption("core", "bare"); ok {
		bare = isTrue(v)
	}
	if bare && g.getenv("GIT_WORK_TREE") == "" {
		g.WorkTree = ""
	}
	if promisor(cfg) {
		g.fast.objs.lazy = &lazyFetch{gitDir: g.GitDir}
	}
	return nil
}

// Bare reports whether the repository has no working tree.
func (g *Git) Bare() bool { return g.WorkTree == "" }
