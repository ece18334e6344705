package cli_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/migguard/migguard/internal/gitview/gittest"
)

const (
	safeTags = "-- +goose Up\nCREATE TABLE tags (id bigint PRIMARY KEY);\n"
	// riskyTags adds an index without CONCURRENTLY on a table that the
	// earlier migrations create.
	riskyTags = safeTags + "CREATE INDEX tags_users ON users (id);\n"
)

// lint -staged judges the index, not the working tree: an unstaged edit
// does not count, a staged one does, and the earlier migrations are
// replayed as the index holds them.
func TestLintStagedPartial(t *testing.T) {
	r := newShop(t)
	r.Git("checkout", "-q", "-b", "feature")

	// Nothing staged: nothing to say.
	expect(t, mg(t, r.Dir, nil, "lint", "-staged"), 0)

	// Staged safe, dangerous edit left unstaged.
	r.Write(map[string]string{"db/migrations/004_tags.sql": safeTags})
	r.Git("add", "db/migrations/004_tags.sql")
	r.Write(map[string]string{"db/migrations/004_tags.sql": riskyTags})
	res := mg(t, r.Dir, nil, "lint", "-staged")
	expect(t, res, 0)
	if res.stdout != "" {
		t.Errorf("the unstaged edit was reported:\n%s", res)
	}
	expect(t, mg(t, r.Dir, nil, "lint", "db/migrations/004_tags.sql"), 1, "create-index-non-concurrently")

	// Staged dangerous, working tree safe again (git add -p leftovers).
	r.Git("add", "db/migrations/004_tags.sql")
	r.Write(map[string]string{"db/migrations/004_tags.sql": safeTags})
	expect(t, mg(t, r.Dir, nil, "lint", "-staged"), 1, "db/migrations/004_tags.sql:3:", "create-index-non-concurrently")
	// The pre-commit framework's hook (no file names) does the same.
	expect(t, mg(t, r.Dir, []string{"PRE_COMMIT=1"}, "lint"), 1, "create-index-non-concurrently")

	// The earlier migrations come from the index too: users, dropped in
	// a working-tree edit of 001 that is not staged, is still there.
	r.Write(map[string]string{"db/migrations/001_users.sql": "-- +goose Up\nSELECT 1;\n"})
	res = mg(t, r.Dir, nil, "lint", "-staged")
	expect(t, res, 1, "create-index-non-concurrently")
	if strings.Contains(res.stdout, "001_users.sql") {
		t.Errorf("an unchanged migration was reported:\n%s", res)
	}
	r.Git("checkout", "--", "db/migrations/001_users.sql")
}

// SQL that is not part of a migration set is not linted by the hook, with
// and without configured sets.
func TestLintStagedIgnoresOtherSQL(t *testing.T) {
	r := newShop(t)
	r.Write(map[string]string{
		"queries/report.sql":      "CREATE INDEX report_users ON users (id);\n",
		"db/migrations/README.md": "migrations\n",
	})
	r.Git("add", "-A")
	res := mg(t, r.Dir, nil, "lint", "-staged")
	expect(t, res, 0)
	if res.stdout+res.stderr != "" {
		t.Errorf("a commit without migrations should pass silently:\n%s", res)
	}
	expect(t, mg(t, r.Dir, nil, "lint", "queries/report.sql"), 1, "create-index-non-concurrently")

	// With a configured set, staged SQL elsewhere is ignored, and the
	// set's own changes are linted.
	r.Write(map[string]string{".migguard.yaml": "sets:\n  - path: db/migrations\n    format: goose\n"})
	expect(t, mg(t, r.Dir, nil, "lint", "-staged"), 0)
	r.Write(map[string]string{"db/migrations/004_tags.sql": riskyTags})
	r.Git("add", "db/migrations/004_tags.sql")
	res = mg(t, r.Dir, nil, "lint", "-staged")
	expect(t, res, 1, "db/migrations/004_tags.sql", "create-index-non-concurrently")
	if strings.Contains(res.stdout, "report.sql") {
		t.Errorf("SQL outside the set was linted:\n%s", res)
	}
	// Paths are still linted as given; -staged takes none.
	expect(t, mg(t, r.Dir, nil, "lint", "-staged", "queries/report.sql"), 2, "take no paths")
}

