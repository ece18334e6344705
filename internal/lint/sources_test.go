package lint

import (
	"maps"
	"slices"
	"testing"

	"github.com/migguard/migguard/internal/treetest"
)

// With Options.Excerpts, Run keeps the texts of the files that findings
// point into, an empty migration's included, and of no other file.
func TestRunSources(t *testing.T) {
	files := map[string]string{
		".git/HEAD":            "ref: refs/heads/develop\n",
		"db/000001_a.up.sql":   "SET lock_timeout = '1s';\nSET statement_timeout = '1min';\nCREATE TABLE t (id int);\n",
		"db/000002_b.up.sql":   "",
		"db/000003_c.up.sql":   "CREATE INDEX t_id_idx ON t (id);\n",
		"db/000003_c.down.sql": "DROP INDEX t_id_idx;\n",
		"db/000004_d.up.sql":   "SET lock_timeout = '1s';\nSET statement_timeout = '1min';\nCREATE TABLE u (id int);\n",
	}
	root := treetest.Temp(t, files)
	jobs, errs := PathJobs(Paths{Dir: root, Paths: []string{"db"}})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	res := Run(jobs, Options{Excerpts: true})
	found := map[string]bool{}
	for _, f := range res.Findings {
		found[f.Path] = true
	}
	for _, p := range []string{"db/000002_b.up.sql", "db/000003_c.up.sql"} {
		if !found[p] {
			t.Fatalf("no finding in %s: %v", p, res.Findings)
		}
	}
	if found["db/000001_a.up.sql"] || found["db/000004_d.up.sql"] {
		t.Fatalf("findings in a clean file: %v", res.Findings)
	}
	if got, want := slices.Sorted(maps.Keys(res.Sources)), slices.Sorted(maps.Keys(found)); !slices.Equal(got, want) {
		t.Errorf("sources of %v, want those of the files with findings %v", got, want)
	}
	for p := range found {
		if src, ok := res.Sources[p]; !ok || src != files[p] {
			t.Errorf("source of %s: %q (kept: %v), want %q", p, src, ok, files[p])
		}
	}
	if len(Run(jobs, Options{}).Sources) != 0 {
		t.Error("sources kept without Options.Excerpts")
	}
}
