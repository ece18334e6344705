package migrations

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// problemLines returns "line: message" for each problem of f.
func problemLines(f *File) []string {
	var out []string
	for _, p := range f.Problems {
		out = append(out, strconv.Itoa(lineAt(f.Src, p.Offset))+": "+p.Message)
	}
	return out
}

// checkProblems matches each problem, in order, against "line: regexp".
func checkProblems(t *testing.T, f *File, want []string) {
	t.Helper()
	got := problemLines(f)
	if len(got) != len(want) {
		t.Fatalf("got %d problems, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i, w := range want {
		if !regexp.MustCompile("^" + w).MatchString(got[i]) {
			t.Errorf("problem %d = %q, want match for %q", i, got[i], w)
		}
	}
}

// kept returns the non-blank lines of a part, trimmed.
func kept(part string) []string {
	var out []string
	for _, l := range strings.Split(part, "\n") {
		if t := strings.TrimSpace(l); t != "" {
			out = append(out, t)
		}
	}
	return out
}

func TestParseGoose(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		up, down []string
		tx       TxMode
		txSource string
		problems []string
	}{
		{
			name: "well formed",
			src:  "-- comment\n-- +goose Up\nCREATE TABLE t (id int);\n-- +goose StatementBegin\nCREATE FUNCTION f() RETURNS int AS $$\nBEGIN RETURN 1; END;\n$$ LANGUAGE plpgsql;\n-- +goose StatementEnd\n\n-- +goose Down\nDROP TABLE t;\n",
			up:   []string{"CREATE TABLE t (id int);", "CREATE FUNCTION f() RETURNS int AS $$", "BEGIN RETURN 1; END;", "$$ LANGUAGE plpgsql;"},
			down: []string{"DROP TABLE t;"},
			tx:   TxWrapped, txSource: "goose default",
		},
		{
			name: "no transaction and case-insensitive annotations",
			src:  "-- +goose up\n-- +goose NO TRANSACTION\nCREATE INDEX CONCURRENTLY i ON t (a);\n-- +goose DOWN\nDROP INDEX i;\n",
			up:   []string{"CREATE INDEX CONCURRENTLY i ON t (a);"},
			down: []string{"DROP INDEX i;"},
			tx:   TxNone, txSource: "-- \\+goose NO TRANSACTION on line 2",
		},
		{
			name:     "missing up",
			src:      "-- just a comment\n\n",
			tx:       TxWrapped,
			problems: []string{"1: no -- \\+goose Up annotation"},
		},
		{
			name:     "statements but no up",
			src:      "\n\n-- a comment\nCREATE TABLE a (id int);\n",
			tx:       TxWrapped,
			problems: []string{"3: no -- \\+goose Up annotation"},
		},
		{
			name:     "statement before up",
			src:      "CREATE TABLE a (id int);\n-- +goose Up\nCREATE TABLE b (id int);\n",
			up:       []string{"CREATE TABLE b (id int);"},
			tx:       TxWrapped,
			problems: []string{"1: statement on line 1 before -- \\+goose Up"},
		},
		{
			name:     "down before up",
			src:      "-- +goose Down\nDROP TABLE t;\n-- +goose Up\nCREATE TABLE t (id int);\n",
			up:       []string{"CREATE TABLE t (id int);"},
			down:     []string{"DROP TABLE t;"},
			tx:       TxWrapped,
			problems: []string{"1: -- \\+goose Down on line 1 before -- \\+goose Up: goose rejects the file and would run nothing as up"},
		},
		{
			name:     "duplicate up",
			src:      "-- +goose Up\nSELECT 1;\n-- +goose Up\nSELECT 2;\n",
			up:       []string{"SELECT 1;", "SELECT 2;"},
			tx:       TxWrapped,
			problems: []string{"3: duplicate -- \\+goose Up on line 3 \\(the first is on line 1\\)"},
		},
		{
			name:     "statement begin without end",
			src:      "-- +goose Up\n-- +goose StatementBegin\nCREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\n",
			up:       []string{"CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;"},
			tx:       TxWrapped,
			problems: []string{"2: -- \\+goose StatementBegin on line 2 has no -- \\+goose StatementEnd"},
		},
		{
			name:     "statement end without begin",
			src:      "-- +goose Up\nSELECT 1;\n-- +goose StatementEnd\n",
			up:       []string{"SELECT 1;"},
			tx:       TxWrapped,
			problems: []string{"3: -- \\+goose StatementEnd on line 3 without a -- \\+goose StatementBegin"},
		},
		{
			name:     "unknown annotation",
			src:      "-- +goose Up\n-- +goose Upp\nSELECT 1;\n-- this +goose mention is read as an annotation\n",
			up:       []string{"SELECT 1;"},
			tx:       TxWrapped,
			problems: []string{`2: unknown goose annotation "-- \+goose Upp" on line 2`, `4: unknown goose annotation "-- this`},
		},
		{
			name:     "indented annotation",
			src:      "-- +goose Up\nSELECT 1;\n  -- +goose Down\nSELECT 2;\n",
			up:       []string{"SELECT 1;"},
			down:     []string{"SELECT 2;"},
			tx:       TxWrapped,
			problems: []string{`3: indented goose annotation "-- \+goose Down" \(annotations must start in column 1\) on line 3`},
		},
		{
			name:     "upper-case +GOOSE is a comment to goose",
			src:      "-- +goose Up\nSELECT 1;\n-- +GOOSE Down\nSELECT 2;\n",
			up:       []string{"SELECT 1;", "-- +GOOSE Down", "SELECT 2;"},
			tx:       TxWrapped,
			problems: []string{`3: "-- \+GOOSE Down" on line 3 is not a goose annotation: .*write -- \+goose Down`},
		},
		{
			name:     "envsub annotations are known",
			src:      "-- +goose Up\n-- +goose ENVSUB ON\nCREATE ROLE ${R};\n-- +goose ENVSUB OFF\n",
			up:       []string{"CREATE ROLE ${R};"},
			tx:       TxWrapped,
			problems: nil,
		},
		{
			name:     "missing semicolon before down",
			src:      "-- +goose Up\nSELECT 1\n-- +goose Down\nSELECT 2;\n",
			up:       []string{"SELECT 1"},
			down:     []string{"SELECT 2;"},
			tx:       TxWrapped,
			problems: []string{"2: statement starting on line 2 does not end with a semicolon at the end of a line before -- \\+goose Down"},
		},
		{
			name:     "semicolon followed by a line comment ends the statement",
			src:      "-- +goose Up\nSELECT 1; -- done\n",
			up:       []string{"SELECT 1; -- done"},
			tx:       TxWrapped,
			problems: nil,
		},
		{
			name:     "byte order mark",
			src:      "\uFEFF-- +goose Up\nSELECT 1;\n",
			up:       []string{"SELECT 1;"},
			tx:       TxWrapped,
			problems: []string{"1: file starts with a UTF-8 byte order mark"},
		},
		{
			name: "crlf",
			src:  "-- +goose Up\r\nSELECT 1;\r\n-- +goose Down\r\nSELECT 2;\r\n",
			up:   []string{"SELECT 1;"},
			down: []string{"SELECT 2;"},
			tx:   TxWrapped,
		},
		{
			name:     "migguard tx directive overrides",
			src:      "-- +goose Up\n-- migguard:tx implicit\nSELECT 1;\n",
			up:       []string{"-- migguard:tx implicit", "SELECT 1;"},
			tx:       TxImplicit,
			txSource: "-- migguard:tx implicit on line 2",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := ParseFile(Goose, "db/00001_x.sql", []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			checkParts(t, f)
			checkProblems(t, f, tt.problems)
			if got := kept(f.Up); strings.Join(got, "|") != strings.Join(tt.up, "|") {
				t.Errorf("up = %q, want %q", got, tt.up)
			}
			if got := kept(f.Down); strings.Join(got, "|") != strings.Join(tt.down, "|") {
				t.Errorf("down = %q, want %q", got, tt.down)
			}
			if f.Tx != tt.tx {
				t.Errorf("tx = %v, want %v", f.Tx, tt.tx)
			}
			if tt.txSource != "" && !regexp.MustCompile("^"+tt.txSource).MatchString(f.TxSource) {
				t.Errorf("tx source = %q, want %q", f.TxSource, tt.txSource)
			}
			if f.Version != "00001" || f.Name != "x" {
				t.Errorf("version, name = %q, %q", f.Version, f.Name)
			}
		})
	}
}

