package gitview_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/migguard/migguard/internal/cache"
	"github.com/migguard/migguard/internal/gitview/gittest"
	"github.com/migguard/migguard/internal/migrations"
)

// A set loaded with the cache from the trees git holds is the set LoadDir
// reads, commit after commit: a staged migration added, edited and
// removed, the others taken from the cache's copy of each file (by its
// object id, from the listing), and a file that is a symbolic link read
// through it.
func TestLoadDirCachedFromTrees(t *testing.T) {
	r := gittest.New(t)
	files := map[string]string{}
	for i := 1; i <= 20; i++ {
		files[fmt.Sprintf("db/migrations/%03d_t.up.sql", i)] = fmt.Sprintf("CREATE TABLE t%d (id int);\n", i)
	}
	r.Commit("set", files)
	if err := os.Symlink("021_real.sql.txt", filepath.Join(r.Dir, "db", "migrations", "021_link.up.sql")); err != nil {
		t.Fatal(err)
	}
	r.Write(map[string]string{"db/migrations/021_real.sql.txt": "CREATE TABLE linked (id int);\n"})
	r.Git("add", "-A")
	c := cache.Open(t.TempDir(), "test")
	g := open(t, r.Dir, nil)
	load := func(what string) {
		t.Helper()
		fsys := stagedFS(t, g, r.Dir)
		want, werrs := migrations.LoadDir(fsys, "db/migrations", migrations.GolangMigrate)
		for round := range 3 {
			got, gerrs := migrations.LoadDirCached(c, fsys, "db/migrations", migrations.GolangMigrate)
			if !got.Equal(want) || len(gerrs) != len(werrs) {
				t.Fatalf("%s, load %d: the cached set differs from LoadDir's", what, round+1)
			}
		}
		if n := len(want.Files); n < 20 {
			t.Fatalf("%s: %d files", what, n)
		}
	}
	load("committed")
	r.Write(map[string]string{"db/migrations/022_new.up.sql": "CREATE TABLE n (id int);\n"})
	r.Git("add", "-A")
	load("a migration staged")
	r.Write(map[string]string{"db/migrations/022_new.up.sql": "CREATE TABLE n (id bigint);\n"})
	r.Git("add", "-A")
	load("the staged migration edited")
	r.Write(map[string]string{"db/migrations/021_real.sql.txt": "CREATE TABLE linked (id bigint);\n"})
	r.Git("add", "-A")
	load("the link's target edited")
	r.Git("rm", "-q", "--cached", "db/migrations/022_new.up.sql")
	load("the staged migration removed")
}
