package alembic

import (
	"reflect"
	"strings"
	"testing"

	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/treetest"
)

func rev(id, down string) string {
	d := "None"
	if down != "" {
		d = down
		if !strings.HasPrefix(down, "(") {
			d = `"` + down + `"`
		}
	}
	return "revision = \"" + id + "\"\ndown_revision = " + d + "\n\ndef upgrade():\n    pass\n"
}

func kinds(g *Graph) []string {
	var out []string
	for _, p := range g.Problems {
		out = append(out, string(p.Kind))
	}
	return out
}

func TestGraphShapes(t *testing.T) {
	tests := []struct {
		name   string
		files  map[string]string
		heads  []string
		bases  []string
		merges []string
		probs  []string
		order  []string
	}{
		{
			name:  "linear",
			files: map[string]string{"v/a.py": rev("0001_initial", ""), "v/b.py": rev("0002_users", "0001_initial"), "v/c.py": rev("0003_x", "0002_users")},
			heads: []string{"0003_x"}, bases: []string{"0001_initial"},
			order: []string{"0001_initial", "0002_users", "0003_x"},
		},
		{
			name:  "two heads",
			files: map[string]string{"v/a.py": rev("aaa", ""), "v/b.py": rev("bbb", "aaa"), "v/c.py": rev("ccc", "aaa")},
			heads: []string{"bbb", "ccc"}, bases: []string{"aaa"},
			order: []string{"aaa", "bbb", "ccc"},
		},
		{
			name:  "merge",
			files: map[string]string{"v/a.py": rev("aaa", ""), "v/b.py": rev("bbb", "aaa"), "v/c.py": rev("ccc", "aaa"), "v/m.py": rev("mmm", `("bbb", "ccc")`)},
			heads: []string{"mmm"}, bases: []string{"aaa"}, merges: []string{"mmm"},
			order: []string{"aaa", "bbb", "ccc", "mmm"},
		},
		{
			name:  "cycle",
			files: map[string]string{"v/a.py": rev("aaa", "ccc"), "v/b.py": rev("bbb", "aaa"), "v/c.py": rev("ccc", "bbb")},
			probs: []string{"cycle"},
		},
		{
			name:  "dangling",
			files: map[string]string{"v/a.py": rev("aaa", ""), "v/b.py": rev("bbb", "zzz")},
			heads: []string{"aaa", "bbb"}, bases: []string{"aaa"},
			probs: []string{"dangling"},
		},
		{
			name:  "duplicate",
			files: map[string]string{"v/a.py": rev("aaa", ""), "v/b.py": rev("aaa", ""), "v/c.py": rev("ccc", "aaa")},
			heads: []string{"ccc"}, bases: []string{"aaa"},
			probs: []string{"duplicate-id", "duplicate-id"},
		},
		{
			name:  "self reference",
			files: map[string]string{"v/a.py": rev("aaa", "aaa")},
			heads: []string{"aaa"}, bases: []string{"aaa"},
			probs: []string{"cycle"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := treetest.Temp(t, tt.files)
			g, errs := LoadGraph(migrations.Dir(root), "v")
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			if tt.heads != nil && !reflect.DeepEqual(g.Heads(), tt.heads) {
				t.Errorf("heads = %v, want %v", g.Heads(), tt.heads)
			}
			if tt.bases != nil && !reflect.DeepEqual(g.Bases(), tt.bases) {
				t.Errorf("bases = %v, want %v", g.Bases(), tt.bases)
			}
			if !reflect.DeepEqual(g.MergePoints(), tt.merges) {
				t.Errorf("merges = %v, want %v", g.MergePoints(), tt.merges)
			}
			if got := kinds(g); !reflect.DeepEqual(got, tt.probs) {
				t.Errorf("problems = %v (%v), want %v", got, g.Problems, tt.probs)
			}
			if tt.order != nil {
				var ids []string
				for _, r := range g.Order() {
					ids = append(ids, r.ID)
				}
				if !reflect.DeepEqual(ids, tt.order) {
					t.Errorf("order = %v, want %v", ids, tt.order)
				}
			}
			if (len(tt.probs) == 0) != g.Complete() {
				t.Errorf("Complete() = %v with problems %v", g.Complete(), g.Problems)
			}
		})
	}
}

