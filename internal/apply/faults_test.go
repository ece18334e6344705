package apply

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/pgcluster"
	"github.com/migguard/migguard/internal/pgtest"
)

// TestServerKilled: the server dies while a migration runs; Run stops with
// an environment error that says the connection was lost.
func TestServerKilled(t *testing.T) {
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
	defer c.Stop()
	db, err := pgcluster.CreateDatabase(ctx, c.URL, pgcluster.ScratchOptions{AllowPrivileged: true})
	if err != nil {
		t.Fatal(err)
	}
	f := file(t, migrations.GolangMigrate, "db/0002_slow.up.sql", "SELECT pg_sleep(30);\n")
	go func() {
		time.Sleep(700 * time.Millisecond)
		c.Stop()
	}()
	start := time.Now()
	_, err = Run(ctx, Target{URL: db.URL, AdminURL: db.AdminURL}, Options{
		Set: &migrations.Set{Dir: "db", Format: migrations.GolangMigrate, Files: []*migrations.File{f}},
		New: func(*migrations.File) bool { return true }, Rows: -1,
	})
	var env *EnvError
	if !errors.As(err, &env) || !strings.Contains(err.Error(), "db/0002_slow.up.sql:1") {
		t.Fatalf("got %v, want an environment error naming the statement", err)
	}
	if time.Since(start) > 20*time.Second {
		t.Errorf("took %s", time.Since(start))
	}
}

// TestResourceError: PostgreSQL running out of a resource (here the
// temporary file limit, standing in for a full disk) is reported as the
// server's failure at the statement, not as a migration finding.
func TestResourceError(t *testing.T) {
	empty, _ := templates(t)
	tg := target(t, empty)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	// temp_file_limit is a superuser's setting: the server sets it for
	// the database, as a DBA would.
	admin := pgtest.Connect(t, tg.AdminURL)
	if _, err := admin.Exec(ctx, `DO $$BEGIN EXECUTE format('ALTER DATABASE %I SET temp_file_limit = ''100kB''', current_database()); END$$`); err != nil {
		t.Fatal(err)
	}
	f := file(t, migrations.Goose, "db/0002_big.sql", "-- +goose Up\nSET LOCAL work_mem = '64kB';\nCREATE TABLE big AS SELECT g, md5(g::text) FROM generate_series(1, 200000) g ORDER BY 2;\n")
	_, err := Run(ctx, tg, Options{
		Set: &migrations.Set{Dir: "db", Format: migrations.Goose, Files: []*migrations.File{f}},
		New: func(*migrations.File) bool { return true }, Base: []*migrations.File{}, Rows: -1,
	})
	if err == nil || !IsEnv(err) || !strings.Contains(err.Error(), "temp_file_limit") || !strings.Contains(err.Error(), "SQLSTATE 53400") || !strings.Contains(err.Error(), "db/0002_big.sql:3") {
		t.Errorf("got %v", err)
	}
}

// TestRunCommand runs a migration command of the project's own (psql here)
// and reports the DDL, rewrites and drops the event triggers saw, and the
// command's failure on seeded data.
func TestRunCommand(t *testing.T) {
	psql, err := exec.LookPath("psql")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal(err)
		}
		t.Skip("psql not installed; .ci/pg-start installs PostgreSQL")
	}
	empty, _ := templates(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := psql + ` -X -q -v ON_ERROR_STOP=1 "$MIG_DB" -c "ALTER TABLE orders ALTER COLUMN total TYPE bigint" -c "DROP INDEX orders_total_idx" -c "CREATE TABLE plans (id int)"`
	rep, err := RunCommand(ctx, target(t, empty), CommandOptions{Command: cmd, Env: "MIG_DB", Rows: 20})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	WriteCommandText(&b, rep)
	out := b.String()
	if rep.Failed() {
		t.Fatalf("failed:\n%s", out)
	}
	for _, want := range []string{
		"REWRITE  ALTER TABLE              public.orders (column type changed)",
		"DROP     DROP INDEX               index public.orders_total_idx",
		"ddl      CREATE TABLE             table public.plans",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}

	bad := psql + ` -X -q -v ON_ERROR_STOP=1 "$DATABASE_URL" -c "ALTER TABLE users ADD COLUMN plan text NOT NULL"`
	rep, err = RunCommand(ctx, target(t, empty), CommandOptions{Command: bad, Rows: 20})
	if err != nil {
		t.Fatal(err)
	}
	b.Reset()
	WriteCommandText(&b, rep)
	if !rep.Failed() || !strings.Contains(b.String(), `column "plan" of relation "users" contains null values`) {
		t.Errorf("want the command's failure:\n%s", b.String())
	}
}
