package apply

import (
	"context"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/pgtest"
	"github.com/migguard/migguard/internal/seed"
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.DropTemplates()
	os.Exit(code)
}

const baseSQL = `CREATE TABLE users (
	id bigserial PRIMARY KEY,
	email text NOT NULL UNIQUE,
	nickname text,
	code text,
	age int
);
CREATE TABLE orders (
	id int PRIMARY KEY,
	user_id bigint,
	total int NOT NULL
);
CREATE INDEX orders_total_idx ON orders (total);
`

// templates returns an empty and a seeded template holding the base schema,
// owned by the unprivileged role the migrations run as.
func templates(t *testing.T) (empty, seeded string) {
	build := func(rows int) func(ctx context.Context, conn *pgx.Conn) error {
		return func(ctx context.Context, conn *pgx.Conn) error {
			if _, err := conn.Exec(ctx, baseSQL); err != nil {
				return err
			}
			_, err := seed.Generate(ctx, conn, seed.Options{Rows: rows})
			return err
		}
	}
	return pgtest.RoleTemplate(t, "base-empty", build(-1)), pgtest.RoleTemplate(t, "base-seeded", build(200))
}

// target returns a fresh database made from template, owned by the
// unprivileged role, as Run's target.
func target(t *testing.T, template string) Target {
	t.Helper()
	admin, migrator := pgtest.RoleClone(t, template)
	return Target{URL: migrator, AdminURL: admin}
}

