package project

import (
	"io/fs"
	"reflect"
	"strings"
	"testing"
)

// dialectTree holds PostgreSQL sets beside sets of other engines, each
// known by one kind of evidence.
func dialectTree() map[string]string {
	return map[string]string{
		// Directory names; the nearest one that names an engine decides.
		"db/migrations/postgres/001_a.up.sql":    "CREATE TABLE a (id bigint);",
		"db/migrations/sqlite3/001_a.up.sql":     "CREATE TABLE a (id integer);",
		"db/migrations/mysql/001_a.up.sql":       "CREATE TABLE a (id int);",
		"sqlite/pg/001_a.up.sql":                 "CREATE TABLE a (id bigint);",
		"stores/db_clickhouse/001_a.up.sql":      "CREATE TABLE a (id int);",
		"legacy/mariadb-migrations/001_a.up.sql": "CREATE TABLE a (id int);",
		// Syntax only another engine accepts, outside comments and
		// strings; PostgreSQL's own syntax outweighs it.
		"events/001_a.up.sql":  "CREATE TABLE e (id UInt64, at DateTime64(3)) ENGINE = MergeTree ORDER BY id;",
		"events/002_b.up.sql":  "ALTER TABLE e ADD COLUMN n LowCardinality(String);",
		"cache/001_a.up.sql":   "CREATE TABLE c (id INTEGER PRIMARY KEY AUTOINCREMENT);",
		"notes/001_a.up.sql":   "-- copied from the old MySQL AUTO_INCREMENT schema\nCREATE TABLE n (id bigserial, note text DEFAULT 'ENGINE=InnoDB');",
		"quoted/001_a.up.sql":  "CREATE TABLE `q` (id bigserial);",
		"ticks/001_a.up.sql":   "CREATE TABLE `q` (id bigint);",
		"quoted2/001_a.up.sql": "CREATE TABLE `q` (id bigint) ENGINE = MergeTree ORDER BY id;",
		// The driver of the package that embeds the directory.
		"store/store.go":                  "package store\n\nimport (\n\t\"embed\"\n\n\t_ \"modernc.org/sqlite\"\n)\n\n//go:embed migrations/*.sql\nvar fs embed.FS\n",
		"store/migrations/001_a.up.sql":   "CREATE TABLE s (id integer);",
		"both/both.go":                    "package both\n\nimport (\n\t\"embed\"\n\n\t_ \"github.com/jackc/pgx/v5/stdlib\"\n\t_ \"github.com/mattn/go-sqlite3\"\n)\n\n//go:embed migrations\nvar fs embed.FS\n",
		"both/migrations/001_a.up.sql":    "CREATE TABLE b (id integer);",
		"named/named.go":                  "package named\n\nimport \"embed\"\n\n//go:embed sql/*.sql\nvar fs embed.FS\n\nfunc init() { goose.SetDialect(\"mysql\") }\n",
		"named/sql/00001_a.sql":           "-- +goose Up\nCREATE TABLE m (id int);\n",
		"unrelated/other.go":              "package unrelated\n\nimport _ \"github.com/go-sql-driver/mysql\"\n",
		"unrelated/migrations/1_a.up.sql": "CREATE TABLE u (id int);",
	}
}

