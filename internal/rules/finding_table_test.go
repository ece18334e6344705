package rules

import (
	"testing"

	"github.com/migguard/migguard/internal/migrations"
)

// Finding.Table names the existing table a finding's lock or work is
// about: the table of an index, the partition an ATTACH scans, nothing for
// a table created earlier in the file or for a finding about no lock.
func TestFindingTable(t *testing.T) {
	base := "CREATE TABLE orders (id bigint PRIMARY KEY, total int, note text);\n" +
		"CREATE INDEX orders_total_idx ON orders (total);\n" +
		"CREATE TABLE events (id bigint, at date) PARTITION BY RANGE (at);\n" +
		"CREATE TABLE events_2024 (id bigint, at date);\n"
	src := "CREATE INDEX orders_note_idx ON orders (note);\n" +
		"ALTER TABLE orders ALTER COLUMN total TYPE bigint;\n" +
		"DROP INDEX orders_total_idx;\n" +
		"ALTER TABLE events ATTACH PARTITION events_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\n" +
		"CREATE TABLE fresh (id int);\n" +
		"CREATE INDEX fresh_id_idx ON fresh (id);\n"
	set := &migrations.Set{Files: []*migrations.File{
		{Path: "1.sql", Version: "1", Src: base, Up: base, Tx: migrations.TxWrapped},
		{Path: "2.sql", Version: "2", Src: src, Up: src, Tx: migrations.TxWrapped},
	}}
	type tw struct {
		table string
		work  Work
	}
	want := map[string]map[int]tw{ // rule → line → table and its work
		"create-index-non-concurrently": {1: {"public.orders", WorkBuild}},
		"change-column-type":            {2: {"public.orders", WorkRewrite}},
		"drop-index-non-concurrently":   {3: {"public.orders", WorkNone}},
		"attach-partition-scan":         {4: {"public.events_2024", WorkScan}},
	}
	seen := map[string]bool{}
	for _, f := range LintSet(set, Options{Severity: AllSeverities(), Lint: func(f *migrations.File) bool { return f.Path == "2.sql" }}).Findings {
		if f.Pos.Line >= 5 && f.Table != "" {
			t.Errorf("%s at line %d: Table %q, want none for a table created in the file", f.Rule, f.Pos.Line, f.Table)
		}
		if tab, ok := want[f.Rule][f.Pos.Line]; ok {
			seen[f.Rule] = true
			if f.Table != tab.table || f.TableWork != tab.work {
				t.Errorf("%s at line %d: Table %q, TableWork %s; want %q, %s", f.Rule, f.Pos.Line, f.Table, f.TableWork, tab.table, tab.work)
			}
		}
		if f.Lock == "" && f.Work == WorkNone && f.Table != "" {
			t.Errorf("%s at line %d names no lock or work but Table %q", f.Rule, f.Pos.Line, f.Table)
		}
	}
	for rule := range want {
		if !seen[rule] {
			t.Errorf("no %s finding", rule)
		}
	}
}
