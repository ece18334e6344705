package pgparse

import "testing"

// FuzzExpandDo checks that reading DO blocks never panics and that every
// statement of a body lies inside its DO statement, with node offsets
// inside the statement.
func FuzzExpandDo(f *testing.F) {
	for _, s := range []string{
		"DO $$ BEGIN ALTER TABLE t ADD COLUMN c int; END $$;",
		"DO 'BEGIN EXECUTE ''CREATE INDEX i ON t (c) WHERE c <> ''''x''''''; END' LANGUAGE plpgsql",
		"DO $$ DECLARE n int; r record; BEGIN FOR r IN SELECT 1 AS id LOOP UPDATE t SET a = n WHERE id = r.id; END LOOP; END $$",
		"DO $$ BEGIN EXECUTE E'ALTER TABLE t\\n ADD c int'; EXECUTE format('x'); END $$",
		"DO $$ BEGIN IF x THEN DROP TABLE a; ELSE DROP TABLE b; END IF; END $$",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		for _, s := range ExpandDo(src, Parse(src)) {
			if s.Block == nil {
				continue
			}
			for _, b := range s.Block.Body {
				if b.Start < s.Start || b.End > s.End || b.Start > b.End {
					t.Fatalf("body statement [%d,%d) outside its DO block [%d,%d)", b.Start, b.End, s.Start, s.End)
				}
				if b.Node == nil {
					continue
				}
				Walk(b.Node, func(n *Node) bool {
					if rv := n.GetRangeVar(); rv != nil {
						if off := b.Offset(rv.Location); off < b.Start || off > b.End {
							t.Fatalf("offset %d outside its statement [%d,%d)", off, b.Start, b.End)
						}
					}
					return true
				})
			}
		}
	})
}
