// Gencorpus writes a deterministic corpus of PostgreSQL migrations for
// benchmarks: one golang-migrate directory of N files named
// NNNNN_name.up.sql (some with a NNNNN_name.down.sql), about 15 statements
// each, that build one schema step by step. Later files alter, index,
// constrain and backfill the tables that earlier files created, so a linter
// that replays the schema does real work.
//
// The mix is what application migrations look like: CREATE TABLE, ADD
// COLUMN with and without defaults, CREATE INDEX (mostly CONCURRENTLY),
// foreign keys and checks added NOT VALID and validated later, batched
// UPDATE backfills, SET lock_timeout, plpgsql functions and triggers,
// COMMENT ON, DROP COLUMN, enum types and their new values, seed INSERTs.
// Most statements follow the safe patterns; some do not, as in real code.
//
// With -statements S it writes instead one file, 00001_all.up.sql, of the
// migrations that make up at least S statements, one after another: a
// schema dump or a squashed history.
//
// Usage:
//
//	go run ./internal/bench/gencorpus -out .bench/corpus -n 10000 -seed 1
//	go run ./internal/bench/gencorpus -out .bench/one -statements 16000
package main

import (
	"flag"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	out := flag.String("out", "", "directory to create (must not exist or be empty)")
	n := flag.Int("n", 10000, "number of up migrations")
	seed := flag.Int64("seed", 1, "random seed; the same seed gives the same corpus")
	stmts := flag.Int("statements", 0, "write one file of at least this many statements instead of -n files")
	flag.Parse()
	if *out == "" || *n < 1 || *stmts < 0 || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: go run ./internal/bench/gencorpus -out DIR [-n 10000 | -statements S] [-seed 1]")
		os.Exit(2)
	}
	run := run
	if *stmts > 0 {
		run = func(dir string, _ int, seed int64) error { return oneFile(dir, *stmts, seed) }
	}
	if err := run(*out, *n, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
}

