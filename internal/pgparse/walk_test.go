package pgparse

import (
	"testing"
)

func TestWalkSearchInspect(t *testing.T) {
	stmts := Parse("ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0 AND b IS NOT NULL);")
	if len(stmts) != 1 || stmts[0].Err != nil {
		t.Fatalf("parse: %+v", stmts)
	}
	n := stmts[0].Node

	var refs, all int
	Walk(n, func(x *Node) bool {
		all++
		if x.GetColumnRef() != nil {
			refs++
		}
		return true
	})
	if refs != 2 {
		t.Errorf("Walk saw %d column references, want 2", refs)
	}
	// Returning false skips a node's children: stopping at the boolean
	// expression hides both column references.
	refs = 0
	Walk(n, func(x *Node) bool {
		if x.GetColumnRef() != nil {
			refs++
		}
		return x.GetBoolExpr() == nil
	})
	if refs != 0 {
		t.Errorf("Walk descended below a node whose visit returned false: %d references", refs)
	}

	visits := 0
	if !Search(n, func(x *Node) bool { visits++; return x.GetNullTest() != nil }) {
		t.Errorf("Search did not find the IS NOT NULL test")
	}
	if visits >= all {
		t.Errorf("Search visited %d of %d nodes: it did not stop at the match", visits, all)
	}
	if Search(n, func(x *Node) bool { return x.GetFuncCall() != nil }) || Search(nil, nil) {
		t.Errorf("Search found what is not there")
	}

	// The ALTER TABLE holds its RangeVar directly, not in a Node: only
	// Inspect sees it.
	var rels []string
	Inspect(n, func(m any) bool {
		if rv, ok := m.(*RangeVar); ok {
			rels = append(rels, rv.Relname)
		}
		return true
	})
	if len(rels) != 1 || rels[0] != "t" {
		t.Errorf("Inspect saw relations %q, want [t]", rels)
	}
	// Returning false skips a message's children: stopping at the
	// statement hides its relation.
	rels = rels[:0]
	Inspect(n, func(m any) bool {
		if rv, ok := m.(*RangeVar); ok {
			rels = append(rels, rv.Relname)
		}
		_, stmt := m.(*AlterTableStmt)
		return !stmt
	})
	if len(rels) != 0 {
		t.Errorf("Inspect descended below a message whose visit returned false: %q", rels)
	}
}
