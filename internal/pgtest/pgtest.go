// Package pgtest gives tests a database of their own on the PostgreSQL
// server named by MIGGUARD_PG_URL (started by .ci/test through
// .ci/pg-start): Template builds a template database once per test binary,
// and Clone makes a fresh database from it for each test, which is much
// faster than building the schema again.
//
// Without MIGGUARD_PG_URL the tests are skipped with a message saying how
// to start a server, except under CI (CI set), where they fail: a test that
// needs PostgreSQL must never pass silently there.
package pgtest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// URL returns MIGGUARD_PG_URL, or skips (fails under CI) the test.
func URL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("MIGGUARD_PG_URL")
	if u == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("MIGGUARD_PG_URL is not set: run the tests through .ci/test, which starts PostgreSQL (.ci/pg-start)")
		}
		t.Skip("MIGGUARD_PG_URL is not set: run .ci/test, or eval \"$(.ci/pg-start)\" first")
	}
	return u
}

// WithDatabase returns the URL u naming database db instead.
func WithDatabase(t testing.TB, u, db string) string {
	t.Helper()
	p, err := url.Parse(u)
	if err != nil {
		t.Fatalf("MIGGUARD_PG_URL: %v", err)
	}
	p.Path = "/" + db
	return p.String()
}

// Connect opens a connection to url, closed when the test ends.
func Connect(t testing.TB, u string) *pgx.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, u)
	if err != nil {
		t.Fatalf("connecting: %v", err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

var (
	mu        sync.Mutex
	templates = map[string]string{} // key → database name
	counter   atomic.Int64
)

// Template returns the name of a template database built once per test
// binary by running setup in it, with key telling templates apart. Drop
// them all with DropTemplates from TestMain; a template left behind by a
// killed run is named migguard_tmpl_<pid>_… and is harmless.
func Template(t testing.TB, key string, setup func(ctx context.Context, conn *pgx.Conn) error) string {
	t.Helper()
	server := URL(t)
	mu.Lock()
	defer mu.Unlock()
	if name, ok := templates[key]; ok {
		return name
	}
	name := fmt.Sprintf("migguard_tmpl_%d_%d", os.Getpid(), len(templates))
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	admin := Connect(t, server)
	if _, err := admin.Exec(ctx, "DROP DATABASE IF EXISTS "+name); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	templates[key] = name
	conn, err := pgx.Connect(ctx, WithDatabase(t, server, name))
	if err != nil {
		t.Fatal(err)
	}
	err = setup(ctx, conn)
	conn.Close(ctx)
	if err != nil {
		t.Fatalf("building template %s: %v", key, err)
	}
	return name
}

// Clone creates a database from template (or from template0 when "") and
// returns its URL; it is dropped when the test ends.
func Clone(t testing.TB, template string) string {
	t.Helper()
	server := URL(t)
	name := fmt.Sprintf("migguard_test_%d_%d", os.Getpid(), counter.Add(1))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	admin, err := pgx.Connect(ctx, server)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	q := "CREATE DATABASE " + name
	if template != "" {
		q += " TEMPLATE " + template
	}
	if _, err := admin.Exec(ctx, q); err != nil {
		t.Fatalf("cloning %s: %v", template, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if conn, err := pgx.Connect(ctx, server); err == nil {
			conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
			conn.Close(ctx)
		}
	})
	return WithDatabase(t, server, name)
}

// DropTemplates drops the templates this test binary built. Call it from
// TestMain after m.Run.
func DropTemplates() {
	u := os.Getenv("MIGGUARD_PG_URL")
	mu.Lock()
	defer mu.Unlock()
	if u == "" || len(templates) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, u)
	if err != nil {
		return
	}
	defer conn.Close(ctx)
	for _, name := range templates {
		if strings.HasPrefix(name, "migguard_tmpl_") {
			conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		}
	}
	templates = map[string]string{}
}
