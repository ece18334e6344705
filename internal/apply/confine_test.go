package apply

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/pgcluster"
	"github.com/migguard/migguard/internal/pgtest"
)

// scratchCluster starts a throwaway cluster the way migguard apply does,
// or skips (fails under CI) without PostgreSQL.
func scratchCluster(t *testing.T) *pgcluster.Cluster {
	t.Helper()
	bin, err := pgcluster.FindBinDir()
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal(err)
		}
		t.Skipf("%v; .ci/pg-start installs PostgreSQL", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c, err := pgcluster.Start(ctx, pgcluster.Options{BinDir: bin})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Stop() })
	return c
}

// scratchTarget creates a scratch database and its confined role on the
// cluster, as migguard apply does.
func scratchTarget(t *testing.T, c *pgcluster.Cluster, extensions ...string) Target {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	db, err := pgcluster.CreateDatabase(ctx, c.URL, pgcluster.ScratchOptions{AllowPrivileged: true, Extensions: extensions})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Drop(context.Background()) })
	return Target{URL: db.URL, AdminURL: db.AdminURL}
}

// TestConfinedOnScratchCluster: on the scratch cluster that apply starts,
// a migration cannot run programs, read or write server files, change the
// server's settings, create roles or databases, take a superuser's
// identity or create an untrusted extension. Each is reported as a failing
// statement that needs privileges migguard does not give, and nothing of
// it happens.
func TestConfinedOnScratchCluster(t *testing.T) {
	c := scratchCluster(t)
	marker := filepath.Join(t.TempDir(), "ran")
	os.Chmod(filepath.Dir(marker), 0o777) // so that the server's user could write it
	cases := []struct{ name, sql string }{
		{"copy to program", fmt.Sprintf("COPY (SELECT 1) TO PROGRAM 'touch %s';", marker)},
		{"copy from program", fmt.Sprintf("CREATE TABLE x (t text);\nCOPY x FROM PROGRAM 'touch %s';", marker)},
		{"reset role first", fmt.Sprintf("RESET ROLE;\nCOPY (SELECT 1) TO PROGRAM 'touch %s';", marker)},
		{"pg_read_file", "SELECT pg_read_file('/etc/passwd');"},
		{"lo_export", fmt.Sprintf("SELECT lo_export(lo_from_bytea(0, 'x'), '%s');", marker)},
		{"alter system", "ALTER SYSTEM SET work_mem = '1GB';"},
		{"create role", "CREATE ROLE evil SUPERUSER LOGIN;"},
		{"create database", "CREATE DATABASE evil;"},
		{"drop another database", "DROP DATABASE postgres;"},
		{"set role", "SET ROLE postgres;"},
		{"set session authorization", "SET SESSION AUTHORIZATION postgres;"},
		{"untrusted extension", "CREATE EXTENSION file_fdw;"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := file(t, migrations.GolangMigrate, "db/0002_evil.up.sql", tc.sql+"\n")
			rep := applyNew(t, scratchTarget(t, c), Options{}, f)
			var b strings.Builder
			WriteText(&b, rep)
			s := failure(rep)
			if s == nil || s.Error.Code != "42501" {
				t.Fatalf("want a statement refused for lack of privilege:\n%s", b.String())
			}
			if !strings.Contains(b.String(), "needs privileges migguard does not give untrusted migrations: they run as role migguard_scratch_") {
				t.Errorf("the report does not say why:\n%s", b.String())
			}
			if _, err := os.Stat(marker); !errors.Is(err, os.ErrNotExist) {
				t.Fatalf("the migration ran a program or wrote a file (%v)", err)
			}
		})
	}
	admin := connectTo(t, c.URL)
	var roles, settings int
	admin.QueryRow(context.Background(), "SELECT count(*) FROM pg_roles WHERE rolname = 'evil'").Scan(&roles)
	admin.QueryRow(context.Background(), "SELECT count(*) FROM pg_file_settings WHERE name = 'work_mem'").Scan(&settings)
	if roles != 0 || settings != 0 {
		t.Errorf("%d roles evil, %d work_mem settings written", roles, settings)
	}
}

// TestAllowExtensions: an extension that needs a superuser is refused with
// the flag that allows it; allowed, it is created before the migrations
// and CREATE EXTENSION IF NOT EXISTS passes, while a trusted extension
// needs no flag.
func TestAllowExtensions(t *testing.T) {
	c := scratchCluster(t)
	f := file(t, migrations.GolangMigrate, "db/0002_ext.up.sql", "CREATE EXTENSION IF NOT EXISTS file_fdw;\n")
	rep := applyNew(t, scratchTarget(t, c), Options{}, f)
	var b strings.Builder
	WriteText(&b, rep)
	if s := failure(rep); s == nil || !strings.Contains(s.Error.Note, "pass --allow-extensions=file_fdw") {
		t.Errorf("want the refusal to name --allow-extensions=file_fdw:\n%s", b.String())
	}

	rep = applyNew(t, scratchTarget(t, c, "file_fdw"), Options{Extensions: []string{"file_fdw"}}, f)
	b.Reset()
	WriteText(&b, rep)
	if rep.Failed() {
		t.Errorf("with the extension allowed:\n%s", b.String())
	}
	plain := file(t, migrations.GolangMigrate, "db/0002_ext.up.sql", "CREATE EXTENSION file_fdw;\n")
	rep = applyNew(t, scratchTarget(t, c, "file_fdw"), Options{Extensions: []string{"file_fdw"}}, plain)
	if s := failure(rep); s == nil || !strings.Contains(s.Error.Note, "write CREATE EXTENSION IF NOT EXISTS") {
		t.Errorf("CREATE EXTENSION of an allowed extension: %+v", s)
	}

	trusted := file(t, migrations.GolangMigrate, "db/0002_ext.up.sql", "CREATE EXTENSION pg_trgm;\n")
	if rep := applyNew(t, scratchTarget(t, c), Options{}, trusted); rep.Failed() {
		b.Reset()
		WriteText(&b, rep)
		t.Errorf("a trusted extension:\n%s", b.String())
	}
}

