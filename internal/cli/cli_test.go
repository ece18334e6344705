package cli

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/migguard/migguard/internal/config"
	"github.com/migguard/migguard/internal/exitcode"
	"github.com/migguard/migguard/internal/rules"
	"github.com/migguard/migguard/internal/treetest"
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
	treetest.Write(t, root, files)
	return root
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
	// The release stamps the version the same way (.ci/release).
	build := exec.Command("go", "build", "-ldflags", "-X github.com/migguard/migguard/internal/cli.Version=v0.0.0-stamped", "-o", bin, "../../cmd/migguard")
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
	if out, err := exec.Command(bin, "version").Output(); err != nil || !strings.HasPrefix(string(out), "migguard v0.0.0-stamped ") {
		t.Errorf("version: %v, %q; want the stamped version", err, out)
	}
}

// The cache key of the sets changes with migguard's version, since a new
// version may judge the same migrations differently.
func TestSetsKeyHasVersion(t *testing.T) {
	root := repo(t, map[string]string{"db/migrations/001_a.sql": "-- +goose Up\nCREATE TABLE a (id bigint);\n"})
	defer func(v string) { Version = v }(Version)
	keys := map[string]string{}
	for _, v := range []string{"v1.0.0", "v1.1.0", "v1.0.0"} {
		Version = v
		code, out, errOut := run(t, root, "", "sets", "-key")
		if code != exitcode.Clean {
			t.Fatalf("sets -key: exit %d: %s", code, errOut)
		}
		if k, ok := keys[v]; ok && k != out {
			t.Errorf("version %s: key %q, then %q", v, k, out)
		}
		keys[v] = out
	}
	if keys["v1.0.0"] == keys["v1.1.0"] {
		t.Errorf("versions v1.0.0 and v1.1.0 have the same key %q", keys["v1.0.0"])
	}
}

// TestLintBadInput feeds the inputs that break naive linters and that a
// text archive cannot hold or show (the other inputs are scenarios in
// testdata/script): each gets a clear message and a documented exit code,
// and never a panic.
func TestLintBadInput(t *testing.T) {
	big := strings.Repeat("INSERT INTO t (a, b) VALUES (1, 'some text that makes the file large');\n", 150000)
	for _, tc := range []struct {
		name, src string
		code      int
		want      string // in stdout (compact findings) or stderr
	}{
		{"BOM", "\ufeffCREATE INDEX i ON t (x);\n", exitcode.Findings, "<stdin>:1:19: error create-index-non-concurrently"},
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

// A binary file in a migration set is an input error that names the file.
func TestLintBinaryFileInSet(t *testing.T) {
	root := repo(t, map[string]string{
		"m/001_a.up.sql": "CREATE TABLE t (id int);\n",
		"m/002_b.up.sql": "\x00\x01\x02binary",
	})
	code, out, errOut := run(t, root, "", "lint", "m")
	if code != exitcode.Usage || !strings.Contains(errOut, "m/002_b.up.sql: binary file") {
		t.Fatalf("exit %d (want %d), stderr %q, stdout %q", code, exitcode.Usage, errOut, out)
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

// Every command, and every subcommand of hooks and alembic, prints its
// help on stdout and exits 0 for -h, --help and `migguard help <command>`,
// so that `migguard lint -h | less` works.
func TestHelpOnStdout(t *testing.T) {
	var calls [][]string
	for _, c := range commands() {
		calls = append(calls, []string{c.name, "-h"}, []string{c.name, "--help"}, []string{"help", c.name})
	}
	calls = append(calls, []string{"hooks", "install", "-h"}, []string{"hooks", "uninstall", "-h"},
		[]string{"alembic", "heads", "-h"}, []string{"alembic", "graph", "-h"}, []string{"alembic", "sql", "-h"},
		[]string{"help"}, []string{"help", "-h"}, []string{"-h"}, []string{"help", "exit-codes"})
	for _, args := range calls {
		code, out, errOut := run(t, repo(t, nil), "", args...)
		if code != exitcode.Clean || out == "" || errOut != "" {
			t.Errorf("migguard %s: exit %d, %d bytes on stdout, stderr %q", strings.Join(args, " "), code, len(out), errOut)
		}
	}
}

// The pg_version init writes is the one lint assumes without a
// configuration, so writing the file changes no verdict.
func TestInitPGVersionIsLintDefault(t *testing.T) {
	text, _ := initConfig(t.TempDir())
	cfg, err := config.Parse(config.FileName, []byte(text))
	if err != nil {
		t.Fatalf("init's file does not parse: %v\n%s", err, text)
	}
	if cfg.PG != rules.DefaultVersion {
		t.Errorf("init writes pg_version %v, lint's default is %v", cfg.PG, rules.DefaultVersion)
	}
}

// Only a terminal gets the text format and colours: /dev/null, a
// character device, and a pipe get what scripts read.
func TestIsTerminal(t *testing.T) {
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Skip(err)
	}
	defer null.Close()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	for name, out := range map[string]io.Writer{os.DevNull: null, "a pipe": w, "a buffer": &bytes.Buffer{}} {
		if isTerminal(out) {
			t.Errorf("%s is taken for a terminal", name)
		}
	}
	// The controlling side of a pseudo-terminal is one.
	pty, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Logf("no pseudo-terminal here: %v", err)
		return
	}
	defer pty.Close()
	if !isTerminal(pty) {
		t.Error("a pseudo-terminal is not taken for a terminal")
	}
}
