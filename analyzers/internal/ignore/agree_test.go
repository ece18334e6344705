package ignore

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"strings"
	"testing"

	"github.com/migguard/migguard/internal/alembic"
	"github.com/migguard/migguard/internal/directive"
	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/rules"
	"github.com/migguard/migguard/internal/treetest"
)

// outcome is what an ignore comment above a statement that drops a table
// does, in the words every language shares.
type outcome struct {
	Suppressed bool     // the drop-table finding is gone
	Reported   []string // invalid-ignore and unused-ignore findings, "rule: message"
}

// agreeCases are directive texts, written after each language's comment
// marker (-- in SQL, // in Go, # in Python), and what they do.
var agreeCases = []struct {
	text   string
	ids    []string
	reason string
	want   outcome
}{
	{"migguard:ignore drop-table the table is gone", []string{"drop-table"}, "the table is gone", outcome{true, nil}},
	{"migguard:ignore drop-table,truncate-table the table is gone", []string{"drop-table", "truncate-table"}, "the table is gone",
		outcome{true, []string{"unused-ignore: ignore directive for truncate-table matched no finding"}}},
	{"migguard:ignore drop-table, truncate-table spaced list", []string{"drop-table", "truncate-table"}, "spaced list",
		outcome{true, []string{"unused-ignore: ignore directive for truncate-table matched no finding"}}},
	{"migguard:ignore\tdrop-table\ttabs", []string{"drop-table"}, "tabs", outcome{true, nil}},
	{"migguard:ignore drop-table -- the reason", []string{"drop-table"}, "the reason", outcome{true, nil}},
	{"migguard:ignore drop-table see https://example.com/t", []string{"drop-table"}, "see https://example.com/t", outcome{true, nil}},
	{"migguard:ignore all the whole statement", []string{"all"}, "the whole statement", outcome{true, nil}},
	{"migguard:ignore-file drop-table the file drops it", []string{"drop-table"}, "the file drops it", outcome{true, nil}},
	{"migguard:ignore drop-table", []string{"drop-table"}, "",
		outcome{false, []string{"invalid-ignore: ignore directive for drop-table gives no reason"}}},
	{"migguard:ignore drop-table // only a note", []string{"drop-table"}, "",
		outcome{false, []string{"invalid-ignore: ignore directive for drop-table gives no reason"}}},
	{"migguard:ignore", nil, "", outcome{false, []string{"invalid-ignore: ignore directive names no rule"}}},
	{"migguard:ignore-file", nil, "", outcome{false, []string{"invalid-ignore: ignore directive names no rule"}}},
	{"migguard:ignored drop-table not a directive", nil, "", outcome{false, nil}},
	{"note: migguard:ignore drop-table not a directive", nil, "", outcome{false, nil}},
}

// TestLanguagesAgree feeds each directive text through migguard lint's SQL
// reader, the go vet analyzers' Go reader and the Alembic reader, and
// checks that all three honour and report it alike.
func TestLanguagesAgree(t *testing.T) {
	for _, c := range agreeCases {
		t.Run(c.text, func(t *testing.T) {
			if got := sqlOutcome(t, c.text); !reflect.DeepEqual(got, c.want) {
				t.Errorf("SQL: got %+v, want %+v", got, c.want)
			}
			got, dirs := goOutcome(t, c.text)
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("Go: got %+v, want %+v", got, c.want)
			}
			isDir := c.want.Suppressed || len(c.want.Reported) > 0
			checkParsed(t, "Go", dirs, c.ids, c.reason, isDir)
			got, emitted := pythonOutcome(t, c.text)
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("Python: got %+v, want %+v", got, c.want)
			}
			var pyDirs []*Directive
			for _, line := range strings.Split(emitted, "\n") {
				if d, ok := directive.Parse(line); ok {
					pyDirs = append(pyDirs, &Directive{IDs: d.IDs, Reason: d.Reason})
				}
			}
			checkParsed(t, "Python (the SQL it emits)", pyDirs, c.ids, c.reason, isDir)
		})
	}
}

