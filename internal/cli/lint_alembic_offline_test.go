package cli

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/migguard/migguard/internal/alembic"
	"github.com/migguard/migguard/internal/exitcode"
	"github.com/migguard/migguard/internal/gitview/gittest"
)

// renderedRepo copies internal/alembic/testdata/rendered, an Alembic
// project whose env.py supports offline mode, into a new repository.
func renderedRepo(t *testing.T, extra map[string]string) string {
	t.Helper()
	files := renderedFiles(t)
	for k, v := range extra {
		files[k] = v
	}
	return repo(t, files)
}

// renderedFiles reads internal/alembic/testdata/rendered.
func renderedFiles(t *testing.T) map[string]string {
	t.Helper()
	files := map[string]string{}
	src := filepath.Join("..", "alembic", "testdata", "rendered")
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.Contains(p, "__pycache__") {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(src, p)
		files[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// needAlembic skips the test without Alembic, except in CI, where
// .ci/setup.d/alembic installs it.
func needAlembic(t *testing.T) {
	t.Helper()
	if _, err := alembic.FindAlembic(os.Getenv); err != nil {
		if ci := os.Getenv("CI"); ci != "" && ci != "false" && ci != "0" {
			t.Fatalf("CI must have Alembic (.ci/setup.d/alembic installs it): %v", err)
		}
		t.Skipf("Alembic is not installed (Debian python3-alembic): run .ci/setup.d/alembic, or set MIGGUARD_ALEMBIC_PYTHON: %v", err)
	}
}

func TestLintAlembicOffline(t *testing.T) {
	needAlembic(t)
	root := renderedRepo(t, nil)
	code, out, errOut := run(t, root, "", "lint", "-format", "compact", "-alembic-offline")
	if code != exitcode.Findings {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	for _, want := range []string{
		`migrations/versions/b2000000000b_updated_at.py:17:1: error add-column-required: adding column "updated_at" to "books"`,
		`migrations/versions/c3000000000c_index_due.py:17:1: error create-index-non-concurrently: creating index "ix_books_title"`,
		"(line 11 of the SQL Alembic rendered)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "alembic-not-analysed") || strings.Contains(out, "a1000000000a") {
		t.Errorf("unexpected findings:\n%s", out)
	}
	if want := "migguard: .: linted as `alembic upgrade --sql` renders them (3): a1000000000a_books_and_loans.py, b2000000000b_updated_at.py, c3000000000c_index_due.py\n"; errOut != want {
		t.Errorf("stderr %q, want %q", errOut, want)
	}

	// One file: only it is rendered, the others are replayed as read.
	code, out, errOut = run(t, root, "", "lint", "-format", "compact", "-alembic-offline", "migrations/versions/c3000000000c_index_due.py")
	if code != exitcode.Findings || strings.Contains(out, "b2000000000b") || !strings.Contains(errOut, "(1): c3000000000c_index_due.py\n") {
		t.Errorf("one file: exit %d\n%s\n%s", code, out, errOut)
	}
}

func TestLintAlembicOfflineConfigured(t *testing.T) {
	needAlembic(t)
	root := renderedRepo(t, map[string]string{".migguard.yaml": "sets:\n  - path: migrations\n    alembic_offline: true\n"})
	code, out, errOut := run(t, root, "", "lint", "-format", "compact")
	if code != exitcode.Findings || !strings.Contains(out, "b2000000000b_updated_at.py:17:1: error add-column-required") ||
		!strings.Contains(errOut, "renders them (3)") {
		t.Errorf("exit %d\n%s\n%s", code, out, errOut)
	}
}

// TestLintAlembicOfflineErrors: a failing env.py, a hanging one and a
// missing Alembic are input errors naming the revision file, with no
// fallback to the translated SQL.
func TestLintAlembicOfflineErrors(t *testing.T) {
	needAlembic(t)
	root := renderedRepo(t, nil)
	t.Setenv("MIGGUARD_TEST_ENV_MODE", "fail")
	code, out, errOut := run(t, root, "", "lint", "-format", "compact", "-alembic-offline")
	if code != exitcode.Usage || out != "" ||
		!strings.Contains(errOut, "migguard: migrations/versions/a1000000000a_books_and_loans.py:11: `alembic -c alembic.ini upgrade a1000000000a --sql` (in .) failed (exit status 1):\n    ") ||
		!strings.Contains(errOut, "RuntimeError: cannot reach the settings service") {
		t.Errorf("env.py fails: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	t.Setenv("MIGGUARD_TEST_ENV_MODE", "sleep")
	code, _, errOut = run(t, root, "", "lint", "-alembic-offline", "-alembic-timeout", "500ms", "migrations/versions/c3000000000c_index_due.py")
	if code != exitcode.Usage || !strings.Contains(errOut, "c3000000000c_index_due.py:11: `alembic -c alembic.ini upgrade b2000000000b:c3000000000c --sql` (in .) did not finish within 500ms") {
		t.Errorf("timeout: exit %d\n%s", code, errOut)
	}
}

func TestLintAlembicOfflineNoAlembic(t *testing.T) {
	root := renderedRepo(t, nil)
	t.Setenv("MIGGUARD_ALEMBIC_PYTHON", filepath.Join(root, "no-python"))
	code, out, errOut := run(t, root, "", "lint", "-format", "compact", "-alembic-offline")
	if code != exitcode.Usage || out != "" ||
		!strings.Contains(errOut, "migguard: migrations/versions/a1000000000a_books_and_loans.py: cannot lint as Alembic renders it: MIGGUARD_ALEMBIC_PYTHON=") {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
}

// With -staged, Alembic renders the revisions as the index holds them: the
// tree is copied out for it, and the working tree's edit does not count.
func TestLintStagedAlembicOffline(t *testing.T) {
	needAlembic(t)
	files := renderedFiles(t)
	const c = "migrations/versions/c3000000000c_index_due.py"
	risky := files[c]
	delete(files, c)
	r := gittest.New(t)
	r.Commit("init", files)
	r.Write(map[string]string{c: risky})
	r.Git("add", "-A")
	safe := strings.Replace(risky, `op.create_index("ix_books_title", "books", ["title"])`, `op.create_index("ix_books_title", "books", ["title"], postgresql_concurrently=True)`, 1)
	safe = strings.Replace(safe, "def upgrade() -> None:\n", "def upgrade() -> None:\n    return\n", 1)
	if safe == risky {
		t.Fatal("the fixture changed: no safe variant made")
	}
	r.Write(map[string]string{c: safe})
	code, out, errOut := run(t, r.Dir, "", "lint", "-format", "compact", "-staged", "-alembic-offline")
	if code != exitcode.Findings || !strings.Contains(out, c+":17:1: error create-index-non-concurrently") ||
		!strings.Contains(errOut, "renders them (1): c3000000000c_index_due.py") || strings.Contains(out+errOut, "migguard-lint-") {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}

	// A failing env.py: the traceback names the files as the repository
	// has them, not as the temporary copy.
	t.Setenv("MIGGUARD_TEST_ENV_MODE", "fail")
	code, out, errOut = run(t, r.Dir, "", "lint", "-format", "compact", "-staged", "-alembic-offline")
	if code != exitcode.Usage || !strings.Contains(errOut, "RuntimeError: cannot reach the settings service") ||
		strings.Contains(errOut, "migguard-lint-") {
		t.Errorf("env.py fails: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
}