func TestDialect(t *testing.T) {
	p := open(t, dialectTree(), "")
	sets, skipped, errs := p.SetsAndSkipped()
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if got, want := describe(sets), "both/migrations=golang-migrate db/migrations/postgres=golang-migrate notes=golang-migrate "+
		"quoted=golang-migrate sqlite/pg=golang-migrate unrelated/migrations=golang-migrate"; got != want {
		t.Errorf("PostgreSQL sets:\n got %s\nwant %s", got, want)
	}
	want := map[string]string{
		"cache":                     `SQLite (AUTOINCREMENT in cache/001_a.up.sql:1, which only SQLite accepts)`,
		"db/migrations/mysql":       `MySQL (directory name "mysql")`,
		"db/migrations/sqlite3":     `SQLite (directory name "sqlite3")`,
		"events":                    `ClickHouse (UInt64 in events/001_a.up.sql:1, which only ClickHouse accepts)`,
		"legacy/mariadb-migrations": `MySQL (directory name "mariadb-migrations")`,
		"named/sql":                 `MySQL (named/named.go uses the "mysql" driver)`,
		"quoted2":                   `ClickHouse (ENGINE = MergeTree in quoted2/001_a.up.sql:1, which only ClickHouse accepts)`,
		"store/migrations":          `SQLite (store/store.go imports modernc.org/sqlite)`,
		"stores/db_clickhouse":      `ClickHouse (directory name "db_clickhouse")`,
		"ticks":                     "MySQL (`q` in ticks/001_a.up.sql:1, which only MySQL accepts)",
	}
	got := map[string]string{}
	for _, s := range skipped {
		got[s.Dir] = s.Dialect().String()
	}
	for dir, w := range want {
		if got[dir] != w {
			t.Errorf("%s: dialect %q, want %q", dir, got[dir], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("skipped %v, want %d sets", got, len(want))
	}

	// The git checks read the same sets.
	for _, f := range []string{"cache/002_b.up.sql", "db/migrations/mysql/002_b.up.sql"} {
		if in, _ := p.SetsContaining([]string{f}); len(in) != 0 {
			t.Errorf("SetsContaining(%s) = %s, want none: the set is not PostgreSQL", f, describe(in))
		}
	}
	if in, _ := p.SetsContaining([]string{"db/migrations/postgres/002_b.up.sql"}); describe(in) != "db/migrations/postgres=golang-migrate" {
		t.Errorf("SetsContaining(postgres file) = %s", describe(in))
	}
}

// A set named under sets: is PostgreSQL whatever its name says.
func TestDialectConfigured(t *testing.T) {
	p := open(t, map[string]string{"db/sqlite/001_a.up.sql": "CREATE TABLE a (id INTEGER PRIMARY KEY AUTOINCREMENT);"},
		"sets:\n  - path: db/sqlite\n")
	sets, skipped, errs := p.SetsAndSkipped()
	if len(errs) > 0 || len(sets) != 1 || len(skipped) != 0 || !sets[0].Dialect().IsPostgreSQL() {
		t.Fatalf("sets %s, skipped %s, errors %v", describe(sets), describe(skipped), errs)
	}
}

func TestStripCommentsAndStrings(t *testing.T) {
	in := "SELECT 'a''b -- c', x -- AUTOINCREMENT\n/* PRAGMA\n x */ FROM t;"
	got := stripCommentsAndStrings(in)
	if len(got) != len(in) || strings.Count(got, "\n") != 2 || strings.Contains(got, "AUTOINCREMENT") || strings.Contains(got, "PRAGMA") ||
		!strings.Contains(got, "SELECT") || !strings.Contains(got, "FROM t;") || strings.Contains(got, "b") {
		t.Errorf("stripped %q", got)
	}
}

// dialectHintsSound fails when a syntax mark's expression matches code for
// which its may function says it cannot.
func dialectHintsSound(t *testing.T, code string) {
	lower, ascii := asciiLower(code)
	if !ascii {
		return
	}
	for _, m := range syntaxMarks {
		if m.rx.MatchString(code) && !m.may(code, lower) {
			t.Fatalf("%s's expression matches %q, which its may function rules out", m.engine, code)
		}
	}
}

// The shortcuts never rule out a match: on every mark's own words, in
// any case, and on the fixtures of the dialect tests.
func TestDialectHints(t *testing.T) {
	for _, code := range []string{
		"AUTOINCREMENT", "pragma  foo", "WITHOUT\n ROWID", "insert or IGNORE", "Insert Or Replace",
		"auto_increment", "engine = innodb", "ENGINE=MyISAM", "default charset", "int UNSIGNED",
		"ON UPDATE CURRENT_TIMESTAMP", "mediumtext", "LONGBLOB", "tinyint",
		"ENGINE = ReplacingMergeTree", "LowCardinality (", "Nullable(", "ON CLUSTER", "UInt8", "Int256", "DateTime64",
		"NVARCHAR", "IDENTITY ( 1", "x\n  go  \ny", "GO", "x\r\nGO\r\n", "[dbo]", "getdate(",
		"bigserial", "JSONB", "::regclass", ":: text", "using GIN", "CREATE EXTENSION", "`q`",
	} {
		dialectHintsSound(t, code)
		dialectHintsSound(t, strings.ToLower(code))
		dialectHintsSound(t, strings.ToUpper(code))
	}
	for name, src := range dialectTree() {
		if strings.HasSuffix(name, ".sql") {
			dialectHintsSound(t, stripCommentsAndStrings(src))
		}
	}
}

// The shortcuts rule out the other engines' expressions on PostgreSQL code
// that holds their words apart: an updated_at column defaulting to
// CURRENT_TIMESTAMP, an UPDATE, an identity column, a cast to integer, a
// USING clause, a long name.
func TestDialectHintsSkipPostgres(t *testing.T) {
	code := `CREATE TABLE longitude_engine (id bigint GENERATED ALWAYS AS IDENTITY, updated_at timestamp DEFAULT current_timestamp,
  tiny_flag boolean, medium int);
UPDATE t SET n = x::integer FROM u USING (id) WHERE engine_name = 'x';
INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING;
CREATE TRIGGER t_touch BEFORE INSERT OR UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch();`
	lower, ascii := asciiLower(code)
	if !ascii {
		t.Fatal("not ASCII")
	}
	for _, m := range syntaxMarks {
		if m.engine == MySQL && !m.weak || m.engine == SQLServer || m.engine == SQLite || m.engine == PostgreSQL {
			if m.may(code, lower) {
				t.Errorf("%s's expression is run on %q", m.engine, code)
			}
		}
		if m.rx.MatchString(code) {
			t.Errorf("%s's expression matches the PostgreSQL code", m.engine)
		}
	}
	for _, c := range []struct {
		code  string
		allow Engine
	}{
		{"ts timestamp ON UPDATE\n  CURRENT_TIMESTAMP", MySQL},
		{"c int IDENTITY (1,1)", SQLServer},
		{"INSERT\tOR REPLACE INTO t", SQLite},
		{"x:: regclass", PostgreSQL},
		{"CREATE INDEX i ON t USING  gin (x)", PostgreSQL},
		{") ENGINE =InnoDB", MySQL},
	} {
		lower, _ := asciiLower(c.code)
		for _, m := range syntaxMarks {
			if m.engine == c.allow && !m.weak && !m.may(c.code, lower) {
				t.Errorf("%s's expression is not run on %q", m.engine, c.code)
			}
		}
	}
}

func FuzzDialectHints(f *testing.F) {
	f.Add("CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT) ENGINE = InnoDB;\nGO\n")
	f.Add("CREATE TABLE e (id UInt64) ENGINE = MergeTree ON CLUSTER c;")
	f.Fuzz(func(t *testing.T, code string) {
		if len(code) > 4096 {
			return // the expressions take long on large input, and find nothing more
		}
		dialectHintsSound(t, code)
	})
}

// findDialectCalls finds what dialectCalls finds: its words are in every
// match.
func TestFindDialectCalls(t *testing.T) {
	srcs := []string{
		`db, err := sql.Open("postgres", dsn)`, `sqlx.MustConnect( "mysql", dsn)`, `sqlx.Open("sqlite3", p)`,
		`sql.MustOpen("pgx/v5", dsn)`, "sqlx.Connect(\n\t\"postgres\", dsn)", `goose.SetDialect("mysql")`,
		`migrate.ExecMax(db, "postgres", src, up, 0)`, `migrate.Exec(db, "sqlite3", src, up)`, `goose.DialectMySQL`,
		`os.Open("x")`, `mysql.Open("x")`, `SetDialect(d)`, `goose.Dialects`, "", `sql.Open(driver, dsn)`,
	}
	found := 0
	for _, src := range srcs {
		want := dialectCalls.FindAllStringSubmatch(src, -1)
		if got := findDialectCalls(src); !reflect.DeepEqual(got, want) {
			t.Errorf("%q: got %q, the expression finds %q", src, got, want)
		}
		found += len(want)
	}
	if found < 9 {
		t.Errorf("the expression found %d calls in the cases, want at least 9", found)
	}
}

// The syntax evidence reads the head of each file, up to maxSyntaxBytes:
// a mark past it is not seen, and a dump of many megabytes is not read
// whole to name its engine.
func TestDialectReadsFileHeads(t *testing.T) {
	pad := strings.Repeat("CREATE TABLE IF NOT EXISTS t (id int);\n", maxSyntaxBytes/39+1)
	mark := "CREATE TABLE c (id INTEGER PRIMARY KEY AUTOINCREMENT);\n"
	p := open(t, map[string]string{
		"early/001_a.up.sql": mark + pad,
		"late/001_a.up.sql":  pad + mark,
	}, "")
	counted := &countingFS{FS: p.FS, read: map[string]int{}}
	sets, skipped, errs := p.At(counted).SetsAndSkipped()
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if describe(sets) != "late=golang-migrate" || describe(skipped) != "early=golang-migrate" {
		t.Errorf("PostgreSQL sets %s, skipped %s; want late and early", describe(sets), describe(skipped))
	}
	for name, n := range counted.read {
		if n > maxSyntaxBytes {
			t.Errorf("%s: %d bytes read at one opening, more than %d", name, n, maxSyntaxBytes)
		}
	}
	if counted.read["early/001_a.up.sql"] == 0 {
		t.Error("the file with the mark was not read")
	}
}

// countingFS counts the bytes read of each file: the most read through
// one opening of it.
type countingFS struct {
	fs.FS
	read map[string]int
}

func (c *countingFS) Open(name string) (fs.File, error) {
	f, err := c.FS.Open(name)
	if err != nil {
		return nil, err
	}
	opened := 0
	return &countedFile{File: f, n: func(k int) { opened += k; c.read[name] = max(c.read[name], opened) }}, nil
}

func (c *countingFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(c.FS, name) }

type countedFile struct {
	fs.File
	n func(int)
}

func (f *countedFile) Read(b []byte) (int, error) {
	k, err := f.File.Read(b)
	f.n(k)
	return k, err
}

// Looking for the other engines' marks first changes no verdict: sets of
// PostgreSQL files, of another engine's, of both, with backquoted names
// alone or beside PostgreSQL's marks, with and without non-ASCII text.
func TestDialectOfSyntaxAsOnePass(t *testing.T) {
	files := map[string]string{
		"pg/001_a.up.sql":        "CREATE TABLE a (id bigserial, doc jsonb);\n",
		"pg/002_b.up.sql":        "UPDATE a SET doc = '{}' WHERE id::text = 'x';\n",
		"my/001_a.up.sql":        "CREATE TABLE a (id int AUTO_INCREMENT) ENGINE=InnoDB;\n",
		"my/002_b.up.sql":        "ALTER TABLE `a` ADD `b` int UNSIGNED;\n",
		"both/001_a.up.sql":      "CREATE TABLE a (id serial);\n",
		"both/002_b.up.sql":      "CREATE TABLE b (id int) ENGINE = InnoDB;\n",
		"both/003_c.up.sql":      "CREATE EXTENSION x;\n",
		"tick/001_a.up.sql":      "CREATE TABLE `a` (id int);\n",
		"tickpg/001_a.up.sql":    "CREATE TABLE `a` (id bigserial);\n",
		"tickpg/002_b.up.sql":    "CREATE TABLE `b` (id int);\n",
		"unicode/001_a.up.sql":   "CREATE TABLE café (id int PRIMARY KEY AUTOINCREMENT);\n",
		"unicode/002_b.up.sql":   "CREATE TABLE thé (id serial);\n",
		"sqlite/001_a.up.sql":    "PRAGMA foreign_keys = ON;\n",
		"sqlite/002_b.up.sql":    "INSERT OR IGNORE INTO a VALUES (1);\n",
		"sqlserver/001_a.up.sql": "CREATE TABLE a (id int IDENTITY(1,1), n NVARCHAR(10));\nGO\n",
	}
	p := open(t, files, "")
	sets, skipped, errs := p.SetsAndSkipped()
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	sets = append(sets, skipped...)
	verdicts := 0
	for _, s := range sets {
		got, gotOK := s.dialectOfSyntax()
		want, wantOK := s.countMarks(s.sqlFiles(maxSyntaxFiles))
		if got != want || gotOK != wantOK {
			t.Errorf("%s: %+v %v, counting every mark gives %+v %v", s.Dirs(), got, gotOK, want, wantOK)
		}
		if wantOK {
			verdicts++
		}
	}
	if len(sets) < 8 || verdicts < 3 {
		t.Fatalf("%d sets, %d of another engine: not a test of both answers", len(sets), verdicts)
	}
}
