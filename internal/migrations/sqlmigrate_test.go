package migrations

import (
	"strings"
	"testing"

	"github.com/migguard/migguard/internal/treetest"
)

// problems returns the messages of a file's problems.
func problems(f *File) string {
	var out []string
	for _, p := range f.Problems {
		out = append(out, p.Message)
	}
	return strings.Join(out, "\n")
}

// holds reports whether a part holds the text of the file at sub's first
// occurrence.
func holds(t *testing.T, f *File, part, sub string) bool {
	t.Helper()
	i := strings.Index(f.Src, sub)
	if i < 0 {
		t.Fatalf("%q is not in the file", sub)
	}
	return part[i:i+len(sub)] == sub
}

func TestSQLMigrateSections(t *testing.T) {
	src := "-- a comment before any section\n" +
		"-- +migrate Up notransaction\n" +
		"CREATE INDEX CONCURRENTLY users_email ON users (email);\n" +
		"-- +migrate StatementBegin\n" +
		"CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END; $$;\n" +
		"-- +migrate StatementEnd\n" +
		"-- +migrate Down\n" +
		"ALTER TABLE users ALTER COLUMN email TYPE int;\n" +
		"-- +migrate Up\n" +
		"CREATE TABLE later (id int);\n"
	f, err := ParseFile(SQLMigrate, "db/1_users.sql", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	checkParts(t, f)
	if p := problems(f); p != "" {
		t.Errorf("problems: %s", p)
	}
	for _, up := range []string{"CREATE INDEX CONCURRENTLY", "CREATE FUNCTION f()", "CREATE TABLE later"} {
		if !holds(t, f, f.Up, up) || holds(t, f, f.Down, up) {
			t.Errorf("%q is not in the up part alone", up)
		}
	}
	if !holds(t, f, f.Down, "ALTER TABLE users") || holds(t, f, f.Up, "ALTER TABLE users") {
		t.Error("the Down section is not the down part")
	}
	if f.Tx != TxNone || !strings.Contains(f.TxSource, "notransaction on line 2") {
		t.Errorf("tx %v (%s)", f.Tx, f.TxSource)
	}
	if f.Version != "1" || f.Name != "users" {
		t.Errorf("version %q, name %q", f.Version, f.Name)
	}
}

func TestSQLMigrateProblems(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"CREATE TABLE t (id int);\n-- +migrate Up\nSELECT 1;\n", "statement on line 1 before any -- +migrate Up or Down: sql-migrate ignores it"},
		{"-- +migrate up\nSELECT 1;\n", `unknown sql-migrate command "up" on line 1: sql-migrate ignores the line`},
		{"SELECT 1;\n", "no -- +migrate Up or Down annotation: sql-migrate rejects the file"},
		{"-- +migrate Up\nSELECT 1\n", "statement starting on line 2 does not end with a semicolon at the end of a line"},
		{"-- +migrate Up\nSELECT 1\n-- +migrate Down\n", "statement starting on line 2 does not end with a semicolon before the -- +migrate Down on line 3"},
		{"-- +migrate Up\n-- +migrate StatementBegin\nSELECT 1;\n", "-- +migrate StatementBegin on line 2 has no -- +migrate StatementEnd"},
	} {
		f, err := ParseFile(SQLMigrate, "db/1_x.sql", []byte(c.src))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(problems(f), c.want) {
			t.Errorf("%q: problems %q, want %q", c.src, problems(f), c.want)
		}
	}
}

// sql-migrate runs every .sql file of its directory, numeric prefixes
// first, in numeric order, then the others by name.
func TestSQLMigrateOrder(t *testing.T) {
	up := "-- +migrate Up\nSELECT 1;\n"
	root := treetest.Temp(t, map[string]string{
		"db/10_c.sql": up, "db/2_b.sql": up, "db/1_a.sql": up, "db/zz_named.sql": up, "db/README.md": "docs",
	})
	set, errs := LoadDir(Dir(root), "db", "")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if set.Format != SQLMigrate {
		t.Fatalf("detected %s", set.Format)
	}
	if got := paths(set.Files); got != "db/1_a.sql db/2_b.sql db/10_c.sql db/zz_named.sql" {
		t.Errorf("order %s", got)
	}
	if len(set.Others) != 0 {
		t.Errorf("others %v", set.Others)
	}
	if CompareVersions(SQLMigrate, "2", "10") >= 0 || CompareVersions(SQLMigrate, "", "10") <= 0 {
		t.Error("CompareVersions")
	}
}