// start makes dir, which must be empty or missing, and a generator.
func start(dir string, seed int64) (*gen, error) {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return nil, fmt.Errorf("%s is not empty", dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	return &gen{rng: rand.New(rand.NewSource(seed))}, nil
}

func run(dir string, n int, seed int64) error {
	g, err := start(dir, seed)
	if err != nil {
		return err
	}
	var files, bytes int
	for i := 1; i <= n; i++ {
		m := g.migration()
		base := fmt.Sprintf("%05d_%s", i, m.name)
		if err := write(filepath.Join(dir, base+".up.sql"), m.up); err != nil {
			return err
		}
		files, bytes = files+1, bytes+len(m.up)
		if m.down != "" {
			if err := write(filepath.Join(dir, base+".down.sql"), m.down); err != nil {
				return err
			}
			files, bytes = files+1, bytes+len(m.down)
		}
	}
	fmt.Printf("wrote %d files (%d up), %d bytes, to %s\n", files, n, bytes, dir)
	return nil
}

// oneFile writes one migration of at least want statements to dir.
func oneFile(dir string, want int, seed int64) error {
	g, err := start(dir, seed)
	if err != nil {
		return err
	}
	var b strings.Builder
	got := 0
	for got < want {
		m := g.migration()
		b.WriteString(m.up)
		b.WriteString("\n")
		got += m.nstmt
	}
	if err := write(filepath.Join(dir, "00001_all.up.sql"), b.String()); err != nil {
		return err
	}
	fmt.Printf("wrote 1 file of %d statements, %d bytes, to %s\n", got, b.Len(), dir)
	return nil
}

func write(path, text string) error { return os.WriteFile(path, []byte(text), 0o644) }

// table is what the generator remembers of a table it created.
type table struct {
	name    string
	cols    []column
	indexed map[string]bool
	notNull map[string]bool
	pending []string // constraints added NOT VALID, not yet validated
	nfk     int
}

type column struct{ name, typ string }

type gen struct {
	rng     *rand.Rand
	tables  []*table
	enums   map[string][]string
	enumSeq []string
	funcs   int
	seq     int
}

// migration is one generated file pair.
type migration struct {
	name, up, down string
	nstmt          int // statements in up
}

// file collects the statements of one migration.
type file struct {
	b     strings.Builder
	down  []string
	nstmt int
	name  string
}

func (f *file) stmt(format string, args ...any) {
	fmt.Fprintf(&f.b, format, args...)
	f.b.WriteString(";\n\n")
	f.nstmt++
}

func (f *file) comment(format string, args ...any) {
	f.b.WriteString("-- ")
	fmt.Fprintf(&f.b, format, args...)
	f.b.WriteString("\n")
}

func (f *file) undo(format string, args ...any) {
	f.down = append(f.down, fmt.Sprintf(format, args...))
}

func (g *gen) migration() migration {
	f := &file{}
	want := 12 + g.rng.Intn(7) // 12..18 statements, about 15
	if g.rng.Intn(3) > 0 {
		f.stmt("SET lock_timeout = '%ds'", 2+g.rng.Intn(9))
	}
	if g.rng.Intn(5) == 0 {
		f.stmt("SET statement_timeout = '%dmin'", 1+g.rng.Intn(30))
	}
	for len(g.tables) < 3 {
		g.createTable(f)
	}
	for f.nstmt < want {
		g.step(f)
	}
	if f.name == "" {
		f.name = "change_" + g.pick().name
	}
	m := migration{name: f.name, up: fmt.Sprintf("-- migration %s\n\n%s", f.name, f.b.String()), nstmt: f.nstmt}
	if len(f.down) > 0 && g.rng.Intn(10) < 4 {
		var d strings.Builder
		for i := len(f.down) - 1; i >= 0; i-- {
			d.WriteString(f.down[i])
			d.WriteString(";\n")
		}
		m.down = d.String()
	}
	return m
}

// step writes one statement (or a short group of related statements).
func (g *gen) step(f *file) {
	switch r := g.rng.Intn(100); {
	case r < 12:
		g.createTable(f)
	case r < 27:
		g.addColumn(f)
	case r < 39:
		g.createIndex(f)
	case r < 47:
		g.addForeignKey(f)
	case r < 53:
		g.addCheck(f)
	case r < 58:
		g.validate(f)
	case r < 66:
		g.backfill(f)
	case r < 71:
		g.createFunction(f)
	case r < 77:
		g.commentOn(f)
	case r < 81:
		g.dropColumn(f)
	case r < 85:
		g.createEnum(f)
	case r < 88:
		g.addEnumValue(f)
	case r < 96:
		g.insertSeed(f)
	default:
		g.setNotNull(f)
	}
}

var nouns = []string{
	"users", "accounts", "orders", "order_lines", "invoices", "payments", "products", "prices",
	"customers", "addresses", "shipments", "events", "sessions", "audit_log", "teams", "members",
	"projects", "tasks", "comments", "attachments", "tags", "webhooks", "api_keys", "plans",
	"subscriptions", "coupons", "refunds", "warehouses", "stock", "suppliers",
}

var colNames = []string{
	"name", "email", "title", "note", "status_text", "amount_cents", "quantity", "external_id",
	"country", "city", "zip", "phone", "locale", "score", "priority", "deleted_at", "archived",
	"metadata", "starts_at", "ends_at", "version", "slug", "color", "weight_grams", "rating",
}

var types = []string{
	"text", "text", "varchar(255)", "integer", "bigint", "boolean", "timestamptz", "jsonb",
	"numeric(12,2)", "uuid", "date", "smallint",
}

func (g *gen) next() int { g.seq++; return g.seq }

func (g *gen) pick() *table { return g.tables[g.rng.Intn(len(g.tables))] }

func (g *gen) pickCol(t *table) column { return t.cols[g.rng.Intn(len(t.cols))] }

func (g *gen) createTable(f *file) {
	t := &table{
		name:    fmt.Sprintf("%s_%d", nouns[g.rng.Intn(len(nouns))], g.next()),
		indexed: map[string]bool{"id": true},
		notNull: map[string]bool{"id": true},
	}
	if f.name == "" {
		f.name = "create_" + t.name
	}
	var b strings.Builder
	fmt.Fprintf(&b, "CREATE TABLE %s (\n    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY", t.name)
	t.cols = append(t.cols, column{"id", "bigint"})
	used := map[string]bool{}
	for i, n := 0, 3+g.rng.Intn(6); i < n; i++ {
		name := colNames[g.rng.Intn(len(colNames))]
		if used[name] {
			continue
		}
		used[name] = true
		typ := types[g.rng.Intn(len(types))]
		fmt.Fprintf(&b, ",\n    %s %s", name, typ)
		switch g.rng.Intn(4) {
		case 0:
			b.WriteString(" NOT NULL")
			t.notNull[name] = true
			if d := defaultFor(typ); d != "" {
				b.WriteString(" DEFAULT " + d)
			}
		case 1:
			if d := defaultFor(typ); d != "" {
				b.WriteString(" DEFAULT " + d)
			}
		}
		t.cols = append(t.cols, column{name, typ})
	}
	if len(g.tables) > 0 && g.rng.Intn(2) == 0 {
		ref := g.pick()
		fmt.Fprintf(&b, ",\n    %s_id bigint REFERENCES %s (id)", singular(ref.name), ref.name)
		t.cols = append(t.cols, column{singular(ref.name) + "_id", "bigint"})
	}
	b.WriteString(",\n    created_at timestamptz NOT NULL DEFAULT now()")
	t.cols = append(t.cols, column{"created_at", "timestamptz"})
	if g.rng.Intn(3) == 0 {
		b.WriteString(",\n    CONSTRAINT " + t.name + "_created_check CHECK (created_at > '2000-01-01')")
	}
	b.WriteString("\n)")
	f.stmt("%s", b.String())
	f.undo("DROP TABLE IF EXISTS %s", t.name)
	g.tables = append(g.tables, t)
	if g.rng.Intn(2) == 0 {
		col := t.cols[1]
		f.stmt("CREATE INDEX %s_%s_idx ON %s (%s)", t.name, col.name, t.name, col.name)
		t.indexed[col.name] = true
	}
}

// singular is good enough for generated column names.
func singular(name string) string {
	base := name[:strings.LastIndexByte(name, '_')]
	return strings.TrimSuffix(base, "s") + name[strings.LastIndexByte(name, '_'):]
}

func defaultFor(typ string) string {
	switch {
	case typ == "text" || strings.HasPrefix(typ, "varchar"):
		return "''"
	case typ == "integer" || typ == "bigint" || typ == "smallint" || strings.HasPrefix(typ, "numeric"):
		return "0"
	case typ == "boolean":
		return "false"
	case typ == "timestamptz":
		return "now()"
	case typ == "jsonb":
		return "'{}'::jsonb"
	case typ == "date":
		return "CURRENT_DATE"
	case typ == "uuid":
		return "gen_random_uuid()"
	}
	return ""
}

func (g *gen) addColumn(f *file) {
	t := g.pick()
	name := fmt.Sprintf("%s_%d", colNames[g.rng.Intn(len(colNames))], g.next())
	typ := types[g.rng.Intn(len(types))]
	if len(g.enumSeq) > 0 && g.rng.Intn(6) == 0 {
		typ = g.enumSeq[g.rng.Intn(len(g.enumSeq))]
	}
	clause := ""
	switch r := g.rng.Intn(10); {
	case r < 5: // nullable, no default: the common safe case
	case r < 8:
		if d := defaultFor(typ); d != "" && typ != "uuid" {
			clause = " DEFAULT " + d
		}
	case r < 9:
		if d := defaultFor(typ); d != "" {
			clause = " NOT NULL DEFAULT " + d
			t.notNull[name] = true
		}
	default:
		if typ == "timestamptz" {
			clause = " DEFAULT clock_timestamp()" // volatile: rewrites the table
		}
	}
	if f.name == "" {
		f.name = "add_" + name + "_to_" + t.name
	}
	f.stmt("ALTER TABLE %s ADD COLUMN %s %s%s", t.name, name, typ, clause)
	f.undo("ALTER TABLE %s DROP COLUMN IF EXISTS %s", t.name, name)
	t.cols = append(t.cols, column{name, typ})
}

func (g *gen) createIndex(f *file) {
	t := g.pick()
	c := g.pickCol(t)
	cols := c.name
	if g.rng.Intn(4) == 0 {
		if c2 := g.pickCol(t); c2.name != c.name {
			cols += ", " + c2.name
		}
	}
	name := fmt.Sprintf("%s_%s_idx", t.name, strings.ReplaceAll(strings.ReplaceAll(cols, ", ", "_"), " ", ""))
	if t.indexed[cols] {
		name = fmt.Sprintf("%s_%d_idx", t.name, g.next())
	}
	t.indexed[cols] = true
	unique := ""
	if g.rng.Intn(8) == 0 {
		unique = "UNIQUE "
	}
	where := ""
	if g.rng.Intn(6) == 0 {
		where = " WHERE created_at > '2024-01-01'"
	}
	if f.name == "" {
		f.name = "index_" + t.name
	}
	if g.rng.Intn(10) < 7 {
		f.stmt("CREATE %sINDEX CONCURRENTLY IF NOT EXISTS %s ON %s (%s)%s", unique, name, t.name, cols, where)
		f.undo("DROP INDEX CONCURRENTLY IF EXISTS %s", name)
	} else {
		f.stmt("CREATE %sINDEX %s ON %s USING btree (%s)%s", unique, name, t.name, cols, where)
		f.undo("DROP INDEX IF EXISTS %s", name)
	}
}

func (g *gen) addForeignKey(f *file) {
	t, ref := g.pick(), g.pick()
	t.nfk++
	col := fmt.Sprintf("%s_ref_%d", singular(ref.name), t.nfk)
	con := fmt.Sprintf("%s_%s_fkey", t.name, col)
	if f.name == "" {
		f.name = "link_" + t.name + "_to_" + ref.name
	}
	f.stmt("ALTER TABLE %s ADD COLUMN %s bigint", t.name, col)
	t.cols = append(t.cols, column{col, "bigint"})
	onDelete := []string{"", " ON DELETE CASCADE", " ON DELETE SET NULL"}[g.rng.Intn(3)]
	if g.rng.Intn(10) < 8 {
		f.stmt("ALTER TABLE %s\n    ADD CONSTRAINT %s FOREIGN KEY (%s) REFERENCES %s (id)%s NOT VALID",
			t.name, con, col, ref.name, onDelete)
		t.pending = append(t.pending, con)
	} else {
		f.stmt("ALTER TABLE %s ADD CONSTRAINT %s FOREIGN KEY (%s) REFERENCES %s (id)%s",
			t.name, con, col, ref.name, onDelete)
	}
	f.undo("ALTER TABLE %s DROP COLUMN IF EXISTS %s", t.name, col)
}

func (g *gen) addCheck(f *file) {
	t := g.pick()
	c := g.pickCol(t)
	con := fmt.Sprintf("%s_%s_check_%d", t.name, c.name, g.next())
	cond := c.name + " IS NOT NULL"
	switch c.typ {
	case "integer", "bigint", "smallint":
		cond = c.name + " >= 0"
	case "text":
		cond = "char_length(" + c.name + ") <= 1000"
	}
	if f.name == "" {
		f.name = "check_" + t.name
	}
	if g.rng.Intn(10) < 8 {
		f.stmt("ALTER TABLE %s ADD CONSTRAINT %s CHECK (%s) NOT VALID", t.name, con, cond)
		t.pending = append(t.pending, con)
	} else {
		f.stmt("ALTER TABLE %s ADD CONSTRAINT %s CHECK (%s)", t.name, con, cond)
	}
	f.undo("ALTER TABLE %s DROP CONSTRAINT IF EXISTS %s", t.name, con)
}

func (g *gen) validate(f *file) {
	for _, t := range g.tables {
		if len(t.pending) > 0 {
			f.stmt("ALTER TABLE %s VALIDATE CONSTRAINT %s", t.name, t.pending[0])
			t.pending = t.pending[1:]
			if f.name == "" {
				f.name = "validate_" + t.name
			}
			return
		}
	}
	g.addCheck(f)
}

func (g *gen) backfill(f *file) {
	t := g.pick()
	c := g.pickCol(t)
	if c.name == "id" || c.name == "created_at" {
		return
	}
	val := defaultFor(c.typ)
	if val == "" || strings.Contains(c.typ, "_") {
		val = "NULL"
	}
	if f.name == "" {
		f.name = "backfill_" + t.name
	}
	from := g.rng.Intn(1000) * 10000
	f.b.WriteString("/* backfill in batches keyed by id */\n")
	f.stmt("UPDATE %s\n   SET %s = %s\n WHERE id >= %d AND id < %d\n   AND %s IS NULL",
		t.name, c.name, val, from, from+10000, c.name)
}

func (g *gen) createFunction(f *file) {
	t := g.pick()
	g.funcs++
	fn := fmt.Sprintf("%s_touch_%d", t.name, g.funcs)
	if f.name == "" {
		f.name = "trigger_" + t.name
	}
	f.comment("keep %s.created_at honest", t.name)
	f.stmt(`CREATE OR REPLACE FUNCTION %s() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
    n integer := 0;
BEGIN
    IF NEW.created_at IS NULL THEN
        NEW.created_at := now(); -- a comment; with a semicolon
    END IF;
    FOR i IN 1..3 LOOP
        n := n + i;
    END LOOP;
    RAISE DEBUG 'touched %% after %% steps', TG_TABLE_NAME, n;
    RETURN NEW;
END
$fn$`, fn)
	f.stmt("CREATE TRIGGER %s BEFORE INSERT OR UPDATE ON %s\n    FOR EACH ROW EXECUTE FUNCTION %s()", fn, t.name, fn)
	f.undo("DROP FUNCTION IF EXISTS %s() CASCADE", fn)
}

func (g *gen) commentOn(f *file) {
	t := g.pick()
	if g.rng.Intn(2) == 0 {
		f.stmt("COMMENT ON TABLE %s IS 'owned by the %s team; café-safe: ünïcode'", t.name, nouns[g.rng.Intn(len(nouns))])
		return
	}
	c := g.pickCol(t)
	f.stmt("COMMENT ON COLUMN %s.%s IS 'set by the application, never by hand'", t.name, c.name)
}

func (g *gen) dropColumn(f *file) {
	t := g.pick()
	if len(t.cols) < 5 {
		g.addColumn(f)
		return
	}
	i := 1 + g.rng.Intn(len(t.cols)-2) // never id, never the last one
	c := t.cols[i]
	if c.name == "created_at" {
		return
	}
	if f.name == "" {
		f.name = "drop_" + c.name + "_from_" + t.name
	}
	f.stmt("ALTER TABLE %s DROP COLUMN IF EXISTS %s", t.name, c.name)
	f.undo("ALTER TABLE %s ADD COLUMN %s %s", t.name, c.name, c.typ)
	t.cols = append(t.cols[:i], t.cols[i+1:]...)
	delete(t.notNull, c.name)
	// Dropping the column drops the constraints on it.
	kept := t.pending[:0]
	for _, con := range t.pending {
		if !strings.Contains(con, "_"+c.name+"_") {
			kept = append(kept, con)
		}
	}
	t.pending = kept
}

func (g *gen) createEnum(f *file) {
	if g.enums == nil {
		g.enums = map[string][]string{}
	}
	name := fmt.Sprintf("status_%d", g.next())
	vals := []string{"draft", "active", "archived"}
	g.enums[name] = vals
	g.enumSeq = append(g.enumSeq, name)
	if f.name == "" {
		f.name = "create_type_" + name
	}
	f.stmt("CREATE TYPE %s AS ENUM ('%s')", name, strings.Join(vals, "', '"))
	f.undo("DROP TYPE IF EXISTS %s", name)
}

func (g *gen) addEnumValue(f *file) {
	if len(g.enumSeq) == 0 {
		g.createEnum(f)
		return
	}
	name := g.enumSeq[g.rng.Intn(len(g.enumSeq))]
	val := fmt.Sprintf("state_%d", g.next())
	g.enums[name] = append(g.enums[name], val)
	f.stmt("ALTER TYPE %s ADD VALUE IF NOT EXISTS '%s'", name, val)
}

func (g *gen) insertSeed(f *file) {
	t := g.pick()
	var cols []column
	for _, c := range t.cols {
		if c.name != "id" && !strings.HasSuffix(c.name, "_id") && !strings.Contains(c.name, "_ref_") && defaultFor(c.typ) != "" {
			cols = append(cols, c)
		}
	}
	if len(cols) == 0 {
		return
	}
	if len(cols) > 4 {
		cols = cols[:4]
	}
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.name
	}
	var rows []string
	for r := 0; r < 1+g.rng.Intn(4); r++ {
		vals := make([]string, len(cols))
		for i, c := range cols {
			vals[i] = g.literal(c.typ, r)
		}
		rows = append(rows, "("+strings.Join(vals, ", ")+")")
	}
	f.stmt("INSERT INTO %s (%s)\nVALUES %s\nON CONFLICT DO NOTHING", t.name, strings.Join(names, ", "), strings.Join(rows, ",\n       "))
}

