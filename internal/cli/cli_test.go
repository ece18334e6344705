package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/migguard/migguard/internal/exitcode"
)

// run runs migguard in-process in dir and returns its exit code and output.
func run(t *testing.T, dir, stdin string, args ...string) (int, string, string) {
	t.Helper()
	if dir != "" {
		t.Chdir(dir)
	}
	var out, errb bytes.Buffer
	code := Main(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

// repo writes files (path → content) into a new git-less repository root
// holding a .git directory, and returns its path.
func repo(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	if err := os.Mkdir(filepath.Join(root, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	for p, c := range files {
		full := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

var golangMigrate = map[string]string{
	"db/migrations/000001_create_users.up.sql":   "CREATE TABLE users (id bigint PRIMARY KEY, email text);\nCREATE INDEX users_email_idx ON users (email);\n",
	"db/migrations/000001_create_users.down.sql": "DROP TABLE users;\n",
	"db/migrations/000002_index_email.up.sql":    "-- the table exists now: this blocks writes\nCREATE INDEX users_email2_idx ON users (email);\n",
	"db/migrations/000002_index_email.down.sql":  "DROP INDEX users_email2_idx;\n",
}

func TestLintDiscoversAndReplays(t *testing.T) {
	root := repo(t, golangMigrate)
	code, out, errOut := run(t, root, "", "lint")
	if code != exitcode.Findings {
		t.Fatalf("exit %d, want %d; stdout:\n%s\nstderr:\n%s", code, exitcode.Findings, out, errOut)
	}
	// The index on a table created in the same file is fine; the one in
	// the next file is on an existing table.
	want := "db/migrations/000002_index_email.up.sql:2:34: error create-index-non-concurrently: "
	if !strings.Contains(out, want) {
		t.Errorf("output lacks %q:\n%s", want, out)
	}
	if strings.Contains(out, "000001_create_users.up.sql:2") {
		t.Errorf("index on a table created in the same migration was flagged:\n%s", out)
	}
}

func TestLintOneFileJudgedAgainstEarlierFiles(t *testing.T) {
	root := repo(t, golangMigrate)
	code, out, _ := run(t, root, "", "lint", "db/migrations/000002_index_email.up.sql")
	if code != exitcode.Findings || !strings.Contains(out, "000002_index_email.up.sql:2:34") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	code, out, _ = run(t, root, "", "lint", "db/migrations/000001_create_users.up.sql")
	if code != exitcode.Clean || out != "" {
		t.Fatalf("first file alone: exit %d:\n%s", code, out)
	}
}

func TestLintStdin(t *testing.T) {
	root := repo(t, nil)
	code, out, _ := run(t, root, "SELECT 1;\nALTER TABLE t SET TABLESPACE fast;\n", "lint", "-format", "json", "-")
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("json output: %v\n%s", err, out)
	}
	if len(got) == 0 || got[0]["path"] != "<stdin>" || got[0]["line"] != float64(2) {
		t.Fatalf("exit %d, findings %v", code, got)
	}
}

func TestLintSyntaxErrorKeepsLinting(t *testing.T) {
	root := repo(t, map[string]string{
		"m/001_a.up.sql": "CREATE TABLE t (id int);\n",
		"m/002_b.up.sql": "ALTER TABLE t ADD COLUMN;\nCREATE INDEX i ON t (id);\n",
	})
	code, out, _ := run(t, root, "", "lint", "m")
	if code != exitcode.Findings {
		t.Fatalf("exit %d\n%s", code, out)
	}
	for _, want := range []string{"m/002_b.up.sql:1:", "syntax-error", "m/002_b.up.sql:2:19: error create-index-non-concurrently"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestLintExitCodes(t *testing.T) {
	clean := repo(t, map[string]string{"m/001_a.up.sql": "CREATE TABLE t (id int);\n"})
	for _, tc := range []struct {
		name   string
		files  map[string]string
		args   []string
		code   int
		stderr string
	}{
		{"clean", nil, []string{"lint", "m"}, exitcode.Clean, ""},
		{"unknown flag", nil, []string{"lint", "-bogus"}, exitcode.Usage, "flag provided but not defined"},
		{"unknown format", nil, []string{"lint", "-format", "xml", "m"}, exitcode.Usage, `unknown format "xml"`},
		{"bad pg version", nil, []string{"lint", "-pg-version", "banana", "m"}, exitcode.Usage, "invalid PostgreSQL version"},
		{"missing path", nil, []string{"lint", "nope.sql"}, exitcode.Usage, "nope.sql: no such file or directory"},
		{"unknown command", nil, []string{"frobnicate"}, exitcode.Usage, `unknown command "frobnicate"`},
		{"invalid config", map[string]string{".migguard.yaml": "pg_version: 15\nrulez: {}\n"}, []string{"lint", "m"}, exitcode.Usage, ".migguard.yaml:2: rulez: unknown key"},
		{"binary file", map[string]string{"m/002_b.up.sql": "\x00\x01\x02binary"}, []string{"lint", "m"}, exitcode.Usage, "m/002_b.up.sql: binary file"},
		{"configured set missing", map[string]string{".migguard.yaml": "sets:\n  - path: db/gone\n"}, []string{"lint"}, exitcode.Usage, "migration set db/gone: no such directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := clean
			if tc.files != nil {
				files := map[string]string{"m/001_a.up.sql": "CREATE TABLE t (id int);\n"}
				for k, v := range tc.files {
					files[k] = v
				}
				root = repo(t, files)
			}
			code, out, errOut := run(t, root, "", tc.args...)
			if code != tc.code || !strings.Contains(errOut, tc.stderr) {
				t.Fatalf("exit %d (want %d), stderr %q (want %q), stdout %q", code, tc.code, errOut, tc.stderr, out)
			}
		})
	}
}

func TestLintNothingToLint(t *testing.T) {
	root := repo(t, map[string]string{"README.md": "no migrations here\n"})
	code, _, errOut := run(t, root, "", "lint")
	if code != exitcode.Usage || !strings.Contains(errOut, "no migration sets found") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
}

func TestLintConfigStartAfterAndSeverity(t *testing.T) {
	files := map[string]string{
		".migguard.yaml": "sets:\n  - path: db/migrations\n    start_after: \"1\"\nrules:\n  create-index-non-concurrently: warning\n",
	}
	for k, v := range golangMigrate {
		files[k] = v
	}
	files["db/migrations/000000_old.up.sql"] = "CREATE INDEX old_idx ON legacy (x);\n"
	root := repo(t, files)
	code, out, errOut := run(t, root, "", "lint")
	if code != exitcode.Clean {
		t.Fatalf("a warning must not fail the run: exit %d\n%s%s", code, out, errOut)
	}
	if !strings.Contains(out, "000002_index_email.up.sql:2:34: warning create-index-non-concurrently") {
		t.Errorf("severity from config not applied:\n%s", out)
	}
	if strings.Contains(out, "000000_old") {
		t.Errorf("file before start_after reported:\n%s", out)
	}
	_, out, _ = run(t, root, "", "lint", "-all")
	if !strings.Contains(out, "000000_old") {
		t.Errorf("-all did not report the old file:\n%s", out)
	}
}

func TestRulesAndExplain(t *testing.T) {
	root := repo(t, nil)
	code, out, _ := run(t, root, "", "rules")
	if code != exitcode.Clean || !strings.Contains(out, "create-index-non-concurrently") {
		t.Fatalf("rules: exit %d\n%s", code, out)
	}
	code, out, _ = run(t, root, "", "explain", "create-index-non-concurrently")
	if code != exitcode.Clean || !strings.Contains(out, "CONCURRENTLY") {
		t.Fatalf("explain: exit %d\n%s", code, out)
	}
	code, _, errOut := run(t, root, "", "explain", "no-such-rule")
	if code != exitcode.Usage || !strings.Contains(errOut, "unknown rule") {
		t.Fatalf("explain unknown: exit %d %q", code, errOut)
	}
}

func TestInit(t *testing.T) {
	root := repo(t, nil)
	if code, _, errOut := run(t, root, "", "init"); code != exitcode.Clean {
		t.Fatalf("init: exit %d %s", code, errOut)
	}
	if code, _, errOut := run(t, root, "", "init"); code != exitcode.Usage || !strings.Contains(errOut, "exists") {
		t.Fatalf("second init must refuse: exit %d %s", code, errOut)
	}
	// The file it wrote is valid configuration.
	if code, _, errOut := run(t, root, "", "rules"); code != exitcode.Clean {
		t.Fatalf("rules with the written config: exit %d %s", code, errOut)
	}
}

// TestDemo runs the demo and checks the findings that the demo's README
// promises, and the silences.
func TestDemo(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "shop")
	code, out, errOut := run(t, "", "", "demo", "-dir", dir, "-format", "compact")
	if code != exitcode.Clean {
		t.Fatalf("demo: exit %d\n%s\n%s", code, out, errOut)
	}
	for _, want := range []string{
		"20240315101500_add_order_status.sql:5:", // index without CONCURRENTLY
		"create-index-non-concurrently",
		"20240501110000_index_users_name.sql:3:", // CONCURRENTLY in a wrapped goose file
		"migguard lint exited 1",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q:\n%s", want, out)
		}
	}
	for _, silent := range []string{
		"20240101090000_create_users.sql",          // new table
		"20240105120000_create_orders.sql",         // new table
		"20240210083000_index_orders_created_at",   // CONCURRENTLY in a NO TRANSACTION file
		"20240402140000_change_user_columns.sql:4", // varchar widening
		"20240610150000_drop_legacy_column.sql:4",  // ignored with a reason
	} {
		if strings.Contains(out, silent) {
			t.Errorf("demo output mentions %q, which must stay silent:\n%s", silent, out)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, ".git")); err != nil {
		t.Errorf("demo repository is not a git repository: %v", err)
	}
}

// TestBinary builds the real command and checks exit codes and streams
// through the operating system.
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "migguard")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	build := exec.Command("go", "build", "-o", bin, "../../cmd/migguard")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "lint", "-")
	cmd.Dir = repo(t, nil)
	cmd.Stdin = strings.NewReader("CREATE INDEX i ON t (x);\n")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != exitcode.Findings {
		t.Fatalf("exit: %v\nstdout %s\nstderr %s", err, out.String(), errb.String())
	}
	// Not a terminal: compact format, no colour.
	if !regexp.MustCompile(`^<stdin>:1:19: error create-index-non-concurrently: `).MatchString(out.String()) || strings.Contains(out.String(), "\x1b[") {
		t.Errorf("stdout: %q", out.String())
	}
	if err := exec.Command(bin, "version").Run(); err != nil {
		t.Errorf("version: %v", err)
	}
}

// TestLintBadInput feeds the inputs that break naive linters: each gets a
// clear message and a documented exit code, and never a panic.
func TestLintBadInput(t *testing.T) {
	big := strings.Repeat("INSERT INTO t (a, b) VALUES (1, 'some text that makes the file large');\n", 150000)
	for _, tc := range []struct {
		name, src string
		code      int
		want      string // in stdout (compact findings) or stderr
	}{
		{"empty", "", exitcode.Clean, "<stdin>:1:1: warning empty-migration: migration has no statements"},
		{"comments only", "-- nothing here\n/* still nothing */\n", exitcode.Clean, "warning empty-migration"},
		{"syntax error keeps linting", "SELEC 1;\nCREATE INDEX i ON t (x);\n", exitcode.Findings, "<stdin>:2:19: error create-index-non-concurrently"},
		{"syntax error position", "SELECT 1;\nALTER TABLE t ADD COLUMN;\n", exitcode.Findings, "<stdin>:2:25: error syntax-error"},
		{"unterminated dollar quote", "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1;\n", exitcode.Findings, "syntax-error: unterminated dollar-quoted string"},
		{"CRLF", "SELECT 1;\r\nCREATE INDEX i ON t (x);\r\n", exitcode.Findings, "<stdin>:2:19: error create-index-non-concurrently"},
		{"BOM", "\ufeffCREATE INDEX i ON t (x);\n", exitcode.Findings, "<stdin>:1:19: error create-index-non-concurrently"},
		{"multibyte before the node", "SELECT 'ü€';\nCREATE INDEX \"ü\" ON t (x);\n", exitcode.Findings, "<stdin>:2:21: error create-index-non-concurrently"},
		{"binary", "\x00\x01\x02\x03", exitcode.Usage, "<stdin>: binary file"},
		{"invalid UTF-8", "SELECT '\xff\xfe';\n", exitcode.Usage, "<stdin>: "},
		{"10 MB file", big, exitcode.Clean, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := run(t, repo(t, nil), tc.src, "lint", "-format", "compact", "-")
			if code != tc.code || !strings.Contains(out+errOut, tc.want) {
				if len(out) > 2000 {
					out = out[:2000]
				}
				t.Fatalf("exit %d (want %d); want %q in\nstdout: %s\nstderr: %s", code, tc.code, tc.want, out, errOut)
			}
		})
	}
}

// endless yields SQL forever, as `yes 'SELECT 1;' | migguard lint -` does.
type endless struct{ off int }

func (e *endless) Read(p []byte) (int, error) {
	const line = "SELECT 1;\n"
	for i := range p {
		p[i] = line[(e.off+i)%len(line)]
	}
	e.off += len(p)
	return len(p), nil
}

// Stdin is read up to the size limit, not to its end.
func TestLintEndlessStdin(t *testing.T) {
	t.Chdir(repo(t, nil))
	var out, errb bytes.Buffer
	code := Main([]string{"lint", "-"}, &endless{}, &out, &errb)
	if code != exitcode.Usage || !strings.Contains(errb.String(), "<stdin>: file is larger than 64 MiB") {
		t.Errorf("exit %d\nstdout: %s\nstderr: %s", code, out.String(), errb.String())
	}
}
