package stats_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/migguard/migguard/internal/stats"
)

// TestLoadErrors: every unreadable stats file is an error that names the
// file and says what is wrong; a huge file is refused before it is read.
func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	huge := filepath.Join(dir, "huge.json")
	f, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	f.Truncate(stats.MaxFileSize + 1) // sparse: takes no disk
	f.Close()
	for path, want := range map[string]string{
		write("bad.json", "{\"version\": 1,\n  \"tables\": [}"):                                                     "invalid JSON at line 2, column 14",
		write("short.json", `{"version": 1, "tables": [`):                                                           "invalid JSON: the file ends too early",
		write("v2.json", `{"version": 2, "tables": []}`):                                                            "version 2, but this migguard reads version 1",
		write("nover.json", `{"tables": []}`):                                                                       "no version: not a file written by migguard stats dump",
		write("typo.json", `{"version": 1, "tables": [{"schema": "s", "name": "t", "row": 1}]}`):                    `unknown field "row"`,
		write("dup.json", `{"version": 1, "tables": [{"schema": "s", "name": "t"}, {"schema": "s", "name": "t"}]}`): "table s.t is listed twice",
		write("neg.json", `{"version": 1, "tables": [{"schema": "s", "name": "t", "rows": -1}]}`):                   "negative size or row count",
		write("type.json", `{"version": 1, "tables": [{"schema": "s", "name": "t", "rows": "many"}]}`):              "invalid JSON at line 1",
		huge:                               "more than the 64 MiB a stats file may hold",
		filepath.Join(dir, "missing.json"): "no such file or directory",
	} {
		_, err := stats.Load(path)
		if err == nil || !strings.HasPrefix(err.Error(), "stats file "+path+": ") || !strings.Contains(err.Error(), want) {
			t.Errorf("Load(%s): %v\nwant %q", filepath.Base(path), err, want)
		}
	}
	s, err := stats.Load(write("ok.json", `{"version": 1, "server_version": "15.4", "tables": [{"schema": "public", "name": "b", "rows": null, "total_bytes": 10}, {"schema": "public", "name": "a", "rows": 3}]}`))
	if err != nil || s.Tables[0].Name != "a" || s.Lookup("public.b").Rows != nil || s.Lookup("public.b").TotalBytes != 10 {
		t.Errorf("Load: %+v, %v", s, err)
	}
}

// TestLookup finds a table by its key, and by the key of one of its
// indexes; the table wins over an index of the same name.
func TestLookup(t *testing.T) {
	s, err := stats.Parse("s.json", []byte(`{"version": 1, "tables": [
		{"schema": "app", "name": "orders", "indexes": [{"name": "orders_pkey", "bytes": 1}, {"name": "items", "bytes": 1}]},
		{"schema": "app", "name": "items"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]string{"app.orders": "app.orders", "app.orders_pkey": "app.orders", "app.items": "app.items", "public.orders": ""} {
		got := ""
		if tb := s.Lookup(key); tb != nil {
			got = tb.Key()
		}
		if got != want {
			t.Errorf("Lookup(%s) = %q, want %q", key, got, want)
		}
	}
}
