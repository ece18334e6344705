package alembic

import (
	"reflect"
	"testing"
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