func TestParseDbmate(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		up, down []string
		tx       TxMode
		problems []string
	}{
		{
			name: "well formed",
			src:  "-- migrate:up\nCREATE TABLE t (id int);\n\n-- migrate:down\nDROP TABLE t;\n",
			up:   []string{"-- migrate:up", "CREATE TABLE t (id int);"},
			down: []string{"-- migrate:down", "DROP TABLE t;"},
			tx:   TxWrapped,
		},
		{
			name: "transaction false",
			src:  "-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i ON t (a);\n-- migrate:down\nDROP INDEX i;\n",
			up:   []string{"-- migrate:up transaction:false", "CREATE INDEX CONCURRENTLY i ON t (a);"},
			down: []string{"-- migrate:down", "DROP INDEX i;"},
			tx:   TxImplicit,
		},
		{
			name:     "no up",
			src:      "CREATE TABLE t (id int);\n",
			tx:       TxWrapped,
			problems: []string{"1: no -- migrate:up marker"},
		},
		{
			name:     "statement before up",
			src:      "-- header\nCREATE TYPE s AS ENUM ('a');\n-- migrate:up\nCREATE TABLE t (s s);\n-- migrate:down\n",
			up:       []string{"-- migrate:up", "CREATE TABLE t (s s);"},
			down:     []string{"-- migrate:down"},
			tx:       TxWrapped,
			problems: []string{"2: statement on line 2 before -- migrate:up"},
		},
		{
			name:     "down before up",
			src:      "-- migrate:down\nDROP TABLE t;\n-- migrate:up\nCREATE TABLE t (id int);\n",
			up:       []string{"-- migrate:up", "CREATE TABLE t (id int);"},
			down:     []string{"-- migrate:down", "DROP TABLE t;"},
			tx:       TxWrapped,
			problems: []string{"1: -- migrate:down on line 1 before -- migrate:up on line 3"},
		},
		{
			name:     "no down",
			src:      "-- migrate:up\nSELECT 1;\n",
			up:       []string{"-- migrate:up", "SELECT 1;"},
			tx:       TxWrapped,
			problems: []string{"1: no -- migrate:down marker"},
		},
		{
			name:     "byte order mark hides the marker",
			src:      "\uFEFF-- migrate:up\nSELECT 1;\n-- migrate:down\n",
			down:     []string{"-- migrate:down"},
			tx:       TxWrapped,
			problems: []string{"1: no -- migrate:up marker: .*byte order mark"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := ParseFile(Dbmate, "db/migrations/20240101000000_x.sql", []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			checkParts(t, f)
			checkProblems(t, f, tt.problems)
			if got := kept(f.Up); strings.Join(got, "|") != strings.Join(tt.up, "|") {
				t.Errorf("up = %q, want %q", got, tt.up)
			}
			if got := kept(f.Down); strings.Join(got, "|") != strings.Join(tt.down, "|") {
				t.Errorf("down = %q, want %q", got, tt.down)
			}
			if f.Tx != tt.tx {
				t.Errorf("tx = %v, want %v", f.Tx, tt.tx)
			}
		})
	}
}