func TestParseRevisionShapes(t *testing.T) {
	src := `"""add users

Revision ID: 1a2b3c4d5e6f
Revises: 000000000000
Create Date: 2024-01-01 00:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "1a2b3c4d5e6f"
down_revision: Union[str, Sequence[str], None] = (
    "abc123",  # first parent
    'def' "456",
)
branch_labels: Union[str, Sequence[str], None] = "billing"
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("t", sa.Column("x", sa.Integer()))
`
	r, probs := ParseRevision("v/1a2b3c4d5e6f_add_users.py", []byte(src))
	if r == nil {
		t.Fatal(probs)
	}
	if r.ID != "1a2b3c4d5e6f" || !reflect.DeepEqual(r.Down, []string{"abc123", "def456"}) || !reflect.DeepEqual(r.BranchLabels, []string{"billing"}) || r.DependsOn != nil {
		t.Errorf("got %+v", r)
	}
	if r.Line != 14 || r.DownLine != 15 || r.Message != "add users" {
		t.Errorf("lines %d %d message %q", r.Line, r.DownLine, r.Message)
	}
	if len(probs) != 1 || probs[0].Kind != StaleDocstring || probs[0].Line != 4 {
		t.Errorf("problems = %v, want one stale docstring on line 4", probs)
	}
}

func TestParseRevisionBadInput(t *testing.T) {
	tests := []struct {
		name, src string
		kind      ProblemKind
		line      int
		ok        bool // a revision still comes back
	}{
		{"syntax", "revision = 'abc\ndown_revision = None\n", SyntaxProblem, 1, false},
		{"unclosed", "revision = 'abc'\ndown_revision = (\n 'x',\n", SyntaxProblem, 2, false},
		{"missing", "down_revision = None\n", MissingRevision, 0, false},
		{"computed", "revision = get_rev()\ndown_revision = None\n", NonStatic, 1, false},
		{"computed down", "revision = 'abc'\ndown_revision = get_down_revision(revision)\n", NonStatic, 2, true},
		{"fstring", "x = 1\nrevision = f'abc{x}'\ndown_revision = None\n", NonStatic, 2, false},
		{"bad id", "revision = 'a-b'\ndown_revision = None\n", InvalidID, 1, false},
		{"no down", "revision = 'abc'\n", NonStatic, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, probs := ParseRevision("v/x.py", []byte(tt.src))
			if (r != nil) != tt.ok {
				t.Errorf("revision = %+v, want ok=%v", r, tt.ok)
			}
			if len(probs) != 1 || probs[0].Kind != tt.kind || probs[0].Line != tt.line {
				t.Fatalf("problems = %#v, want one %s at line %d", probs, tt.kind, tt.line)
			}
			if !strings.HasPrefix(probs[0].Error(), "v/x.py") {
				t.Errorf("message %q does not name the file", probs[0].Error())
			}
		})
	}
}

func TestComputedDownMakesGraphIncomplete(t *testing.T) {
	root := treetest.Temp(t, map[string]string{
		"v/a.py": rev("aaa", ""),
		"v/b.py": "revision = 'bbb'\ndown_revision = get_down_revision(revision)\n",
	})
	g, _ := LoadGraph(migrations.Dir(root), "v")
	if g.Complete() {
		t.Fatal("graph with a computed down_revision reported complete")
	}
	if got := g.Bases(); !reflect.DeepEqual(got, []string{"aaa"}) {
		t.Errorf("bases = %v: a revision with an unknown parent is not a base", got)
	}
}
