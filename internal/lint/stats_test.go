package lint

import (
	"strings"
	"testing"

	"github.com/migguard/migguard/internal/rules"
	"github.com/migguard/migguard/internal/stats"
	"github.com/migguard/migguard/internal/treetest"
)

// Run judges findings by the stats: file of each job's configuration when
// Options.Stats is nil, so that every caller (the CLI, the git-side lint,
// the language server) gets it; Options.Stats wins over it.
func TestRunStats(t *testing.T) {
	root := treetest.Temp(t, map[string]string{
		".git/HEAD":          "ref: refs/heads/develop\n",
		".migguard.yaml":     "stats: prod.json\n",
		"prod.json":          `{"version": 1, "tables": [{"schema": "public", "name": "orders", "rows": 10, "total_bytes": 8192}]}`,
		"db/000001_a.up.sql": "CREATE TABLE orders (id int);\n",
		"db/000002_b.up.sql": "SET lock_timeout = '1s';\nSET statement_timeout = '1min';\nCREATE INDEX orders_id_idx ON orders (id);\n",
	})
	jobs, errs := PathJobs(Paths{Dir: root, Paths: []string{"db/000002_b.up.sql"}})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	index := func(fs []rules.Finding) rules.Finding {
		for _, f := range fs {
			if f.Rule == "create-index-non-concurrently" {
				return f
			}
		}
		t.Fatalf("no create-index-non-concurrently finding in %v", fs)
		return rules.Finding{}
	}
	f := index(Run(jobs, Options{Excerpts: true}).Findings)
	if f.Severity != rules.Info || !strings.Contains(f.Message, `"orders" holds 8192 bytes, about 10 rows`) {
		t.Errorf("with the configuration's stats: %s %q", f.Severity, f.Message)
	}
	big := int64(10 << 30)
	s := &stats.Snapshot{Version: 1, Tables: []stats.Table{{Schema: "public", Name: "orders", Rows: &big, TotalBytes: big}}}
	if f := index(Run(jobs, Options{Excerpts: true, Stats: s}).Findings); f.Severity != rules.Error || !strings.Contains(f.Message, `"orders" holds 10 GB`) {
		t.Errorf("with Options.Stats: %s %q", f.Severity, f.Message)
	}
}
