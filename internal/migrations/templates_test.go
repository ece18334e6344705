package migrations

import (
	"strings"
	"testing"

	"github.com/migguard/migguard/internal/pgparse"
)

// Go-template actions are read as identifiers of their own length, so the
// file parses and every offset stays the file's.
func TestTemplatePlaceholders(t *testing.T) {
	src := "CREATE TABLE IF NOT EXISTS {{ index .Options \"Namespace\" }}.users (id int, tags int[] DEFAULT '{{1,2},{3,4}}');\n" +
		"{{/* a comment */}}{{- if .Audit }}\n" +
		"ALTER TABLE {{.Schema}}.users ADD COLUMN note text;\n" +
		"{{ end -}}\n" +
		"{{ template \"shared/v1.sql\" . }}\n"
	f, err := ParseFile(GolangMigrate, "db/1_users.up.sql", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	checkParts(t, f)
	for _, want := range []string{"EXISTS options_namespace_______________.users", "'{{1,2},{3,4}}'", "ALTER TABLE schema_____.users"} {
		if !strings.Contains(f.Up, want) {
			t.Errorf("up lacks %q:\n%s", want, f.Up)
		}
	}
	if strings.Contains(f.Up, "{{") && strings.Count(f.Up, "{{") != 1 {
		t.Errorf("actions left in %q", f.Up)
	}
	var keys []string
	for _, tp := range f.Templates {
		keys = append(keys, tp.Key)
	}
	if strings.Join(keys, ",") != "Options.Namespace,Schema" {
		t.Errorf("keys %v", keys)
	}
	if len(f.Notes) != 1 || f.Notes[0].Message != `{{ template "shared/v1.sql" . }} on line 5: the included template is not linted` {
		t.Errorf("notes %+v", f.Notes)
	}
	for _, s := range pgparse.Parse(f.Up) {
		if s.Err != nil {
			t.Errorf("%q: %v", f.Src[s.Start:s.End], s.Err)
		}
	}
}

// A configured value takes the place of its action without moving a byte.
func TestSetTemplateValues(t *testing.T) {
	src := "CREATE TABLE {{.Schema}}.a (id int);\n" +
		"CREATE TABLE {{.prefix}}widgets (id int);\n" +
		"SET search_path = '{{.Schema}}';\n" +
		"CREATE TABLE x{{.prefix}}y (id int);\n" +
		"CREATE TABLE {{.S}}.b (id int);\n"
	f, _ := ParseFile(Tern, "db/001_a.sql", []byte(src))
	f.SetTemplateValues(map[string]string{"Schema": "auth", "prefix": "app_", "S": "toolongforit"})
	checkParts(t, f)
	for _, want := range []string{
		"CREATE TABLE auth       .a (id int);",
		"CREATE TABLE        app_widgets (id int);",
		"SET search_path = 'auth'       ;",
		"CREATE TABLE xprefix_____y (id int);",
		"CREATE TABLE s_____.b (id int);",
	} {
		if !strings.Contains(f.Up, want) {
			t.Errorf("up lacks %q:\n%s", want, f.Up)
		}
	}
	var notes []string
	for _, n := range f.Notes {
		notes = append(notes, n.Message)
	}
	if strings.Join(notes, "|") != `the value "app_" of prefix on line 4 is shorter than the action, which identifiers touch on both sides: read as prefix_____|`+
		`the value "toolongforit" of S on line 5 is longer than the action: read as s_____` {
		t.Errorf("notes %q", notes)
	}
	if len(f.Up) != len(src) {
		t.Errorf("the up part has %d bytes, the file %d", len(f.Up), len(src))
	}
}