func TestParseWholeFileFormats(t *testing.T) {
	tests := []struct {
		format   Format
		path     string
		src      string
		tx       TxMode
		down     bool // the file is a down file
		version  string
		problems []string
	}{
		{GolangMigrate, "m/000123_add_x.up.sql", "ALTER TABLE t ADD COLUMN x int;\n", TxImplicit, false, "000123", nil},
		{GolangMigrate, "m/000123_add_x.down.sql", "ALTER TABLE t DROP COLUMN x;\n", TxImplicit, true, "000123", nil},
		{Flyway, "sql/V1_2__add_x.sql", "ALTER TABLE t ADD COLUMN x int;\n", TxWrapped, false, "1.2", nil},
		{Flyway, "sql/U1_2__add_x.sql", "ALTER TABLE t DROP COLUMN x;\n", TxWrapped, true, "1.2", nil},
		{Flyway, "sql/R__views.sql", "CREATE OR REPLACE VIEW v AS SELECT 1;\n", TxWrapped, false, "", nil},
		{Atlas, "a/20240101000000_x.sql", "CREATE TABLE t (id int);\n", TxWrapped, false, "20240101000000", nil},
		{Atlas, "a/20240101000000_x.sql", "-- atlas:txmode none\n\nCREATE INDEX CONCURRENTLY i ON t (a);\n", TxNone, false, "20240101000000", nil},
		{Atlas, "a/20240101000000_x.sql", "-- atlas:txmode all\n\nSELECT 1;\n", TxWrapped, false, "20240101000000", nil},
		{Atlas, "a/20240101000000_x.sql", "-- atlas:txmode none\nCREATE INDEX CONCURRENTLY i ON t (a);\n", TxWrapped, false, "20240101000000",
			[]string{"1: -- atlas:txmode on line 1 is not followed by an empty line: atlas ignores it"}},
		{Atlas, "a/20240101000000_x.sql", "-- atlas:txmode never\n\nSELECT 1;\n", TxWrapped, false, "20240101000000",
			[]string{`1: unknown atlas txmode "never"`}},
		{Plain, "sql/01_init.sql", "BEGIN;\nCREATE TABLE t (id int);\nCOMMIT;\n", TxNone, false, "01", nil},
		{Single, "x.sql", "SELECT 1;\n", TxNone, false, "", nil},
		{Single, "x.sql", "-- migguard:tx wrapped\nSELECT 1;\n", TxWrapped, false, "", nil},
		{Single, "x.sql", "-- migguard:tx sometimes\nSELECT 1;\n", TxNone, false, "", []string{`1: -- migguard:tx "sometimes" on line 1 is not a transaction mode`}},
		{Plain, "sql/01_init.sql", "\uFEFFSELECT 1;\r\n", TxNone, false, "01", nil},
	}
	for _, tt := range tests {
		t.Run(string(tt.format)+"/"+tt.path, func(t *testing.T) {
			f, err := ParseFile(tt.format, tt.path, []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			checkParts(t, f)
			checkProblems(t, f, tt.problems)
			if f.Tx != tt.tx {
				t.Errorf("tx = %v (%s), want %v", f.Tx, f.TxSource, tt.tx)
			}
			if f.TxSource == "" {
				t.Error("no tx source")
			}
			if f.Version != tt.version {
				t.Errorf("version = %q, want %q", f.Version, tt.version)
			}
			whole := blankBOM(tt.src)
			if tt.down {
				if f.Down != whole || strings.TrimSpace(f.Up) != "" {
					t.Errorf("down file: up %q, down %q", f.Up, f.Down)
				}
			} else if f.Up != whole || f.Down != "" {
				t.Errorf("up = %q, down = %q; want the whole file as up", f.Up, f.Down)
			}
		})
	}
}

func TestParseFileInputErrors(t *testing.T) {
	big := make([]byte, MaxFileSize+1)
	for i := range big {
		big[i] = ' '
	}
	tests := []struct {
		name string
		src  []byte
		want string
	}{
		{"binary", []byte("SELECT 1;\x00\x01"), "binary file"},
		{"invalid utf-8", []byte("SELECT 1;\nSELECT '\xff';\n"), `invalid UTF-8 at byte 18 \(line 2\)`},
		{"too large", big, "larger than 64 MiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, format := range append(Formats, Single) {
				_, err := ParseFile(format, "x.sql", tt.src)
				var ie *InputError
				if !errors.As(err, &ie) {
					t.Fatalf("%s: err = %v, want *InputError", format, err)
				}
				if ie.Path != "x.sql" || !regexp.MustCompile(tt.want).MatchString(ie.Err) {
					t.Errorf("%s: err = %v, want %q", format, err, tt.want)
				}
			}
		})
	}
	if _, err := ParseFile("liquibase", "x.sql", []byte("SELECT 1;")); err == nil {
		t.Error("unknown format: no error")
	}
}

