package rules

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
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

// On a PostgreSQL 18 target, statements in newer syntax are not analysed
// but do not fail the run, the rest of the file is linted, and the tables
// they create are new to the statements after them: only the index on the
// existing table is reported.
func TestNewerSyntaxRestLinted(t *testing.T) {
	path := filepath.Join("testdata", "newer-syntax-not-analysed", "pg18", "issue12.sql")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	res := LintSet(fixtureSet(path, string(data)), Options{PG: Version{Major: 18}, Severity: DefaultSeverities()})
	var got []string
	for _, f := range res.Findings {
		if f.Rule == syntaxError.ID || f.Rule == newerSyntax.ID && f.Severity != Warning {
			t.Errorf("%d: %s %s: %s", f.Pos.Line, f.Severity, f.Rule, f.Message)
		}
		if f.Rule == "create-index-non-concurrently" {
			got = append(got, fmt.Sprintf("%d", f.Pos.Line))
		}
	}
	if strings.Join(got, ",") != "9" {
		t.Errorf("create-index-non-concurrently on lines %v, want 9 only", got)
	}
}
