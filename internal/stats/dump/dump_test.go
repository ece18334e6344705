package dump_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/migguard/migguard/internal/pgtest"
	"github.com/migguard/migguard/internal/stats"
	"github.com/migguard/migguard/internal/stats/dump"
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.DropTemplates()
	os.Exit(code)
}

// statsSchema builds tables of known rows: orders (analysed, indexed),
// app.items in another schema, fresh (never analysed, so reltuples is -1),
// events partitioned in two analysed partitions, and a materialized view.
const statsSchema = `
CREATE TABLE orders (id bigint PRIMARY KEY, total int NOT NULL, note text);
INSERT INTO orders SELECT g, g % 100, repeat('x', 50) FROM generate_series(1, 10000) g;
CREATE INDEX orders_total_idx ON orders (total);
CREATE SCHEMA app;
CREATE TABLE app.items (id int, name text);
INSERT INTO app.items SELECT g, 'item ' || g FROM generate_series(1, 500) g;
CREATE TABLE fresh (id int) WITH (autovacuum_enabled = false);
INSERT INTO fresh SELECT generate_series(1, 3000);
CREATE TABLE events (id int, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE INDEX events_at_idx ON events (at);
INSERT INTO events SELECT g, date '2024-06-01' + (g % 300) FROM generate_series(1, 4000) g;
CREATE MATERIALIZED VIEW order_totals AS SELECT total, count(*) FROM orders GROUP BY total;
ANALYZE orders, app.items, events_2024, events_2025, order_totals;
`

// statsDB returns the URL of a new database holding statsSchema.
func statsDB(t *testing.T) string {
	t.Helper()
	u := pgtest.Clone(t, "")
	conn := pgtest.Connect(t, u)
	if _, err := conn.Exec(context.Background(), statsSchema); err != nil {
		t.Fatal(err)
	}
	return u
}

