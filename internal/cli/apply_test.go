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

// TestApplyDatabaseURL runs `migguard apply` against MIGGUARD_PG_URL as a
// role that may create databases and roles: the new migration (found
// through git) fails on seeded rows, the scratch database and its role are
// dropped, and nothing else on the server changes.
func TestApplyDatabaseURL(t *testing.T) {
	server := pgtest.URL(t)
	_, roleURL := pgtest.Role(t, "CREATEDB CREATEROLE")
	dir := applyRepo(t, map[string]string{
		"0002_plan.up.sql":   "ALTER TABLE users ADD COLUMN plan text NOT NULL;\n",
		"0002_plan.down.sql": "ALTER TABLE users DROP COLUMN plan;\n",
	})
	before := databases(t, server)
	code, out, errs := runIn(t, dir, "apply", "--database-url", roleURL, "--rows", "50")
	if code != exitcode.Findings {
		t.Fatalf("exit %d, want 1\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	for _, want := range []string{
		"1 base migration applied, 50 rows seeded",
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
	if err := conn.QueryRow(context.Background(), "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1) OR EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)", scratch).Scan(&left); err != nil || left {
		t.Errorf("scratch database or role %s left behind (%v)", scratch, err)
	}
	if !strings.Contains(errs, "migrations run as role "+scratch+", which owns only that database") {
		t.Errorf("stderr does not say which role the migrations run as:\n%s", errs)
	}

	// With a default the migration applies and round-trips.
	dir = applyRepo(t, map[string]string{
		"0002_plan.up.sql":   "ALTER TABLE users ADD COLUMN plan text NOT NULL DEFAULT 'free';\n",
		"0002_plan.down.sql": "ALTER TABLE users DROP COLUMN plan;\n",
	})
	code, out, errs = runIn(t, dir, "apply", "--database-url", roleURL, "--rows", "50", "--format", "json")
	if code != exitcode.Clean || !strings.Contains(out, `"failed": false`) || !strings.Contains(out, `"mode": "AccessExclusiveLock"`) {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}

	// Explicit selection without git.
	code, out, errs = runIn(t, dir, "apply", "--database-url", roleURL, "--rows", "10", "--after", "1", "db")
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

// TestApplyInterrupt sends SIGINT, and then SIGHUP (a closed terminal or
// SSH session), to `migguard apply` while a migration runs on its own
// scratch cluster: it must say so, exit 2, and leave neither the cluster's
// directory nor a server process behind.
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
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGHUP} {
		t.Run(sig.String(), func(t *testing.T) { interruptApply(t, bin, sig) })
	}
}

// interruptApply runs the migguard binary bin on a slow migration and
// sends it sig once the migration runs.
func interruptApply(t *testing.T, bin string, sig syscall.Signal) {
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
			cmd.Process.Signal(sig)
			for sc.Scan() {
				log.WriteString(sc.Text() + "\n")
			}
			err := cmd.Wait()
			if code := cmd.ProcessState.ExitCode(); code != exitcode.Usage {
				t.Errorf("exit %d (%v), want 2", code, err)
			}
			if d := time.Since(sent); d > 15*time.Second {
				t.Errorf("took %s to stop after %s", d, sig)
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

// needCluster skips (fails under CI) without the PostgreSQL programs.
func needCluster(t *testing.T) {
	t.Helper()
	if _, err := pgcluster.FindBinDir(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal(err)
		}
		t.Skipf("%v; .ci/pg-start installs PostgreSQL", err)
	}
}

// openTemp returns a directory of the test's that the server's user (the
// postgres user when the test runs as root) may write to, so that a
// program a migration managed to start could leave its mark there.
func openTemp(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, d := range []string{filepath.Dir(dir), dir} {
		if err := os.Chmod(d, 0o777); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestApplyConfinedOnScratchCluster: on the cluster apply starts itself, a
// new migration that runs a program is reported as refused (exit 1) and
// the program never runs; an extension that needs a superuser is refused
// with the flag that allows it, and passes with that flag.
func TestApplyConfinedOnScratchCluster(t *testing.T) {
	needCluster(t)
	marker := filepath.Join(openTemp(t), "ran")
	dir := applyRepo(t, map[string]string{"0002_evil.up.sql": "COPY (SELECT 1) TO PROGRAM 'touch " + marker + "';\n"})
	code, out, errs := runIn(t, dir, "apply", "--rows", "10")
	if code != exitcode.Findings || !strings.Contains(out, "db/0002_evil.up.sql:1  FAILED") ||
		!strings.Contains(out, "note: this statement needs privileges migguard does not give untrusted migrations: they run as role migguard_scratch_") {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	if _, err := os.Stat(marker); !os.IsNotExist(err) {
		t.Fatalf("the migration ran a program (%v)", err)
	}

	dir = applyRepo(t, map[string]string{"0002_ext.up.sql": "CREATE EXTENSION IF NOT EXISTS file_fdw;\n"})
	code, out, errs = runIn(t, dir, "apply", "--rows", "10")
	if code != exitcode.Findings || !strings.Contains(out, "pass --allow-extensions=file_fdw") {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	code, out, errs = runIn(t, dir, "apply", "--rows", "10", "--allow-extensions", "file_fdw")
	if code != exitcode.Clean {
		t.Errorf("--allow-extensions: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
}

// TestApplyURLRefused: a superuser URL, or one whose role owns another
// database, is refused before anything is created, naming the flag that
// accepts the risk.
func TestApplyURLRefused(t *testing.T) {
	server := pgtest.URL(t)
	owner, ownerURL := pgtest.Role(t, "CREATEDB CREATEROLE")
	otherName := pgxConfig(t, pgtest.OwnedClone(t, "", owner)).Database
	_, plainURL := pgtest.Role(t, "CREATEDB")
	dir := applyRepo(t, map[string]string{"0002_a.up.sql": "SELECT 1;\n"})
	for url, want := range map[string]string{
		server:   `"postgres" is a superuser`,
		ownerURL: "owns the database(s) " + otherName,
		plainURL: "may not create roles (CREATEROLE)",
	} {
		code, out, errs := runIn(t, dir, "apply", "--database-url", url, "--rows", "10")
		flag := "--allow-privileged-url"
		if url == plainURL {
			flag = "--run-as-url-role"
		}
		if code != exitcode.Usage || out != "" || !strings.Contains(errs, want) || !strings.Contains(errs, "pass "+flag+" to accept the risk") || strings.Contains(errs, "created scratch database") {
			t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
		}
	}
}

// TestApplyConfinedOnURLServer: with the risk accepted, the migrations
// still run as a role of their own. An ordinary role's other database
// cannot be dropped; with a superuser URL, no role, server setting,
// program or extension gets through; and a role that may not create roles
// runs them itself when --run-as-url-role says so.
func TestApplyConfinedOnURLServer(t *testing.T) {
	server := pgtest.URL(t)
	ctx := context.Background()
	su := pgtest.Connect(t, server)
	owner, ownerURL := pgtest.Role(t, "CREATEDB CREATEROLE")
	otherName := pgxConfig(t, pgtest.OwnedClone(t, "", owner)).Database
	dir := applyRepo(t, map[string]string{"0002_drop.up.sql": "DROP DATABASE " + otherName + ";\n"})
	code, out, errs := runIn(t, dir, "apply", "--database-url", ownerURL, "--allow-privileged-url", "--rows", "10")
	if code != exitcode.Findings || !strings.Contains(out, "must be owner of database "+otherName) || !strings.Contains(out, "needs privileges migguard does not give") {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	var exists bool
	if su.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", otherName).Scan(&exists); !exists {
		t.Fatalf("the migration dropped %s", otherName)
	}

	marker := filepath.Join(openTemp(t), "ran")
	evil := fmt.Sprintf("migguard_test_%d_evil", os.Getpid())
	for _, sql := range []string{
		"CREATE ROLE " + evil + " SUPERUSER LOGIN;",
		"ALTER SYSTEM SET work_mem = '1GB';",
		"COPY (SELECT 1) TO PROGRAM 'touch " + marker + "';",
		"CREATE EXTENSION file_fdw;",
	} {
		dir := applyRepo(t, map[string]string{"0002_evil.up.sql": sql + "\n"})
		code, out, errs := runIn(t, dir, "apply", "--database-url", server, "--allow-privileged-url", "--rows", "10")
		if code != exitcode.Findings || !strings.Contains(out, "(SQLSTATE 42501)") || !strings.Contains(out, "needs privileges migguard does not give untrusted migrations") {
			t.Errorf("%s: exit %d\nstdout:\n%s\nstderr:\n%s", sql, code, out, errs)
		}
	}
	var roles, settings int
	su.QueryRow(ctx, "SELECT count(*) FROM pg_roles WHERE rolname = $1", evil).Scan(&roles)
	su.QueryRow(ctx, "SELECT count(*) FROM pg_file_settings WHERE name = 'work_mem'").Scan(&settings)
	if roles != 0 || settings != 0 {
		su.Exec(ctx, "DROP ROLE IF EXISTS "+evil)
		su.Exec(ctx, "ALTER SYSTEM RESET work_mem")
		t.Errorf("%d roles %s and %d work_mem settings were written", roles, evil, settings)
	}
	if _, err := os.Stat(marker); !os.IsNotExist(err) {
		t.Errorf("the migration ran a program (%v)", err)
	}

	plain, plainURL := pgtest.Role(t, "CREATEDB")
	dir = applyRepo(t, map[string]string{"0002_a.up.sql": "CREATE TABLE plans (id int);\n"})
	code, out, errs = runIn(t, dir, "apply", "--database-url", plainURL, "--run-as-url-role", "--rows", "10")
	if code != exitcode.Clean || !strings.Contains(errs, `migrations run as "`+plain+`" itself (--run-as-url-role)`) {
		t.Errorf("--run-as-url-role: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
}

func pgxConfig(t *testing.T, u string) *pgx.ConnConfig {
	t.Helper()
	cfg, err := pgx.ParseConfig(u)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// TestApplyLimitFlags: limits PostgreSQL cannot take, and flags that do not
// apply, are usage errors before anything starts.
func TestApplyLimitFlags(t *testing.T) {
	dir := applyRepo(t, map[string]string{"0002_a.up.sql": "SELECT 1;\n"})
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--lock-timeout", "500us"}, "--lock-timeout 500µs is under 1ms: PostgreSQL counts it in whole milliseconds, and 0 would mean no limit"},
		{[]string{"--statement-timeout", "0s"}, "--statement-timeout 0s is under 1ms"},
		{[]string{"--statement-timeout", "600h"}, "--statement-timeout 600h0m0s is beyond PostgreSQL's limit of 596h31m23.647s"},
		{[]string{"--timeout", "0s"}, "--timeout 0s is under 1ms"},
		{[]string{"--allow-privileged-url"}, "--allow-privileged-url and --run-as-url-role apply to --database-url only"},
	} {
		code, out, errs := runIn(t, dir, append(append([]string{"apply"}, c.args...), "--after", "1", "db")...)
		if code != exitcode.Usage || out != "" || !strings.Contains(errs, c.want) || strings.Contains(errs, "scratch") {
			t.Errorf("%v: exit %d\nstdout:\n%s\nstderr:\n%s", c.args, code, out, errs)
		}
	}
}

// TestApplyTimeout: --timeout stops the whole run, says so, exits 2 and
// drops the scratch database.
func TestApplyTimeout(t *testing.T) {
	_, roleURL := pgtest.Role(t, "CREATEDB CREATEROLE")
	dir := applyRepo(t, map[string]string{"0002_slow.up.sql": "SELECT pg_sleep(60);\n"})
	start := time.Now()
	code, out, errs := runIn(t, dir, "apply", "--database-url", roleURL, "--rows", "10", "--timeout", "3s")
	if code != exitcode.Usage || out != "" || !strings.Contains(errs, "apply did not finish within --timeout 3s") || !strings.Contains(errs, "dropped scratch database") {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("took %s", d)
	}
}

// TestApplyDropFails: a scratch database that cannot be dropped (a
// superuser stays connected to it, and the URL's role may not end that
// session) is reported with the way to remove it, and apply exits 2
// although the migration applied.
func TestApplyDropFails(t *testing.T) {
	server := pgtest.URL(t)
	role, roleURL := pgtest.Role(t, "CREATEDB CREATEROLE")
	dir := applyRepo(t, map[string]string{"0002_slow.up.sql": "SELECT pg_sleep(2);\n"})
	cfg := pgxConfig(t, server)
	type held struct {
		name string
		conn *pgx.Conn
	}
	got := make(chan held, 1)
	go func() {
		// Join the scratch database as a superuser as soon as it exists:
		// it is the one whose owner was granted to the test's role.
		defer close(got)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.ConnectConfig(ctx, cfg)
		if err != nil {
			return
		}
		defer conn.Close(ctx)
		for ctx.Err() == nil {
			var name string
			err := conn.QueryRow(ctx, `SELECT d.datname FROM pg_database d JOIN pg_auth_members m ON m.roleid = d.datdba
JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = $1`, role).Scan(&name)
			if err == nil {
				c := cfg.Copy()
				c.Database = name
				holder, _ := pgx.ConnectConfig(context.Background(), c)
				got <- held{name, holder}
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()
	code, out, errs := runIn(t, dir, "apply", "--database-url", roleURL, "--rows", "10", "--no-round-trip")
	h := <-got
	if h.conn != nil {
		h.conn.Close(context.Background())
	}
	name := h.name
	su := pgtest.Connect(t, server)
	su.Exec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	su.Exec(context.Background(), "DROP ROLE IF EXISTS "+name)
	if name == "" || h.conn == nil {
		t.Fatalf("the test could not join the scratch database\nstderr:\n%s", errs)
	}
	if code != exitcode.Usage || !strings.Contains(out, "the new migration applied in") ||
		!strings.Contains(errs, "could not drop the scratch database "+name) || !strings.Contains(errs, `drop it by hand (DROP DATABASE "`+name+`" WITH (FORCE); DROP ROLE "`+name+`";)`) {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
}

// TestApplySweeps: apply first removes what killed runs left behind: a
// cluster directory whose migguard and server are gone, and an old
// scratch database with its role that nobody is connected to.
func TestApplySweeps(t *testing.T) {
	server := pgtest.URL(t)
	tmp := openTemp(t)
	t.Setenv("TMPDIR", tmp)
	stale := filepath.Join(tmp, pgcluster.DirPrefix+"killed")
	if err := os.MkdirAll(filepath.Join(stale, "data"), 0o700); err != nil {
		t.Fatal(err)
	}
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Fatal(err)
	}
	pid := []byte(fmt.Sprintf("%d\n", dead.Process.Pid))
	os.WriteFile(filepath.Join(stale, "migguard.pid"), pid, 0o644)
	os.WriteFile(filepath.Join(stale, "data", "postmaster.pid"), pid, 0o600)

	ctx := context.Background()
	su := pgtest.Connect(t, server)
	old := fmt.Sprintf("%s20000101000000_%010x", pgcluster.ScratchPrefix, os.Getpid())
	for _, q := range []string{"CREATE ROLE " + old + " LOGIN", "CREATE DATABASE " + old + " OWNER " + old} {
		if _, err := su.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		su.Exec(ctx, "DROP DATABASE IF EXISTS "+old)
		su.Exec(ctx, "DROP ROLE IF EXISTS "+old)
	})
	dir := applyRepo(t, map[string]string{"0002_a.up.sql": "SELECT 1;\n"})
	code, out, errs := runIn(t, dir, "apply", "--database-url", server, "--allow-privileged-url", "--rows", "10")
	if code != exitcode.Clean || !strings.Contains(errs, "removed "+stale+", left behind by an earlier run") ||
		!strings.Contains(errs, "dropped scratch database "+old+", left behind by an earlier run") {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	var left int
	su.QueryRow(ctx, "SELECT (SELECT count(*) FROM pg_database WHERE datname = $1) + (SELECT count(*) FROM pg_roles WHERE rolname = $1)", old).Scan(&left)
	if _, err := os.Stat(stale); !os.IsNotExist(err) || left != 0 {
		t.Errorf("left behind: directory %v, %d of the database and role", err, left)
	}
}

// TestApplyStartFailures: when the scratch cluster cannot start, apply
// shows the cause, exits 2 and leaves no directory.
func TestApplyStartFailures(t *testing.T) {
	tmp := openTemp(t)
	t.Setenv("TMPDIR", tmp)
	bin := filepath.Join(tmp, "bin")
	os.Mkdir(bin, 0o777)
	os.Chmod(bin, 0o777)
	for name, body := range map[string]string{
		"initdb":   "#!/bin/sh\necho 'initdb: error: could not create directory: No space left on device' >&2\nexit 1\n",
		"postgres": "#!/bin/sh\nexit 1\n",
	} {
		if err := os.WriteFile(filepath.Join(bin, name), []byte(body), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	dir := applyRepo(t, map[string]string{"0002_a.up.sql": "SELECT 1;\n"})
	for pgBin, want := range map[string]string{
		"/nonexistent/pg/bin": "/nonexistent/pg/bin is not a PostgreSQL bin directory",
		bin:                   "initdb: error: could not create directory: No space left on device",
	} {
		code, out, errs := runIn(t, dir, "apply", "--pg-bin", pgBin, "--rows", "10")
		if code != exitcode.Usage || out != "" || !strings.Contains(errs, want) || strings.Contains(errs, "internal error") {
			t.Errorf("--pg-bin %s: exit %d\nstdout:\n%s\nstderr:\n%s", pgBin, code, out, errs)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(tmp, pgcluster.DirPrefix+"*")); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}

// TestApplyHelp: `migguard help apply` states the trust boundary and the
// flags that accept each risk.
func TestApplyHelp(t *testing.T) {
	var out, errb bytes.Buffer
	if code := Main([]string{"help", "apply"}, strings.NewReader(""), &out, &errb); code != exitcode.Clean {
		t.Fatalf("exit %d", code)
	}
	help := out.String()
	if errb.Len() > 0 {
		t.Errorf("help apply wrote to stderr: %s", errb.String())
	}
	for _, want := range []string{
		"Trust: migrations are untrusted code",
		"logged in as a role that migguard creates for the run, which owns only the\nscratch database and is not a superuser",
		"(--allow-privileged-url accepts the risk)",
		"(--run-as-url-role accepts the risk)",
		"A --runner command runs on this machine with your own\nprivileges",
		"-allow-extensions extensions",
		"-timeout duration",
	} {
		if !strings.Contains(help, want) {
			t.Errorf("help lacks %q:\n%s", want, help)
		}
	}
}
