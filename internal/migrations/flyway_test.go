package migrations

import (
	"strings"
	"testing"
	"testing/fstest"
)

// Flyway's PostgreSQL parser marks a statement non-transactional from its
// leading keywords (flyway-database-postgresql PostgreSQLParser).
func TestFlywayStatements(t *testing.T) {
	cases := []struct {
		sql   string
		nonTx bool
	}{
		{"CREATE INDEX CONCURRENTLY i ON t (a)", true},
		{"create unique index concurrently if not exists i on t (a)", true},
		{"-- a note\nCREATE /* why */ INDEX CONCURRENTLY i ON t (a)", true},
		{"DROP INDEX CONCURRENTLY IF EXISTS i", true},
		{"VACUUM (ANALYZE) t", true},
		{"REINDEX SCHEMA CONCURRENTLY public", true},
		{"REINDEX (VERBOSE) DATABASE app", true},
		{"ALTER SYSTEM SET work_mem = '64MB'", true},
		{"CREATE DATABASE app2", true},
		{"DROP SUBSCRIPTION s", true},
		{"DISCARD ALL", true},
		// Flyway runs these in a transaction, where PostgreSQL refuses some.
		{"REINDEX TABLE CONCURRENTLY t", false},
		{"REINDEX INDEX CONCURRENTLY i", false},
		{"ALTER TABLE p DETACH PARTITION c CONCURRENTLY", false},
		{"CREATE INDEX i ON t (a)", false},
		{"DO $$ BEGIN CREATE INDEX CONCURRENTLY i ON t (a); END $$", false},
		{"SELECT 'CREATE INDEX CONCURRENTLY'", false},
		{`CREATE INDEX "CONCURRENTLY" ON t (a)`, false},
		{"ALTER TYPE mood ADD VALUE 'sad'", false},
	}
	for _, c := range cases {
		tx, nonTx := flywayStatements(c.sql + ";\n")
		if got := len(nonTx) == 1; got != c.nonTx || len(tx)+len(nonTx) != 1 {
			t.Errorf("%q: non-transactional %v (%d statements), want %v", c.sql, got, len(tx)+len(nonTx), c.nonTx)
		}
	}
}

// Flyway splits at semicolons outside quotes, comments, parentheses and
// BEGIN ATOMIC bodies.
func TestFlywaySplit(t *testing.T) {
	src := "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN true THEN 1 END; SELECT 2; END;\n" +
		"INSERT INTO t VALUES ('a;b', $q$;$q$, E'\\';');\n" +
		"/* a; /* nested; */ still; */ -- c;\nSELECT 1;\n"
	got := flywaySplit(src)
	if len(got) != 3 {
		t.Fatalf("%d statements, want 3: %+v", len(got), got)
	}
	if w := strings.Join(got[2].words, " "); w != "SELECT" {
		t.Errorf("third statement %q", w)
	}
}

