package pgparse

import "testing"

// FuzzParse checks that Parse, Comments and Lines never panic and that the
// statements they return are well formed for any input.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"",
		"SELECT 1;",
		"SELECT 1;;SELECT 2",
		"-- c\n/* d */ SELECT 1; -- e",
		"SELECT 'é', é frm t;\nSELECT 3",
		"SELECT 1;\nSELECT 'open",
		"SELECT 1;\nSELECT $$open",
		"SELECT 1;\nSELECT /* open",
		"\uFEFFSELECT 1;\r\nSELEC 2;\r\n",
		"SELECT 1;\x00garbage",
		"CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END; SELEC 1;",
		"SELECT (1;\nSELECT 2;\nSELECT 'x",
		"\xff\xfe\xfd;\x80",
		"CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN RETURN NEW; END $f$;",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src string) {
		stmts := Parse(src)
		checkStmts(t, src, stmts)
		lines := NewLines(src)
		for _, s := range stmts {
			lines.Pos(s.Start)
			lines.Pos(s.End)
			s.Offset(-1)
			s.Offset(int32(len(src)))
		}
		prev := 0
		for _, c := range Comments(src) {
			if c.Start < prev || c.Start > c.End || c.End > len(src) || src[c.Start:c.End] != c.Text {
				t.Fatalf("bad comment %+v after offset %d in %d bytes", c, prev, len(src))
			}
			prev = c.End
		}
	})
}
