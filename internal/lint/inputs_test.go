package lint

import (
	"slices"
	"strings"
	"testing"

	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/treetest"
)

func reportedPaths(j Job) []string {
	var out []string
	for _, f := range j.Files.Files {
		if j.Report == nil || j.Report(f) {
			out = append(out, f.Path)
		}
	}
	return out
}

// Files named in one set make one job that replays the set once and
// reports on them only; a file no tool reads is linted alone; stdin is
// its own job.
func TestPathJobs(t *testing.T) {
	root := treetest.Temp(t, map[string]string{
		".git/HEAD":           "ref: refs/heads/develop\n",
		"db/001_a.sql":        "-- +goose Up\nCREATE TABLE a (id int);\n",
		"db/002_b.sql":        "-- +goose Up\nCREATE TABLE b (id int);\n",
		"db/003_c.sql":        "-- +goose Up\nCREATE TABLE c (id int);\n",
		"db/README.sql":       "SELECT 1;\n",
		"other/V1__x.sql":     "SELECT 1;\n",
		"other/sub/V2__y.sql": "SELECT 2;\n",
	})
	jobs, errs := PathJobs(Paths{Dir: root, Paths: []string{"db/001_a.sql", "db/003_c.sql", "db/README.sql", "-", "other/sub/V2__y.sql"},
		Stdin: strings.NewReader("SELECT 3;"), StdinName: "in.sql"})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var got []string
	for _, j := range jobs {
		got = append(got, string(j.Files.Format)+":"+strings.Join(reportedPaths(j), ","))
	}
	slices.Sort(got)
	want := []string{"flyway:other/sub/V2__y.sql", "goose:db/001_a.sql,db/003_c.sql", "sql:db/README.sql", "sql:in.sql"}
	if !slices.Equal(got, want) {
		t.Errorf("jobs %v, want %v", got, want)
	}
	for _, j := range jobs {
		if j.Files.Format == migrations.Goose && len(j.Files.Files) != 3 {
			t.Errorf("the goose job replays %d files, want the whole set", len(j.Files.Files))
		}
	}
	if _, errs := PathJobs(Paths{Dir: root, Paths: []string{"db/nope.sql"}}); len(errs) != 1 || !strings.Contains(errs[0].Error(), "db/nope.sql") {
		t.Errorf("a missing path: %v", errs)
	}
}