// The transaction model of a Flyway set follows Flyway: its detection,
// mixed, executeInTransaction, script configuration files and the
// project's flyway.conf or flyway.toml, nearest first.
func TestFlywayTransactionModel(t *testing.T) {
	const cic = "CREATE INDEX CONCURRENTLY users_email_idx ON users (email);\n"
	const mixed = "ALTER TABLE users ADD COLUMN email text;\n" + cic
	cases := []struct {
		name    string
		files   map[string]string
		tx      TxMode
		source  string // part of TxSource
		refused bool
		lockTx  bool
	}{
		{"concurrently alone runs outside a transaction, under the transactional lock",
			map[string]string{"sql/V1__i.sql": cic}, TxNone, "holds only statements it does not run in a transaction", false, true},
		{"plain statements run in a transaction",
			map[string]string{"sql/V1__a.sql": "ALTER TABLE users ADD COLUMN email text;\n"}, TxWrapped, "flyway default", false, false},
		{"mixed is refused",
			map[string]string{"sql/V1__m.sql": mixed}, TxNone, "refuses", true, false},
		{"mixed=true in flyway.conf runs a mixed migration outside a transaction",
			map[string]string{"flyway.conf": "flyway.mixed=true\n", "sql/V1__m.sql": mixed}, TxNone, "flyway.conf sets mixed=true", false, true},
		{"mixed = true in flyway.toml",
			map[string]string{"flyway.toml": "[flyway]\nmixed = true # allow it\n", "sql/V1__m.sql": mixed}, TxNone, "flyway.toml sets mixed=true", false, true},
		{"the transactional lock off in flyway.toml",
			map[string]string{"flyway.toml": "[flyway.postgresql]\ntransactional.lock = false\n", "sql/V1__i.sql": cic}, TxNone, "", false, false},
		{"the transactional lock off in flyway.conf",
			map[string]string{"flyway.conf": "flyway.postgresql.transactional.lock=false\n", "sql/V1__i.sql": cic}, TxNone, "", false, false},
		{"the lock off in a nested TOML table",
			map[string]string{"conf/flyway.toml": "[flyway.postgresql.transactional]\nlock = false\n", "sql/V1__i.sql": cic}, TxNone, "", false, false},
		{"flyway.toml wins over flyway.conf in one directory",
			map[string]string{"flyway.toml": "[flyway]\nmixed = false\n", "flyway.conf": "flyway.mixed=true\n", "sql/V1__m.sql": mixed}, TxNone, "refuses", true, false},
		{"the nearest configuration wins",
			map[string]string{"flyway.conf": "flyway.mixed=false\n", "sql/flyway.conf": "flyway.mixed=true\n", "sql/V1__m.sql": mixed}, TxNone, "sql/flyway.conf sets mixed=true", false, true},
		{"executeInTransaction=false runs every migration outside a transaction",
			map[string]string{"flyway.conf": "flyway.executeInTransaction=false\n", "sql/V1__a.sql": "ALTER TABLE users ADD COLUMN email text;\n"}, TxNone, "executeInTransaction=false", false, true},
		{"executeInTransaction=false lets a mixed migration through",
			map[string]string{"flyway.conf": "flyway.executeInTransaction=false\n", "sql/V1__m.sql": mixed}, TxNone, "mixes", false, true},
		{"a script configuration decides for its migration",
			map[string]string{"sql/V1__m.sql": mixed, "sql/V1__m.sql.conf": "executeInTransaction=false\n"}, TxNone, "V1__m.sql.conf line 1 sets executeInTransaction=false", false, true},
		{"executeInTransaction=true puts CONCURRENTLY in a transaction, where it fails",
			map[string]string{"sql/V1__i.sql": cic, "sql/V1__i.sql.conf": "# why\nexecuteInTransaction = true\n"}, TxWrapped, "line 2 sets executeInTransaction=true", false, false},
		{"a migguard:tx directive keeps the last word",
			map[string]string{"sql/V1__i.sql": "-- migguard:tx wrapped\n" + cic}, TxWrapped, "-- migguard:tx", false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for p, s := range c.files {
				fsys[p] = &fstest.MapFile{Data: []byte(s)}
			}
			set, errs := LoadDir(fsys, "sql", Flyway)
			if len(errs) > 0 || len(set.Files) != 1 {
				t.Fatalf("LoadDir: %v, %d files", errs, len(set.Files))
			}
			f := set.Files[0]
			if f.Tx != c.tx || !strings.Contains(f.TxSource, c.source) {
				t.Errorf("tx %v (%s), want %v (…%s…)", f.Tx, f.TxSource, c.tx, c.source)
			}
			if (f.Refusal != "") != c.refused || (f.LockTx != "") != c.lockTx {
				t.Errorf("refusal %q, lock %q; want refused %v, lock %v", f.Refusal, f.LockTx, c.refused, c.lockTx)
			}
			if c.refused && (len(f.Problems) != 1 || !strings.Contains(f.Problems[0].Message, "mixed is false")) {
				t.Errorf("problems %+v, want the refusal", f.Problems)
			}
		})
	}
}

// A setting that is not a boolean is reported, and Flyway's default kept.
func TestFlywayConfigProblems(t *testing.T) {
	fsys := fstest.MapFS{
		"flyway.conf":        {Data: []byte("flyway.mixed=${env.MIXED}\n")},
		"sql/V1__a.sql":      {Data: []byte("SELECT 1;\n")},
		"sql/V1__a.sql.conf": {Data: []byte("executeInTransaction=maybe\n")},
	}
	set, _ := LoadDir(fsys, "sql", Flyway)
	if len(set.Others) != 1 || set.Others[0].Path != "flyway.conf" || !strings.Contains(set.Others[0].Problems[0].Message, "is not true or false") {
		t.Errorf("others %+v", set.Others)
	}
	if f := set.Files[0]; len(f.Problems) != 1 || !strings.Contains(f.Problems[0].Message, "executeInTransaction = maybe") {
		t.Errorf("problems %+v", f.Problems)
	}
}

// FuzzFlywayStatements: Flyway's splitter and detection never panic and
// keep their offsets inside the text.
func FuzzFlywayStatements(f *testing.F) {
	for _, s := range []string{"CREATE INDEX CONCURRENTLY i ON t (a);", "SELECT $q$;$q$; E'\\';'", "/* /* */", "$", "E'", "BEGIN ATOMIC END; CASE"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tx, nonTx := flywayStatements(s)
		for _, st := range append(tx, nonTx...) {
			if st.off < 0 || st.off >= len(s) {
				t.Fatalf("offset %d outside %q", st.off, s)
			}
		}
		tomlSettings(s)
		propertiesLines(s)
	})
}