// file parses one migration of the given format.
func file(t *testing.T, format migrations.Format, path, src string) *migrations.File {
	t.Helper()
	f, err := migrations.ParseFile(format, path, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// applyNew applies the files, all new, to the database of tg, which
// already holds the base.
func applyNew(t *testing.T, tg Target, o Options, files ...*migrations.File) *Report {
	t.Helper()
	o.Set = &migrations.Set{Dir: "db", Format: migrations.GolangMigrate, Files: files}
	o.New = func(*migrations.File) bool { return true }
	o.Base = []*migrations.File{}
	o.Rows = -1
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	rep, err := Run(ctx, tg, o)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return rep
}

func failure(rep *Report) *Statement {
	for _, f := range rep.Files {
		for _, s := range f.Statements {
			if s.Error != nil {
				return s
			}
		}
	}
	return nil
}

// TestDataDependentFailures: each migration applies to the empty base and
// fails on the seeded one, with PostgreSQL's message at the right line, the
// rule whose hazard caused it (none when no rule flags the statement) and
// what in the data caused it.
func TestDataDependentFailures(t *testing.T) {
	empty, seeded := templates(t)
	cases := []struct {
		name, src string
		format    migrations.Format
		code, msg string
		rule      string
		line      int
		data      string
	}{
		{"not null without default", "-- add a plan\nALTER TABLE users ADD COLUMN plan text NOT NULL;\n",
			migrations.GolangMigrate, "23502", `column "plan" of relation "users" contains null values`, "add-column-required", 2, `hold NULL in column "plan"`},
		{"set not null over nulls", "SELECT 1;\nALTER TABLE users ALTER COLUMN nickname SET NOT NULL;\n",
			migrations.GolangMigrate, "23502", `column "nickname" of relation "users" contains null values`, "set-not-null-unproven", 2, `rows of "users" hold NULL in column "nickname"`},
		{"primary key using an index over nulls", "CREATE UNIQUE INDEX users_id_nick ON users (id, nickname);\n" +
			"ALTER TABLE users DROP CONSTRAINT users_pkey, ADD CONSTRAINT users_pk PRIMARY KEY USING INDEX users_id_nick;\n",
			migrations.GolangMigrate, "23502", `column "nickname" of relation "users" contains null values`, "primary-key-using-index-nullable", 2, `rows of "users" hold NULL in column "nickname"`},
		{"unique index over duplicates", "CREATE UNIQUE INDEX CONCURRENTLY users_nickname_key ON users (nickname);\n",
			migrations.GolangMigrate, "23505", `could not create unique index "users_nickname_key"`, "", 1, `of (nickname) occur more than once in "users", such as (`},
		{"unique constraint over duplicates", "ALTER TABLE users ADD CONSTRAINT users_nickname_key UNIQUE (nickname);\n",
			migrations.GolangMigrate, "23505", `could not create unique index "users_nickname_key"`, "add-unique-constraint-without-index", 1, `occur more than once in "users"`},
		{"foreign key over orphans", "ALTER TABLE orders\n  ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);\n",
			migrations.GolangMigrate, "23503", `violates foreign key constraint "orders_user_fk"`, "add-foreign-key-without-not-valid", 1, "rows reference values of (user_id) that are missing"},
		{"check violated by rows", "ALTER TABLE orders ADD CONSTRAINT total_positive CHECK (total > 0);\n",
			migrations.GolangMigrate, "23514", `check constraint "total_positive" of relation "orders" is violated by some row`, "add-check-without-not-valid", 1, "existing rows break the new constraint"},
		{"cast some values cannot take", "-- +goose Up\nALTER TABLE users ALTER COLUMN code TYPE integer USING code::integer;\n",
			migrations.Goose, "22P02", `invalid input syntax for type integer`, "change-column-type", 2, "a stored value cannot be converted"},
		{"narrowing that truncates", "ALTER TABLE users ALTER COLUMN nickname TYPE varchar(8);\n",
			migrations.GolangMigrate, "22001", `value too long for type character varying(8)`, "change-column-type", 1, "a stored value cannot be converted"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := "db/0002_change.up.sql"
			if c.format == migrations.Goose {
				path = "db/0002_change.sql"
			}
			f := file(t, c.format, path, c.src)
			if rep := applyNew(t, target(t, empty), Options{}, f); rep.Failed() {
				var b strings.Builder
				WriteText(&b, rep)
				t.Fatalf("fails on the empty database:\n%s", b.String())
			}
			rep := applyNew(t, target(t, seeded), Options{}, f)
			var b strings.Builder
			WriteText(&b, rep)
			s := failure(rep)
			if s == nil {
				t.Fatalf("applies to the seeded database:\n%s", b.String())
			}
			e := s.Error
			if e.Code != c.code || !strings.Contains(e.Message, c.msg) || e.Rule != c.rule || s.Line != c.line {
				t.Errorf("got %s:%d %s %q rule %q, want line %d %s %q rule %q\n%s", s.Path, s.Line, e.Code, e.Message, e.Rule, c.line, c.code, c.msg, c.rule, b.String())
			}
			if c.rule != "" && (e.Help == "" || !strings.Contains(b.String(), "rule "+c.rule+": ")) {
				t.Errorf("no recipe in the report:\n%s", b.String())
			}
			if !strings.Contains(e.Data, c.data) || !strings.Contains(b.String(), "data: ") {
				t.Errorf("data %q, want it to hold %q\n%s", e.Data, c.data, b.String())
			}
		})
	}
}

// TestLocksAndRewrites records the locks a statement takes and the
// relations it rewrites, and runs CREATE INDEX CONCURRENTLY outside a
// transaction.
func TestLocksAndRewrites(t *testing.T) {
	_, seeded := templates(t)
	f1 := file(t, migrations.GolangMigrate, "db/0002_a.up.sql", "ALTER TABLE orders ALTER COLUMN total TYPE bigint;\nALTER TABLE users ADD COLUMN note text;\n")
	f2 := file(t, migrations.GolangMigrate, "db/0003_b.up.sql", "CREATE INDEX CONCURRENTLY orders_user_idx ON orders (user_id);\n")
	rep := applyNew(t, target(t, seeded), Options{}, f1, f2)
	var b strings.Builder
	WriteText(&b, rep)
	out := b.String()
	if rep.Failed() {
		t.Fatalf("failed:\n%s", out)
	}
	s := rep.Files[0].Statements[0]
	if !hasLock(s.Locks, "public.orders", "AccessExclusiveLock") || !s.InTx {
		t.Errorf("ALTER COLUMN TYPE locks %v, want AccessExclusiveLock on public.orders in a transaction", s.Locks)
	}
	rewritten := map[string]bool{}
	for _, r := range s.Rewrites {
		rewritten[r.Relation] = true
	}
	if !rewritten["public.orders"] || !rewritten["public.orders_total_idx"] || !rewritten["public.orders_pkey"] {
		t.Errorf("rewrites %v, want the table and its indexes", s.Rewrites)
	}
	if s2 := rep.Files[0].Statements[1]; len(s2.Rewrites) != 0 || !hasLock(s2.Locks, "public.users", "AccessExclusiveLock") {
		t.Errorf("ADD COLUMN: rewrites %v locks %v, want no rewrite and AccessExclusiveLock on public.users", s2.Rewrites, s2.Locks)
	}
	// What the lint rules say each statement does agrees with what it did.
	if len(s.Work) != 1 || s.Work[0].Kind != "rewrite" || s.Work[0].Relation != "public.orders" {
		t.Errorf("ALTER COLUMN TYPE work %v, want a rewrite of public.orders", s.Work)
	}
	if s2 := rep.Files[0].Statements[1]; len(s2.Work) != 0 {
		t.Errorf("ADD COLUMN without a default: work %v, want catalog only", s2.Work)
	}
	if !strings.Contains(out, `work: changes the type of column "total" (rewrite of public.orders, blocking)`) {
		t.Errorf("report lacks the statement's work:\n%s", out)
	}
	if cic := rep.Files[1].Statements[0]; cic.InTx || cic.Error != nil {
		t.Errorf("CREATE INDEX CONCURRENTLY ran in a transaction or failed: %+v", cic)
	}
	if !strings.Contains(out, "rewrote table public.orders") || !strings.Contains(out, "locks: AccessExclusiveLock on public.orders") {
		t.Errorf("report lacks the rewrite or the lock:\n%s", out)
	}

	// The same index inside a transaction fails as it would with goose.
	g := file(t, migrations.Goose, "db/0004_c.sql", "-- +goose Up\nCREATE INDEX CONCURRENTLY orders_total2_idx ON orders (total);\n")
	rep = applyNew(t, target(t, seeded), Options{}, g)
	if s := failure(rep); s == nil || s.Error.Code != "25001" || s.Error.Rule != "concurrently-in-transaction" {
		t.Errorf("CIC in a goose transaction: %+v", s)
	}
}

func hasLock(ls []Lock, rel, mode string) bool {
	for _, l := range ls {
		if l.Relation == rel && l.Mode == mode {
			return true
		}
	}
	return false
}

// TestLockTimeout: a statement waiting on a lock another session holds
// stops at lock_timeout and names the lock and the session.
func TestLockTimeout(t *testing.T) {
	_, seeded := templates(t)
	tg := target(t, seeded)
	ctx := context.Background()
	holder := pgtest.Connect(t, tg.AdminURL)
	if _, err := holder.Exec(ctx, "SET application_name = 'report-job'"); err != nil {
		t.Fatal(err)
	}
	tx, err := holder.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, "LOCK TABLE users IN ACCESS SHARE MODE"); err != nil {
		t.Fatal(err)
	}
	f := file(t, migrations.GolangMigrate, "db/0002_a.up.sql", "ALTER TABLE users ADD COLUMN note text;\n")
	start := time.Now()
	rep := applyNew(t, tg, Options{LockTimeout: 300 * time.Millisecond}, f)
	elapsed := time.Since(start)
	var b strings.Builder
	WriteText(&b, rep)
	s := failure(rep)
	if s == nil || s.Error.Code != "55P03" {
		t.Fatalf("want a lock timeout:\n%s", b.String())
	}
	e := s.Error
	if e.Waiting == nil || e.Waiting.Relation != "public.users" || e.Waiting.Mode != "AccessExclusiveLock" {
		t.Errorf("waiting for %v, want AccessExclusiveLock on public.users", e.Waiting)
	}
	if len(e.Blockers) != 1 || e.Blockers[0].Application != "report-job" || !strings.Contains(e.Blockers[0].Modes, "AccessShareLock") {
		t.Errorf("blockers %+v, want the report-job session holding AccessShareLock", e.Blockers)
	}
	if elapsed > 10*time.Second {
		t.Errorf("took %s; lock_timeout was 300ms", elapsed)
	}
	if !strings.Contains(b.String(), "waited for AccessExclusiveLock on public.users until lock_timeout") {
		t.Errorf("report:\n%s", b.String())
	}
}

