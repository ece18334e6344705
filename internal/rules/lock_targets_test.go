package rules

import (
	"testing"

	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
)

// sessionLocks keeps its answer for the statement being checked, and
// answers anew for another statement, against the catalog of then: a
// dropped index stands for its table only while the catalog has it.
func TestSessionLocksKeptPerStatement(t *testing.T) {
	cat := schema.New()
	for _, s := range pgparse.Parse("CREATE TABLE t (id int); CREATE INDEX i ON t (id);") {
		cat.Apply(s.Node, schema.Origin{})
	}
	drop := pgparse.Parse("DROP INDEX i;")[0]
	p := &Pass{Catalog: cat, Stmt: drop}
	first := sessionLocks(p, drop.Node)
	if len(first) != 1 || first[0].key != "public.t" {
		t.Fatalf("DROP INDEX i locks %+v, want the table t", first)
	}
	if again := sessionLocks(p, drop.Node); &again[0] != &first[0] {
		t.Error("the answer for the statement being checked was computed again")
	}
	cat.Apply(drop.Node, schema.Origin{})
	next := *drop // the same parse tree, as another statement
	p.Stmt = &next
	if got := sessionLocks(p, drop.Node); len(got) != 1 || got[0].key != "public.i" {
		t.Errorf("after the index is dropped, DROP INDEX i locks %+v, want i itself", got)
	}
	p.Stmt = nil
	if got := sessionLocks(p, drop.Node); len(got) != 1 || got[0].key != "public.i" {
		t.Errorf("with no statement being checked: %+v", got)
	}
}

// statementWork keeps its answer for the statement being checked, as
// sessionLocks does, and answers anew for another statement.
func TestStatementWorkKeptPerStatement(t *testing.T) {
	cat := schema.New()
	for _, s := range pgparse.Parse("CREATE TABLE t (id int);") {
		cat.Apply(s.Node, schema.Origin{})
	}
	idx := pgparse.Parse("CREATE INDEX i ON t (id);")[0]
	p := &Pass{Catalog: cat, Stmt: idx, Tx: &TxState{}}
	first := statementWork(p, idx.Node)
	if len(first) != 1 || first[0].key != "public.t" || first[0].kind != WorkBuild {
		t.Fatalf("CREATE INDEX works %+v, want a build on public.t", first)
	}
	if again := statementWork(p, idx.Node); &again[0] != &first[0] {
		t.Error("the answer for the statement being checked was computed again")
	}
	next := *idx
	p.Stmt = &next
	if other := statementWork(p, idx.Node); len(other) != 1 || &other[0] == &first[0] {
		t.Error("another statement was given the kept answer")
	}
}
