package seed

import (
	"context"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/migguard/migguard/internal/pgtest"
)

// recordingClient writes, into dir, a program named name that records its
// arguments, the password file it is given (its mode and content) and
// PGPASSWORD, then runs the real client.
func recordingClient(t *testing.T, dir, name string) (record string) {
	t.Helper()
	real, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("%s is not installed", name)
	}
	record = filepath.Join(t.TempDir(), name)
	script := `#!/bin/sh
printf '%s\n' "$@" > '` + record + `.args'
printf '%s' "$PGPASSFILE" > '` + record + `.file'
stat -c %a "$PGPASSFILE" > '` + record + `.mode'
cat "$PGPASSFILE" > '` + record + `.pass'
printf '%s' "$PGPASSWORD" > '` + record + `.env'
exec '` + real + `' "$@"
`
	if err := os.WriteFile(filepath.Join(dir, name), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return record
}

// psql and pg_restore get the password of the URL in a password file that
// only this user can read and that is gone afterwards, never on their
// command line, which ps shows to every user of the machine.
func TestLoadKeepsThePasswordOffTheCommandLine(t *testing.T) {
	const password = `pa:ss w\rd`
	bin := t.TempDir()
	for _, client := range []string{"psql", "pg_restore"} {
		t.Run(client, func(t *testing.T) {
			record := recordingClient(t, bin, client)
			u, err := url.Parse(pgtest.Clone(t, ""))
			if err != nil {
				t.Fatal(err)
			}
			u.User = url.UserPassword(u.User.Username(), password)
			conn := pgtest.Connect(t, u.String())
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			if _, err := conn.Exec(ctx, "CREATE TABLE t (n int)"); err != nil {
				t.Fatal(err)
			}
			seedFile := seedFor(t, client)
			if err := Load(ctx, conn, u.String(), seedFile, bin); err != nil {
				t.Fatal(err)
			}
			var n int
			if err := conn.QueryRow(ctx, "SELECT count(*) FROM t").Scan(&n); err != nil || n != 2 {
				t.Fatalf("the seed file loaded %d rows (%v)", n, err)
			}
			read := func(ext string) string {
				data, err := os.ReadFile(record + ext)
				if err != nil {
					t.Fatalf("%s did not run: %v", client, err)
				}
				return string(data)
			}
			if args := read(".args"); strings.Contains(args, "pa:ss") || strings.Contains(args, "pa%3Ass") {
				t.Errorf("the password is on the command line:\n%s", args)
			}
			if env := read(".env"); env != "" {
				t.Errorf("PGPASSWORD is set: %q", env)
			}
			if got, want := read(".pass"), `*:*:*:*:pa\:ss w\\rd`+"\n"; got != want {
				t.Errorf("password file holds %q, want %q", got, want)
			}
			if mode := strings.TrimSpace(read(".mode")); mode != "600" {
				t.Errorf("password file mode %s", mode)
			}
			if _, err := os.Stat(read(".file")); !os.IsNotExist(err) {
				t.Errorf("the password file is left behind: %v", err)
			}
		})
	}
}

// seedFor writes a seed file of two rows of t for client: plain SQL for
// psql, a pg_dump archive for pg_restore.
func seedFor(t *testing.T, client string) string {
	t.Helper()
	if client == "psql" {
		p := filepath.Join(t.TempDir(), "seed.sql")
		if err := os.WriteFile(p, []byte("INSERT INTO t VALUES (1), (2);\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	dump, err := exec.LookPath("pg_dump")
	if err != nil {
		t.Skip("pg_dump is not installed")
	}
	src := pgtest.Clone(t, "")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := pgtest.Connect(t, src).Exec(ctx, "CREATE TABLE t (n int); INSERT INTO t VALUES (1), (2);"); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "seed.dump")
	if out, err := exec.Command(dump, "-Fc", "-f", p, src).CombinedOutput(); err != nil {
		t.Fatalf("pg_dump: %v\n%s", err, out)
	}
	return p
}
