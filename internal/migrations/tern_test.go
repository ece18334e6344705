package migrations

import (
	"reflect"
	"strings"
	"testing"

	"github.com/migguard/migguard/internal/treetest"
)

func TestTernParts(t *testing.T) {
	src := "create table {{.prefix}}widgets (id int);\n" +
		"---- create above / drop below ----\n" +
		"drop table {{.prefix}}widgets;\n"
	f, err := ParseFile(Tern, "db/001_widgets.sql", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	checkParts(t, f)
	if !strings.Contains(f.Up, "create table prefix_____widgets") || strings.Contains(f.Up, "drop table") {
		t.Errorf("up %q", f.Up)
	}
	if !strings.Contains(f.Down, "drop table prefix_____widgets") || strings.Contains(f.Down, "create table") {
		t.Errorf("down %q", f.Down)
	}
	if f.Tx != TxWrapped || f.Version != "001" {
		t.Errorf("tx %v, version %q", f.Tx, f.Version)
	}

	f, _ = ParseFile(Tern, "db/002_index.sql", []byte("---- tern: disable-tx ----\ncreate index concurrently i on t (a);\n"))
	if f.Tx != TxNone || !strings.Contains(f.TxSource, "disable-tx ---- on line 1") {
		t.Errorf("disable-tx: %v (%s)", f.Tx, f.TxSource)
	}
	// The marker below the separator concerns the down part only.
	f, _ = ParseFile(Tern, "db/003_x.sql", []byte("select 1;\n---- create above / drop below ----\n---- tern: disable-tx ----\nselect 2;\n"))
	if f.Tx != TxWrapped {
		t.Errorf("a down part's disable-tx changed the up part's transaction")
	}
	f, _ = ParseFile(Tern, "db/004_x.sql", []byte("-- nothing\n---- create above / drop below ----\nselect 2;\n"))
	if !strings.Contains(problems(f), "no SQL above ---- create above / drop below ----: tern refuses") {
		t.Errorf("problems %q", problems(f))
	}
}

// tern numbers migrations 1, 2, 3…: a gap and a duplicate are refused,
// other files are no migrations, and .sql files in subdirectories are
// shared templates, not files it never runs.
func TestTernDirectory(t *testing.T) {
	sep := "\n---- create above / drop below ----\n"
	root := treetest.Temp(t, map[string]string{
		"db/001_a.sql": "select 1;" + sep, "db/002_b.sql": "select 2;" + sep, "db/002_c.sql": "select 3;" + sep,
		"db/005_d.sql": "select 5;" + sep, "db/notes.sql": "select 0;", "db/shared/audit.sql": "select 9;",
		"db/tern.conf": "[database]\nhost = x\n[data]\nprefix = app_\nwho = {{env \"USER\"}}\n",
	})
	set, errs := LoadDir(Dir(root), "db", "")
	if len(errs) > 0 || set.Format != Tern {
		t.Fatalf("format %s, errors %v", set.Format, errs)
	}
	if got := paths(set.Files); got != "db/001_a.sql db/002_b.sql db/002_c.sql db/005_d.sql" {
		t.Errorf("order %s", got)
	}
	if p := problems(set.Files[2]); !strings.Contains(p, "version 002 is also used by 002_b.sql: tern refuses") {
		t.Errorf("duplicate: %q", p)
	}
	if p := problems(set.Files[3]); !strings.Contains(p, "005_d.sql has number 5 but no migration has number 3") {
		t.Errorf("gap: %q", p)
	}
	if len(set.Others) != 1 || set.Others[0].Path != "db/notes.sql" || set.Others[0].Kind != NotRun {
		t.Errorf("others %+v", set.Others)
	}
	if got := TernData(Dir(root), "db"); !reflect.DeepEqual(got, map[string]string{"prefix": "app_"}) {
		t.Errorf("TernData = %v", got)
	}
}
