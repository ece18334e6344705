package gitview

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/migguard/migguard/internal/gitview/gittest"
)

// The index files git writes, in versions 2, 3 and 4, with a cache tree,
// an intent-to-add entry (extended flags) and a path too long for the
// name field: decodeIndex reads them as go-git's decoder does, and the
// staged tree is the one `git write-tree` writes.
func TestDecodeIndexOfGit(t *testing.T) {
	for _, version := range []string{"2", "3", "4"} {
		t.Run("v"+version, func(t *testing.T) {
			r := gittest.New(t)
			files := map[string]string{}
			for i := range 40 {
				files[fmt.Sprintf("db/migrations/%03d_step.sql", i)] = fmt.Sprintf("SELECT %d;\n", i)
				files[fmt.Sprintf("app/pkg%d/file%d.go", i%7, i)] = "package app\n"
			}
			r.Commit("init", files)
			r.Write(map[string]string{"db/migrations/100_new.sql": "SELECT 100;\n", "notes/later.txt": "later\n"})
			r.Git("add", "db")
			r.Git("update-index", "--index-version", version)
			if version != "2" {
				r.Git("add", "-N", "notes/later.txt") // git add -N: an entry with extended flags
			}
			blob := r.Git("rev-parse", "HEAD:db/migrations/000_step.sql")
			// Longer than the 12-bit name field; the first leaves no room
			// for padding after its NUL, the second some.
			for _, long := range []string{strings.Repeat("deep/", 900) + "e.sql", strings.Repeat("deep/", 900) + "end.sql"} {
				r.Git("update-index", "--add", "--cacheinfo", "100644,"+blob+","+long)
			}
			want := r.Git("write-tree") // also writes the cache tree into the index
			data, err := os.ReadFile(filepath.Join(r.Dir, ".git", "index"))
			if err != nil {
				t.Fatal(err)
			}
			got, err := decodeIndex(data)
			if err != nil {
				t.Fatal(err)
			}
			if got.Version != uint32(version[0]-'0') || got.Cache == nil || len(got.Entries) < 83 {
				t.Fatalf("version %d, cache tree %v, %d entries", got.Version, got.Cache != nil, len(got.Entries))
			}
			gg, err := goGitIndex(data)
			if err != nil {
				t.Fatal(err)
			}
			if d := sameIndex(got, gg); d != "" {
				t.Error(d)
			}
			if tree, err := openRepo(t, r.Dir).StagedTree(); err != nil || tree.String() != want {
				t.Errorf("StagedTree = %s, %v; git write-tree = %s", tree, err, want)
			}
		})
	}
}
