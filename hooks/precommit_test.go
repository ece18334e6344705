package hooks_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/migguard/migguard/internal/gitview/gittest"
)

// preCommit runs the real pre-commit framework with this repository's
// .pre-commit-hooks.yaml, at its HEAD commit, in consumer repositories.
// Every hook of the manifest is listed in one configuration, so pre-commit
// builds the golang hooks' environment (`go install ./...`) once for the
// whole test, in its own PRE_COMMIT_HOME; `try-repo` would build it again
// on every call.
type preCommit struct {
	bin    string   // the pre-commit program
	config string   // the configuration naming every hook
	env    []string // the environment of every run
	home   string   // PRE_COMMIT_HOME
}

// newPreCommit finds pre-commit (skipping the test without it, outside
// CI) and writes the configuration.
func newPreCommit(t *testing.T) *preCommit {
	if testing.Short() {
		t.Skip("builds migguard through pre-commit; skipped with -short")
	}
	bin := os.Getenv("MIGGUARD_PRECOMMIT")
	if bin == "" {
		bin, _ = exec.LookPath("pre-commit")
	}
	if bin == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("pre-commit is not installed; .ci/setup.d/precommit installs it")
		}
		t.Skip("pre-commit is not installed; run .ci/setup.d/precommit (apt-get install pre-commit)")
	}
	self, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	rev := gittest.At(t, self).Git("rev-parse", "HEAD")
	ids := []string{"migguard-lint", "migguard-branch", "migguard-models",
		"migguard-lint-system", "migguard-branch-system", "migguard-models-system"}
	var cfg strings.Builder
	cfg.WriteString("repos:\n  - repo: " + self + "\n    rev: " + rev + "\n    hooks:\n")
	for _, id := range ids {
		cfg.WriteString("      - id: " + id + "\n")
	}
	config := filepath.Join(t.TempDir(), "pre-commit-config.yaml")
	if err := os.WriteFile(config, []byte(cfg.String()), 0o644); err != nil {
		t.Fatal(err)
	}
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
	home := t.TempDir()
	env := []string{
		"GOMODCACHE=" + goEnv("GOMODCACHE"),
		"GOCACHE=" + goEnv("GOCACHE"),
		"GOFLAGS=-buildvcs=false",
		"PRE_COMMIT_HOME=" + home,
		"CGO_ENABLED=1",
	}
	return &preCommit{bin: bin, config: config, env: env, home: home}
}

