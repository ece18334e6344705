package schema_test

import (
	"testing"

	"github.com/migguard/migguard/internal/schema"
)

// typeOf returns the column type that CREATE TABLE gives a column declared as decl.
func typeOf(t *testing.T, decl string) schema.Type {
	t.Helper()
	c := replay(t, "CREATE TABLE t (c "+decl+");")
	col := c.Table("public", "t").Column("c")
	if col == nil {
		t.Fatalf("%s: no column", decl)
	}
	return col.Type
}

func TestBinaryCoercible(t *testing.T) {
	for _, tc := range []struct {
		from, to string
		want     bool
	}{
		{"varchar(10)", "varchar(20)", true},
		{"varchar(10)", "character varying(10)", true},
		{"varchar(20)", "varchar(10)", false},
		{"varchar(10)", "varchar", true},
		{"varchar", "varchar(10)", false},
		{"varchar(10)", "text", true},
		{"text", "varchar", true},
		{"text", "varchar(255)", false},
		{"text", "text", true},
		{"numeric(10,2)", "numeric(12,2)", true},
		{"numeric(10,2)", "numeric(12,3)", false},
		{"numeric(10,2)", "numeric(8,2)", false},
		{"numeric(10,2)", "numeric", true},
		{"numeric", "numeric(10,2)", false},
		{"decimal(10)", "numeric(12)", true},
		{"varbit(8)", "varbit(16)", true},
		{"bit(8)", "bit(16)", false},
		{"cidr", "inet", true},
		{"inet", "cidr", false},
		{"timestamp(3)", "timestamp(6)", true},
		{"timestamp(3)", "timestamp", true},
		{"timestamp", "timestamp(3)", false},
		{"timestamp", "timestamptz", false},
		{"interval", "interval", true},
		{"char(5)", "char(10)", false},
		{"char(5)", "text", false},
		{"int", "bigint", false},
		{"integer", "int4", true},
		{"json", "jsonb", false},
		{"text[]", "varchar[]", false},
		{"text[]", "text[]", true},
	} {
		from, to := typeOf(t, tc.from), typeOf(t, tc.to)
		if got := schema.BinaryCoercible(from, to); got != tc.want {
			t.Errorf("BinaryCoercible(%s, %s) = %v, want %v", tc.from, tc.to, got, tc.want)
		}
	}
	if schema.BinaryCoercible(schema.Type{}, schema.Type{Name: "text"}) {
		t.Error("an unknown source type must not count as coercible")
	}
}

func TestAlterTypeResetsCollation(t *testing.T) {
	c := replay(t, `CREATE TABLE t (a varchar(10) COLLATE "C", b varchar(10) COLLATE "C");
ALTER TABLE t ALTER COLUMN a TYPE varchar(20), ALTER COLUMN b TYPE text COLLATE "C";`)
	tb := c.Table("public", "t")
	if got := tb.Column("a").Collation; got != "" {
		t.Errorf("ALTER TYPE without COLLATE: collation %q, want the type's default", got)
	}
	if got := tb.Column("b").Collation; got != "C" {
		t.Errorf("ALTER TYPE … COLLATE \"C\": collation %q", got)
	}
}
