package alembic

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/rules"
	"github.com/migguard/migguard/internal/treetest"
)

var update = flag.Bool("update", false, "rewrite golden files")

func lintShop(t *testing.T) (*Set, []rules.Finding) {
	t.Helper()
	p, err := FindProject(migrations.Dir("testdata/shop"), ".")
	if err != nil {
		t.Fatal(err)
	}
	s, errs := Load(migrations.Dir("testdata/shop"), p)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return s, s.Lint(rules.Options{})
}

// TestShopGolden lints the realistic project and compares every finding
// with testdata/shop.golden.
func TestShopGolden(t *testing.T) {
	_, fs := lintShop(t)
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "%s:%d:%d: %s %s: %s\n", f.Path, f.Pos.Line, f.Pos.Col, f.Severity, f.Rule, f.Message)
	}
	if *update {
		if err := os.WriteFile("testdata/shop.golden", []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile("testdata/shop.golden")
	if err != nil {
		t.Fatal(err)
	}
	if b.String() != string(want) {
		t.Errorf("findings differ from testdata/shop.golden (go test ./internal/alembic -run TestShopGolden -update):\n%s", b.String())
	}
}

// TestShopFindings asserts the findings the project exists to show.
func TestShopFindings(t *testing.T) {
	s, fs := lintShop(t)
	if n := len(s.SQL.Files); n < 15 {
		t.Fatalf("%d revisions, want at least 15", n)
	}
	if got := s.Graph.Heads(); len(got) != 1 || got[0] != "8293a4b5c6d7" {
		t.Errorf("heads = %v", got)
	}
	has := func(file, rule string, line int) bool {
		for _, f := range fs {
			if strings.Contains(f.Path, file) && f.Rule == rule && f.Pos.Line == line {
				return true
			}
		}
		return false
	}
	for _, w := range []struct {
		file, rule string
		line       int
	}{
		{"9b3d5f7a1c22", "add-column-required", 22},
		{"b5f7d9e1f344", "change-column-type", 22},
		{"c6a8e0f2a455", "rename-column", 22},
		{"d7b9f1a3b566", "drop-column", 22},
		{"e8c0a2b4c677", "unbatched-data-change", 22},
		{"f9d1b3c5d788", RuleNotAnalysed, 29},
		{"1b2c3d4e5f60", "concurrently-in-transaction", 22},
		{"2c3d4e5f6071", "create-index-non-concurrently", 22},
		{"3d4e5f607182", "add-check-without-not-valid", 23},
		{"3d4e5f607182", "add-foreign-key-without-not-valid", 28},
		{"4e5f60718293", "set-not-null-unproven", 23},
		{"60718293a4b5", "add-unique-constraint-without-index", 22},
		{"718293a4b5c6", "create-trigger-on-existing-table", 42},
		{"8293a4b5c6d7", "drop-index-non-concurrently", 22},
	} {
		if !has(w.file, w.rule, w.line) {
			t.Errorf("no %s at %s:%d", w.rule, w.file, w.line)
		}
	}
	for _, f := range fs {
		switch {
		case strings.Contains(f.Path, "3f2a1b4c5d6e_initial"):
			t.Errorf("initial schema: unexpected %s at line %d: %s", f.Rule, f.Pos.Line, f.Message)
		case strings.Contains(f.Path, "0a1b2c3d4e5f"):
			t.Errorf("index in autocommit_block: unexpected %s: %s", f.Rule, f.Message)
		case strings.Contains(f.Path, "8293a4b5c6d7") && f.Rule == "drop-table":
			t.Errorf("# migguard:ignore comment did not suppress drop-table")
		case strings.Contains(f.Path, "f9d1b3c5d788") && f.Rule == RuleNotAnalysed && f.Pos.Line != 29:
			t.Errorf("the ORM data migration is one construct, noted once at its session: %d: %s", f.Pos.Line, f.Message)
		}
	}
}

// TestHeadFindings reports each head of a graph with several, unless each
// head lies on a labelled branch of its own.
func TestHeadFindings(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"two heads", map[string]string{"v/a.py": rev("a", ""), "v/b.py": rev("b", "a"), "v/c.py": rev("c", "a")},
			[]string{"v/b.py:2 revision b is one of 2 heads (b, c)", "v/c.py:2 revision c is one of 2 heads (b, c)"}},
		{"one head", map[string]string{"v/a.py": rev("a", ""), "v/b.py": rev("b", "a")}, nil},
		{"labelled branches", map[string]string{"v/a.py": rev("a", ""),
			"v/b.py": rev("b", "a") + "branch_labels = ('expand',)\n", "v/c.py": rev("c", "a") + "branch_labels = ('contract',)\n"}, nil},
		{"one label for both heads", map[string]string{"v/a.py": rev("a", "") + "branch_labels = ('main',)\n",
			"v/b.py": rev("b", "a"), "v/c.py": rev("c", "a")},
			[]string{"v/b.py:2 revision b is one of 2 heads (b, c)", "v/c.py:2 revision c is one of 2 heads (b, c)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := treetest.Temp(t, tc.files)
			p, err := FindProject(migrations.Dir(root), "v")
			if err != nil {
				t.Fatal(err)
			}
			s, _ := Load(migrations.Dir(root), p)
			var got []string
			for _, f := range s.Lint(rules.Options{}) {
				if f.Rule == RuleGraph {
					got = append(got, fmt.Sprintf("%s:%d %s", f.Path, f.Pos.Line, f.Message))
				}
			}
			if len(got) != len(tc.want) {
				t.Fatalf("findings %q, want %q", got, tc.want)
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tc.want[i]) {
					t.Errorf("finding %q, want %q…", got[i], tc.want[i])
				}
			}
		})
	}
}
