package hooks_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/migguard/migguard/internal/gitview/gittest"
)

// TestPreCommitTryRepo runs the real pre-commit framework with this
// repository's .pre-commit-hooks.yaml on a consumer repository: pre-commit
// builds the hooks with `go install ./...` (language: golang) and runs
// them, for a commit and for a push.
func TestPreCommitTryRepo(t *testing.T) {
	if testing.Short() {
		t.Skip("builds migguard through pre-commit; skipped with -short")
	}
	preCommit := os.Getenv("MIGGUARD_PRECOMMIT")
	if preCommit == "" {
		preCommit, _ = exec.LookPath("pre-commit")
	}
	if preCommit == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("pre-commit is not installed; .ci/setup.d/precommit installs it")
		}
		t.Skip("pre-commit is not installed; run .ci/setup.d/precommit (apt-get install pre-commit)")
	}
	self, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	selfRepo := gittest.At(t, self)
	rev := selfRepo.Git("rev-parse", "HEAD")

	// The hook environment shares this machine's module and build caches,
	// so the build needs no network beyond the module proxy, and is quick
	// when the caches are warm.
	goEnv := func(name string) string {
		out, err := exec.Command("go", "env", name).Output()
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimSpace(string(out))
	}
	env := []string{
		"GOMODCACHE=" + goEnv("GOMODCACHE"),
		"GOCACHE=" + goEnv("GOCACHE"),
		"GOFLAGS=-buildvcs=false",
		"PRE_COMMIT_HOME=" + t.TempDir(),
		"CGO_ENABLED=1",
	}

	r := gittest.New(t)
	r.Commit("init", map[string]string{
		"db/migrations/001_users.sql": "-- +goose Up\nCREATE TABLE users (id bigint PRIMARY KEY);\n",
		"db/migrations/002_items.sql": "-- +goose Up\nCREATE TABLE items (id bigint PRIMARY KEY);\n",
	})
	r.Git("checkout", "-q", "-b", "feature", "HEAD~0")
	r.Git("checkout", "-q", "develop")
	r.Commit("pay", map[string]string{"db/migrations/003_pay.sql": "-- +goose Up\nCREATE TABLE pay (id bigint PRIMARY KEY);\n"})
	r.Git("checkout", "-q", "feature")

	run := func(args ...string) (string, error) {
		cmd := exec.Command(preCommit, args...)
		cmd.Dir = r.Dir
		cmd.Env = gittest.Env(env...)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	tryRepo := func(hook string, extra ...string) (string, error) {
		return run(append([]string{"try-repo", self, hook, "--ref", rev, "--verbose"}, extra...)...)
	}

	// Commit: a staged migration that reuses develop's version 003.
	r.Write(map[string]string{"db/migrations/003_tags.sql": "-- +goose Up\nCREATE TABLE tags (id bigint PRIMARY KEY);\n"})
	r.Git("add", "-A")
	out, err := tryRepo("migguard-branch")
	if err == nil || !strings.Contains(out, "version 003 of 003_tags.sql is already used on develop by 003_pay.sql") {
		t.Fatalf("pre-commit try-repo migguard-branch should fail on the staged duplicate: %v\n%s", err, out)
	}
	// The lint hook runs on the staged SQL file.
	r.Write(map[string]string{"db/migrations/003_tags.sql": "-- +goose Up\nCREATE INDEX tags_x ON users (id);\n"})
	r.Git("add", "-A")
	out, err = tryRepo("migguard-lint")
	if err == nil || !strings.Contains(out, "create-index-non-concurrently") {
		t.Fatalf("pre-commit try-repo migguard-lint should report the index: %v\n%s", err, out)
	}
	// SQL outside the migration sets is not linted.
	r.Git("reset", "-q")
	r.Write(map[string]string{"queries/report.sql": "CREATE INDEX report_x ON users (id);\n"})
	r.Git("add", "queries/report.sql")
	if out, err := tryRepo("migguard-lint"); err != nil || strings.Contains(out, "create-index-non-concurrently") {
		t.Fatalf("pre-commit try-repo migguard-lint should leave queries/report.sql alone: %v\n%s", err, out)
	}
	r.Git("rm", "-q", "--cached", "queries/report.sql")
	os.Remove(filepath.Join(r.Dir, "queries", "report.sql"))
	r.Git("add", "-A")
	// Renumbered, the commit passes.
	r.Git("mv", "db/migrations/003_tags.sql", "db/migrations/004_tags.sql")
	r.Write(map[string]string{"db/migrations/004_tags.sql": "-- +goose Up\nCREATE TABLE tags (id bigint PRIMARY KEY);\n"})
	r.Git("add", "-A")
	if out, err := tryRepo("migguard-branch"); err != nil {
		t.Fatalf("the renumbered migration should pass: %v\n%s", err, out)
	}
	r.Git("commit", "-q", "-m", "tags")

	// Push: the pushed commit is read from PRE_COMMIT_TO_REF, not from
	// the working tree, which here holds an unrelated change.
	r.Commit("second", map[string]string{"db/migrations/005_more.sql": "-- +goose Up\nCREATE TABLE more (id bigint PRIMARY KEY);\n"})
	pushed := r.Git("rev-parse", "HEAD")
	r.Git("checkout", "-q", "HEAD~1")
	stage := "push"
	if v, _ := run("--version"); !strings.Contains(v, "pre-commit 3.0") && !strings.Contains(v, "pre-commit 3.1") {
		stage = "pre-push"
	}
	from := r.Git("rev-parse", "develop")
	out, err = tryRepo("migguard-branch", "--hook-stage", stage, "--from-ref", from, "--to-ref", pushed)
	if err == nil || !strings.Contains(out, "adds 2 migrations to db/migrations") {
		t.Fatalf("the push of two migrations should fail: %v\n%s", err, out)
	}
	out, err = tryRepo("migguard-branch", "--hook-stage", stage, "--from-ref", from, "--to-ref", r.Git("rev-parse", "HEAD"))
	if err != nil {
		t.Fatalf("the push of one migration should pass: %v\n%s", err, out)
	}
}
