package golangci_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// These tests run the real tools on the module in testdata/fixture:
// go vet with cmd/migguard-vet, and golangci-lint built with this plugin
// (by .ci/setup.d/golangci, from the nested module testdata/gcl).

var vetTool = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "migguard-vet")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "migguard-vet")
	out, err := exec.Command("go", "build", "-o", bin, "../../cmd/migguard-vet").CombinedOutput()
	if err != nil {
		return "", &buildError{err, out}
	}
	return bin, nil
})

type buildError struct {
	err error
	out []byte
}

func (e *buildError) Error() string { return e.err.Error() + "\n" + string(e.out) }

// golangciLint returns golangci-lint with the plugin, brought up to date
// with the plugin's code.
func golangciLint(t *testing.T) string {
	t.Helper()
	bin := os.Getenv("MIGGUARD_GOLANGCI_LINT")
	if bin == "" {
		t.Skip("golangci-lint with the migguard plugin is not built: run eval \"$(.ci/setup.d/golangci)\" (.ci/test does)")
	}
	gclOnce.Do(func() {
		cmd := exec.Command("go", "build", "-o", bin, ".")
		cmd.Dir = "testdata/gcl"
		cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
		if out, err := cmd.CombinedOutput(); err != nil {
			gclErr = &buildError{err, out}
		}
	})
	if gclErr != nil {
		t.Fatalf("rebuilding %s: %v", bin, gclErr)
	}
	return bin
}

var (
	gclOnce sync.Once
	gclErr  error
)

// fixture copies testdata/fixture to a fresh directory, so that tests may
// change it and caches never saw its paths.
func fixture(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	err := os.CopyFS(dst, os.DirFS("testdata/fixture"))
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// run runs a command in dir and returns its combined output; exit status 1
// (findings) is expected, anything else fails the test.
func run(t *testing.T, dir string, env []string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=")
	cmd.Env = append(cmd.Env, env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); err != nil && (!ok || ee.ExitCode() != 1) {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out.String())
	}
	return out.String()
}

func vet(t *testing.T, dir string, args ...string) string {
	t.Helper()
	bin, err := vetTool()
	if err != nil {
		t.Fatal(err)
	}
	return run(t, dir, nil, "go", append([]string{"vet", "-vettool=" + bin}, append(args, "./...")...)...)
}

// lint runs golangci-lint with a cache of its own: runs of parallel tests
// share nothing, so they need not wait for golangci-lint's lock, which
// gives up with "parallel golangci-lint is running" when another run
// holds it too long.
func lint(t *testing.T, dir, cache string) string {
	t.Helper()
	return run(t, dir, []string{"GOLANGCI_LINT_CACHE=" + cache}, golangciLint(t), "run", "--allow-parallel-runners", "--output.text.print-issued-lines=false", "./...")
}

// fixtureFindings are the findings on the fixture, as substrings of the
// lines both tools print (file:line:col, then the message). go vet reports
// a finding of an embedded .sql file in the file; golangci-lint, which
// drops findings outside Go files, at the //go:embed variable (see
// golangciEmbedded).
var fixtureFindings = []string{
	"db/migrations/0002_index_users.up.sql:2:33: create-index-non-concurrently: creating index \"users_email_idx\" on \"users\"",
	"migrations/migrations.go:11:70: drop-column: dropping column \"legacy\" of \"users\"",
	"models/models.go:11:2: model-column-missing: model changed without a migration: add a migration that adds users.nickname (field User.Nickname)",
	"notes/notes.go:8:2: model-column-missing: model changed without a migration: add a migration that adds notes.title (field Note.Title)",
}

func checkFindings(t *testing.T, tool, out string, want []string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("%s output lacks %q:\n%s", tool, w, out)
		}
	}
}

func TestGoVet(t *testing.T) {
	dir := fixture(t)
	out := vet(t, dir)
	checkFindings(t, "go vet", out, fixtureFindings)
	if n := strings.Count(out, ": model-"); n != 2 {
		t.Errorf("go vet printed %d model findings, want 2:\n%s", n, out)
	}
}

func TestGolangciLint(t *testing.T) {
	bin := golangciLint(t)
	dir := fixture(t)
	out := lint(t, dir, t.TempDir())
	want := make([]string, len(fixtureFindings))
	for i, f := range fixtureFindings {
		// golangci-lint names the analyzer of a multi-analyzer linter.
		loc, msg, _ := strings.Cut(f, ": ")
		if embedded, ok := strings.CutPrefix(loc, "db/"); ok {
			loc, msg = "db/db.go:7:5", "migrationsql: "+embedded+": "+msg
		} else if strings.Contains(msg, "model-") {
			msg = "modelschema: " + msg
		} else {
			msg = "migrationsql: " + msg
		}
		want[i] = loc + ": " + msg
	}
	checkFindings(t, filepath.Base(bin), out, want)
	if !strings.Contains(out, "(migguard)") {
		t.Errorf("findings are not attributed to the migguard linter:\n%s", out)
	}
}

// addMigration adds an embedded migration that adds a NOT NULL column
// without a default.
const addColumn = "SET lock_timeout = '2s';\nALTER TABLE users ADD COLUMN age integer NOT NULL;\n"

const addColumnFinding = "db/migrations/0003_add_age.up.sql:2:30: add-column-required"

// TestCacheAfterMigrationChange changes migrations between two runs of
// each host: both analyse again, for an embedded file and for one read
// from disk alike, since the key of the module's index is part of their
// cache keys (the vet tool's id, the plugin's analyzer names). No run
// needs -migrationset.key or a cleaned cache.
func TestCacheAfterMigrationChange(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("paths")
	}
	const titleMissing = "model-column-missing: model changed without a migration: add a migration that adds notes.title"
	const addTitle = "ALTER TABLE notes ADD COLUMN title text NOT NULL DEFAULT '';\n"
	t.Run("go vet", func(t *testing.T) {
		dir := fixture(t)
		before := vet(t, dir)
		if strings.Contains(before, "add-column-required") || !strings.Contains(before, titleMissing) {
			t.Fatalf("fixture:\n%s", before)
		}
		write(t, dir, "db/migrations/0003_add_age.up.sql", addColumn)
		checkFindings(t, "go vet after adding an embedded migration", vet(t, dir), []string{addColumnFinding})

		// A migration read from disk: olddb gains notes.title, which the
		// model maps.
		write(t, dir, "olddb/0002_add_title.up.sql", addTitle)
		if out := vet(t, dir); strings.Contains(out, titleMissing) {
			t.Errorf("go vet reports on the old schema after a migration read from disk changed:\n%s", out)
		}
	})
	t.Run("golangci-lint", func(t *testing.T) {
		golangciLint(t)
		dir, cache := fixture(t), t.TempDir()
		before := lint(t, dir, cache)
		if !strings.Contains(before, "create-index-non-concurrently") || !strings.Contains(before, titleMissing) {
			t.Fatalf("fixture:\n%s", before)
		}
		write(t, dir, "db/migrations/0003_add_age.up.sql", addColumn)
		checkFindings(t, "golangci-lint after adding an embedded migration", lint(t, dir, cache),
			[]string{"migrationsql: migrations/0003_add_age.up.sql:2:30: add-column-required"})
		write(t, dir, "olddb/0002_add_title.up.sql", addTitle)
		if out := lint(t, dir, cache); strings.Contains(out, titleMissing) {
			t.Errorf("golangci-lint reports on the old schema after a migration read from disk changed:\n%s", out)
		}
	})
}

func write(t *testing.T, dir, name, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(name)), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