// TestRoundTrip reports a down migration that leaves an index behind and
// passes one that restores the schema.
func TestRoundTrip(t *testing.T) {
	empty, _ := templates(t)
	up := file(t, migrations.Goose, "db/0002_a.sql", "-- +goose Up\nALTER TABLE users ADD COLUMN plan text;\nCREATE INDEX users_plan_idx ON users (plan);\n-- +goose Down\nALTER TABLE users DROP COLUMN plan;\n")
	good := file(t, migrations.Goose, "db/0003_b.sql", "-- +goose Up\nCREATE TABLE audit (id int);\n-- +goose Down\nDROP TABLE audit;\n")
	rep := applyNew(t, target(t, empty), Options{RoundTrip: true}, up, good)
	var b strings.Builder
	WriteText(&b, rep)
	if rep.Failed() || len(rep.RoundTrip) != 2 {
		t.Fatalf("want a passing round trip of two files:\n%s", b.String())
	}
	if rt := rep.RoundTrip[0]; rt.Path != "db/0003_b.sql" || rt.Failed() {
		t.Errorf("good down reported: %+v\n%s", rt, b.String())
	}
	rt := rep.RoundTrip[1]
	if len(rt.DownDiff) != 0 {
		// Dropping the column drops its index too: this down is right.
		t.Errorf("down of 0002 reported different: %v", rt.DownDiff)
	}

	bad := file(t, migrations.Goose, "db/0002_a.sql", "-- +goose Up\nCREATE TABLE plans (id int);\nCREATE INDEX users_age_idx ON users (age);\n-- +goose Down\nDROP TABLE plans;\n")
	rep = applyNew(t, target(t, empty), Options{RoundTrip: true}, bad)
	b.Reset()
	WriteText(&b, rep)
	if !rep.Failed() || len(rep.RoundTrip) != 1 || strings.Join(rep.RoundTrip[0].DownDiff, "\n") != "+ index public.users_age_idx: CREATE INDEX users_age_idx ON public.users USING btree (age)" {
		t.Errorf("want the index left behind by the down migration:\n%s", b.String())
	}

	failing := file(t, migrations.Goose, "db/0002_a.sql", "-- +goose Up\nCREATE TABLE plans (id int);\n-- +goose Down\nDROP TABLE plan;\n")
	rep = applyNew(t, target(t, empty), Options{RoundTrip: true}, failing)
	b.Reset()
	WriteText(&b, rep)
	if !rep.Failed() || !strings.Contains(b.String(), "the down migration fails") || !strings.Contains(b.String(), `table "plan" does not exist`) {
		t.Errorf("want the failing down:\n%s", b.String())
	}
}

