package migrations

import (
	"strings"
	"testing"

	"github.com/migguard/migguard/internal/treetest"
)

func others(set *Set) string {
	var out []string
	for _, o := range set.Others {
		out = append(out, o.Path+": "+o.Why)
	}
	return strings.Join(out, "\n")
}

// A .sql file where the tool looks but that it never runs is listed, with
// the tool's rule; Flyway's callbacks run, and non-SQL files are no
// concern.
func TestNotRunFiles(t *testing.T) {
	for _, c := range []struct {
		files map[string]string
		want  string
	}{
		{map[string]string{"m/001_a.up.sql": "SELECT 1;", "m/002_add.sql": "SELECT 2;", "m/README.md": "x"},
			"m/002_add.sql: 002_add.sql is never run: golang-migrate runs only files named <version>_<title>.up.sql and .down.sql"},
		{map[string]string{"m/001_a.sql": gooseFile, "m/README.sql": "SELECT 0;"},
			"m/README.sql: README.sql is never run: goose runs only .sql files named <version>_<name>.sql"},
		{map[string]string{"m/V1__a.sql": "SELECT 1;", "m/afterMigrate.sql": "SELECT 2;", "m/sub/beforeEachMigrate__x.sql": "SELECT 3;", "m/v2_b.sql": "SELECT 4;"},
			"m/v2_b.sql: v2_b.sql is never run: flyway runs only V<version>__<description>.sql, U<version>__<description>.sql and R__<description>.sql files (and callbacks)"},
		{map[string]string{"m/atlas.sum": "h1:x", "m/1_a.sql": "SELECT 1;", "m/notes.sql": "SELECT 2;"}, ""},
	} {
		set, errs := LoadDir(Dir(treetest.Temp(t, c.files)), "m", "")
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		if got := others(set); got != c.want {
			t.Errorf("%s: others\n got %q\nwant %q", set.Format, got, c.want)
		}
		for _, o := range set.Others {
			if o.Kind != NotRun || o.Src == "" {
				t.Errorf("%s: kind %v, text %q", o.Path, o.Kind, o.Src)
			}
		}
	}
}

// A directory read as plain SQL that no format explains says what it did
// not read; one whose .sql files plain SQL reads is explained.
func TestUnexplainedDirectory(t *testing.T) {
	for _, c := range []struct {
		files map[string]string
		want  string
	}{
		{map[string]string{"m/2024-01-01-000000_a/up.sql": "SELECT 1;", "m/2024-01-01-000000_a/down.sql": "SELECT 2;", "m/README.md": "x"},
			"m: no migration format explains m: plain SQL reads only the .sql files directly in it, and 2 .sql files below it were not read: " +
				"2024-01-01-000000_a/down.sql, 2024-01-01-000000_a/up.sql"},
		{map[string]string{"m/db/2024_a/up.sql": "SELECT 1;"},
			"m: no migration format explains m: plain SQL reads only the .sql files directly in it, and 1 .sql file below it was not read: " +
				"db/2024_a/up.sql; m/db is a diesel set: lint it, or the whole repository, instead"},
		{map[string]string{"m/README.md": "x", "m/x.txt": "y"},
			"m: no migration format explains m and it holds no .sql file: 2 files not read: README.md, x.txt"},
		{map[string]string{"m/a.sql": "SELECT 1;", "m/docs/readme.md": "x"}, ""},
		// Dependencies are not listed, whatever they hold.
		{map[string]string{"m/a.sql": "SELECT 1;", "m/node_modules/pkg/x.sql": "SELECT 2;", "m/vendor/y/z.sql": "SELECT 3;"}, ""},
	} {
		set, errs := LoadDir(Dir(treetest.Temp(t, c.files)), "m", Plain)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		if got := others(set); got != c.want {
			t.Errorf("others\n got %q\nwant %q", got, c.want)
		}
	}
	root := t.TempDir()
	treetest.Temp(t, nil)
	set, _ := LoadDir(Dir(root), ".", Plain)
	if got := others(set); got != ".: . holds no file: nothing was linted" {
		t.Errorf("empty directory: %q", got)
	}
}
