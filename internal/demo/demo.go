// Package demo builds the demo repository of `migguard demo`: a small
// service with goose migrations, some safe and some that would lock or
// break production, committed to a fresh git repository.
package demo

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
)

//go:embed all:testdata/repo
var repo embed.FS

// Build writes the demo repository into dir (which must be empty or
// absent) and commits it on branch develop, with the feature branches
// listed in Branches.
func Build(dir string) error {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s is not empty", dir)
	}
	root, err := fs.Sub(repo, "testdata/repo")
	if err != nil {
		return err
	}
	files, err := readTree(root)
	if err != nil {
		return err
	}
	if err := writeTree(dir, files); err != nil {
		return err
	}
	return commitWithBranches(dir, files)
}