// TestFlywayTransactions applies Flyway migrations as Flyway runs them: a
// migration of CREATE INDEX CONCURRENTLY alone outside a transaction, a
// migration that mixes it with other statements not at all (mixed is
// false), or outside a transaction when flyway.conf sets mixed=true.
func TestFlywayTransactions(t *testing.T) {
	_, seeded := templates(t)
	load := func(files map[string]string) []*migrations.File {
		fsys := fstest.MapFS{}
		for p, s := range files {
			fsys[p] = &fstest.MapFile{Data: []byte(s)}
		}
		set, errs := migrations.LoadDir(fsys, "sql", migrations.Flyway)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		return set.Files
	}
	const cic = "CREATE INDEX CONCURRENTLY IF NOT EXISTS users_age_idx ON users (age);\n"
	const mixed = "ALTER TABLE users ADD COLUMN note text;\n" + cic

	rep := applyNew(t, target(t, seeded), Options{}, load(map[string]string{"sql/V2__idx.sql": cic})...)
	var b strings.Builder
	WriteText(&b, rep)
	if s := rep.Files[0].Statements[0]; rep.Failed() || s.InTx {
		t.Errorf("CONCURRENTLY alone: want it applied outside a transaction:\n%s", b.String())
	}

	rep = applyNew(t, target(t, seeded), Options{}, load(map[string]string{"sql/V2__mixed.sql": mixed})...)
	b.Reset()
	WriteText(&b, rep)
	if s := failure(rep); s == nil || !strings.Contains(s.Error.Message, "flyway refuses this migration") || s.Error.Rule != "migration-format" || s.Line != 2 {
		t.Errorf("mixed: want Flyway's refusal at line 2:\n%s", b.String())
	}

	rep = applyNew(t, target(t, seeded), Options{}, load(map[string]string{"flyway.conf": "flyway.mixed=true\n", "sql/V2__mixed.sql": mixed})...)
	b.Reset()
	WriteText(&b, rep)
	if rep.Failed() || len(rep.Files[0].Statements) != 2 || rep.Files[0].Statements[1].InTx {
		t.Errorf("mixed=true: want both statements applied, the index outside a transaction:\n%s", b.String())
	}
}

