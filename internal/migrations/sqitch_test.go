package migrations

import (
	"strings"
	"testing"

	"github.com/migguard/migguard/internal/treetest"
)

const sqitchPlanText = `%syntax-version=1.0.0
%project=flipr
%uri=https://example.com/flipr/

zschema 2024-01-01T10:00:00Z Ann <ann@example.com> # the schema comes first, whatever its name
users [zschema] 2024-01-02T10:00:00Z Ann <ann@example.com> # a table
@v1.0 2024-01-03T10:00:00Z Ann <ann@example.com> # released
apples [users] 2024-01-04T10:00:00Z Ann <ann@example.com>
users [users@v1.0] 2024-01-05T10:00:00Z Ann <ann@example.com> # reworked
`

func sqitchTree(plan string) map[string]string {
	return map[string]string{
		"db/sqitch.plan":           plan,
		"db/sqitch.conf":           "[core]\n\tengine = pg\n",
		"db/deploy/zschema.sql":    "BEGIN;\nCREATE SCHEMA flipr;\nCOMMIT;\n",
		"db/revert/zschema.sql":    "DROP SCHEMA flipr;\n",
		"db/verify/zschema.sql":    "SELECT 1;\n",
		"db/deploy/users@v1.0.sql": "CREATE TABLE flipr.users (id int);\n",
		"db/revert/users@v1.0.sql": "DROP TABLE flipr.users;\n",
		"db/deploy/users.sql":      "ALTER TABLE flipr.users ADD COLUMN name text;\n",
		"db/revert/users.sql":      "ALTER TABLE flipr.users DROP COLUMN name;\n",
		"db/deploy/apples.sql":     "\\set ON_ERROR_STOP on\nCREATE TABLE flipr.apples (id int);\n",
		"db/deploy/orphan.sql":     "SELECT 1;\n",
		"db/verify/gone.sql":       "SELECT 1;\n",
	}
}

// Sqitch: the plan orders the changes, a reworked change keeps its first
// scripts as <name>@<tag>.sql, the revert scripts are the down files, and
// psql runs each script in autocommit.
func TestSqitchProject(t *testing.T) {
	set, errs := LoadDir(Dir(treetest.Temp(t, sqitchTree(sqitchPlanText))), "db", "")
	if len(errs) > 0 || set.Format != Sqitch {
		t.Fatalf("format %s, errors %v", set.Format, errs)
	}
	if got := paths(set.Files); got != "db/deploy/zschema.sql db/deploy/users@v1.0.sql db/deploy/apples.sql db/deploy/users.sql" {
		t.Errorf("order %s", got)
	}
	users := set.Files[1]
	if users.Version != "users@v1.0" || users.Name != "users" || users.DownFile == nil || users.DownFile.Down == "" || users.DownFile.Path != "db/revert/users@v1.0.sql" {
		t.Errorf("reworked change: version %q name %q down %+v", users.Version, users.Name, users.DownFile)
	}
	if users.Tx != TxNone || !strings.Contains(users.TxSource, "psql --file") {
		t.Errorf("tx %v (%s)", users.Tx, users.TxSource)
	}
	apples := set.Files[2]
	if len(apples.Notes) != 1 || !strings.Contains(apples.Notes[0].Message, `psql meta-command \set on line 1`) {
		t.Errorf("apples notes %+v", apples.Notes)
	}
	var others []string
	for _, o := range set.Others {
		others = append(others, o.Path+": "+o.Why+problems(o))
	}
	want := "db/sqitch.plan: \n" +
		`db/deploy/orphan.sql: orphan.sql is never run: sqitch.plan names no change "orphan", so sqitch never runs its deploy script` + "\n" +
		`db/verify/gone.sql: gone.sql is never run: sqitch.plan names no change "gone", so sqitch never runs its verify script`
	if strings.Join(others, "\n") != want {
		t.Errorf("others\n%s\nwant\n%s", strings.Join(others, "\n"), want)
	}
}

func TestSqitchPlanProblems(t *testing.T) {
	plan := "%syntax-version=2.0.0\n\n" +
		"a 2024-01-01T10:00:00Z Ann <ann@example.com>\n" +
		"b [nope] 2024-01-01T10:00:00Z Ann <ann@example.com>\n" +
		"a 2024-01-01T10:00:00Z Ann <ann@example.com>\n" +
		"c\n" +
		"missing 2024-01-01T10:00:00Z Ann <ann@example.com>\n" +
		"@v1 2024-01-01T10:00:00Z Ann <ann@example.com>\n" +
		"-a 2024-01-01T10:00:00Z Ann <ann@example.com>\n"
	files := map[string]string{"db/sqitch.plan": plan, "db/deploy/a.sql": "SELECT 1;", "db/deploy/b.sql": "SELECT 2;"}
	set, errs := LoadDir(Dir(treetest.Temp(t, files)), "db", Sqitch)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	meta := set.Others[0]
	got := problems(meta)
	for _, want := range []string{
		"the plan has no %project pragma: sqitch rejects the plan",
		`change "b" on line 4 requires "nope", which the plan does not declare before it`,
		`change "a" on line 5 is declared on line 3 since the last tag`,
		"line 6 of the plan has no timestamp or planner name and email",
		`change "missing" on line 7 has no deploy script deploy/missing.sql: sqitch deploy fails`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("problems lack %q:\n%s", want, got)
		}
	}
	if len(meta.Notes) != 2 || !strings.Contains(meta.Notes[0].Message, "%syntax-version=2.0.0 on line 1") ||
		!strings.Contains(meta.Notes[1].Message, "-a on line 9 reverts a change") {
		t.Errorf("notes %+v", meta.Notes)
	}
	for _, p := range meta.Problems {
		if l := lineAt(plan, p.Offset); !strings.Contains(p.Message, "line") && l != 1 {
			t.Errorf("%q at line %d", p.Message, l)
		}
	}
	if _, errs := LoadDir(Dir(treetest.Temp(t, map[string]string{"db/deploy/a.sql": "SELECT 1;"})), "db", Sqitch); len(errs) != 1 || !strings.Contains(errs[0].Error(), "db/sqitch.plan") {
		t.Errorf("a project without its plan: %v", errs)
	}
}
