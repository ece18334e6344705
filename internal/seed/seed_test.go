package seed

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/migguard/migguard/internal/pgtest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.DropTemplates()
	os.Exit(code)
}

const schemaSQL = `
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE DOMAIN positive_int AS int CHECK (VALUE > 0);
CREATE SCHEMA app;
CREATE TABLE users (
	id bigserial PRIMARY KEY,
	email varchar(40) NOT NULL UNIQUE,
	nickname text,
	age int CHECK (age >= 18 AND age <= 130),
	status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'blocked')),
	mood mood,
	score numeric(5,2),
	created_at timestamptz NOT NULL DEFAULT now(),
	profile jsonb,
	token uuid UNIQUE,
	tags text[],
	ip inet,
	code char(3),
	flag boolean NOT NULL,
	born date,
	name_len_check text CHECK (char_length(name_len_check) > 0)
);
CREATE TABLE odd_things (id int PRIMARY KEY, odd text CHECK (odd ~ '^[a-z]+$'), other text);
CREATE TABLE app.orgs (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL);
CREATE TABLE memberships (
	user_id bigint NOT NULL REFERENCES users,
	org_id int NOT NULL REFERENCES app.orgs,
	level positive_int NOT NULL,
	PRIMARY KEY (user_id, org_id)
);
CREATE TABLE orders (
	id int PRIMARY KEY,
	user_id bigint REFERENCES users,
	amount numeric(10,2) NOT NULL CHECK (amount > 0),
	parent_id int REFERENCES orders,
	qty smallint NOT NULL
);
CREATE TABLE profiles (user_id bigint PRIMARY KEY REFERENCES users, bio text);
CREATE TABLE events (id serial, at timestamp NOT NULL, kind text NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE events_all PARTITION OF events FOR VALUES FROM ('2000-01-01') TO ('2100-01-01');
CREATE TABLE only_serial (id serial PRIMARY KEY);
`

func TestGenerate(t *testing.T) {
	tmpl := pgtest.Template(t, "schema", func(ctx context.Context, conn *pgx.Conn) error {
		_, err := conn.Exec(ctx, schemaSQL)
		return err
	})
	conn := pgtest.Connect(t, pgtest.Clone(t, tmpl))
	ctx := context.Background()
	var log strings.Builder
	res, err := Generate(ctx, conn, Options{Rows: 200, Progress: &log})
	if err != nil {
		t.Fatal(err)
	}
	t.Log(log.String())
	got := map[string]Table{}
	for _, tr := range res.Tables {
		got[tr.Name] = tr
	}
	want := map[string]int{
		"public.users": 200, "app.orgs": 200, "public.memberships": 200, "public.orders": 200,
		"public.profiles": 200, "public.events": 200, "public.only_serial": 200, "public.odd_things": 200,
	}
	for name, n := range want {
		if got[name].Rows != n {
			t.Errorf("%s: %d rows (%s), want %d", name, got[name].Rows, got[name].Note, n)
		}
	}
	// The order of filling respects foreign keys.
	pos := map[string]int{}
	for i, tr := range res.Tables {
		pos[tr.Name] = i
	}
	if pos["public.users"] > pos["public.orders"] || pos["public.users"] > pos["public.memberships"] || pos["app.orgs"] > pos["public.memberships"] {
		t.Errorf("tables filled out of dependency order: %v", res.Tables)
	}
	// Nullable columns hold some NULLs, non-unique ones duplicates, and
	// the pools hold values that later constraints trip over.
	checks := map[string]bool{
		"SELECT count(*) > 0 FROM users WHERE nickname IS NULL":                true,
		"SELECT count(DISTINCT nickname) < count(nickname) FROM users":         true,
		"SELECT count(*) > 0 FROM orders WHERE user_id IS NULL":                true,
		"SELECT count(*) > 0 FROM orders WHERE parent_id IS NOT NULL":          true,
		"SELECT count(*) > 0 FROM users WHERE nickname = ''":                   true,
		"SELECT count(*) > 0 FROM users WHERE status = 'blocked'":              true,
		"SELECT bool_and(age BETWEEN 18 AND 130) FROM users":                   true,
		"SELECT count(*) > 0 FROM orders WHERE qty < 0":                        true,
		"SELECT count(*) > 0 FROM odd_things WHERE odd IS NULL":                true,
		"SELECT count(*) > 0 FROM odd_things WHERE odd IS NOT NULL":            true,
		"SELECT count(DISTINCT (user_id, org_id)) = count(*) FROM memberships": true,
		"SELECT count(*) = (SELECT count(*) FROM events_all) FROM events":      true,
		"SELECT count(DISTINCT user_id) = count(*) FROM profiles":              true,
	}
	for q, want := range checks {
		var ok bool
		if err := conn.QueryRow(ctx, q).Scan(&ok); err != nil {
			t.Errorf("%s: %v", q, err)
		} else if ok != want {
			t.Errorf("%s = %v, want %v", q, ok, want)
		}
	}
}

// BenchmarkGenerate seeds 100 tables of 1,000 rows each (the issue asks for
// under 10 s).
func BenchmarkGenerate(b *testing.B) {
	var ddl strings.Builder
	for i := 0; i < 100; i++ {
		ref := ""
		if i > 0 {
			ref = fmt.Sprintf(", parent_id int REFERENCES t%d", i-1)
		}
		fmt.Fprintf(&ddl, "CREATE TABLE t%d (id int PRIMARY KEY, name text NOT NULL, email varchar(60) UNIQUE, amount numeric(12,2) CHECK (amount >= 0), created timestamptz DEFAULT now(), note text%s);\n", i, ref)
	}
	tmpl := pgtest.Template(b, "bench100", func(ctx context.Context, conn *pgx.Conn) error {
		_, err := conn.Exec(ctx, ddl.String())
		return err
	})
	for b.Loop() {
		b.StopTimer()
		conn := pgtest.Connect(b, pgtest.Clone(b, tmpl))
		b.StartTimer()
		start := time.Now()
		res, err := Generate(context.Background(), conn, Options{Rows: 1000})
		if err != nil {
			b.Fatal(err)
		}
		if res.Rows != 100*1000 {
			b.Fatalf("%d rows seeded, want 100000: %+v", res.Rows, res.Tables[:3])
		}
		b.ReportMetric(time.Since(start).Seconds(), "s/100x1000")
	}
}