// TestPredictions: beside each statement the report puts what lint says
// it locks and rewrites, confirmed by PostgreSQL or contradicted, with
// what PostgreSQL did.
func TestPredictions(t *testing.T) {
	_, seeded := templates(t)
	f := file(t, migrations.GolangMigrate, "db/0002_a.up.sql", "ALTER TABLE orders ALTER COLUMN total TYPE bigint;\n"+
		"ALTER TABLE users ADD CONSTRAINT users_age_check CHECK (age IS NULL OR age > -1000000);\n"+
		// users uses heap already: lint takes SET ACCESS METHOD for a
		// rewrite, which PostgreSQL does not do.
		"ALTER TABLE users SET ACCESS METHOD heap;\n")
	rep := applyNew(t, target(t, seeded), Options{}, f)
	var b strings.Builder
	WriteText(&b, rep)
	out := b.String()
	if rep.Failed() {
		t.Fatalf("failed:\n%s", out)
	}
	verdicts := func(s *Statement) map[string]string {
		m := map[string]string{}
		for _, p := range s.Predictions {
			k := p.Lock
			if p.Rewrite {
				k = "rewrite " + p.Relation
			}
			m[k] = p.Verdict
		}
		return m
	}
	ss := rep.Files[0].Statements
	if v := verdicts(ss[0]); v["ACCESS EXCLUSIVE"] != Confirmed || v["rewrite public.orders"] != Confirmed {
		t.Errorf("ALTER COLUMN TYPE predictions %v, want its lock and rewrite confirmed", ss[0].Predictions)
	}
	if v := verdicts(ss[1]); v["ACCESS EXCLUSIVE"] != Confirmed || len(v) != 1 {
		t.Errorf("ADD CHECK predictions %v, want its lock confirmed and no rewrite", ss[1].Predictions)
	}
	if v := verdicts(ss[2]); v["rewrite public.users"] != Mismatch {
		t.Errorf("SET ACCESS METHOD predictions %v, want the rewrite contradicted", ss[2].Predictions)
	}
	for _, want := range []string{
		"lint: ACCESS EXCLUSIVE (change-column-type, require-lock-timeout, require-statement-timeout): confirmed",
		"lint: rewrite of public.orders (change-column-type, require-statement-timeout): confirmed",
		"lint: rewrite of public.users (set-access-method): MISMATCH, PostgreSQL kept the storage of public.users",
		"lint's predictions of locks and rewrites: ",
		"1 contradicted by PostgreSQL (the MISMATCH lines)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
}

// TestCopyFromStdin: psql sends the data lines after COPY … FROM STDIN,
// which apply sends too; any other tool sends none, which apply reports at
// the statement instead of waiting for data that never comes.
func TestCopyFromStdin(t *testing.T) {
	empty, _ := templates(t)
	src := "CREATE TABLE tags (id int, name text);\n" +
		"COPY tags (id, name) FROM stdin;\n1\tone\n2\ttwo\n\\.\n" +
		"CREATE INDEX tags_name ON tags (name);\n"
	rep := applyNew(t, target(t, empty), Options{}, file(t, migrations.Plain, "db/002_tags.sql", src))
	var b strings.Builder
	WriteText(&b, rep)
	if rep.Failed() {
		t.Fatalf("psql's COPY data did not apply:\n%s", b.String())
	}
	ss := rep.Files[0].Statements
	if len(ss) != 3 || ss[1].Rows != 2 {
		t.Fatalf("want 3 statements, the COPY of 2 rows:\n%s", b.String())
	}

	goose := "-- +goose Up\nCREATE TABLE tags (id int, name text);\nCOPY tags (id, name) FROM stdin;\n"
	start := time.Now()
	rep = applyNew(t, target(t, empty), Options{}, file(t, migrations.Goose, "db/002_tags.sql", goose))
	b.Reset()
	WriteText(&b, rep)
	if !rep.Failed() || !strings.Contains(b.String(), "db/002_tags.sql:3:1: error: COPY … FROM STDIN waits for data that this migration tool does not send") {
		t.Fatalf("want the COPY reported at line 3:\n%s", b.String())
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("the COPY took %v to report", d)
	}
}
