package migrations

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/migguard/migguard/internal/treetest"
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

// Each format's expression runs only on heads that hold the word it
// needs: on every SQL file of the repository's fixtures and corpora, and
// on annotations in odd cases, no head that an expression matches is
// ruled out by its word.
func TestDetectHeadsWords(t *testing.T) {
	heads := []string{"-- +goose Up\n", "--+GOOSE UP\n", "-- +Goose up  \n", "--\t+gOoSe\tuP\n", "-- migrate:up\n",
		"--migrate:up transaction:false\n", "-- +migrate Up\n", "-- +migrate Down notransaction\n",
		"SELECT 1;\n---- create above / drop below ----\nDROP TABLE t;\n", "---- tern: disable-tx ----\n"}
	treetest.EachRepoFile(t, func(_ string, b []byte) {
		heads = append(heads, string(b[:min(len(b), headSize)]))
	}, ".sql")
	matched := map[string]int{}
	for _, s := range heads {
		h := []byte(s)
		for _, c := range []struct {
			name  string
			match bool
			word  bool
		}{
			{"goose", gooseUpRx.Match(h), hasGoose(h)},
			{"dbmate", dbmateUpRx.Match(h), bytes.Contains(h, []byte("migrate:up"))},
			{"sql-migrate", sqlMigrateRx.Match(h), bytes.Contains(h, []byte("-- +migrate "))},
			{"tern", ternMarkerRx.Match(h), bytes.Contains(h, []byte("---- "))},
		} {
			if c.match {
				matched[c.name]++
				if !c.word {
					t.Errorf("%s matches %q but its word rules it out", c.name, s)
				}
			}
		}
	}
	for _, name := range []string{"goose", "dbmate", "sql-migrate", "tern"} {
		if matched[name] < 2 {
			t.Errorf("%d heads match %s: not a test of its word", matched[name], name)
		}
	}
	if len(heads) < 400 {
		t.Fatalf("%d heads: not a test of the repository's files", len(heads))
	}
}
