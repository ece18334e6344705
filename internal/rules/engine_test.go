package rules

import (
	"reflect"
	"testing"

	"github.com/migguard/migguard/internal/migrations"
)

// TestRelease checks that releasing file texts changes no finding and
// leaves the files empty.
func TestRelease(t *testing.T) {
	mk := func() *migrations.Set {
		src := []string{"CREATE TABLE t (id int);\n", "CREATE INDEX i ON t (id);\nSELEC 1;\n"}
		set := &migrations.Set{Dir: "m", Format: migrations.Plain}
		for i, s := range src {
			set.Files = append(set.Files, &migrations.File{Path: "m/" + string(rune('1'+i)) + ".sql",
				Version: string(rune('1' + i)), Src: s, Up: s, Down: s, Tx: migrations.TxNone})
		}
		return set
	}
	kept, released := mk(), mk()
	a := LintSet(kept, Options{})
	b := LintSet(released, Options{Release: true})
	if len(a.Findings) == 0 || !reflect.DeepEqual(a.Findings, b.Findings) {
		t.Fatalf("findings differ:\n%v\n%v", a.Findings, b.Findings)
	}
	for _, f := range released.Files {
		if f.Src != "" || f.Up != "" || f.Down != "" {
			t.Errorf("%s: text kept after Release", f.Path)
		}
	}
	if kept.Files[0].Src == "" {
		t.Errorf("text dropped without Release")
	}
}
