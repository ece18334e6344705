package rules

import (
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/migguard/migguard/internal/cache"
	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/pgparse"
)

func TestClash(t *testing.T) {
	long := strings.Repeat("a", clashPrefix)
	longer := strings.Repeat("b", shortenedLen)
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"orders", "orders", true},
		{"orders", "orders_pkey", true},
		{"orders_id_seq", "orders", true},
		{"orders", "orders2", false},
		{"order", "orders_pkey", false},
		{"orders_archive", "orders_pkey", false},
		{"t", "t_c_idx", true},
		{"t", "u_c_idx", false},
		{long + "_table", long + "_tab" + longer[len(long)+4:], true}, // a shortened name
		{long + "_table", long + "_tab_c_idx", false},
		{long[1:] + "x", long[1:] + "y" + longer, false},
		{"bench_changed_1796440495575897326", "bench_changed_1796440495060147632", false},
	} {
		if got := clash([]byte(tc.a), []byte(tc.b)); got != tc.want {
			t.Errorf("clash(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
		if got := clash([]byte(tc.b), []byte(tc.a)); got != tc.want {
			t.Errorf("clash(%q, %q) = %v, want %v", tc.b, tc.a, got, tc.want)
		}
	}
}

func TestForWords(t *testing.T) {
	words := func(s string) ([]string, bool) {
		var out []string
		whole := forWords(s, func(w []byte) bool {
			out = append(out, string(w))
			return true
		})
		return out, whole
	}
	got, whole := words(`ALTER TABLE "Orders" ADD _c int4 DEFAULT nextval('public.x_seq'); -- 42 x$1 été 7a`)
	want := []string{"alter", "table", "orders", "add", "c", "int4", "default", "nextval", "public", "x_seq", "x$1", "été", "7a"}
	if !whole || !slices.Equal(got, want) {
		t.Errorf("words: %q (whole %v), want %q", got, whole, want)
	}
	if got, _ := words(strings.Repeat("b", 300)); len(got) != 1 || len(got[0]) != wordCap {
		t.Errorf("a long word: %q, want its first %d bytes", got, wordCap)
	}
	for _, s := range []string{`SELECT U&"d\0061ta"`, `SELECT u&'\0061'`, `SELECT E'\x61'`, `select e'it''s \141'`} {
		if _, whole := words(s); whole {
			t.Errorf("%s: scanned whole, want stopped at the escape", s)
		}
	}
	for _, s := range []string{`SELECT 'e'`, `SELECT a.e`, `SELECT ue & 1`, `SELECT E'it\'s \\x'`} {
		if _, whole := words(s); !whole {
			t.Errorf("%s: stopped, want scanned whole", s)
		}
	}
}

func TestWrittenWords(t *testing.T) {
	known := func(name string) bool { return name == "audit" }
	for _, tc := range []struct{ sql, want string }{
		{"CREATE TABLE t (id int, c text, d timestamptz DEFAULT now(), s mood)", "t mood"},
		{"CREATE TABLE t (id bigint REFERENCES u (id), CONSTRAINT k UNIQUE (id))", "t u k"},
		{"CREATE TABLE public.t (LIKE s.u INCLUDING ALL)", "t u"},
		{"CREATE TABLE t (id int DEFAULT nextval('t_id_seq'), a int DEFAULT audit())", "t t_id_seq audit"},
		{"CREATE INDEX i ON t USING btree (lower(c)) WHERE d > 0", "i t"},
		{"CREATE TYPE mood AS ENUM ('sad', 'ok')", "mood"},
		{"ALTER TYPE mood ADD VALUE 'meh' BEFORE 'ok'", "mood"},
		{"ALTER TABLE t ADD CONSTRAINT c CHECK (x > 0) NOT VALID", "t c"},
		{"CREATE VIEW v AS SELECT a.x FROM t a JOIN u ON true", "v t u"},
		{"DROP TABLE s.t, u CASCADE", "s t u"},
		{"CREATE FUNCTION f() RETURNS trigger LANGUAGE sql AS 'SELECT 1 FROM t'", "f plpgsql_off select from t"},
	} {
		stmts := pgparse.Parse(tc.sql)
		if len(stmts) != 1 || stmts[0].Err != nil {
			t.Fatalf("%s: does not parse", tc.sql)
		}
		got := strings.Join(writtenWords(stmts[0].Node, known), " ")
		want := strings.ReplaceAll(tc.want, "plpgsql_off ", "sql ")
		if got != want {
			t.Errorf("%s: words %q, want %q", tc.sql, got, want)
		}
	}
}

func TestLocalStatement(t *testing.T) {
	for sql, want := range map[string]bool{
		"CREATE TABLE t (id int)":                     true,
		"ALTER TABLE t ADD COLUMN c int":              true,
		"DROP TABLE t CASCADE":                        true,
		"DROP SCHEMA s CASCADE":                       false,
		"ALTER SCHEMA s RENAME TO r":                  false,
		"GRANT SELECT ON t TO r":                      true,
		"GRANT SELECT ON ALL TABLES IN SCHEMA s TO r": false,
		"DO $$ BEGIN END $$":                          false,
		"CREATE EXTENSION citext":                     false,
		"ALTER DOMAIN d ADD CHECK (VALUE > 0)":        false,
		"VACUUM":                                      false,
		"VACUUM t":                                    true,
		"CREATE TABLE (":                              false,
	} {
		stmts := pgparse.Parse(sql)
		if len(stmts) != 1 {
			t.Fatalf("%s: %d statements", sql, len(stmts))
		}
		if got := localStatement(stmts[0]); got != want {
			t.Errorf("%s: local %v, want %v", sql, got, want)
		}
	}
}

// localFixtures is allFixtures without the files that hold a statement
// that is not local: a set whose later segments may be carried over.
func localFixtures(t *testing.T) *migrations.Set {
	all := allFixtures(t)
	set := &migrations.Set{Dir: all.Dir, Format: all.Format}
	for _, f := range all.Files {
		stmts := pgparse.ExpandDo(f.Up, pgparse.Parse(f.Up))
		if !slices.ContainsFunc(stmts, func(s *pgparse.Stmt) bool { return !localStatement(s) }) {
			f.Version = strconv.Itoa(len(set.Files) + 1)
			set.Files = append(set.Files, f)
		}
	}
	if segs := segments(fileKeys(set.Files)); len(segs) < 2 {
		t.Fatalf("%d segments, want 2 or more", len(segs))
	}
	return set
}

// A run after an edit that adds statements to a file in the middle of a
// set finds what a run without the cache finds: the later segments are
// carried over when the added statements make objects that nothing later
// names, and linted again when a later file names one, when they touch an
// older object, or when the edit changes what the file did before.
func TestCarriedMatchesUncached(t *testing.T) {
	set := localFixtures(t)
	c := cache.Open(t.TempDir(), "test")
	opts := Options{Release: true}
	sameAsUncached(t, "cold", set, opts, c)
	segs := segments(fileKeys(set.Files))
	mid := (segs[0][0] + segs[0][1]) / 2
	// Words of the later segments that no file up to the edit has: the
	// names an edit can add without touching an older object.
	earlier := map[string]bool{}
	for _, f := range set.Files[:mid+1] {
		for _, w := range appendWords(nil, f.Up) {
			earlier[w] = true
		}
	}
	later := map[string]bool{}
	for _, f := range set.Files[segs[1][0]:] {
		for _, w := range appendWords(nil, f.Up) {
			if !earlier[w] {
				later[w] = true
			}
		}
	}
	// Tables that later files create, and a table of the schema at the
	// edited file.
	var laterTables []string
	for _, f := range set.Files[segs[1][0]:] {
		for _, s := range pgparse.Parse(f.Up) {
			if cs := s.Node.GetCreateStmt(); cs != nil && cs.Relation.Schemaname == "" && later[cs.Relation.Relname] {
				laterTables = append(laterTables, cs.Relation.Relname)
			}
		}
	}
	var olderTable string
	for _, f := range set.Files[:mid] {
		for _, s := range pgparse.Parse(f.Up) {
			if cs := s.Node.GetCreateStmt(); cs != nil && cs.Relation.Schemaname == "" {
				olderTable = cs.Relation.Relname
			}
		}
	}
	if len(laterTables) < 8 || olderTable == "" {
		t.Fatalf("%d tables created after the edit only, want 8 or more; an older table %q", len(laterTables), olderTable)
	}
	type tc struct {
		name, add string
		carry     bool
	}
	cases := []tc{
		{"a new table", "CREATE TABLE carry_new (id int PRIMARY KEY, c text NOT NULL DEFAULT '')", true},
		{"new objects", "CREATE TYPE carry_mood AS ENUM ('a'); CREATE TABLE carry_t (id serial, m carry_mood); CREATE INDEX ON carry_t (m)", true},
		{"a name a later table's names start with", "CREATE TABLE " + strings.SplitN(laterTables[0], "_", 2)[0] + " (id int)", false},
		{"an index on an older table", "CREATE INDEX carry_idx ON " + olderTable + " (id)", false},
		{"a foreign key to an older table", "CREATE TABLE carry_fk (id int REFERENCES " + olderTable + ")", false},
		{"an older table altered", "ALTER TABLE " + olderTable + " ADD COLUMN carry_c int", false},
		{"an older table dropped", "DROP TABLE " + olderTable + " CASCADE", false},
		{"a sequence by its text", "CREATE TABLE carry_seq (id int DEFAULT nextval('" + olderTable + "_id_seq'))", false},
	}
	for i, name := range laterTables {
		cases = append(cases, tc{name: fmt.Sprintf("a table a later file creates, %d", i), add: "CREATE TABLE " + name + " (id int)"})
	}
	// Names from the later files, in statements of every kind.
	words := slices.Sorted(func(yield func(string) bool) {
		for w := range later {
			if !yield(w) {
				return
			}
		}
	})
	seed := uint64(1)
	if s, err := strconv.ParseUint(os.Getenv("MIGGUARD_CARRY_SEED"), 10, 64); err == nil {
		seed = s
	}
	rng := rand.New(rand.NewPCG(seed, 2))
	forms := []string{
		`CREATE TABLE "%s" (id int)`,
		`CREATE TABLE carry_r%[2]d (id serial PRIMARY KEY, "%[1]s" int UNIQUE)`,
		`CREATE INDEX "%s" ON carry_new (id)`,
		`CREATE TYPE "%s" AS ENUM ('x')`,
		`CREATE SEQUENCE "%s"`,
		`CREATE VIEW "%s" AS SELECT 1 AS one`,
		`CREATE FUNCTION "%s"() RETURNS int LANGUAGE sql AS 'SELECT 1'`,
		`CREATE TABLE carry_r%[2]d (id int CHECK (id > 0)); ALTER TABLE carry_r%[2]d RENAME TO "%[1]s"`,
		`CREATE TABLE carry_r%[2]d (id int, CONSTRAINT "%[1]s" CHECK (id > 0))`,
		`CREATE TABLE carry_r%[2]d ("%[1]s" int); CREATE INDEX ON carry_r%[2]d ("%[1]s")`,
		`CREATE TABLE carry_r%[2]d (id int DEFAULT "%[1]s"(), t timestamptz DEFAULT now())`,
	}
	for i := range 32 {
		form := forms[rng.IntN(len(forms))]
		w := words[rng.IntN(len(words))]
		add := fmt.Sprintf(form, w, i)
		if strings.Contains(form, "carry_new") {
			add = "CREATE TABLE carry_new (id int); " + add
		}
		cases = append(cases, tc{name: fmt.Sprintf("random %d", i), add: add})
	}
	var carried, relinted int
	for _, k := range cases {
		sameAsUncached(t, k.name+", before", set, opts, c)
		edited := cloneSet(set)
		edit(edited.Files[mid], "", "\n"+k.add+";\n")
		before := atomic.LoadInt64(&carriedSegments)
		sameAsUncached(t, k.name, edited, opts, c)
		n := atomic.LoadInt64(&carriedSegments) - before
		switch {
		case k.carry && n == 0:
			t.Errorf("%s: no segment carried over, want the later ones", k.name)
		case !k.carry && !strings.HasPrefix(k.name, "random") && n > 0:
			t.Errorf("%s: %d segments carried over, want none", k.name, n)
		}
		if n > 0 {
			carried++
		} else {
			relinted++
		}
		sameAsUncached(t, k.name+", warm", edited, opts, c)
	}
	if carried == 0 || relinted == 0 {
		t.Errorf("%d edits carried over, %d linted again: want some of each", carried, relinted)
	}

	// An edit of what the file did before is linted again, and so is an
	// edit after one carried over.
	edited := cloneSet(set)
	edit(edited.Files[mid], "CREATE TABLE carry_first (id int);\n", "")
	before := atomic.LoadInt64(&carriedSegments)
	sameAsUncached(t, "a statement added first", edited, opts, c)
	if n := atomic.LoadInt64(&carriedSegments) - before; n > 0 {
		t.Errorf("a statement added before the file's: %d segments carried over, want none", n)
	}
}

// filledSet returns a plain set of two segments or more: first, then a
// table per file, with later as the second file of the second segment,
// and the index of a file in the middle of the first segment.
func filledSet(first, later string) (*migrations.Set, int) {
	file := func(i int, text string) *migrations.File {
		return &migrations.File{Path: fmt.Sprintf("m/%04d.sql", i), Version: strconv.Itoa(i + 1), Src: text, Up: text, Tx: migrations.TxWrapped}
	}
	set := &migrations.Set{Dir: "m", Format: migrations.Plain}
	set.Files = append(set.Files, file(0, first))
	for i := 1; i < maxSegment+64; i++ {
		set.Files = append(set.Files, file(i, fmt.Sprintf("CREATE TABLE fill_%d (id int PRIMARY KEY);\n", i)))
	}
	segs := segments(fileKeys(set.Files))
	l := set.Files[segs[1][0]+1]
	l.Src, l.Up = later, later
	return set, segs[0][0] + 10
}

// An edit that changes an older object is linted again, with the later
// segments: a later file may read the object through another that refers
// to it, without naming it. Here the edit drops a table, and with it the
// foreign key that a later file validates by the referring table's name.
func TestCarryRefusesOlderObjects(t *testing.T) {
	set, mid := filledSet("CREATE TABLE y (id int PRIMARY KEY);\n"+
		"CREATE TABLE z (id int, y_id int);\n"+
		"ALTER TABLE z ADD CONSTRAINT z_fk FOREIGN KEY (y_id) REFERENCES y (id) NOT VALID;\n",
		"SET lock_timeout = '1s';\nALTER TABLE z VALIDATE CONSTRAINT z_fk;\n")
	c := cache.Open(t.TempDir(), "test")
	opts := Options{Release: true}
	for _, tc := range []struct {
		add   string
		carry bool
	}{
		{"CREATE TABLE carry_ok (id int)", true},
		{"DROP TABLE y CASCADE", false},
		{"ALTER TABLE y DROP CONSTRAINT y_pkey", false},
		{"CREATE TABLE carry_ref (id int REFERENCES y)", false},
	} {
		sameAsUncached(t, "before "+tc.add, set, opts, c)
		edited := cloneSet(set)
		edit(edited.Files[mid], "", tc.add+";\n")
		before := atomic.LoadInt64(&carriedSegments)
		sameAsUncached(t, tc.add, edited, opts, c)
		if n := atomic.LoadInt64(&carriedSegments) - before; (n > 0) != tc.carry {
			t.Errorf("%s: %d segments carried over, want carried: %v", tc.add, n, tc.carry)
		}
	}
}

// A damaged manifest or facts entry, or one that holds something else,
// is ignored: the later segments are linted again.
func TestCarryDamagedEntries(t *testing.T) {
	set := localFixtures(t)
	segs := segments(fileKeys(set.Files))
	mid := (segs[0][0] + segs[0][1]) / 2
	edited := cloneSet(set)
	edit(edited.Files[mid], "", "\nCREATE TABLE carry_new (id int);\n")
	// The options as LintSet completes them, which the keys hash.
	opts := Options{Release: true, PG: DefaultVersion, Severity: DefaultSeverities()}
	for _, damage := range []string{"every entry", "foreign entries"} {
		dir := t.TempDir()
		c := cache.Open(dir, "test")
		sameAsUncached(t, "cold", set, opts, c)
		if damage == "every entry" {
			damageEntries(t, dir)
		} else {
			replay := replayKey(opts)
			c.Put(manifestKey(findingsKey(opts), set.Files), []byte("\x02\x00\x05"))
			for _, s := range segs {
				c.Put(factsKey(replay, fileKeys(set.Files[s[0]:s[1]])), encodeFacts(make([]fileFacts, s[1]-s[0])))
			}
		}
		before := atomic.LoadInt64(&carriedSegments)
		sameAsUncached(t, damage, edited, opts, c)
		if n := atomic.LoadInt64(&carriedSegments) - before; n > 0 {
			t.Errorf("%s damaged: %d segments carried over, want none", damage, n)
		}
		sameAsUncached(t, damage+", edited again", edited, opts, c)
	}
}

// Findings that asked the application code are carried over under the
// code's digest: against the same code they come over with the rest,
// against other code their segment is linted again.
func TestCarryCodeFindings(t *testing.T) {
	set, mid := filledSet("CREATE TABLE z (id int PRIMARY KEY, y_id int);\n", "ALTER TABLE z DROP COLUMN y_id;\n")
	used := newFakeCode()
	used.uses["z.y_id"] = []CodeUse{{Path: "app/store.go", Line: 3, What: "SELECT y_id FROM z"}}
	c := cache.Open(t.TempDir(), "test")
	usedCode := digestedCode{used, [32]byte{1}}
	for i, tc := range []struct {
		code  digestedCode
		carry bool
	}{
		{usedCode, true},
		{digestedCode{newFakeCode(), [32]byte{2}}, false},
	} {
		// The run before is against the code that uses the column.
		sameAsUncached(t, "before", set, Options{Release: true, Code: usedCode}, c)
		edited := cloneSet(set)
		edit(edited.Files[mid], "", fmt.Sprintf("CREATE TABLE carry_code_%d (id int);\n", i))
		before := atomic.LoadInt64(&carriedSegments)
		sameAsUncached(t, fmt.Sprintf("edit %d", i), edited, Options{Release: true, Code: tc.code}, c)
		if n := atomic.LoadInt64(&carriedSegments) - before; (n > 0) != tc.carry {
			t.Errorf("edit %d: %d segments carried over, want carried: %v", i, n, tc.carry)
		}
	}
	res := LintSet(cloneSet(set), Options{Code: digestedCode{used, [32]byte{1}}})
	if !slices.ContainsFunc(res.Findings, func(f Finding) bool { return f.Rule == dropStillUsed.ID }) {
		t.Fatal("the later file's drop is not reported as still used: the test proves nothing")
	}
}