// At push time lint reads the pushed commit, and reports the branch's
// migration files since the merge-base.
func TestLintPushedCommit(t *testing.T) {
	r := newShop(t)
	r.Git("checkout", "-q", "-b", "feature")
	r.Commit("tags", map[string]string{"db/migrations/004_tags.sql": riskyTags})
	pushed := r.Git("rev-parse", "HEAD")
	// The working tree holds a fix that is not committed.
	r.Write(map[string]string{"db/migrations/004_tags.sql": safeTags})
	line := "refs/heads/feature " + pushed + " refs/heads/feature " + strings.Repeat("0", 40) + "\n"
	res := mgStdin(t, r.Dir, line, nil, "lint", "-pre-push")
	expect(t, res, 1, "db/migrations/004_tags.sql:3:", "create-index-non-concurrently")
	expect(t, mg(t, r.Dir, []string{"PRE_COMMIT=1", "PRE_COMMIT_TO_REF=" + pushed, "PRE_COMMIT_LOCAL_BRANCH=refs/heads/feature"}, "lint"), 1, "create-index-non-concurrently")
	expect(t, mg(t, r.Dir, nil, "lint", "-head", "feature"), 1, "create-index-non-concurrently")
	expect(t, mg(t, r.Dir, nil, "lint", "-head", "develop"), 0)
	// A deleted ref is nothing to lint.
	del := "(delete) " + strings.Repeat("0", 40) + " refs/heads/old " + pushed + "\n"
	expect(t, mgStdin(t, r.Dir, del, nil, "lint", "-pre-push"), 0)
}

// git commit -a commits through a temporary index, which the installed
// native pre-commit hook lints; an unstaged edit does not block a commit.
func TestLintNativeHookCommitAll(t *testing.T) {
	r := newShop(t)
	r.Git("checkout", "-q", "-b", "feature")
	bin := filepath.Dir(migguardBin(t))
	path := []string{"PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH")}
	expect(t, mg(t, r.Dir, path, "hooks", "install"), 0, "wrote")
	gitEnv := func(args ...string) (string, error) {
		cmd := exec.Command("git", args...)
		cmd.Dir = r.Dir
		cmd.Env = gittest.Env(path...)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	r.Write(map[string]string{"db/migrations/004_tags.sql": safeTags})
	r.Git("add", "db/migrations/004_tags.sql")
	if out, err := gitEnv("commit", "-m", "tags"); err != nil {
		t.Fatalf("a safe migration was refused: %v\n%s", err, out)
	}
	// The dangerous edit stays unstaged: committing something else passes.
	r.Write(map[string]string{"db/migrations/004_tags.sql": riskyTags, "README.md": "shop v2\n"})
	r.Git("add", "README.md")
	if out, err := gitEnv("commit", "-m", "readme"); err != nil {
		t.Fatalf("an unstaged migration edit blocked the commit: %v\n%s", err, out)
	}
	// git commit -a takes it in, and the hook sees it.
	out, err := gitEnv("commit", "-a", "-m", "index")
	if err == nil || !strings.Contains(out, "create-index-non-concurrently") {
		t.Fatalf("git commit -a should be refused by the lint: %v\n%s", err, out)
	}
	if got := r.Git("log", "-1", "--format=%s"); got != "readme" {
		t.Fatalf("the refused commit was made: %s", got)
	}
}

// mgStdin runs migguard in dir with stdin, as git runs a pre-push hook.
func mgStdin(t *testing.T, dir, stdin string, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(migguardBin(t), args...)
	cmd.Dir = dir
	cmd.Env = gittest.Env(env...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb strings.Builder
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

// Alembic revision files are read from the index too, with the project's
// configuration and the other revisions.
func TestLintStagedAlembic(t *testing.T) {
	rev := func(id, down, body string) string {
		d := "None"
		if down != "" {
			d = `"` + down + `"`
		}
		return "from alembic import op\nimport sqlalchemy as sa\n\nrevision = \"" + id + "\"\ndown_revision = " + d +
			"\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade():\n" + body + "\n\n\ndef downgrade():\n    pass\n"
	}
	r := gittest.New(t)
	r.Commit("init", map[string]string{
		"alembic.ini":       "[alembic]\nscript_location = %(here)s/migrations\n",
		"migrations/env.py": "from alembic import context\n",
		"migrations/versions/0001_initial.py": rev("0001_initial", "",
			"    op.create_table(\"users\", sa.Column(\"id\", sa.Integer(), primary_key=True), sa.Column(\"email\", sa.String(255)))"),
		"app/models.py": "x = 1\n",
	})
	safe := rev("0002_index", "0001_initial", "    op.add_column(\"users\", sa.Column(\"note\", sa.Text()))")
	risky := rev("0002_index", "0001_initial", "    op.create_index(\"ix_users_email\", \"users\", [\"email\"], postgresql_concurrently=True)")
	r.Write(map[string]string{"migrations/versions/0002_index.py": safe, "app/models.py": "x = 2\n"})
	r.Git("add", "-A")
	r.Write(map[string]string{"migrations/versions/0002_index.py": risky})
	expect(t, mg(t, r.Dir, nil, "lint", "-staged"), 0)
	r.Git("add", "-A")
	expect(t, mg(t, r.Dir, nil, "lint", "-staged"), 1, "migrations/versions/0002_index.py:11:5: error concurrently-in-transaction")
}
