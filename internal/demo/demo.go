// Package demo builds the demo repository of `migguard demo`: a small
// service with goose migrations, some safe and some that would lock or
// break production, committed to a fresh git repository.
package demo

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

//go:embed all:testdata/repo
var repo embed.FS

// Build writes the demo repository into dir (which must be empty or
// absent) and commits it on branch develop.
func Build(dir string) error {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s is not empty", dir)
	}
	root, err := fs.Sub(repo, "testdata/repo")
	if err != nil {
		return err
	}
	err = fs.WalkDir(root, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := filepath.Join(dir, filepath.FromSlash(path))
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := fs.ReadFile(root, path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		return err
	}
	return commitWithBranches(dir)
}

func commit(dir string) error {
	r, err := git.PlainInitWithOptions(dir, &git.PlainInitOptions{
		InitOptions: git.InitOptions{DefaultBranch: plumbing.NewBranchReferenceName("develop")},
	})
	if err != nil {
		return fmt.Errorf("git init: %w", err)
	}
	wt, err := r.Worktree()
	if err != nil {
		return err
	}
	if err := wt.AddGlob("."); err != nil {
		return fmt.Errorf("git add: %w", err)
	}
	sig := &object.Signature{Name: "migguard demo", Email: "demo@migguard.invalid", When: time.Date(2024, 6, 10, 15, 0, 0, 0, time.UTC)}
	_, err = wt.Commit("Add the shop schema migrations", &git.CommitOptions{Author: sig, Committer: sig})
	return err
}
