package branch

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/project"
)

func TestNextVersion(t *testing.T) {
	now := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
	cases := []struct {
		format    migrations.Format
		v, newest string
		taken     []string
		want      string
	}{
		{migrations.Goose, "003", "010", nil, "011"},
		{migrations.Goose, "3", "0010", nil, "0011"},
		{migrations.GolangMigrate, "003", "010", []string{"011", "012"}, "013"},
		{migrations.Goose, "20240101000000", "20240301000000", nil, "20240506070809"},
		// The base is ahead of the clock: the next number after it.
		{migrations.Goose, "20240101000000", "20990101000000", nil, "20990101000001"},
		{migrations.Flyway, "99", "99", nil, "100"},
	}
	for _, c := range cases {
		taken := map[string]bool{}
		for _, v := range c.taken {
			taken[v] = true
		}
		got, err := nextVersion(c.format, c.v, c.newest, taken, now)
		if err != nil || got != c.want {
			t.Errorf("nextVersion(%s, %s, %s) = %q, %v; want %q", c.format, c.v, c.newest, got, err, c.want)
		}
	}
	if _, err := nextVersion(migrations.Flyway, "1.2", "1.3", nil, now); err == nil {
		t.Error("nextVersion of a dotted version: no error")
	}
}

func TestSetParentLeavesWhatItCannotRead(t *testing.T) {
	dir := t.TempDir()
	for name, src := range map[string]string{
		"tuple.py": "revision = 'c3'\ndown_revision = ('b2', 'x9')\n",
		"other.py": "revision = 'c3'\ndown_revision = 'zz'\n",
		"crlf.py":  "\"\"\"c3\r\n\r\nRevises: b2\r\n\"\"\"\r\nrevision = 'c3'\r\ndown_revision = \"b2\"\r\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	set := &project.Set{Format: migrations.Alembic}
	for _, name := range []string{"tuple.py", "other.py"} {
		if _, err := setParent(dir, Repair{Path: name, Line: 2, Set: set, Parent: "b2", Head: "d4"}); err == nil {
			t.Errorf("%s: set a down_revision it cannot read", name)
		}
	}
	if _, err := setParent(dir, Repair{Path: "crlf.py", Line: 6, Set: set, Parent: "b2", Head: "d4"}); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(filepath.Join(dir, "crlf.py"))
	if want := "\"\"\"c3\r\n\r\nRevises: d4\r\n\"\"\"\r\nrevision = 'c3'\r\ndown_revision = \"d4\"\r\n"; string(got) != want {
		t.Errorf("crlf.py = %q, want %q", got, want)
	}
}
