package schema

import (
	"testing"

	"github.com/migguard/migguard/internal/pgparse"
)

// fastSQL must print what the deparser prints, for every shape it takes.
func TestFastSQLMatchesDeparser(t *testing.T) {
	exprs := []string{"42", "-1", "1.5", "true", "false", "NULL", "'it''s'", "''", "'{}'::jsonb", "'\\x00'::bytea"}
	for typ := range plainCastTypes {
		exprs = append(exprs, "'x'::"+typ)
	}
	for _, fn := range sqlValueFunctions {
		exprs = append(exprs, fn)
	}
	for name := range plainCalls {
		exprs = append(exprs, name+"()")
	}
	fast := 0
	for _, e := range exprs {
		stmts := pgparse.Parse("SELECT " + e)
		if len(stmts) != 1 || stmts[0].Err != nil {
			t.Fatalf("%s: does not parse", e)
		}
		n := stmts[0].Node.GetSelectStmt().TargetList[0].GetResTarget().Val
		got, ok := fastSQL(n)
		if !ok {
			continue
		}
		fast++
		if want := deparseSQL(n); got != want {
			t.Errorf("%s: fastSQL %q, deparser %q", e, got, want)
		}
	}
	if want := len(exprs) - 1; fast < want { // '\x00' has a backslash: deparsed
		t.Errorf("fastSQL took %d of %d expressions", fast, len(exprs))
	}
	// Shapes it must leave to the deparser.
	for _, e := range []string{"'x'::varchar(10)", "'1'::int", "'{}'::jsonb[]", "current_timestamp(3)", "lower('A')", "1 + 1", "'a'::\"Mixed\""} {
		n := pgparse.Parse("SELECT " + e)[0].Node.GetSelectStmt().TargetList[0].GetResTarget().Val
		if s, ok := fastSQL(n); ok && s != deparseSQL(n) {
			t.Errorf("%s: fastSQL %q differs from the deparser %q", e, s, deparseSQL(n))
		}
	}
}
