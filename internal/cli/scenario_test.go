package cli_test

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/migguard/migguard/internal/cli"
)

// The end-to-end scenarios live in the module's testdata/script, one
// txtar archive per behaviour; testdata/README.md describes the format.

var update = flag.Bool("update", false, "rewrite the expected files of the scenarios in testdata/script from what the commands print")

// TestMain makes the test binary double as the migguard command: run
// under the name migguard (testscript puts a copy of it on the scripts'
// PATH), it is cli.Main; otherwise it runs the tests.
func TestMain(m *testing.M) {
	// The tests keep nothing in the user's cache directory: those that
	// test the cache name one of their own.
	if os.Getenv("MIGGUARD_CACHE") == "" {
		os.Setenv("MIGGUARD_CACHE", "off")
	}
	testscript.Main(m, map[string]func(){
		"migguard": func() { os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// TestScenarios runs every scenario in testdata/script; run one with
// go test ./internal/cli -run TestScenarios/<name>.
func TestScenarios(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed (apt-get install git)")
	}
	testscript.Run(t, testscript.Params{
		Dir:                filepath.Join("..", "..", "testdata", "script"),
		Setup:              setupScenario,
		Cmds:               map[string]func(*testscript.TestScript, bool, []string){"commit": cmdCommit, "exitcode": cmdExitcode, "rev": cmdRev},
		RequireUniqueNames: true,
		UpdateScripts:      *update,
	})
}

// firstDate is the commit date a scenario starts with; each commit
// command moves it a minute on, so that commit ids are the same on every
// run.
const firstDate = 1700000000

// setupScenario gives git a fixed identity, no user or system
// configuration and a fixed date.
func setupScenario(e *testscript.Env) error {
	// An empty file of the scenario's own stands for the user's git
	// configuration, not /dev/null: a git command that writes its global
	// configuration replaces the file (renaming a lock file over it).
	global := filepath.Join(e.WorkDir, ".gitconfig-global")
	if err := os.WriteFile(global, nil, 0o644); err != nil {
		return err
	}
	e.Vars = append(e.Vars,
		"GIT_CONFIG_NOSYSTEM=1",
		"GIT_CONFIG_GLOBAL="+global,
		"GIT_AUTHOR_NAME=Test", "GIT_AUTHOR_EMAIL=test@example.invalid",
		"GIT_COMMITTER_NAME=Test", "GIT_COMMITTER_EMAIL=test@example.invalid",
		"GIT_AUTHOR_DATE="+gitDate(firstDate), "GIT_COMMITTER_DATE="+gitDate(firstDate),
		// No editor: a git command that would open one fails at once.
		"GIT_EDITOR=false",
		// A cache of the scenario's own: a scenario that lints twice
		// reads the first run's results.
		"MIGGUARD_CACHE="+filepath.Join(e.WorkDir, ".cache"),
	)
	return nil
}

func gitDate(unix int64) string { return fmt.Sprintf("@%d +0000", unix) }

// cmdCommit is "commit <message>": it stages every change of the working
// tree (git add -A) and commits it, a minute after the previous commit.
func cmdCommit(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! commit")
	}
	if len(args) != 1 {
		ts.Fatalf("usage: commit message")
	}
	last, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(ts.Getenv("GIT_COMMITTER_DATE"), "@"), " +0000"), 10, 64)
	if err != nil {
		ts.Fatalf("commit: GIT_COMMITTER_DATE is %q, want @<seconds> +0000", ts.Getenv("GIT_COMMITTER_DATE"))
	}
	date := gitDate(last + 60)
	ts.Setenv("GIT_AUTHOR_DATE", date)
	ts.Setenv("GIT_COMMITTER_DATE", date)
	if err := ts.Exec("git", "add", "-A"); err != nil {
		ts.Fatalf("git add -A: %v", err)
	}
	if err := ts.Exec("git", "commit", "-q", "--allow-empty", "-m", args[0]); err != nil {
		ts.Fatalf("git commit: %v", err)
	}
}

// cmdExitcode is "exitcode <code> <program> [args...]": it runs the
// program as exec does and requires it to exit with exactly that code.
// Its stdout and stderr are checked by the next stdout and stderr lines.
func cmdExitcode(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! exitcode (give the code the command must exit with)")
	}
	if len(args) < 2 {
		ts.Fatalf("usage: exitcode code program [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exitcode: code %q is not a number", args[0])
	}
	got := 0
	var exit *exec.ExitError
	switch err := ts.Exec(args[1], args[2:]...); {
	case err == nil:
	case errors.As(err, &exit):
		got = exit.ExitCode()
	default:
		ts.Fatalf("%s: %v", args[1], err)
	}
	if got != want {
		ts.Fatalf("%s exited %d, want %d", args[1], got, want)
	}
}

// cmdRev is "rev <name> <revision>": it sets the environment variable
// name to the commit id of the revision in the current repository (git
// rev-parse, whose output is then stdout).
func cmdRev(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! rev")
	}
	if len(args) != 2 {
		ts.Fatalf("usage: rev name revision")
	}
	if err := ts.Exec("git", "rev-parse", "--verify", "-q", args[1]+"^{commit}"); err != nil {
		ts.Fatalf("rev: %s is not a commit: %v", args[1], err)
	}
	ts.Setenv(args[0], strings.TrimSpace(ts.ReadFile("stdout")))
}
