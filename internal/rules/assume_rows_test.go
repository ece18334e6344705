package rules

import (
	"testing"

	"github.com/migguard/migguard/internal/migrations"
)

// With Options.AssumeRows an ADD COLUMN … NOT NULL without a value proves
// no table empty: the index built after it is judged as on a table
// holding rows. Without it the index is quick to build.
func TestAssumeRows(t *testing.T) {
	create := "CREATE TABLE posts (id bigint PRIMARY KEY, title text NOT NULL);\n"
	add := "SET lock_timeout = '2s';\nALTER TABLE posts ADD COLUMN slug text NOT NULL;\nCREATE UNIQUE INDEX posts_slug_key ON posts (slug);\n"
	for _, assume := range []bool{false, true} {
		set := &migrations.Set{Files: []*migrations.File{
			{Path: "1.sql", Version: "1", Src: create, Up: create, Tx: migrations.TxWrapped},
			{Path: "2.sql", Version: "2", Src: add, Up: add, Tx: migrations.TxWrapped},
		}}
		n := 0
		for _, f := range LintSet(set, Options{AssumeRows: assume}).Findings {
			if f.Rule == "require-statement-timeout" && f.Pos.Line == 3 {
				n++
			}
		}
		if want := map[bool]int{false: 0, true: 1}[assume]; n != want {
			t.Errorf("AssumeRows %v: %d require-statement-timeout findings on the index, want %d", assume, n, want)
		}
	}
}
