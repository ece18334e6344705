package rules

import (
	"os"
	"path/filepath"
	"testing"
)

// SET NOT NULL on a column that already is NOT NULL (declared so, a
// primary key, serial or identity column, an earlier SET NOT NULL, a
// partition of a NOT NULL column) scans nothing: no rule reports it.
func TestSetNotNullNoOp(t *testing.T) {
	path := filepath.Join("testdata", "set-not-null-unproven", "issue12.sql")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	res := LintSet(fixtureSet(path, string(data)), Options{Severity: AllSeverities()})
	for _, f := range res.Findings {
		if f.Pos.Line >= 9 && f.Pos.Line <= 17 {
			t.Errorf("%d:%d: %s: %s", f.Pos.Line, f.Pos.Col, f.Rule, f.Message)
		}
	}
}
