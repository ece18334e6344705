package pgcluster

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/migguard/migguard/internal/pgtest"
)

// TestCreateDatabaseRefuses: a server URL whose role is a superuser or
// owns another database, or may not create the confined role, is refused
// with the reason and the flag that accepts the risk, before anything is
// created.
func TestCreateDatabaseRefuses(t *testing.T) {
	server := pgtest.URL(t)
	owner, ownerURL := pgtest.Role(t, "CREATEDB CREATEROLE")
	other := pgtest.OwnedClone(t, "", owner)
	otherName := mustConfig(t, other).Database
	_, plainURL := pgtest.Role(t, "CREATEDB")
	cases := []struct {
		name, url string
		want      []string
	}{
		{"superuser", server, []string{`"postgres" is a superuser`, "--allow-privileged-url to accept the risk"}},
		{"owns a database", ownerURL, []string{"owns the database(s) " + otherName, "--allow-privileged-url to accept the risk"}},
		{"may not create roles", plainURL, []string{"may not create roles (CREATEROLE)", "--run-as-url-role to accept the risk"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var progress strings.Builder
			db, err := CreateDatabase(context.Background(), tc.url, ScratchOptions{Progress: &progress})
			if db != nil || err == nil {
				t.Fatal("accepted")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
			if progress.Len() > 0 {
				t.Errorf("did something: %s", progress.String())
			}
		})
	}
}

func mustConfig(t *testing.T, u string) *pgx.ConnConfig {
	t.Helper()
	cfg, err := pgx.ParseConfig(u)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// TestCreateDatabaseConfines: with a role that may create databases and
// roles, the scratch database belongs to a new role that may do nothing
// else, and Drop removes both.
func TestCreateDatabaseConfines(t *testing.T) {
	server := pgtest.URL(t)
	admin, adminURL := pgtest.Role(t, "CREATEDB CREATEROLE")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	db, err := CreateDatabase(ctx, adminURL, ScratchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Drop(ctx)
	if db.Role != db.Name || !strings.HasPrefix(db.Name, ScratchPrefix) {
		t.Fatalf("role %q, database %q", db.Role, db.Name)
	}
	conn := pgtest.Connect(t, db.URL)
	var user, dbname string
	var super, createdb, createrole, owner bool
	err = conn.QueryRow(ctx, `SELECT current_user, current_database(), r.rolsuper, r.rolcreatedb, r.rolcreaterole,
  (SELECT datdba = r.oid FROM pg_database WHERE datname = current_database())
FROM pg_roles r WHERE r.rolname = current_user`).Scan(&user, &dbname, &super, &createdb, &createrole, &owner)
	if err != nil || user != db.Role || dbname != db.Name || super || createdb || createrole || !owner {
		t.Errorf("the migrations' session: user %q db %q super %v createdb %v createrole %v owner %v (%v)", user, dbname, super, createdb, createrole, owner, err)
	}
	if _, err := conn.Exec(ctx, "CREATE TABLE t (id int); CREATE SCHEMA s"); err != nil {
		t.Errorf("the role cannot create in its database: %v", err)
	}
	// A migration may mark its database a template; Drop still drops it.
	if _, err := conn.Exec(ctx, "ALTER DATABASE "+db.Name+" IS_TEMPLATE true"); err != nil {
		t.Fatal(err)
	}
	ac := pgtest.Connect(t, db.AdminURL)
	if err := ac.QueryRow(ctx, "SELECT current_user").Scan(&user); err != nil || user != admin {
		t.Errorf("AdminURL logs in as %q (%v), want %q", user, err, admin)
	}
	ac.Close(ctx)
	if err := db.Drop(ctx); err != nil {
		t.Fatal(err)
	}
	s := pgtest.Connect(t, server)
	var left int
	s.QueryRow(ctx, "SELECT (SELECT count(*) FROM pg_database WHERE datname = $1) + (SELECT count(*) FROM pg_roles WHERE rolname = $1)", db.Name).Scan(&left)
	if left != 0 {
		t.Errorf("%s left behind", db.Name)
	}
}

// TestRunAsURLRole: a role that may not create roles is used as it is
// when the caller accepts the risk.
func TestRunAsURLRole(t *testing.T) {
	name, u := pgtest.Role(t, "CREATEDB")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var progress strings.Builder
	db, err := CreateDatabase(ctx, u, ScratchOptions{RunAsURLRole: true, Progress: &progress})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Drop(ctx)
	if db.Role != "" || mustConfig(t, db.URL).User != name || !strings.Contains(progress.String(), `migrations run as "`+name+`" itself (--run-as-url-role)`) {
		t.Errorf("role %q, URL user %q, progress %q", db.Role, mustConfig(t, db.URL).User, progress.String())
	}
	if err := db.Drop(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestRoleLogsInWithPassword: on a server that requires passwords the
// confined role logs in with the one migguard gave it (sent as a SCRAM
// verifier); where pg_hba.conf refuses it, CreateDatabase says so and
// names --run-as-url-role, which falls back to the URL's role.
func TestRoleLogsInWithPassword(t *testing.T) {
	bin := binDir(t)
	hba := filepath.Join(privateTemp(t), "pg_hba.conf")
	writeHBA := func(rules string) {
		if err := os.WriteFile(hba, []byte(rules), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	writeHBA("local all all scram-sha-256\n")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c, err := Start(ctx, Options{BinDir: bin, Password: "pw", Settings: map[string]string{"hba_file": hba}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Stop()
	su := pgtest.Connect(t, c.URL)
	if _, err := su.Exec(ctx, "CREATE ROLE app LOGIN CREATEDB CREATEROLE PASSWORD 'app-pw'"); err != nil {
		t.Fatal(err)
	}
	appURL := withUser(c.URL, "app", "app-pw")
	db, err := CreateDatabase(ctx, appURL, ScratchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var user string
	if err := pgtest.Connect(t, db.URL).QueryRow(ctx, "SELECT current_user").Scan(&user); err != nil || user != db.Role {
		t.Errorf("logged in as %q (%v)", user, err)
	}
	if strings.Contains(db.URL, "app-pw") || !strings.Contains(db.URL, db.Role+":") {
		t.Errorf("migrations' URL %s", Mask(db.URL))
	}
	if err := db.Drop(ctx); err != nil {
		t.Fatal(err)
	}

	writeHBA("local all postgres scram-sha-256\nlocal all app scram-sha-256\nlocal all all reject\n")
	if _, err := su.Exec(ctx, "SELECT pg_reload_conf()"); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	_, err = CreateDatabase(ctx, appURL, ScratchOptions{})
	if err == nil || !strings.Contains(err.Error(), "pg_hba.conf must accept password logins of new roles") || !strings.Contains(err.Error(), `--run-as-url-role to run the migrations as "app"`) {
		t.Errorf("got %v", err)
	}
	db, err = CreateDatabase(ctx, appURL, ScratchOptions{RunAsURLRole: true})
	if err != nil {
		t.Fatal(err)
	}
	if db.Role != "" || mustConfig(t, db.URL).User != "app" {
		t.Errorf("role %q URL user %q", db.Role, mustConfig(t, db.URL).User)
	}
	if err := db.Drop(ctx); err != nil {
		t.Fatal(err)
	}
	var left int
	su.QueryRow(ctx, "SELECT (SELECT count(*) FROM pg_database WHERE datname LIKE 'migguard%') + (SELECT count(*) FROM pg_roles WHERE rolname LIKE 'migguard%')").Scan(&left)
	if left != 0 {
		t.Errorf("%d scratch databases or roles left behind", left)
	}
}

// TestDropWaitsForSessions: Drop tries again while a session it may not
// end (a superuser's) is connected, succeeds once it leaves, and says
// what is left when it does not.
func TestDropWaitsForSessions(t *testing.T) {
	server := pgtest.URL(t)
	_, adminURL := pgtest.Role(t, "CREATEDB CREATEROLE")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	db, err := CreateDatabase(ctx, adminURL, ScratchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	holder, err := pgx.Connect(ctx, pgtest.WithDatabase(t, server, db.Name))
	if err != nil {
		t.Fatal(err)
	}
	time.AfterFunc(600*time.Millisecond, func() { holder.Close(context.Background()) })
	start := time.Now()
	if err := db.Drop(ctx); err != nil {
		t.Fatalf("Drop: %v", err)
	}
	if time.Since(start) < 500*time.Millisecond {
		t.Errorf("dropped in %s while a superuser was connected", time.Since(start))
	}

	db, err = CreateDatabase(ctx, adminURL, ScratchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	pgtest.Connect(t, pgtest.WithDatabase(t, server, db.Name))
	err = db.Drop(ctx)
	if err == nil || !strings.Contains(err.Error(), "could not drop the scratch database "+db.Name) || !strings.Contains(err.Error(), "after 5 attempts") ||
		!strings.Contains(err.Error(), "DROP DATABASE "+pgx.Identifier{db.Name}.Sanitize()) {
		t.Errorf("got %v", err)
	}
	su := pgtest.Connect(t, server)
	su.Exec(ctx, "DROP DATABASE IF EXISTS "+db.Name+" WITH (FORCE)")
	su.Exec(ctx, "DROP ROLE IF EXISTS "+db.Role)
}

// TestSweepDatabases: CreateDatabase drops the scratch databases and roles
// that killed runs left behind (old, and nobody connected), and leaves
// those that may be in use.
func TestSweepDatabases(t *testing.T) {
	server := pgtest.URL(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	su := pgtest.Connect(t, server)
	var now time.Time
	su.QueryRow(ctx, "SELECT now()").Scan(&now)
	name := func(ts string, n int) string { return fmt.Sprintf("%s%s_%010x", ScratchPrefix, ts, os.Getpid()*16+n) }
	stale, orphan := name("20000101000000", 1), name("20000101000000", 2)
	busy, fresh := name("20000101000000", 3), name(now.UTC().Format(scratchTime), 4)
	for _, n := range []string{stale, busy, fresh} {
		mustExec(t, su, "CREATE ROLE "+n+" LOGIN")
		mustExec(t, su, "CREATE DATABASE "+n+" OWNER "+n)
	}
	mustExec(t, su, "CREATE ROLE "+orphan+" LOGIN")
	t.Cleanup(func() {
		for _, n := range []string{stale, orphan, busy, fresh} {
			su.Exec(context.Background(), "DROP DATABASE IF EXISTS "+n+" WITH (FORCE)")
			su.Exec(context.Background(), "DROP ROLE IF EXISTS "+n)
		}
	})
	pgtest.Connect(t, pgtest.WithDatabase(t, server, busy))

	var progress strings.Builder
	db, err := CreateDatabase(ctx, server, ScratchOptions{AllowPrivileged: true, Progress: &progress})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Drop(ctx)
	for _, want := range []string{
		"dropped scratch database " + stale + ", left behind by an earlier run",
		"dropped role " + stale + ", left behind by an earlier run",
		"dropped role " + orphan + ", left behind by an earlier run",
	} {
		if !strings.Contains(progress.String(), want) {
			t.Errorf("progress lacks %q:\n%s", want, progress.String())
		}
	}
	for n, want := range map[string]int{stale: 0, orphan: 0, busy: 2, fresh: 2} {
		var got int
		su.QueryRow(ctx, "SELECT (SELECT count(*) FROM pg_database WHERE datname = $1) + (SELECT count(*) FROM pg_roles WHERE rolname = $1)", n).Scan(&got)
		if got != want {
			t.Errorf("%s: %d of its database and role left, want %d", n, got, want)
		}
	}
}

func mustExec(t *testing.T, conn *pgx.Conn, q string) {
	t.Helper()
	if _, err := conn.Exec(context.Background(), q); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}
