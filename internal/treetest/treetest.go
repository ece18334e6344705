// Package treetest writes trees of files on disk for the tests of other
// packages: a map of slash-separated paths to contents, directories made
// as needed.
package treetest

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// Write writes the files below dir, making their directories.
func Write(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// Temp writes the files into a new temporary directory, removed when the
// test ends, and returns it.
func Temp(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	Write(t, dir, files)
	return dir
}

// EachRepoFile calls f with the path and content of every file of the
// repository whose name ends in one of exts: the files of the module
// whose go.mod is at or above the test's directory, less .git and
// .bench (fetched and generated copies). Tests that check a reader
// against a slower reference run them on the repository's own files.
func EachRepoFile(t testing.TB, f func(path string, src []byte), exts ...string) {
	t.Helper()
	root, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(root, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(root)
		if parent == root {
			t.Fatal("no go.mod above the test's directory")
		}
		root = parent
	}
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && (d.Name() == ".git" || d.Name() == ".bench"):
			return fs.SkipDir
		case d.IsDir() || !slices.Contains(exts, filepath.Ext(p)):
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		f(p, src)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
