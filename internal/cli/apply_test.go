package cli

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/migguard/migguard/internal/exitcode"
	"github.com/migguard/migguard/internal/pgcluster"
	"github.com/migguard/migguard/internal/pgtest"
)

// applyRepo builds a git repository whose main branch holds the base
// migration and whose feature branch adds the given files.
func applyRepo(t *testing.T, added map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	write := func(name, content string) {
		p := filepath.Join(dir, "db", name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git := func(args ...string) {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q", "-b", "main")
	write("0001_init.up.sql", "CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL UNIQUE, nickname text);\n")
	write("0001_init.down.sql", "DROP TABLE users;\n")
	git("add", ".")
	git("commit", "-q", "-m", "init")
	git("checkout", "-q", "-b", "feature")
	for name, content := range added {
		write(name, content)
	}
	return dir
}

func runIn(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	t.Chdir(dir)
	var out, errb bytes.Buffer
	code := Main(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// TestApplyDatabaseURL runs `migguard apply` against MIGGUARD_PG_URL: the
// new migration (found through git) fails on seeded rows, the scratch
// database is dropped, and nothing else on the server changes.
func TestApplyDatabaseURL(t *testing.T) {
	server := pgtest.URL(t)
	dir := applyRepo(t, map[string]string{
		"0002_plan.up.sql":   "ALTER TABLE users ADD COLUMN plan text NOT NULL;\n",
		"0002_plan.down.sql": "ALTER TABLE users DROP COLUMN plan;\n",
	})
	before := databases(t, server)
	code, out, errs := runIn(t, dir, "apply", "--database-url", server, "--rows", "50")
	if code != exitcode.Findings {
		t.Fatalf("exit %d, want 1\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	for _, want := range []string{
		"1 base migrations applied, 50 rows seeded",
		`db/0002_plan.up.sql:1:1: error: column "plan" of relation "users" contains null values (SQLSTATE 23502)`,
		"rule add-column-required: ",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	_, rest, ok := strings.Cut(errs, "created scratch database ")
	scratch, _, _ := strings.Cut(rest, " ")
	if !ok || !strings.HasPrefix(scratch, pgcluster.ScratchPrefix) || !strings.Contains(errs, "dropped scratch database "+scratch) {
		t.Errorf("stderr:\n%s", errs)
	}
	after := databases(t, server)
	if after != before {
		t.Errorf("databases before:\n%s\nafter:\n%s", before, after)
	}
	conn := pgtest.Connect(t, server)
	var left bool
	if err := conn.QueryRow(context.Background(), "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", scratch).Scan(&left); err != nil || left {
		t.Errorf("scratch database %s left behind (%v)", scratch, err)
	}

	// With a default the migration applies and round-trips.
	dir = applyRepo(t, map[string]string{
		"0002_plan.up.sql":   "ALTER TABLE users ADD COLUMN plan text NOT NULL DEFAULT 'free';\n",
		"0002_plan.down.sql": "ALTER TABLE users DROP COLUMN plan;\n",
	})
	code, out, errs = runIn(t, dir, "apply", "--database-url", server, "--rows", "50", "--format", "json")
	if code != exitcode.Clean || !strings.Contains(out, `"failed": false`) || !strings.Contains(out, `"mode": "AccessExclusiveLock"`) {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}

	// Explicit selection without git.
	code, out, errs = runIn(t, dir, "apply", "--database-url", server, "--rows", "10", "--after", "1", "db")
	if code != exitcode.Clean || !strings.Contains(out, "down and up again restore the schema") {
		t.Errorf("--after: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
}

// databases lists the databases of the server, leaving out the migguard_*
// ones that tests running in parallel create and drop meanwhile.
func databases(t *testing.T, server string) string {
	conn := pgtest.Connect(t, server)
	rows, err := conn.Query(context.Background(), "SELECT datname FROM pg_database WHERE datname NOT LIKE 'migguard\\_%' ORDER BY 1")
	if err != nil {
		t.Fatal(err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(names, "\n")
}

func TestApplyUnreachable(t *testing.T) {
	dir := applyRepo(t, map[string]string{"0002_a.up.sql": "SELECT 1;\n"})
	code, out, errs := runIn(t, dir, "apply", "--database-url", "postgres://me:hunter2@127.0.0.1:1/app?sslmode=disable&connect_timeout=2")
	if code != exitcode.Usage || out != "" || !strings.Contains(errs, "cannot connect to me@127.0.0.1:1/app") || strings.Contains(errs, "hunter2") {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	code, _, errs = runIn(t, dir, "apply", "--database-url", "postgres://localhost/x", "--new", "db/0002_a.up.sql", "--after", "1")
	if code != exitcode.Usage || !strings.Contains(errs, "at most one of") {
		t.Errorf("exit %d: %s", code, errs)
	}
}

// TestApplyInterrupt sends SIGINT to `migguard apply` while a migration runs
// on its own scratch cluster: it must say so, exit 2, and leave neither the
// cluster's directory nor a server process behind.
func TestApplyInterrupt(t *testing.T) {
	if _, err := pgcluster.FindBinDir(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal(err)
		}
		t.Skipf("%v; .ci/pg-start installs PostgreSQL", err)
	}
	bin := filepath.Join(t.TempDir(), "migguard")
	build := exec.Command("go", "build", "-o", bin, "github.com/migguard/migguard/cmd/migguard")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dir := applyRepo(t, map[string]string{"0002_slow.up.sql": "SELECT pg_sleep(60);\n"})
	cmd := exec.Command(bin, "apply", "--rows", "10")
	cmd.Dir = dir
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	var log strings.Builder
	var clusterDir string
	sc := bufio.NewScanner(stderr)
	deadline := time.AfterFunc(60*time.Second, func() { cmd.Process.Kill() })
	defer deadline.Stop()
	for sc.Scan() {
		line := sc.Text()
		log.WriteString(line + "\n")
		if _, after, ok := strings.Cut(line, "creating a scratch PostgreSQL cluster in "); ok {
			clusterDir, _, _ = strings.Cut(after, " ")
		}
		if strings.Contains(line, "applying db/0002_slow.up.sql") {
			time.Sleep(300 * time.Millisecond) // let pg_sleep start
			sent := time.Now()
			cmd.Process.Signal(syscall.SIGINT)
			for sc.Scan() {
				log.WriteString(sc.Text() + "\n")
			}
			err := cmd.Wait()
			if code := cmd.ProcessState.ExitCode(); code != exitcode.Usage {
				t.Errorf("exit %d (%v), want 2", code, err)
			}
			if d := time.Since(sent); d > 15*time.Second {
				t.Errorf("took %s to stop after SIGINT", d)
			}
			break
		}
	}
	out := log.String()
	if clusterDir == "" || !strings.Contains(out, "interrupted") || !strings.Contains(out, "removed the scratch cluster "+clusterDir) {
		t.Fatalf("stderr:\n%s", out)
	}
	if _, err := os.Stat(clusterDir); !os.IsNotExist(err) {
		t.Errorf("%s still exists: %v", clusterDir, err)
	}
	if pids := processesMentioning(clusterDir); len(pids) > 0 {
		t.Errorf("processes still running on %s: %v", clusterDir, pids)
	}
}

// processesMentioning returns the PIDs whose command line contains s.
func processesMentioning(s string) []string {
	var pids []string
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		cmdline, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err == nil && bytes.Contains(cmdline, []byte(s)) {
			pids = append(pids, fmt.Sprintf("%s: %s", e.Name(), bytes.ReplaceAll(cmdline, []byte{0}, []byte{' '})))
		}
	}
	return pids
}
