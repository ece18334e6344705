package migrationset

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/migguard/migguard/internal/project"
)

// -migrationset.dir is relative to the module root; a directory outside
// the project is read as a set of the project around it, and a missing one
// is an error that names it.
func TestDiskSetsFromFlag(t *testing.T) {
	root := t.TempDir()
	for p, c := range map[string]string{
		"app/go.mod":                     "module example.com/app\n",
		"app/.migguard.yaml":             "",
		"db/.git/HEAD":                   "ref: refs/heads/develop\n",
		"db/migrations/001_a.up.sql":     "CREATE TABLE a (id bigint PRIMARY KEY);\n",
		"app/local/001_b.up.sql":         "CREATE TABLE b (id bigint PRIMARY KEY);\n",
		"app/local/001_b.down.sql":       "DROP TABLE b;\n",
		"app/local/notes/readme.txt":     "",
		"db/migrations/002_c.up.sql":     "CREATE TABLE c (id bigint PRIMARY KEY);\n",
		"db/migrations/002_c.down.sql":   "DROP TABLE c;\n",
		"db/migrations/001_a.down.sql":   "DROP TABLE a;\n",
		"app/local/notes/more/other.txt": "",
	} {
		abs := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(abs, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p, err := project.Open(filepath.Join(root, "app"), "", "")
	if err != nil {
		t.Fatal(err)
	}
	r := &Result{project: p, Root: p.Root, Config: p.Config, modDir: filepath.Join(root, "app")}
	defer func(old string) { flagDirs = old }(flagDirs)

	flagDirs = "local, ../db/migrations"
	sets, err := diskSets(r)
	if err != nil {
		t.Fatal(err)
	}
	if len(sets) != 2 || sets[0].Dir != "local" || sets[1].Dir != "migrations" || sets[1].Project().Root != filepath.Join(root, "db") {
		t.Fatalf("sets %v", sets)
	}
	schemas, err := readDisk(r)
	if err != nil || len(schemas) != 2 || schemas[1].Table("public.c") == nil {
		t.Fatalf("schemas %v, %v", schemas, err)
	}

	flagDirs = "nowhere"
	if _, err := diskSets(r); err == nil || !strings.Contains(err.Error(), "-migrationset.dir nowhere: ") || !strings.Contains(err.Error(), "not a directory") {
		t.Errorf("error %v", err)
	}
}