func (g *gen) literal(typ string, row int) string {
	switch {
	case typ == "text" || strings.HasPrefix(typ, "varchar"):
		return fmt.Sprintf("'seed %d: l''été'", row)
	case typ == "boolean":
		return []string{"true", "false"}[row%2]
	case typ == "timestamptz":
		return "'2024-05-01 12:00:00+00'"
	case typ == "jsonb":
		return `'{"seed": true}'`
	case typ == "date":
		return "'2024-05-01'"
	case typ == "uuid":
		return fmt.Sprintf("'00000000-0000-4000-8000-%012d'", g.rng.Intn(1000000))
	}
	return fmt.Sprint(g.rng.Intn(1000))
}

func (g *gen) setNotNull(f *file) {
	t := g.pick()
	for _, c := range t.cols {
		if !t.notNull[c.name] {
			t.notNull[c.name] = true
			con := fmt.Sprintf("%s_%s_not_null_%d", t.name, c.name, g.next())
			f.stmt("ALTER TABLE %s ADD CONSTRAINT %s CHECK (%s IS NOT NULL) NOT VALID", t.name, con, c.name)
			f.stmt("ALTER TABLE %s VALIDATE CONSTRAINT %s", t.name, con)
			f.stmt("ALTER TABLE %s ALTER COLUMN %s SET NOT NULL", t.name, c.name)
			f.stmt("ALTER TABLE %s DROP CONSTRAINT %s", t.name, con)
			if f.name == "" {
				f.name = "require_" + c.name + "_on_" + t.name
			}
			return
		}
	}
	g.addColumn(f)
}
