package migrations

import (
	"strings"
	"testing"

	"github.com/migguard/migguard/internal/pgparse"
)

// A meta-command line ends the statement before it, which then parses on
// its own; before, the two were one piece that did not parse.
func TestPsqlMetaCommandEndsStatement(t *testing.T) {
	src := "CREATE TABLE a (id int)\n\\set ON_ERROR_STOP on\nCREATE INDEX a_id ON a (id);\n\\connect other\nSELECT 1 \\gset\n"
	f, err := ParseFile(Plain, "db/x.sql", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	checkParts(t, f)
	var texts []string
	for _, s := range pgparse.Parse(f.Up) {
		if s.Err != nil {
			t.Fatalf("statement at %d does not parse: %v", s.Start, s.Err)
		}
		texts = append(texts, f.Src[s.Start:s.End])
	}
	if strings.Join(texts, "|") != "CREATE TABLE a (id int)|CREATE INDEX a_id ON a (id)|SELECT 1" {
		t.Errorf("statements %q", texts)
	}
	var notes []string
	for _, n := range f.Notes {
		notes = append(notes, n.Message)
	}
	want := `psql meta-command \set on line 2: psql meta-commands are not analysed|` +
		`psql meta-command \connect on line 4: migguard replays the statements after it into the same schema|` +
		`psql meta-command \gset on line 5: psql meta-commands are not analysed`
	if strings.Join(notes, "|") != want {
		t.Errorf("notes\n%s\nwant\n%s", strings.Join(notes, "|"), want)
	}
}

func TestPsqlCopyData(t *testing.T) {
	src := "COPY t (a, b) FROM stdin;\n1\t\\N\n2\tx;y\n\\.\nCREATE INDEX i ON t (a);\n" +
		"\\copy t from stdin with csv\n3,z\n\\.\n" +
		"/* COPY u FROM stdin */ SELECT 'COPY v FROM stdin;';\n"
	f, _ := ParseFile(Plain, "db/x.sql", []byte(src))
	checkParts(t, f)
	if strings.Contains(f.Up, `\N`) || strings.Contains(f.Up, "x;y") || strings.Contains(f.Up, "3,z") || !holds(t, f, f.Up, "CREATE INDEX i ON t (a);") {
		t.Errorf("up %q", f.Up)
	}
	var notes []string
	for _, n := range f.Notes {
		notes = append(notes, n.Message)
	}
	if strings.Join(notes, "|") != `the COPY data on lines 2-4 is not analysed|psql meta-command \copy on line 6: psql meta-commands are not analysed|the COPY data on lines 7-8 is not analysed` {
		t.Errorf("notes %q", notes)
	}
	for _, s := range pgparse.Parse(f.Up) {
		if s.Err != nil {
			t.Errorf("%q: %v", f.Src[s.Start:s.End], s.Err)
		}
	}
}

// Backslashes in strings, quoted identifiers, dollar quotes and comments
// are no meta-commands; formats that psql does not run keep theirs.
func TestPsqlLeavesSQLAlone(t *testing.T) {
	src := "SELECT E'it\\'s \\\\', 'a\\', \"b\\\", $$ \\x $$, $t$ \\y $t$; -- \\z\n/* \\w /* \\v */ */ SELECT 1;\n"
	f, _ := ParseFile(Plain, "db/x.sql", []byte(src))
	if f.Up != src || len(f.Notes) != 0 {
		t.Errorf("up %q, notes %+v", f.Up, f.Notes)
	}
	g, _ := ParseFile(Goose, "db/1_x.sql", []byte("-- +goose Up\n\\set x 1\nSELECT 1;\n"))
	if !strings.Contains(g.Up, `\set x 1`) || len(g.Notes) != 0 {
		t.Errorf("goose file: up %q, notes %+v", g.Up, g.Notes)
	}
}

// CopyData gives psql's COPY data back from the file, and nothing for a
// tool that does not read it.
func TestCopyDataForPsqlOnly(t *testing.T) {
	src := "COPY t (a) FROM stdin;\r\n1\r\n2\r\n\\.\r\nSELECT 1;\n"
	end := strings.Index(src, ";")
	for _, c := range []struct {
		format Format
		data   string
		ok     bool
	}{
		{Plain, "1\r\n2\r\n", true},
		{Sqitch, "1\r\n2\r\n", true},
		{Goose, "", false},
		{GolangMigrate, "", false},
	} {
		in := src
		if c.format == Goose {
			in = "-- +goose Up\n" + src
		}
		f, err := ParseFile(c.format, "db/1_a.up.sql", []byte(in))
		if err != nil {
			t.Fatal(err)
		}
		off := end + len(in) - len(src)
		data, ok := CopyData(f.Src, f.Up, off)
		if data != c.data || ok != c.ok {
			t.Errorf("%s: CopyData = %q, %v; want %q, %v", c.format, data, ok, c.data, c.ok)
		}
	}
	if _, ok := CopyData("COPY t FROM stdin;\n", "COPY t FROM stdin;\n", 17); ok {
		t.Error("a COPY without data lines gave data")
	}
}