// checkParts checks the invariants of a parsed file: the parts have the
// length of the file, and each byte of a part is the file's byte, a space,
// or a blanked byte order mark; line feeds are kept everywhere.
func checkParts(t testing.TB, f *File) {
	t.Helper()
	for _, p := range []struct{ name, text string }{{"up", f.Up}, {"down", f.Down}} {
		if p.name == "down" && p.text == "" {
			continue
		}
		if len(p.text) != len(f.Src) {
			t.Fatalf("%s part has %d bytes, the file %d", p.name, len(p.text), len(f.Src))
		}
		for i := 0; i < len(p.text); i++ {
			c, s := p.text[i], f.Src[i]
			if s == '\n' && c != '\n' {
				t.Fatalf("%s part: line feed at %d blanked", p.name, i)
			}
			if c != s && c != ' ' && !inTemplate(f, i) && !(s == '\\' && c == ';') {
				t.Fatalf("%s part: byte %d is %q, file has %q", p.name, i, c, s)
			}
			if i < 3 && strings.HasPrefix(f.Src, bom) && c != ' ' {
				t.Fatalf("%s part: byte order mark not blanked", p.name)
			}
		}
	}
	for _, pr := range append(f.Problems, f.Notes...) {
		if pr.Offset < 0 || pr.Offset > len(f.Src) {
			t.Fatalf("problem offset %d outside the file (%d bytes): %s", pr.Offset, len(f.Src), pr.Message)
		}
		if pr.Message == "" || pr.Message != strings.ToLower(pr.Message[:1])+pr.Message[1:] {
			t.Fatalf("problem message %q must start lower-case", pr.Message)
		}
	}
}

// inTemplate reports whether byte i of f lies in a Go-template action read
// as an identifier, whose bytes the parts replace.
func inTemplate(f *File, i int) bool {
	for _, t := range f.Templates {
		if i >= t.Start-1 && i <= t.End {
			return true
		}
	}
	return false
}
