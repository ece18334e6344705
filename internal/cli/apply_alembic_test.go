package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/migguard/migguard/internal/exitcode"
	"github.com/migguard/migguard/internal/pgtest"
)

// alembicApplyRepo builds a git repository of an Alembic project whose
// main branch holds the base revision (users, with an enum) and whose
// feature branch adds the given revision files.
func alembicApplyRepo(t *testing.T, added map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	write := func(name, content string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git := func(args ...string) {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q", "-b", "main")
	write("alembic.ini", "[alembic]\nscript_location = migrations\n")
	write("migrations/versions/a1_users.py", `revision = "a1"
down_revision = None
from alembic import op
import sqlalchemy as sa


def upgrade():
    op.create_table("users", sa.Column("id", sa.BigInteger(), primary_key=True), sa.Column("email", sa.String(200), nullable=False))
    op.execute("CREATE TYPE plan AS ENUM ('free')")
    op.add_column("users", sa.Column("plan", sa.Enum(name="plan"), server_default="free", nullable=False))
`)
	git("add", ".")
	git("commit", "-q", "-m", "init")
	git("checkout", "-q", "-b", "feature")
	for name, content := range added {
		write("migrations/versions/"+name, content)
	}
	return dir
}

// applyJSON is the part of apply's JSON report the Alembic tests read.
type applyJSON struct {
	Failed bool `json:"failed"`
	Files  []struct {
		Path       string `json:"path"`
		Failed     bool   `json:"failed"`
		NotRun     bool   `json:"not_run"`
		Statements []struct {
			Line  int    `json:"line"`
			Text  string `json:"text"`
			InTx  bool   `json:"in_transaction"`
			Error *struct {
				Code string `json:"sqlstate"`
				Line int    `json:"line"`
				Rule string `json:"rule"`
			} `json:"error"`
		} `json:"statements"`
		Untranslated []struct {
			Line    int    `json:"line"`
			Message string `json:"message"`
		} `json:"untranslated"`
	} `json:"files"`
}

// TestApplyAlembicRequiredColumn proves on PostgreSQL that a revision
// adding a nullable=False column without server_default fails on a table
// holding rows, as the same SQL migration does, and that the failure is
// reported at the op.add_column line of the revision.
func TestApplyAlembicRequiredColumn(t *testing.T) {
	pgtest.URL(t)
	_, roleURL := pgtest.Role(t, "CREATEDB CREATEROLE")
	dir := alembicApplyRepo(t, map[string]string{"b2_country.py": `revision = "b2"
down_revision = "a1"
from alembic import op
import sqlalchemy as sa


def upgrade():
    op.add_column("users", sa.Column("country", sa.String(2), nullable=False))
`})
	code, out, errs := runIn(t, dir, "apply", "--database-url", roleURL, "--rows", "20")
	if code != exitcode.Findings {
		t.Fatalf("exit %d, want 1\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	for _, want := range []string{
		`migrations/versions/b2_country.py:8:1: error: column "country" of relation "users" contains null values (SQLSTATE 23502)`,
		"rule add-column-required: ",
		"1 of 1 new migration failed on a database holding data",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
}

// TestApplyAlembicAutocommitAndUntranslated proves a revision whose index
// is built in an autocommit_block (CREATE INDEX CONCURRENTLY outside any
// transaction), which commits a new enum value with op.execute("COMMIT")
// before using it, and which holds a call migguard does not translate:
// the revision applies, and the report lists the call as not applied.
func TestApplyAlembicAutocommitAndUntranslated(t *testing.T) {
	pgtest.URL(t)
	_, roleURL := pgtest.Role(t, "CREATEDB CREATEROLE")
	dir := alembicApplyRepo(t, map[string]string{"b2_plans.py": `revision = "b2"
down_revision = "a1"
from alembic import op
import sqlalchemy as sa


def upgrade():
    with op.get_context().autocommit_block():
        op.create_index("ix_users_email", "users", ["email"], postgresql_concurrently=True)
    op.execute("ALTER TYPE plan ADD VALUE 'pro'")
    op.execute("COMMIT")
    op.execute("UPDATE users SET plan = 'pro' WHERE id < 10")
    op.sync_enum_values("public", "plan", ["free", "pro"], [])
`})
	code, out, errs := runIn(t, dir, "apply", "--database-url", roleURL, "--rows", "20", "--format", "json")
	if code != exitcode.Clean {
		t.Fatalf("exit %d, want 0\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	var rep applyJSON
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(rep.Files) != 1 || rep.Files[0].Path != "migrations/versions/b2_plans.py" || rep.Files[0].Failed {
		t.Fatalf("files: %+v", rep.Files)
	}
	f := rep.Files[0]
	concurrently, update := false, false
	for _, s := range f.Statements {
		switch {
		case strings.HasPrefix(s.Text, "CREATE INDEX CONCURRENTLY"):
			concurrently = s.Line == 9 && !s.InTx
		case strings.HasPrefix(s.Text, "UPDATE users"):
			update = s.Line == 12 && s.InTx
		}
	}
	if !concurrently || !update {
		t.Errorf("the index must be built outside a transaction at line 9, the update inside one at line 12: %+v", f.Statements)
	}
	if len(f.Untranslated) != 1 || f.Untranslated[0].Line != 13 || !strings.Contains(f.Untranslated[0].Message, "op.sync_enum_values") {
		t.Errorf("untranslated: %+v", f.Untranslated)
	}
}
