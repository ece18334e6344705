// Package treetest writes trees of files on disk for the tests of other
// packages: a map of slash-separated paths to contents, directories made
// as needed.
package treetest

import (
	"os"
	"path/filepath"
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
