package pgparse

import (
	"strings"
	"testing"
)

// expandBody returns the body statements ExpandDo finds in src, which holds
// one DO block, with the block.
func expandBody(t *testing.T, src string) (*Block, []*Stmt) {
	t.Helper()
	stmts := ExpandDo(src, Parse(src))
	for _, s := range stmts {
		if s.Block != nil {
			return s.Block, s.Block.Body
		}
	}
	t.Fatalf("no DO block read in %q", src)
	return nil, nil
}

// The statements of a DO block's body point into the file, however the
// body and an EXECUTE's constant are quoted: each node's location lands
// on the text it names.
func TestExpandDoPositions(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // the text of each body statement
	}{
		{"dollar quoted", "SELECT 1;\nDO $$\nBEGIN\n  ALTER TABLE t ADD COLUMN c int;\n  CREATE INDEX i ON t (c);\nEND $$;",
			[]string{"ALTER TABLE t ADD COLUMN c int", "CREATE INDEX i ON t (c)"}},
		{"every branch, in source order", "DO $$ BEGIN IF x THEN ALTER TABLE a ADD b int; ELSE ALTER TABLE c ADD d int; END IF; END $$",
			[]string{"ALTER TABLE a ADD b int", "ALTER TABLE c ADD d int"}},
		{"into blanked", "DO $$ DECLARE n int; BEGIN SELECT count(*) INTO n FROM t; END $$",
			[]string{"SELECT count(*) INTO n FROM t"}},
		{"execute of a constant", "DO $$ BEGIN EXECUTE 'ALTER TABLE t ADD COLUMN c text DEFAULT ''x'''; END $$",
			[]string{"ALTER TABLE t ADD COLUMN c text DEFAULT ''x''"}},
		{"execute of several statements", "DO $$ BEGIN EXECUTE $q$ALTER TABLE t ADD a int; ALTER TABLE t ADD b int$q$; END $$",
			[]string{"ALTER TABLE t ADD a int", "ALTER TABLE t ADD b int"}},
		{"single-quoted body", "DO 'BEGIN EXECUTE ''CREATE INDEX i ON t (c) WHERE c <> ''''x''''''; END' LANGUAGE plpgsql",
			[]string{"CREATE INDEX i ON t (c) WHERE c <> ''''x''''"}},
		{"escape string", "DO $$ BEGIN EXECUTE E'ALTER TABLE t\\n  ADD COLUMN c int'; END $$",
			[]string{"ALTER TABLE t\\n  ADD COLUMN c int"}},
		{"language first", "DO LANGUAGE plpgsql $b$ BEGIN DROP TABLE t; END $b$",
			[]string{"DROP TABLE t"}},
		{"two alike on one line", "DO $$ BEGIN DROP TABLE t; DROP TABLE t; END $$",
			[]string{"DROP TABLE t", "DROP TABLE t"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, body := expandBody(t, tt.src)
			if b.Err != nil {
				t.Fatalf("body not read: %s", b.Err.Message)
			}
			if got := texts(tt.src, body); !sameStrings(got, tt.want) {
				t.Fatalf("statements %q, want %q", got, tt.want)
			}
			for i, s := range body {
				if i > 0 && s.Start < body[i-1].End {
					t.Errorf("statement %d overlaps the one before", i)
				}
				Search(s.Node, func(n *Node) bool {
					if rv := n.GetRangeVar(); rv != nil {
						off := s.Offset(rv.Location)
						if !strings.HasPrefix(tt.src[off:], rv.Relname) {
							t.Errorf("table %q located at %q", rv.Relname, tt.src[off:min(off+10, len(tt.src))])
						}
					}
					return false
				})
			}
		})
	}
}

// The statements after a DO block follow its body in the list, and the
// statements of the list itself are not changed.
func TestExpandDoOrder(t *testing.T) {
	src := "CREATE TABLE t (c int);\nDO $$ BEGIN ALTER TABLE t ADD d int; END $$;\nDROP TABLE t;"
	parsed := Parse(src)
	got := texts(src, ExpandDo(src, parsed))
	want := []string{"CREATE TABLE t (c int)", "DO $$ BEGIN ALTER TABLE t ADD d int; END $$", "ALTER TABLE t ADD d int", "DROP TABLE t"}
	if !sameStrings(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	if parsed[1].Block != nil {
		t.Error("ExpandDo changed a statement of its argument")
	}
	if plain := Parse("SELECT 1"); &ExpandDo("SELECT 1", plain)[0] != &plain[0] {
		t.Error("a list without DO blocks is not returned as it is")
	}
}

// What cannot be read is said: SQL built at run time, a body PL/pgSQL's
// parser rejects, a statement of a constant that does not parse. A DO
// block in another language is left alone.
func TestExpandDoUnread(t *testing.T) {
	src := "DO $$ BEGIN EXECUTE format('DROP TABLE %I', 't'); EXECUTE 'x' || 'y'; END $$"
	b, body := expandBody(t, src)
	if len(body) != 0 || len(b.Dynamic) != 2 {
		t.Fatalf("body %d, dynamic %v", len(body), b.Dynamic)
	}
	if got := src[b.Dynamic[0]:]; !strings.HasPrefix(got, "format(") {
		t.Errorf("dynamic EXECUTE at %q", got)
	}
	b, _ = expandBody(t, "DO $$ BEGIN FOR r IN SELECT 1 LOOP NULL; END LOOP; END $$")
	if b.Err == nil {
		t.Error("an undeclared loop variable was read")
	}
	src = "DO $$ BEGIN EXECUTE 'ALTER TABLE t ADD COLUMN'; END $$"
	_, body = expandBody(t, src)
	if len(body) != 1 || body[0].Err == nil || !strings.HasPrefix(src[body[0].Err.Offset:], "'; END") {
		t.Fatalf("syntax error in a constant: %+v", body)
	}
	other := Parse("DO LANGUAGE plperl $p$ 1; $p$")
	if got := ExpandDo("DO LANGUAGE plperl $p$ 1; $p$", other); len(got) != 1 || got[0].Block != nil {
		t.Errorf("a plperl block was read: %+v", got)
	}
}

// A reference to a variable of the block is a parameter, as PL/pgSQL runs
// it; a column of the same statement stays a column.
func TestExpandDoVariablesAreParameters(t *testing.T) {
	src := "DO $$ DECLARE r record; n int := 1; BEGIN FOR r IN SELECT id FROM t LOOP UPDATE t SET a = n WHERE id = r.id; END LOOP; END $$"
	_, body := expandBody(t, src)
	if len(body) != 1 {
		t.Fatalf("%d statements", len(body))
	}
	var params, cols int
	Walk(body[0].Node, func(n *Node) bool {
		switch {
		case n.GetParamRef() != nil:
			params++
		case n.GetColumnRef() != nil:
			cols++
		}
		return true
	})
	if params != 2 || cols != 1 {
		t.Errorf("%d parameters and %d columns, want 2 (n, r.id) and 1 (id)", params, cols)
	}
}