// TestSeedingIsConfined: the rows are inserted as the confined role, so a
// trigger that a base migration put on a table cannot use the privileged
// connection to run a program: the seeding fails, and says so.
func TestSeedingIsConfined(t *testing.T) {
	c := scratchCluster(t)
	marker := filepath.Join(t.TempDir(), "ran")
	os.Chmod(filepath.Dir(marker), 0o777)
	base := file(t, migrations.GolangMigrate, "db/0001_base.up.sql", fmt.Sprintf(`CREATE TABLE t (id int PRIMARY KEY);
CREATE FUNCTION evil() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE 'COPY (SELECT 1) TO PROGRAM ''touch %s''';
	RETURN NEW;
END $$;
CREATE TRIGGER evil BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION evil();
`, marker))
	f := file(t, migrations.GolangMigrate, "db/0002_a.up.sql", "SELECT 1;\n")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err := Run(ctx, scratchTarget(t, c), Options{
		Set:  &migrations.Set{Dir: "db", Format: migrations.GolangMigrate, Files: []*migrations.File{base, f}},
		New:  func(f *migrations.File) bool { return f.Path == "db/0002_a.up.sql" },
		Rows: 5,
	})
	if !IsEnv(err) || !strings.Contains(err.Error(), "seeding the base schema as role migguard_scratch_") || !strings.Contains(err.Error(), "COPY to or from an external program") {
		t.Errorf("got %v, want the trigger refused while seeding", err)
	}
	if _, err := os.Stat(marker); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the trigger ran a program while seeding (%v)", err)
	}
}

// TestRunRefusesSuperuser: Run never runs migrations over a superuser's
// session, whatever URL it is given.
func TestRunRefusesSuperuser(t *testing.T) {
	c := scratchCluster(t)
	f := file(t, migrations.GolangMigrate, "db/0002_a.up.sql", "SELECT 1;\n")
	_, err := Run(context.Background(), Target{URL: c.URL}, Options{
		Set: &migrations.Set{Dir: "db", Format: migrations.GolangMigrate, Files: []*migrations.File{f}},
		New: func(*migrations.File) bool { return true }, Rows: -1,
	})
	if !IsEnv(err) || !strings.Contains(err.Error(), `refusing to run migrations as "postgres", a superuser`) {
		t.Errorf("got %v", err)
	}
}

// connectTo opens a connection to url, closed when the test ends.
func connectTo(t *testing.T, url string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// TestSeedArchiveAsRole: a pg_dump archive with foreign keys loads as the
// confined role (pg_restore cannot disable the foreign keys' triggers
// without a superuser, so it leaves them on).
func TestSeedArchiveAsRole(t *testing.T) {
	bin, err := pgcluster.FindBinDir()
	if err != nil {
		t.Skip(err)
	}
	const schema = "CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE b (id int PRIMARY KEY, a int REFERENCES a);\n"
	src := pgtest.Clone(t, "")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := pgtest.Connect(t, src).Exec(ctx, schema+"INSERT INTO a VALUES (1), (2); INSERT INTO b VALUES (1, 1), (2, 2);"); err != nil {
		t.Fatal(err)
	}
	dump := filepath.Join(t.TempDir(), "seed.dump")
	if out, err := exec.Command(filepath.Join(bin, "pg_dump"), "-Fc", "-f", dump, src).CombinedOutput(); err != nil {
		t.Fatalf("pg_dump: %v\n%s", err, out)
	}
	base := file(t, migrations.GolangMigrate, "db/0001_a.up.sql", schema)
	f := file(t, migrations.GolangMigrate, "db/0002_a.up.sql", "ALTER TABLE b ALTER COLUMN a SET NOT NULL;\n")
	rep, err := Run(ctx, target(t, ""), Options{
		Set:      &migrations.Set{Dir: "db", Format: migrations.GolangMigrate, Files: []*migrations.File{base, f}},
		New:      func(f *migrations.File) bool { return f.Path == "db/0002_a.up.sql" },
		SeedFile: dump, BinDir: bin,
	})
	if err != nil {
		t.Fatal(err)
	}
	if rep.SeedFile != dump || rep.Failed() {
		var b strings.Builder
		WriteText(&b, rep)
		t.Errorf("report:\n%s", b.String())
	}
}
