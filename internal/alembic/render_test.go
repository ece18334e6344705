package alembic

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/rules"
)

// needAlembic returns the command that runs Alembic. Without Alembic the
// test is skipped, except in CI, where .ci/setup.d/alembic installs it.
func needAlembic(t *testing.T) []string {
	t.Helper()
	cmd, err := FindAlembic(os.Getenv)
	if err != nil {
		if ci := os.Getenv("CI"); ci != "" && ci != "false" && ci != "0" {
			t.Fatalf("CI must have Alembic (.ci/setup.d/alembic installs it): %v", err)
		}
		t.Skipf("Alembic is not installed (Debian python3-alembic): run .ci/setup.d/alembic, or set MIGGUARD_ALEMBIC_PYTHON: %v", err)
	}
	return cmd
}

func loadRendered(t *testing.T) *Set {
	t.Helper()
	p, err := FindProject(migrations.Dir("testdata/rendered"), ".")
	if err != nil {
		t.Fatal(err)
	}
	s, errs := Load(migrations.Dir("testdata/rendered"), p)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return s
}

const (
	revBooks   = "migrations/versions/a1000000000a_books_and_loans.py"
	revUpdated = "migrations/versions/b2000000000b_updated_at.py"
	revIndex   = "migrations/versions/c3000000000c_index_due.py"
)

// TestRenderOffline renders every revision of testdata/rendered with
// Alembic and lints the rendered SQL.
func TestRenderOffline(t *testing.T) {
	cmd := needAlembic(t)
	s := loadRendered(t)
	done, err := s.Render("testdata/rendered", Renderer{Command: cmd}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range done {
		ids = append(ids, r.ID)
	}
	if got := strings.Join(ids, " "); got != "a1000000000a b2000000000b c3000000000c" {
		t.Fatalf("rendered %s", got)
	}
	sql, _ := s.SQLOf(revBooks)
	if strings.Contains(sql, "alembic_version") || !strings.Contains(sql, "CREATE TABLE books") {
		t.Errorf("base revision SQL keeps the alembic_version bookkeeping or lost its statements:\n%s", sql)
	}
	fs := s.Lint(rules.Options{})
	type key struct {
		path, rule string
		line       int
	}
	got := map[key][]string{}
	for _, f := range fs {
		k := key{f.Path, f.Rule, f.Pos.Line}
		got[k] = append(got[k], f.Message)
		if f.Path == revBooks && f.Severity > rules.Info {
			t.Errorf("initial revision: %s: %s", f.Rule, f.Message)
		}
		if f.Rule == RuleNotAnalysed || f.Rule == "concurrently-in-transaction" {
			t.Errorf("%s:%d: %s: %s", f.Path, f.Pos.Line, f.Rule, f.Message)
		}
		if f.Path == revIndex && (f.Rule == "require-statement-timeout" || f.Rule == "unused-ignore") {
			t.Errorf("the # migguard:ignore comment in upgrade() was not applied: %s: %s", f.Rule, f.Message)
		}
		if strings.Contains(f.Message, "alembic_version") {
			t.Errorf("finding on Alembic's bookkeeping: %s: %s", f.Rule, f.Message)
		}
	}
	// The loop in upgrade() that static reading leaves alone renders as
	// two ALTER TABLE statements, both reported at `def upgrade`.
	req := got[key{revUpdated, "add-column-required", 17}]
	if len(req) != 2 || !strings.Contains(req[0]+req[1], `"books"`) || !strings.Contains(req[0]+req[1], `"loans"`) ||
		!strings.Contains(req[0], "of the SQL Alembic rendered)") {
		t.Errorf("add-column-required in the loop: %q\nall: %v", req, got)
	}
	idx := got[key{revIndex, "create-index-non-concurrently", 17}]
	if len(idx) != 1 || !strings.Contains(idx[0], "ix_books_title") || !strings.Contains(idx[0], "(line 11 of the SQL Alembic rendered)") {
		t.Errorf("create-index-non-concurrently: %q\nall: %v", idx, got)
	}
}

// TestRenderOnlyReported renders only the selected revision; the others
// keep migguard's translation for the schema replay.
func TestRenderOnlyReported(t *testing.T) {
	cmd := needAlembic(t)
	s := loadRendered(t)
	want := func(f *migrations.File) bool { return f.Path == revIndex }
	done, err := s.Render("testdata/rendered", Renderer{Command: cmd}, want)
	if err != nil {
		t.Fatal(err)
	}
	if len(done) != 1 || done[0].ID != "c3000000000c" || s.Rendered(revUpdated) || !s.Rendered(revIndex) {
		t.Fatalf("rendered %v", done)
	}
	for _, f := range s.Lint(rules.Options{Lint: want}) {
		if f.Path != revIndex {
			t.Errorf("reported on %s", f.Path)
		}
	}
}

// TestRenderFailures: a failing env.py and one that hangs are errors that
// name the revision file, never a silent fallback.
func TestRenderFailures(t *testing.T) {
	cmd := needAlembic(t)
	for _, c := range []struct {
		mode    string
		timeout time.Duration
		want    string
	}{
		{"fail", 0, "RuntimeError: cannot reach the settings service"},
		{"sleep", time.Second, "did not finish within 1s"},
	} {
		t.Run(c.mode, func(t *testing.T) {
			s := loadRendered(t)
			done, err := s.Render("testdata/rendered", Renderer{Command: cmd, Timeout: c.timeout, Env: []string{"MIGGUARD_TEST_ENV_MODE=" + c.mode}}, nil)
			var re *RenderError
			if !errors.As(err, &re) || len(done) != 0 {
				t.Fatalf("rendered %v, err %v", done, err)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, revBooks+":11: ") || !strings.Contains(msg, "alembic -c alembic.ini upgrade a1000000000a --sql") ||
				!strings.Contains(msg, c.want) {
				t.Errorf("error %q", msg)
			}
		})
	}
}

func TestFindAlembicBadPython(t *testing.T) {
	_, err := FindAlembic(func(k string) string {
		if k == "MIGGUARD_ALEMBIC_PYTHON" {
			return "/nonexistent/python3"
		}
		return ""
	})
	if err == nil || !strings.Contains(err.Error(), "MIGGUARD_ALEMBIC_PYTHON=/nonexistent/python3 cannot import alembic") {
		t.Errorf("err = %v", err)
	}
}

// TestRevisionSQL: of Alembic's output, only the revision's own statements
// and the transaction control stay; line numbers do not move.
func TestRevisionSQL(t *testing.T) {
	out := `BEGIN;

-- Running upgrade a1 -> b1

ALTER TABLE t ADD COLUMN x int;

UPDATE alembic_version SET version_num='b1' WHERE alembic_version.version_num = 'a1';

COMMIT;

BEGIN;

-- Running upgrade a1, b1 -> m1

CREATE INDEX i ON t (x);

DELETE FROM alembic_version WHERE alembic_version.version_num = 'b1';

UPDATE alembic_version SET version_num='m1' WHERE alembic_version.version_num = 'a1';

COMMIT;
`
	got, err := revisionSQL(out, "m1")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(got, "\n") != strings.Count(out, "\n") || strings.Contains(got, "ALTER TABLE") ||
		strings.Contains(got, "alembic_version") || !strings.Contains(got, "CREATE INDEX i ON t (x);") || strings.Count(got, "BEGIN;") != 2 {
		t.Errorf("got:\n%s", got)
	}
	if _, err := revisionSQL(out, "zz"); err == nil || !strings.Contains(err.Error(), "-> zz") {
		t.Errorf("missing section: err %v", err)
	}
}
