package migrations

import (
	"strings"
	"testing"
)

// FuzzLoad parses arbitrary text as a file of every format and checks that
// the result is well formed: no panic, parts as long as the file with
// every other byte blanked and line feeds kept, and problems inside the
// file.
func FuzzLoad(f *testing.F) {
	seeds := []string{
		"",
		"SELECT 1;\n",
		"\uFEFF-- +goose Up\r\nSELECT 1;\r\n-- +goose Down\r\nSELECT 2;\r\n",
		"-- +goose Up\n-- +goose StatementBegin\nCREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END; $$ LANGUAGE plpgsql;\n-- +goose StatementEnd\n-- +goose Down\nDROP FUNCTION f;\n",
		"-- +goose Down\n-- +goose Up\n-- +goose Up\n  -- +goose StatementEnd\n-- +goose Upp\n-- +GOOSE Down\nSELECT 1\n",
		"-- +goose NO TRANSACTION\n-- +goose Up\n-- +goose ENVSUB ON\nCREATE INDEX CONCURRENTLY i ON t (a);\n",
		"-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i ON t (a);\n-- migrate:down\nDROP INDEX i;\n",
		"CREATE TYPE x AS ENUM ('a');\n-- migrate:down\n-- migrate:up\n",
		"-- atlas:txmode none\n\nSELECT 1;\n",
		"-- atlas:txmode bogus\nSELECT 1;",
		"-- migguard:tx implicit\nBEGIN;\nCOMMIT;\n",
		"-- migguard:tx \n",
		"--",
		"\n\n\r\n",
		"SELECT 1;\n-- +migrate Up notransaction\nCREATE INDEX CONCURRENTLY i ON t (a);\n-- +migrate Down\nDROP INDEX i;\n-- +migrate up\n",
		"-- +migrate Up\n-- +migrate StatementBegin\nCREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END; $$ LANGUAGE plpgsql;\n",
		"CREATE TABLE {{.prefix}}widgets (id int);\n---- tern: disable-tx ----\n---- create above / drop below ----\nDROP TABLE {{.prefix}}widgets;\n",
		"CREATE TABLE {{ index .Options \"Namespace\" }}.users (id int DEFAULT '{{.X}}', a int[] DEFAULT '{{1,2},{3,4}}');\n{{ template \"x\" . }}{{/* c */}}{{- if .A -}}",
		"\\set ON_ERROR_STOP on\nCOPY t (a) FROM stdin;\n1\n\\.\nSELECT E'\\'', $x$ \\ $x$, \"a\\\"\n\\copy t from stdin\nx\n",
		"/* \\x */ -- \\y\n$$ \\ ",
	}
	for _, s := range seeds {
		f.Add("00001_x.sql", s)
	}
	f.Add("000123_add_x.down.sql", "DROP TABLE x;")
	f.Add("V1_2__x.sql", "SELECT 1;")
	f.Add("U1__x.sql", "SELECT 1;")
	f.Add("R__views.sql", "SELECT 1;")
	f.Add("2024-01-01-000000_x/down.sql", "DROP TABLE x;")
	f.Add("20240101000000_x/migration.sql", "CREATE INDEX CONCURRENTLY i ON t (a);")
	formats := append(append([]Format{}, Formats...), Single)
	f.Fuzz(func(t *testing.T, name, src string) {
		for _, format := range formats {
			file, err := ParseFile(format, "dir/"+name, []byte(src))
			if err != nil {
				if _, ok := err.(*InputError); !ok {
					t.Fatalf("%s: error %v is not an *InputError", format, err)
				}
				continue
			}
			if file.Src != src {
				t.Fatalf("%s: Src differs from the input", format)
			}
			checkParts(t, file)
		}
	})
}

// FuzzSqitchPlan reads arbitrary text as a Sqitch plan: no panic, problems
// and notes inside the text, messages that start lower-case.
func FuzzSqitchPlan(f *testing.F) {
	f.Add(sqitchPlanText)
	f.Add("%syntax-version=2\n%project=p\n\n@t 2024-01-01T10:00:00Z A <a@b>\na [b !c x:y d@t] 2024-01-01T10:00:00Z A <a@b>\n-a\n+a 2024-01-01T10:00:00Z A <a@b> # n\n")
	f.Add("\uFEFF%project=p\nx\n\n\n[")
	f.Fuzz(func(t *testing.T, src string) {
		p := parseSqitchPlan(src)
		for _, pr := range append(p.problems, p.notes...) {
			if pr.Offset < 0 || pr.Offset > len(src) {
				t.Fatalf("offset %d outside the plan (%d bytes): %s", pr.Offset, len(src), pr.Message)
			}
			if pr.Message == "" || pr.Message != strings.ToLower(pr.Message[:1])+pr.Message[1:] {
				t.Fatalf("message %q must start lower-case", pr.Message)
			}
		}
		for _, c := range p.changes {
			if c.name == "" || c.stem(func(string) bool { return false }) == "" {
				t.Fatalf("change without a name on line %d", c.line)
			}
		}
	})
}
