package alembic

import (
	"reflect"
	"strings"
	"testing"
)

// ignoreSrc holds `# migguard:…` comments that the grammar of package
// directive reads: a bare ignore-file (malformed, reported by the SQL
// side), tab separators, ignore-file above a call, and a comment that is
// not an ignore.
const ignoreSrc = "# migguard:ignore-file\n" +
	"# migguard:ignore-file\ta,b  the reason\n" +
	"# migguard:tx none\n" +
	"revision = 'b'\ndown_revision = None\n\n" +
	"def upgrade():\n" +
	"    # migguard:ignore-file drop-table above a call\n" +
	"    # migguard:ignore\tdrop-table tab-separated\n" +
	"    # migguard:tx none\n" +
	"    #migguard:ignored not an ignore\n" +
	"    op.drop_table('t')\n"

func commentTexts(cs []comment) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.text)
	}
	return out
}

func TestIgnoreCommentLines(t *testing.T) {
	m, err := readModule(ignoreSrc)
	if err != nil {
		t.Fatal(err)
	}
	fileWant := []string{
		"-- migguard:ignore-file",
		"-- migguard:ignore-file\ta,b  the reason",
		"-- migguard:ignore-file drop-table above a call",
	}
	if got := commentTexts(fileIgnores(ignoreSrc)); !reflect.DeepEqual(got, fileWant) {
		t.Errorf("fileIgnores = %q, want %q", got, fileWant)
	}
	tr := translate(m, "upgrade", nil)
	if len(tr.stmts) != 1 {
		t.Fatalf("statements %+v", tr.stmts)
	}
	// The ignore-file above the call is fileIgnores' alone: emitted once.
	before := []string{"-- migguard:ignore\tdrop-table tab-separated"}
	if got := commentTexts(tr.stmts[0].ignores); !reflect.DeepEqual(got, before) {
		t.Errorf("ignoresBefore = %q, want %q", got, before)
	}
	if c := tr.stmts[0].ignores[0]; c.tok.line != 9 || c.tok.off != strings.Index(ignoreSrc, "# migguard:ignore\tdrop-table") {
		t.Errorf("ignoresBefore position line %d offset %d", c.tok.line, c.tok.off)
	}
	gf, _ := generate(&Revision{ID: "b", Path: "v/b.py"}, m, &Project{}, nil)
	rendered := append(fileWant, "-- migguard:ignore-file\tdrop-table tab-separated")
	if got := commentTexts((&Set{}).upgradeIgnores(gf)); !reflect.DeepEqual(got, rendered) {
		t.Errorf("upgradeIgnores = %q, want %q", got, rendered)
	}
}