// checkParsed compares the ids and reason a reader kept with the case's;
// a case that is not a directive (nothing suppressed, nothing reported)
// must leave nothing.
func checkParsed(t *testing.T, lang string, dirs []*Directive, ids []string, reason string, isDir bool) {
	t.Helper()
	switch {
	case !isDir && len(dirs) > 0:
		t.Errorf("%s: read %+v from a comment that is no directive", lang, *dirs[0])
	case isDir && len(dirs) != 1:
		t.Errorf("%s: read %d directives, want one", lang, len(dirs))
	case isDir && (fmt.Sprint(dirs[0].IDs) != fmt.Sprint(ids) || dirs[0].Reason != reason):
		t.Errorf("%s: read ids %q reason %q, want %q %q", lang, dirs[0].IDs, dirs[0].Reason, ids, reason)
	}
}

// directiveFindings turns lint findings of one file into an outcome.
func directiveFindings(fs []rules.Finding, path string) outcome {
	o := outcome{Suppressed: true}
	for _, f := range fs {
		switch {
		case f.Path != path:
		case f.Rule == "drop-table":
			o.Suppressed = false
		case f.Rule == InvalidID || f.Rule == UnusedID:
			o.Reported = append(o.Reported, f.Rule+": "+f.Message)
		}
	}
	return o
}

func sqlOutcome(t *testing.T, text string) outcome {
	t.Helper()
	create := "CREATE TABLE t (id int);\n"
	src := "-- " + text + "\nDROP TABLE t;\n"
	set := &migrations.Set{Dir: ".", Files: []*migrations.File{
		{Path: "1_create.sql", Version: "1", Src: create, Up: create},
		{Path: "2_drop.sql", Version: "2", Src: src, Up: src},
	}}
	return directiveFindings(rules.LintSet(set, rules.Options{}).Findings, "2_drop.sql")
}

// goOutcome applies the directive written above a call, as if an
// analyzer reported drop-table at the call, and returns what was read.
func goOutcome(t *testing.T, text string) (outcome, []*Directive) {
	t.Helper()
	src := "package p\n\nfunc f() {\n\t//" + text + "\n\tdropTable()\n}\n\nfunc dropTable() {}\n"
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	var call token.Pos
	ast.Inspect(f, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			call = c.Pos()
		}
		return true
	})
	s := Parse(fset, []*ast.File{f})
	o := outcome{Suppressed: s.Suppressed(call, "drop-table")}
	known := func(id string) bool { return rules.Lookup(id) != nil }
	for _, p := range s.Problems(known, known, true) {
		msg, _, _ := strings.Cut(p.Message, ": write //migguard:ignore")
		o.Reported = append(o.Reported, p.Rule+": "+msg)
	}
	return o, s.dirs
}

// pythonOutcome lints an Alembic revision whose upgrade() drops the table
// under the comment, and returns the SQL migguard made of it.
func pythonOutcome(t *testing.T, text string) (outcome, string) {
	t.Helper()
	root := treetest.Temp(t, map[string]string{
		"v/a.py": "revision = 'a'\ndown_revision = None\n\ndef upgrade():\n    op.create_table('t', sa.Column('id', sa.Integer()))\n",
		"v/b.py": "revision = 'b'\ndown_revision = 'a'\n\ndef upgrade():\n    # " + text + "\n    op.drop_table('t')\n",
	})
	p, err := alembic.FindProject(migrations.Dir(root), "v")
	if err != nil {
		t.Fatal(err)
	}
	s, errs := alembic.Load(migrations.Dir(root), p)
	if len(errs) > 0 || s == nil {
		t.Fatalf("load: %v", errs)
	}
	emitted := ""
	for _, f := range s.SQL.Files {
		if f.Path == "v/b.py" {
			emitted = f.Src
		}
	}
	return directiveFindings(s.Lint(rules.Options{}), "v/b.py"), emitted
}