// run runs `pre-commit run` of one hook in dir, with extra arguments and
// environment.
func (p *preCommit) run(dir, hook string, extra []string, env ...string) (string, error) {
	args := append([]string{"run", "-c", p.config, hook, "--verbose"}, extra...)
	cmd := exec.Command(p.bin, args...)
	cmd.Dir = dir
	cmd.Env = gittest.Env(append(append([]string{}, p.env...), env...)...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// stage is pre-commit's name of the pre-push stage: "push" before 3.2.
func (p *preCommit) stage(dir string) string {
	cmd := exec.Command(p.bin, "--version")
	cmd.Dir = dir
	if v, _ := cmd.Output(); strings.Contains(string(v), "pre-commit 3.0") || strings.Contains(string(v), "pre-commit 3.1") {
		return "push"
	}
	return "pre-push"
}

// builtBin returns the directory of the migguard that pre-commit built for
// the golang hooks, to stand for a migguard installed once on PATH.
func (p *preCommit) builtBin(t *testing.T) string {
	found, _ := filepath.Glob(filepath.Join(p.home, "repo*", "golangenv-*", "bin", "migguard"))
	if len(found) != 1 {
		t.Fatalf("pre-commit built %d migguard binaries, want 1: %v", len(found), found)
	}
	return filepath.Dir(found[0])
}

// TestPreCommit runs the hooks of the manifest with the real pre-commit,
// sharing one build of the golang hooks' environment.
func TestPreCommit(t *testing.T) {
	pc := newPreCommit(t)
	t.Run("commit-and-push", func(t *testing.T) { commitAndPush(t, pc) })
	t.Run("all-files", func(t *testing.T) { allFiles(t, pc) })
}

// commitAndPush runs the hooks for a commit and for a push.
func commitAndPush(t *testing.T, pc *preCommit) {
	r := gittest.New(t)
	r.Commit("init", map[string]string{
		"db/migrations/001_users.sql": "-- +goose Up\nCREATE TABLE users (id bigint PRIMARY KEY);\n",
		"db/migrations/002_items.sql": "-- +goose Up\nCREATE TABLE items (id bigint PRIMARY KEY);\n",
	})
	r.Git("checkout", "-q", "-b", "feature", "HEAD~0")
	r.Git("checkout", "-q", "develop")
	r.Commit("pay", map[string]string{"db/migrations/003_pay.sql": "-- +goose Up\nCREATE TABLE pay (id bigint PRIMARY KEY);\n"})
	r.Git("checkout", "-q", "feature")
	run := func(hook string, extra ...string) (string, error) { return pc.run(r.Dir, hook, extra) }

	// Commit: a staged migration that reuses develop's version 003.
	r.Write(map[string]string{"db/migrations/003_tags.sql": "-- +goose Up\nCREATE TABLE tags (id bigint PRIMARY KEY);\n"})
	r.Git("add", "-A")
	out, err := run("migguard-branch")
	if err == nil || !strings.Contains(out, "version 003 of 003_tags.sql is already used on develop by 003_pay.sql") {
		t.Fatalf("pre-commit run migguard-branch should fail on the staged duplicate: %v\n%s", err, out)
	}
	// The lint hook runs on the staged SQL file.
	r.Write(map[string]string{"db/migrations/003_tags.sql": "-- +goose Up\nCREATE INDEX tags_x ON users (id);\n"})
	r.Git("add", "-A")
	out, err = run("migguard-lint")
	if err == nil || !strings.Contains(out, "create-index-non-concurrently") {
		t.Fatalf("pre-commit run migguard-lint should report the index: %v\n%s", err, out)
	}
	// SQL outside the migration sets is not linted.
	r.Git("reset", "-q")
	r.Write(map[string]string{"queries/report.sql": "CREATE INDEX report_x ON users (id);\n"})
	r.Git("add", "queries/report.sql")
	if out, err := run("migguard-lint"); err != nil || strings.Contains(out, "create-index-non-concurrently") {
		t.Fatalf("pre-commit run migguard-lint should leave queries/report.sql alone: %v\n%s", err, out)
	}
	r.Git("rm", "-q", "--cached", "queries/report.sql")
	os.Remove(filepath.Join(r.Dir, "queries", "report.sql"))
	r.Git("add", "-A")
	// Renumbered, the commit passes.
	r.Git("mv", "db/migrations/003_tags.sql", "db/migrations/004_tags.sql")
	r.Write(map[string]string{"db/migrations/004_tags.sql": "-- +goose Up\nCREATE TABLE tags (id bigint PRIMARY KEY);\n"})
	r.Git("add", "-A")
	if out, err := run("migguard-branch"); err != nil {
		t.Fatalf("the renumbered migration should pass: %v\n%s", err, out)
	}
	r.Git("commit", "-q", "-m", "tags")

	// Push: the pushed commit is read from PRE_COMMIT_TO_REF, not from
	// the working tree, which here holds an unrelated change.
	r.Commit("second", map[string]string{"db/migrations/005_more.sql": "-- +goose Up\nCREATE TABLE more (id bigint PRIMARY KEY);\n"})
	pushed := r.Git("rev-parse", "HEAD")
	r.Git("checkout", "-q", "HEAD~1")
	stage := pc.stage(r.Dir)
	from := r.Git("rev-parse", "develop")
	out, err = run("migguard-branch", "--hook-stage", stage, "--from-ref", from, "--to-ref", pushed)
	if err == nil || !strings.Contains(out, "adds 2 migrations to db/migrations") {
		t.Fatalf("the push of two migrations should fail: %v\n%s", err, out)
	}
	out, err = run("migguard-branch", "--hook-stage", stage, "--from-ref", from, "--to-ref", r.Git("rev-parse", "HEAD"))
	if err != nil {
		t.Fatalf("the push of one migration should pass: %v\n%s", err, out)
	}
}

// allFiles runs the hooks as CI and pre-commit.ci do,
// `pre-commit run --all-files`, on a repository whose committed history
// holds a dangerous migration and where nothing is staged: migguard-lint
// must fail, with the golang hook and with the system hook run by a
// migguard on PATH; the system hook says so when migguard is not there.
func allFiles(t *testing.T, pc *preCommit) {
	r := gittest.New(t)
	r.Commit("init", map[string]string{
		"README.md":                   "shop\n",
		"db/migrations/001_users.sql": "-- +goose Up\nCREATE TABLE users (id bigint PRIMARY KEY);\n",
	})
	r.Commit("email", map[string]string{
		"db/migrations/002_email.sql": "-- +goose Up\nALTER TABLE users ADD COLUMN email text NOT NULL;\n",
	})
	out, err := pc.run(r.Dir, "migguard-lint", []string{"--all-files"})
	if err == nil || !strings.Contains(out, "db/migrations/002_email.sql:2:") || !strings.Contains(out, "add-column-required") {
		t.Fatalf("pre-commit run migguard-lint --all-files should fail on the committed migration: %v\n%s", err, out)
	}
	// Without --all-files nothing is staged, so nothing is linted.
	if out, err := pc.run(r.Dir, "migguard-lint", nil); err != nil || strings.Contains(out, "add-column-required") {
		t.Fatalf("with nothing staged migguard-lint should pass: %v\n%s", err, out)
	}

	bin := pc.builtBin(t)
	out, err = pc.run(r.Dir, "migguard-lint-system", []string{"--all-files"}, "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	if err == nil || !strings.Contains(out, "add-column-required") {
		t.Fatalf("migguard-lint-system --all-files should fail on the committed migration: %v\n%s", err, out)
	}
	if out, err := pc.run(r.Dir, "migguard-branch-system", []string{"--all-files"}, "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH")); err != nil {
		t.Fatalf("migguard-branch-system on develop itself should pass: %v\n%s", err, out)
	}
	out, err = pc.run(r.Dir, "migguard-lint-system", []string{"--all-files"}, "PATH=/usr/bin:/bin")
	if err == nil || !strings.Contains(out, "migguard") || !strings.Contains(out, "not found") {
		t.Fatalf("without migguard on PATH the system hook should fail saying so: %v\n%s", err, out)
	}
}
