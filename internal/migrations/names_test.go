package migrations

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// OrderNames must keep and order the same files as LoadDir.
func TestOrderNamesAgreesWithLoadDir(t *testing.T) {
	cases := map[Format][]string{
		GolangMigrate: {"10_b.up.sql", "2_a.up.sql", "2_a.down.sql", "README.md", "10_b.down.sql"},
		Goose:         {"20240101_a.sql", "3_b.sql", "README.sql", "x.go"},
		Dbmate:        {"20240102_b.sql", "20240101_a.sql", "notes.txt"},
		Flyway:        {"V1_10__x.sql", "V1_2__y.sql", "R__view.sql", "U1_2__y.sql", "sub/V3__z.sql"},
		Plain:         {"10_x.sql", "2_y.sql", "a.sql"},
	}
	for format, names := range cases {
		dir := t.TempDir()
		var paths []string
		for _, n := range names {
			p := filepath.Join(dir, "db", filepath.FromSlash(n))
			os.MkdirAll(filepath.Dir(p), 0o755)
			os.WriteFile(p, []byte("-- +goose Up\nSELECT 1;\n"), 0o644)
			paths = append(paths, "db/"+n)
		}
		set, errs := LoadDir(Dir(dir), "db", format)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		var want []string
		for _, f := range set.Files {
			want = append(want, f.Path)
		}
		ups, downs := OrderNames(format, "db", paths)
		var got []string
		for _, f := range ups {
			got = append(got, f.Path)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: OrderNames = %v, LoadDir = %v", format, got, want)
		}
		var wantDowns int
		for _, f := range set.Files {
			if f.DownFile != nil {
				wantDowns++
			}
		}
		if len(downs) != wantDowns {
			t.Errorf("%s: %d downs, want %d", format, len(downs), wantDowns)
		}
	}
}

func TestDetectNames(t *testing.T) {
	head := func(s string) func(string) []byte { return func(string) []byte { return []byte(s) } }
	for _, c := range []struct {
		names []string
		head  string
		want  Format
	}{
		{[]string{"1_a.up.sql"}, "", GolangMigrate},
		{[]string{"atlas.sum", "1_a.sql"}, "", Atlas},
		{[]string{"V1__a.sql"}, "", Flyway},
		{[]string{"1_a.sql"}, "-- +goose Up\n", Goose},
		{[]string{"1_a.sql"}, "-- migrate:up\n", Dbmate},
		{[]string{"1_a.sql"}, "SELECT 1;", ""},
	} {
		if got := DetectNames(c.names, head(c.head)); got != c.want {
			t.Errorf("DetectNames(%v) = %q, want %q", c.names, got, c.want)
		}
	}
	a, b := &File{Version: "001"}, &File{Version: "1"}
	if !SameVersion(Goose, a, b) || SameVersion(Goose, a, &File{Version: "2"}) {
		t.Error("SameVersion")
	}
}
