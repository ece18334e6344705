package schema_test

import "testing"

// DDL that a DO block runs, in any branch or through EXECUTE of a
// constant, is replayed; other DO blocks change nothing.
func TestDoBlock(t *testing.T) {
	c := replay(t, `
CREATE TABLE t (id int);
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'mood') THEN
    CREATE TYPE mood AS ENUM ('happy', 'sad');
  END IF;
  ALTER TABLE t ADD COLUMN m mood NOT NULL DEFAULT 'happy';
  EXECUTE 'ALTER TABLE t ADD COLUMN note text';
  BEGIN
    CREATE TABLE u (id bigint PRIMARY KEY);
  EXCEPTION WHEN duplicate_table THEN NULL;
  END;
  EXECUTE 'ALTER TABLE t ADD COLUMN ' || 'x int';
END
$$;
DO LANGUAGE plpgsql $body$ BEGIN ALTER TABLE t ALTER COLUMN note SET NOT NULL; END $body$;
DO $$ SELECT 1 $$ LANGUAGE sql;
`)
	tb := c.Table("public", "t")
	if tb == nil {
		t.Fatal("table t missing")
	}
	for _, col := range []string{"id", "m", "note"} {
		if tb.Column(col) == nil {
			t.Errorf("column t.%s missing", col)
		}
	}
	if tb.Column("x") != nil {
		t.Error("t.x added by EXECUTE of an expression, which is not a constant")
	}
	if n := tb.Column("note"); n == nil || !n.NotNull {
		t.Error("t.note is not NOT NULL")
	}
	if c.Table("public", "u") == nil {
		t.Error("table u missing")
	}
	if len(c.Enums()) != 1 {
		t.Errorf("enums %v", c.Enums())
	}
}
