package lint

import (
	"slices"
	"strings"
	"testing"

	"github.com/migguard/migguard/internal/treetest"
)

// A migration directory of a diesel set stands for its files, which are
// judged against the whole set; a named file that the tool never runs is
// reported as such and linted on its own.
func TestPathJobsNamedLayouts(t *testing.T) {
	root := treetest.Temp(t, map[string]string{
		".git/HEAD":                      "ref: refs/heads/develop\n",
		"m/2024-01-01-000000_a/up.sql":   "CREATE TABLE a (id int);\n",
		"m/2024-01-02-000000_b/up.sql":   "CREATE TABLE b (id int);\n",
		"m/2024-01-02-000000_b/down.sql": "DROP TABLE b;\n",
		"m/2024-01-03-000000_c/up.sql":   "CREATE TABLE c (id int);\n",
		"g/000001_a.up.sql":              "CREATE TABLE a (id int);\n",
		"g/000002_add.sql":               "SELECT 1;\n",
	})
	jobs, errs := PathJobs(Paths{Dir: root, Paths: []string{"m/2024-01-02-000000_b", "g/000002_add.sql"}})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var got []string
	for _, j := range jobs {
		others := []string{}
		for _, o := range j.Files.Others {
			if j.Report == nil || j.Report(o) {
				others = append(others, o.Path)
			}
		}
		got = append(got, string(j.Files.Format)+":"+strings.Join(reportedPaths(j), ",")+"+"+strings.Join(others, ","))
	}
	slices.Sort(got)
	want := []string{"diesel:m/2024-01-02-000000_b/up.sql+", "golang-migrate:+g/000002_add.sql", "sql:g/000002_add.sql+"}
	if !slices.Equal(got, want) {
		t.Errorf("jobs %v, want %v", got, want)
	}
}

// An unreadable migration after every named one does not fail the lint of
// the named ones; one before them, which the replay needs, does.
func TestPathJobsSkipsBrokenLaterFile(t *testing.T) {
	root := treetest.Temp(t, map[string]string{
		".git/HEAD":           "ref: refs/heads/develop\n",
		"g/000001_a.up.sql":   "CREATE TABLE a (id int);\n",
		"g/000002_b.up.sql":   "SELECT 'caf\xe9';\n",
		"g/000003_c.up.sql":   "CREATE TABLE c (id int);\n",
		"g/000004_d.up.sql":   "CREATE TABLE d (id int);\n",
		"g/000004_d.down.sql": "\x00",
	})
	for _, c := range []struct {
		file string
		errs int
	}{{"g/000001_a.up.sql", 0}, {"g/000003_c.up.sql", 1}} {
		_, errs := PathJobs(Paths{Dir: root, Paths: []string{c.file}})
		if len(errs) != c.errs {
			t.Errorf("%s: errors %v, want %d", c.file, errs, c.errs)
		}
	}
	if _, errs := PathJobs(Paths{Dir: root, Paths: []string{"g"}}); len(errs) != 2 {
		t.Errorf("the whole set: errors %v, want both files", errs)
	}
}