// sizeOf asks the server for a size function's value for relation rel.
func sizeOf(t *testing.T, conn *pgx.Conn, fn, rel string) int64 {
	t.Helper()
	var n int64
	if err := conn.QueryRow(context.Background(), "SELECT "+fn+"($1::regclass)", rel).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func read(t *testing.T, u string) *stats.Snapshot {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := dump.Read(ctx, u)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return s
}

// TestDump reads tables of known rows and checks every number against
// what the server says, the order of the file, and the honest null of a
// table never analysed.
func TestDump(t *testing.T) {
	u := statsDB(t)
	s := read(t, u)
	conn := pgtest.Connect(t, u)

	var keys []string
	for _, tb := range s.Tables {
		keys = append(keys, tb.Key())
	}
	if got, want := strings.Join(keys, " "), "app.items public.events public.events_2024 public.events_2025 public.fresh public.order_totals public.orders"; got != want {
		t.Fatalf("tables %q, want %q", got, want)
	}
	if s.Version != 1 || s.ServerVersion == "" {
		t.Errorf("version %d, server_version %q", s.Version, s.ServerVersion)
	}

	orders := s.Lookup("public.orders")
	if orders.Kind != "table" || orders.Rows == nil || *orders.Rows != 10000 || orders.Pages == 0 {
		t.Errorf("orders: %+v, want 10000 rows in some pages", orders)
	}
	if orders.TotalBytes != sizeOf(t, conn, "pg_total_relation_size", "orders") || orders.TableBytes != sizeOf(t, conn, "pg_relation_size", "orders") {
		t.Errorf("orders sizes %d/%d differ from the server's", orders.TotalBytes, orders.TableBytes)
	}
	if len(orders.Indexes) != 2 || orders.Indexes[0].Name != "orders_pkey" || orders.Indexes[1].Name != "orders_total_idx" ||
		orders.Indexes[1].Bytes != sizeOf(t, conn, "pg_relation_size", "orders_total_idx") ||
		orders.IndexBytes != sizeOf(t, conn, "pg_indexes_size", "orders") {
		t.Errorf("orders indexes %+v (total %d)", orders.Indexes, orders.IndexBytes)
	}
	if items := s.Lookup("app.items"); items.Rows == nil || *items.Rows != 500 || len(items.Indexes) != 0 {
		t.Errorf("app.items: %+v", items)
	}
	fresh := s.Lookup("public.fresh")
	if fresh.Rows != nil || fresh.TotalBytes == 0 {
		t.Errorf("fresh, never analysed: rows %v, %d bytes; want rows unknown and the size known", fresh.Rows, fresh.TotalBytes)
	}
	events := s.Lookup("public.events")
	parts := sizeOf(t, conn, "pg_total_relation_size", "events_2024") + sizeOf(t, conn, "pg_total_relation_size", "events_2025")
	if events.Kind != "partitioned table" || events.Rows == nil || *events.Rows != 4000 || events.TotalBytes != parts ||
		len(events.Indexes) != 1 || events.Indexes[0].Bytes == 0 {
		t.Errorf("events: %+v, want the 4000 rows and %d bytes of its partitions", events, parts)
	}
	if mv := s.Lookup("public.order_totals"); mv.Kind != "materialized view" || mv.Rows == nil || *mv.Rows != 100 {
		t.Errorf("order_totals: %+v", mv)
	}

	// The file is stable and reads back as written.
	var a, b bytes.Buffer
	if err := s.Write(&a); err != nil {
		t.Fatal(err)
	}
	if err := read(t, u).Write(&b); err != nil {
		t.Fatal(err)
	}
	if a.String() != b.String() {
		t.Errorf("two dumps differ:\n%s\n%s", a.String(), b.String())
	}
	for _, want := range []string{"{\n  \"version\": 1,\n  \"server_version\": ", `"rows": null`, `"name": "orders_total_idx"`} {
		if !strings.Contains(a.String(), want) {
			t.Errorf("file lacks %q:\n%s", want, a.String())
		}
	}
	back, err := stats.Parse("stats.json", a.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	var c bytes.Buffer
	back.Write(&c)
	if c.String() != a.String() {
		t.Errorf("read back and written again:\n%s\nwant:\n%s", c.String(), a.String())
	}
}

// TestDumpWithoutTableAccess dumps as a role that may read no table: it
// has LOGIN and nothing else, every privilege on the tables and schemas is
// revoked from it and from PUBLIC. The role indeed cannot SELECT from the
// tables, and the dump holds the same numbers as the superuser's.
func TestDumpWithoutTableAccess(t *testing.T) {
	u := statsDB(t)
	name, _ := pgtest.Role(t, "NOSUPERUSER NOCREATEDB NOCREATEROLE")
	admin := pgtest.Connect(t, u)
	ctx := context.Background()
	for _, q := range []string{
		"REVOKE ALL ON ALL TABLES IN SCHEMA public, app FROM PUBLIC, " + name,
		"REVOKE ALL ON SCHEMA public, app FROM PUBLIC, " + name,
	} {
		if _, err := admin.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	roleURL := pgtest.WithUser(t, u, name)
	conn := pgtest.Connect(t, roleURL)
	for _, table := range []string{"public.orders", "app.items", "public.events_2024"} {
		var n int
		err := conn.QueryRow(ctx, "SELECT count(*) FROM "+table).Scan(&n)
		var pe *pgconn.PgError
		if !errors.As(err, &pe) || pe.Code != "42501" {
			t.Fatalf("the role read %s: %v, want permission denied (42501)", table, err)
		}
	}
	var canSelect bool
	if err := admin.QueryRow(ctx, "SELECT has_table_privilege($1, 'public.orders', 'SELECT')", name).Scan(&canSelect); err != nil || canSelect {
		t.Fatalf("has_table_privilege: %v, %v", canSelect, err)
	}

	got, want := read(t, roleURL), read(t, u)
	var a, b bytes.Buffer
	got.Write(&a)
	want.Write(&b)
	if a.String() != b.String() {
		t.Errorf("dump as the role:\n%s\nwant the superuser's:\n%s", a.String(), b.String())
	}
	if o := got.Lookup("public.orders"); o == nil || o.Rows == nil || *o.Rows != 10000 || o.TotalBytes == 0 {
		t.Errorf("orders as the role: %+v", o)
	}
}

// TestDumpUnreachable: a server that refuses the connection is a clear
// error that does not show the password.
func TestDumpUnreachable(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	_, err := dump.Read(ctx, "postgres://someone:s3cret@127.0.0.1:1/prod?sslmode=disable&connect_timeout=5")
	if err == nil || !strings.Contains(err.Error(), "cannot connect to someone@127.0.0.1:1/prod") || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("error %v", err)
	}
	_, err = dump.Read(ctx, "postgres://someone:s3cret@[bad/prod")
	if err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("error %v", err)
	}
}
