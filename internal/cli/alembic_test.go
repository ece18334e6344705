package cli

import (
	"strings"
	"testing"

	"github.com/migguard/migguard/internal/exitcode"
)

func alembicRev(id, down, body string) string {
	d := "None"
	if down != "" {
		d = `"` + down + `"`
	}
	return "from alembic import op\nimport sqlalchemy as sa\n\nrevision: str = \"" + id + "\"\ndown_revision = " + d +
		"\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade() -> None:\n" + body + "\n\n\ndef downgrade() -> None:\n    pass\n"
}

var alembicRepo = map[string]string{
	"alembic.ini":       "[alembic]\nscript_location = %(here)s/migrations\n",
	"migrations/env.py": "from alembic import context\n",
	"migrations/versions/0001_initial.py": alembicRev("0001_initial", "",
		"    op.create_table(\"users\", sa.Column(\"id\", sa.Integer(), primary_key=True), sa.Column(\"email\", sa.String(255)))\n"+
			"    op.create_index(\"ix_users_email\", \"users\", [\"email\"])"),
	"migrations/versions/0002_index.py": alembicRev("0002_index", "0001_initial",
		"    op.create_index(\"ix_users_email2\", \"users\", [\"email\"], postgresql_concurrently=True)"),
}

func TestLintAlembicDiscovered(t *testing.T) {
	root := repo(t, alembicRepo)
	code, out, errOut := run(t, root, "", "lint", "-format", "compact")
	if code != exitcode.Findings {
		t.Fatalf("exit %d; stdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	want := "migrations/versions/0002_index.py:11:5: error concurrently-in-transaction: "
	if !strings.Contains(out, want) {
		t.Errorf("output lacks %q:\n%s", want, out)
	}
	if strings.Contains(out, "0001_initial.py") {
		t.Errorf("the initial migration's index on its own table was flagged:\n%s", out)
	}
}

func TestLintAlembicConfiguredAndByFile(t *testing.T) {
	files := map[string]string{".migguard.yaml": "sets:\n  - path: migrations\n    format: alembic\n"}
	for k, v := range alembicRepo {
		files[k] = v
	}
	root := repo(t, files)
	code, out, _ := run(t, root, "", "lint", "-format", "compact")
	if code != exitcode.Findings || !strings.Contains(out, "0002_index.py:11:5: error concurrently-in-transaction") {
		t.Errorf("configured set: exit %d\n%s", code, out)
	}
	code, out, _ = run(t, root, "", "lint", "-format", "text", "migrations/versions/0002_index.py")
	if code != exitcode.Findings || !strings.Contains(out, `op.create_index("ix_users_email2"`) || !strings.Contains(out, "autocommit_block") {
		t.Errorf("one file: exit %d; want the Python line and the Alembic help\n%s", code, out)
	}
}

func TestAlembicCommand(t *testing.T) {
	files := map[string]string{}
	for k, v := range alembicRepo {
		files[k] = v
	}
	root := repo(t, files)
	code, out, errOut := run(t, root, "", "alembic", "heads")
	if code != exitcode.Clean || out != "0002_index\n" {
		t.Errorf("heads: exit %d out %q err %q", code, out, errOut)
	}
	files["migrations/versions/0003_a.py"] = alembicRev("0003_a", "0002_index", "    pass")
	files["migrations/versions/0003_b.py"] = alembicRev("0003_b", "0002_index", "    pass")
	files["migrations/versions/0004_bad.py"] = "revision = compute()\ndown_revision = '0003_a'\n"
	root = repo(t, files)
	code, out, errOut = run(t, root, "", "alembic", "heads")
	if code != exitcode.Findings || out != "0003_a\n0003_b\n" || !strings.Contains(errOut, "2 heads") ||
		!strings.Contains(errOut, "migrations/versions/0004_bad.py:1: revision is computed") {
		t.Errorf("two heads: exit %d out %q err %q", code, out, errOut)
	}
	code, out, _ = run(t, root, "", "alembic", "graph")
	if !strings.Contains(out, "0002_index <- 0001_initial (branch point)") || code != exitcode.Findings {
		t.Errorf("graph: exit %d\n%s", code, out)
	}
	code, out, _ = run(t, root, "", "alembic", "sql", "migrations/versions/0002_index.py")
	if !strings.Contains(out, "BEGIN;\nCREATE INDEX CONCURRENTLY ix_users_email2 ON users (email);\nCOMMIT;") {
		t.Errorf("sql: exit %d\n%s", code, out)
	}
}
