// Package pgtest gives tests a database of their own on the PostgreSQL
// server named by MIGGUARD_PG_URL (started by .ci/test through
// .ci/pg-start): Template builds a template database once per test binary,
// and Clone makes a fresh database from it for each test, which is much
// faster than building the schema again.
//
// MigratorRole, RoleTemplate and RoleClone play what migguard apply sets
// up on a server: a database owned by an unprivileged role, which the
// migrations connect as, next to the superuser that observes them.
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

// Role creates a role of the test's that may log in, with the given
// attributes ("CREATEDB CREATEROLE", "SUPERUSER"), and returns its name
// and the server's URL logging in as it. When the test ends, the
// databases it owns and the role are dropped.
func Role(t testing.TB, attributes string) (name, url string) {
	t.Helper()
	server := URL(t)
	name = fmt.Sprintf("migguard_test_%d_role_%d", os.Getpid(), counter.Add(1))
	admin := Connect(t, server)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := admin.Exec(ctx, "CREATE ROLE "+name+" LOGIN "+attributes); err != nil {
		t.Fatalf("creating role %s: %v", name, err)
	}
	t.Cleanup(func() { dropRole(server, name) })
	return name, WithUser(t, server, name)
}

// dropRole drops the databases role owns, then the role.
func dropRole(server, role string) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, server)
	if err != nil {
		return
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, "SELECT datname::text FROM pg_database WHERE datdba = (SELECT oid FROM pg_roles WHERE rolname = $1)", role)
	if err != nil {
		return
	}
	dbs, _ := pgx.CollectRows(rows, pgx.RowTo[string])
	for _, db := range dbs {
		conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{db}.Sanitize()+" WITH (FORCE)")
	}
	conn.Exec(ctx, "DROP ROLE IF EXISTS "+pgx.Identifier{role}.Sanitize())
}

// WithUser returns the URL u logging in as user (without a password: the
// test server trusts local connections).
func WithUser(t testing.TB, u, user string) string {
	t.Helper()
	p, err := url.Parse(u)
	if err != nil {
		t.Fatalf("MIGGUARD_PG_URL: %v", err)
	}
	p.User = url.User(user)
	return p.String()
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
	// role is the name of the migrator role once created.
	role string
)

// MigratorRole returns an unprivileged role of this test binary
// (migguard_test_<pid>_migrator: LOGIN, nothing else), created on first use
// and dropped by DropTemplates.
func MigratorRole(t testing.TB) string {
	t.Helper()
	server := URL(t)
	mu.Lock()
	defer mu.Unlock()
	return migratorRole(t, server)
}

// migratorRole is MigratorRole with mu held.
func migratorRole(t testing.TB, server string) string {
	t.Helper()
	if role != "" {
		return role
	}
	name := fmt.Sprintf("migguard_test_%d_migrator", os.Getpid())
	admin := Connect(t, server)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := admin.Exec(ctx, "CREATE ROLE "+name+" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE"); err != nil {
		t.Fatalf("creating role %s: %v", name, err)
	}
	role = name
	return role
}

// Template returns the name of a template database built once per test
// binary by running setup in it, with key telling templates apart. Drop
// them all with DropTemplates from TestMain; a template left behind by a
// killed run is named migguard_tmpl_<pid>_… and is harmless.
func Template(t testing.TB, key string, setup func(ctx context.Context, conn *pgx.Conn) error) string {
	t.Helper()
	return template(t, key, false, setup)
}

// RoleTemplate is Template for a database owned by MigratorRole, with
// setup run as that role, so that the objects it creates are the role's.
func RoleTemplate(t testing.TB, key string, setup func(ctx context.Context, conn *pgx.Conn) error) string {
	t.Helper()
	return template(t, "role:"+key, true, setup)
}

func template(t testing.TB, key string, owned bool, setup func(ctx context.Context, conn *pgx.Conn) error) string {
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
	create, setupURL := "CREATE DATABASE "+name, WithDatabase(t, server, name)
	if owned {
		r := migratorRole(t, server)
		create += " OWNER " + r
		setupURL = WithUser(t, setupURL, r)
	}
	if _, err := admin.Exec(ctx, create); err != nil {
		t.Fatal(err)
	}
	templates[key] = name
	conn, err := pgx.Connect(ctx, setupURL)
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
	return clone(t, template, "")
}

// RoleClone creates a database from template (or from template0 when "")
// owned by MigratorRole, dropped when the test ends, and returns its URL
// as the superuser and as the role.
func RoleClone(t testing.TB, template string) (admin, migrator string) {
	t.Helper()
	r := MigratorRole(t)
	u := clone(t, template, r)
	return u, WithUser(t, u, r)
}

// OwnedClone is Clone for a database owned by role owner.
func OwnedClone(t testing.TB, template, owner string) string {
	t.Helper()
	return clone(t, template, owner)
}

func clone(t testing.TB, template, owner string) string {
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
	if owner != "" {
		q += " OWNER " + owner
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

// DropTemplates drops the templates this test binary built, and its
// MigratorRole. Call it from TestMain after m.Run.
func DropTemplates() {
	u := os.Getenv("MIGGUARD_PG_URL")
	mu.Lock()
	defer mu.Unlock()
	if u == "" || len(templates) == 0 && role == "" {
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
	if role != "" {
		// Clones were dropped as their tests ended; a database left owned
		// by the role makes this fail, which only leaves the role.
		conn.Exec(ctx, "DROP ROLE IF EXISTS "+role)
		role = ""
	}
}
