package cli_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/migguard/migguard/internal/gitview/gittest"
)

// The end-to-end tests of the git-side checks build real repositories and
// run a migguard binary in them, as git hooks and CI do.

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// migguardBin builds cmd/migguard once per test binary.
func migguardBin(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "migguard-bin-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "migguard")
		out, err := exec.Command("go", "build", "-o", binPath, "github.com/migguard/migguard/cmd/migguard").CombinedOutput()
		if err != nil {
			buildErr = err
			binPath = string(out)
		}
	})
	if buildErr != nil {
		t.Fatalf("building migguard: %v\n%s", buildErr, binPath)
	}
	return binPath
}

type result struct {
	stdout, stderr string
	code           int
}

func (r result) String() string {
	return "exit " + string(rune('0'+r.code)) + "\n--- stdout\n" + r.stdout + "--- stderr\n" + r.stderr
}

// mg runs migguard in dir with extra environment.
func mg(t *testing.T, dir string, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(migguardBin(t), args...)
	cmd.Dir = dir
	cmd.Env = gittest.Env(env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{out.String(), errb.String(), code}
}

func goose(table string) string {
	return "-- +goose Up\nCREATE TABLE " + table + " (id bigint PRIMARY KEY);\n"
}

// newShop makes a repository whose develop has three goose migrations.
func newShop(t *testing.T) *gittest.Repo {
	r := gittest.New(t)
	r.Commit("init", map[string]string{
		"db/migrations/001_users.sql":  goose("users"),
		"db/migrations/002_orders.sql": goose("orders"),
		"README.md":                    "shop\n",
	})
	r.Commit("items", map[string]string{"db/migrations/003_items.sql": goose("items")})
	return r
}

func expect(t *testing.T, res result, code int, contains ...string) {
	t.Helper()
	if res.code != code {
		t.Fatalf("want exit %d, got %s", code, res)
	}
	all := res.stdout + res.stderr
	for _, c := range contains {
		if !strings.Contains(all, c) {
			t.Errorf("output lacks %q:\n%s", c, res)
		}
	}
}

func TestBranchOneMigrationOnTop(t *testing.T) {
	r := newShop(t)
	r.Git("checkout", "-q", "-b", "feature")
	r.Commit("tags", map[string]string{"db/migrations/004_tags.sql": goose("tags")})
	expect(t, mg(t, r.Dir, nil, "branch"), 0, "adds db/migrations/004_tags.sql")

	// A second migration on the same branch.
	r.Commit("more", map[string]string{"db/migrations/005_more.sql": goose("more")})
	expect(t, mg(t, r.Dir, nil, "branch"), 1, "branch-migration-count", "adds 2 migrations to db/migrations (at most 1 per branch): 004_tags.sql, 005_more.sql")
	expect(t, mg(t, r.Dir, nil, "branch", "-max-migrations", "2"), 0)
	r.Write(map[string]string{".migguard.yaml": "branch:\n  max_migrations: 2\n"})
	expect(t, mg(t, r.Dir, nil, "branch"), 0)
	os.Remove(filepath.Join(r.Dir, ".migguard.yaml"))

	// Develop moves on with a migration of its own: the branch is stale.
	r.Git("reset", "-q", "--hard", "HEAD~1")
	r.Git("checkout", "-q", "develop")
	r.Commit("payments", map[string]string{"db/migrations/004_payments.sql": goose("payments"), "db/migrations/005_refunds.sql": goose("refunds")})
	r.Git("checkout", "-q", "feature")
	res := mg(t, r.Dir, nil, "branch")
	expect(t, res, 1, "branch-duplicate-version", "version 004 of 004_tags.sql is already used on develop by 004_payments.sql",
		"develop gained 2 migration(s) in db/migrations")

	// Rebase and renumber: clean again.
	r.Git("rebase", "-q", "develop")
	r.Git("mv", "db/migrations/004_tags.sql", "db/migrations/006_tags.sql")
	r.Git("commit", "-q", "-m", "renumber")
	expect(t, mg(t, r.Dir, nil, "branch"), 0, "adds db/migrations/006_tags.sql")
}

func TestBranchStaleOrder(t *testing.T) {
	r := newShop(t)
	r.Git("checkout", "-q", "-b", "feature", "HEAD~1")
	r.Commit("x", map[string]string{"db/migrations/003_zz.sql": goose("zz")})
	r.Git("checkout", "-q", "develop")
	r.Commit("d", map[string]string{"db/migrations/010_late.sql": goose("late")})
	r.Git("checkout", "-q", "feature")
	// 003_zz.sql would be a duplicate version; name it 004 instead.
	r.Git("mv", "db/migrations/003_zz.sql", "db/migrations/004_zz.sql")
	r.Git("commit", "-q", "-m", "rename own migration")
	res := mg(t, r.Dir, nil, "branch")
	expect(t, res, 1, "branch-stale-migration", "004_zz.sql sorts before 010_late.sql, the newest migration on develop",
		"develop gained 010_late.sql after this branch forked", "rename it to a version after 010 (011)")
	// The rename of the branch's own migration is not a second migration.
	if strings.Contains(res.stdout, "branch-migration-count") {
		t.Errorf("a rename counted as a second migration:\n%s", res)
	}
}

func TestBranchEditsMergedMigrations(t *testing.T) {
	r := newShop(t)
	r.Git("checkout", "-q", "-b", "feature")
	// Reformatting only: information, exit 0.
	r.Commit("fmt", map[string]string{"db/migrations/001_users.sql": "-- +goose Up\n-- the users\nCREATE TABLE users (\n  id bigint PRIMARY KEY\n);\n"})
	expect(t, mg(t, r.Dir, nil, "branch"), 0, "branch-reformats-merged-migration")
	expect(t, mg(t, r.Dir, nil, "branch", "-strict-formatting"), 1, "branch-reformats-merged-migration")
	// A real edit, a rename and a deletion.
	r.Commit("edit", map[string]string{"db/migrations/002_orders.sql": goose("orders2")})
	r.Git("mv", "db/migrations/003_items.sql", "db/migrations/007_items.sql")
	r.Git("rm", "-q", "db/migrations/001_users.sql")
	res := mg(t, r.Dir, nil, "branch", "-staged")
	expect(t, res, 1, "this branch edits db/migrations/002_orders.sql", "this branch renames db/migrations/003_items.sql",
		"this branch deletes db/migrations/001_users.sql")
}

func TestBranchMergedBaseIntoItself(t *testing.T) {
	r := newShop(t)
	r.Git("checkout", "-q", "-b", "feature")
	r.Commit("f", map[string]string{"db/migrations/005_tags.sql": goose("tags")})
	r.Git("checkout", "-q", "develop")
	r.Commit("d", map[string]string{"db/migrations/004_pay.sql": goose("pay")})
	r.Git("checkout", "-q", "feature")
	r.Git("merge", "-q", "--no-edit", "develop")
	// The merge commit's first-parent diff would show 004_pay.sql as new;
	// the branch adds only 005_tags.sql, which is on top.
	expect(t, mg(t, r.Dir, nil, "branch"), 0, "adds db/migrations/005_tags.sql")
	// A branch that is merely behind adds nothing.
	r.Git("checkout", "-q", "-b", "behind", "develop~1")
	expect(t, mg(t, r.Dir, nil, "branch"), 0, "no migration set changed")
}

func TestBranchMergeInProgress(t *testing.T) {
	r := newShop(t)
	r.Git("checkout", "-q", "-b", "feature")
	r.Commit("f", map[string]string{"db/migrations/004_tags.sql": goose("tags"), "README.md": "feature\n"})
	r.Git("checkout", "-q", "develop")
	r.Commit("d", map[string]string{"db/migrations/004_pay.sql": goose("pay"), "README.md": "develop\n"})
	r.Git("checkout", "-q", "feature")
	if _, err := r.TryGit("merge", "develop"); err == nil {
		t.Fatal("the merge should conflict on README.md")
	}
	expect(t, mg(t, r.Dir, nil, "branch", "-staged"), 2, "unmerged paths (README.md)")
	r.Write(map[string]string{"README.md": "both\n"})
	r.Git("add", "README.md")
	// The merge result is checked against develop: 004_tags.sql now
	// collides with develop's 004_pay.sql.
	expect(t, mg(t, r.Dir, nil, "branch", "-staged"), 1, "a merge is in progress", "version 004 of 004_tags.sql is already used on develop")
}

func TestBranchSquashMerged(t *testing.T) {
	r := newShop(t)
	r.Git("checkout", "-q", "-b", "feature")
	r.Commit("f", map[string]string{"db/migrations/004_tags.sql": goose("tags")})
	r.Git("checkout", "-q", "develop")
	r.Git("merge", "-q", "--squash", "feature")
	r.Git("commit", "-q", "-m", "squash feature")
	r.Git("checkout", "-q", "feature")
	expect(t, mg(t, r.Dir, nil, "branch"), 0, "already on develop with the same content")
}

func TestBranchDetachedHeadInCI(t *testing.T) {
	up := newShop(t)
	up.Git("checkout", "-q", "-b", "feature")
	up.Commit("f", map[string]string{"db/migrations/003_dup.sql": goose("dup")})
	clone := t.TempDir()
	up.Git("clone", "-q", "--no-local", up.Dir, clone)
	c := gittest.At(t, clone)
	c.Git("checkout", "-q", "--detach", "origin/feature")
	c.Git("branch", "-q", "-D", "feature")
	c.Git("checkout", "-q", "--detach", "origin/feature")
	expect(t, mg(t, clone, nil, "branch"), 1, "HEAD (detached at", "branch-duplicate-version")
	// A CI checkout without the base branch says how to fetch it.
	c.Git("update-ref", "-d", "refs/remotes/origin/develop")
	c.Git("update-ref", "-d", "refs/heads/develop")
	expect(t, mg(t, clone, nil, "branch"), 2, "base branch not found", "git fetch origin develop", "fetch-depth: 0")
	expect(t, mg(t, clone, []string{"GITHUB_BASE_REF=main"}, "branch"), 2, "git fetch origin main")
}

func TestBranchShallowClone(t *testing.T) {
	up := newShop(t)
	for i := 0; i < 3; i++ {
		up.Commit("d", map[string]string{"README.md": strings.Repeat("x", i+2)})
	}
	up.Git("checkout", "-q", "-b", "feature", "develop~3")
	up.Commit("f", map[string]string{"db/migrations/004_tags.sql": goose("tags")})
	clone := t.TempDir()
	up.Git("clone", "-q", "--no-local", "--depth=1", "--no-single-branch", "-b", "feature", up.Dir, clone)
	res := mg(t, clone, nil, "branch")
	expect(t, res, 2, "shallow clone", "git fetch --deepen", "fetch-depth: 0")
	gittest.At(t, clone).Git("fetch", "-q", "--deepen=10")
	expect(t, mg(t, clone, nil, "branch"), 0, "adds db/migrations/004_tags.sql")
}

func TestBranchUnbornAndOrphan(t *testing.T) {
	r := gittest.New(t)
	r.Write(map[string]string{"db/migrations/001_a.sql": goose("a")})
	r.Git("add", "-A")
	expect(t, mg(t, r.Dir, nil, "branch", "-staged"), 0, "initial commit of develop")
	expect(t, mg(t, r.Dir, nil, "branch"), 2, "no commits yet")
	r.Git("commit", "-q", "-m", "a")
	r.Git("checkout", "-q", "--orphan", "other")
	expect(t, mg(t, r.Dir, nil, "branch", "-staged"), 2, "orphan branch", "git switch -c other develop")
}

func TestBranchLinkedWorktree(t *testing.T) {
	r := newShop(t)
	wt := filepath.Join(t.TempDir(), "wt")
	r.Git("worktree", "add", "-q", "-b", "feature", wt)
	w := gittest.At(t, wt)
	w.Commit("f", map[string]string{"db/migrations/004_a.sql": goose("a")})
	w.Write(map[string]string{"db/migrations/005_b.sql": goose("b")})
	w.Git("add", "-A")
	expect(t, mg(t, filepath.Join(wt, "db"), nil, "branch", "-staged"), 1, "adds 2 migrations")
	expect(t, mg(t, wt, nil, "branch"), 0, "adds db/migrations/004_a.sql")
}

// Native hooks: git commit -a stages into a temporary index
// (GIT_INDEX_FILE); pre-push reads the pushed refs from stdin.
func TestNativeHooks(t *testing.T) {
	bare := t.TempDir()
	up := newShop(t)
	gittest.At(t, bare).Git("init", "-q", "--bare")
	up.Git("remote", "add", "origin", bare)
	up.Git("push", "-q", "origin", "develop")
	up.Git("fetch", "-q")
	up.Git("checkout", "-q", "-b", "feature")

	// A foreign hook is left alone without -force.
	hook := filepath.Join(up.Dir, ".git", "hooks", "pre-commit")
	os.MkdirAll(filepath.Dir(hook), 0o755)
	os.WriteFile(hook, []byte("#!/bin/sh\necho mine\n"), 0o755)
	expect(t, mg(t, up.Dir, nil, "hooks", "install"), 2, "was not written by migguard", "-force")
	if data, _ := os.ReadFile(hook); string(data) != "#!/bin/sh\necho mine\n" {
		t.Fatal("the foreign hook was changed")
	}
	bin := filepath.Dir(migguardBin(t))
	path := []string{"PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH")}
	expect(t, mg(t, up.Dir, path, "hooks", "install", "-force"), 0, "migguard-backup", "wrote")
	expect(t, mg(t, up.Dir, path, "hooks", "install"), 0, "wrote") // its own hooks are replaced

	gitEnv := func(args ...string) (string, error) {
		cmd := exec.Command("git", args...)
		cmd.Dir = up.Dir
		cmd.Env = gittest.Env(path...)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	// Edit a merged migration in the working tree only: git commit -a
	// stages it into .git/index.lock, which the hook must read.
	up.Write(map[string]string{"db/migrations/002_orders.sql": goose("orders_v2")})
	if out, err := gitEnv("commit", "-a", "-m", "edit"); err == nil || !strings.Contains(out, "this branch edits db/migrations/002_orders.sql") {
		t.Fatalf("git commit -a should be refused by the hook: %v\n%s", err, out)
	}
	up.Git("checkout", "--", ".")
	up.Write(map[string]string{"db/migrations/004_tags.sql": goose("tags")})
	up.Git("add", "-A")
	if out, err := gitEnv("commit", "-m", "tags"); err != nil {
		t.Fatalf("a good commit was refused: %v\n%s", err, out)
	}
	// Develop gains 004 on the remote; the feature push is refused.
	other := t.TempDir()
	up.Git("clone", "-q", "-b", "develop", bare, other)
	o := gittest.At(t, other)
	o.Commit("pay", map[string]string{"db/migrations/004_pay.sql": goose("pay")})
	o.Git("push", "-q", "origin", "develop")
	up.Git("fetch", "-q")
	out, err := gitEnv("push", "origin", "feature")
	if err == nil || !strings.Contains(out, "already used on origin/develop by 004_pay.sql") {
		t.Fatalf("the push should be refused: %v\n%s", err, out)
	}
	up.Git("rebase", "-q", "origin/develop")
	up.Git("mv", "db/migrations/004_tags.sql", "db/migrations/005_tags.sql")
	if out, err := gitEnv("commit", "-m", "renumber"); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if out, err := gitEnv("push", "origin", "feature"); err != nil {
		t.Fatalf("the fixed push was refused: %v\n%s", err, out)
	}
}

func TestModels(t *testing.T) {
	r := newShop(t)
	r.Commit("models", map[string]string{"internal/store/models.go": "package store\n\ntype User struct {\n\tID int64 `db:\"id\"`\n}\n"})
	r.Git("checkout", "-q", "-b", "feature")
	r.Commit("comment", map[string]string{"internal/store/models.go": "package store\n\n// User is a user.\ntype User struct {\n\tID int64 `db:\"id\"`\n}\n"})
	expect(t, mg(t, r.Dir, nil, "models", "-models", "internal/store/*.go"), 0, "0 schema change(s)")
	r.Commit("field", map[string]string{"internal/store/models.go": "package store\n\n// User is a user.\ntype User struct {\n\tID int64 `db:\"id\"`\n\tEmail string `db:\"email\"`\n}\n"})
	res := mg(t, r.Dir, nil, "models", "-models", "internal/store/*.go")
	expect(t, res, 1, "internal/store/models.go:6:1", "model-without-migration", "model User.Email changed (field added) but feature adds no migration")
	r.Write(map[string]string{".migguard.yaml": "models: [\"internal/store/*.go\"]\n"})
	r.Write(map[string]string{"db/migrations/004_email.sql": "-- +goose Up\nALTER TABLE users ADD COLUMN email text;\n"})
	r.Git("add", "-A")
	expect(t, mg(t, r.Dir, []string{"PRE_COMMIT=1"}, "models"), 0, "come with the branch's migration db/migrations/004_email.sql")
}

func TestBranchAlembic(t *testing.T) {
	rev := func(id, down string) string {
		d := "None"
		if down != "" {
			d = "'" + down + "'"
		}
		return "\"\"\"" + id + "\"\"\"\nfrom alembic import op\n\nrevision = '" + id + "'\ndown_revision = " + d + "\n\n\ndef upgrade():\n    op.execute('SELECT 1')\n"
	}
	r := gittest.New(t)
	r.Commit("init", map[string]string{
		"alembic/env.py":              "# env\n",
		"alembic/versions/a1_init.py": rev("a1", ""),
		"alembic/versions/b2_next.py": rev("b2", "a1"),
	})
	r.Git("checkout", "-q", "-b", "feature")
	r.Commit("f", map[string]string{"alembic/versions/c3_feat.py": rev("c3", "b2")})
	expect(t, mg(t, r.Dir, nil, "branch"), 0, "adds alembic/versions/c3_feat.py")
	r.Git("checkout", "-q", "develop")
	r.Commit("d", map[string]string{"alembic/versions/d4_dev.py": rev("d4", "b2")})
	r.Git("checkout", "-q", "feature")
	expect(t, mg(t, r.Dir, nil, "branch"), 1, "branch-stale-migration", "develop gained d4", "set down_revision = 'd4'")
	// ruff-style reformatting of a merged revision is allowed.
	r.Commit("fmt", map[string]string{"alembic/versions/a1_init.py": strings.ReplaceAll(rev("a1", ""), "'", "\"") + "\n"})
	res := mg(t, r.Dir, nil, "branch")
	expect(t, res, 1, "branch-reformats-merged-migration")
}
