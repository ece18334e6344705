package alembic

import (
	"reflect"
	"testing"

	"github.com/migguard/migguard/internal/treetest"
)

func TestStringLiterals(t *testing.T) {
	src := `# "a comment"
q = text("SELECT id "
         "FROM users WHERE id = :id")
f = f"SELECT {x}"
b = b"raw"
s = """
UPDATE users
SET name = 'x'
"""
`
	got := StringLiterals(src)
	want := []StringLiteral{
		{Value: "SELECT id FROM users WHERE id = :id", Line: 2},
		{Value: "\nUPDATE users\nSET name = 'x'\n", Line: 6},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("StringLiterals =\n%+v\nwant\n%+v", got, want)
	}
}

// literalsOfLines is StringLiterals read from tokenize's logical lines.
func literalsOfLines(src string) []StringLiteral {
	lines, err := tokenize(src)
	if err != nil {
		return nil
	}
	var out []StringLiteral
	for _, ll := range lines {
		open := false
		for _, t := range ll.toks {
			if t.kind != tString || t.dynamic || t.bytes {
				open = false
				continue
			}
			if open {
				out[len(out)-1].Value += t.val
				continue
			}
			out = append(out, StringLiteral{Value: t.val, Line: t.line})
			open = true
		}
	}
	return out
}

// StringLiterals, which keeps no tokens, joins what tokenize's logical
// lines join: on cases where lines and literals meet, and on every Python
// file of the repository.
func TestStringLiteralsAsLines(t *testing.T) {
	cases := []string{
		"a = 'x'\nb = 'y'\n", "a = 'x' \\\n  'y'\n", "a = ('x'\n  'y')\n", "a = ['x', 'y' 'z']\n",
		"a = 'x' f'y' 'z'\n", "a = 'x'; b = 'y'\n", "'''doc'''\n'x'\n", "a = ('x'", "a = 'x' # c\n'y'\n",
	}
	for _, c := range cases {
		if got, want := StringLiterals(c), literalsOfLines(c); !reflect.DeepEqual(got, want) {
			t.Errorf("%q: got %+v, want %+v", c, got, want)
		}
	}
	files, found := 0, 0
	treetest.EachRepoFile(t, func(p string, src []byte) {
		want := literalsOfLines(string(src))
		if got := StringLiterals(string(src)); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %+v, want %+v", p, got, want)
		}
		files++
		found += len(want)
	}, ".py")
	if files < 20 || found < 100 {
		t.Fatalf("%d files, %d literals: not a test of StringLiterals", files, found)
	}
}
