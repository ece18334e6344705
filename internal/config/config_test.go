package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/rules"
)

func TestParse(t *testing.T) {
	src := `base_branch: main
pg_version: "14.3"
start_after: "100"
sets:
  - path: ./db/migrations/
    format: goose
    start_after: "20240101000000"
    tx: none
  - path: sql
rules:
  set-tablespace: off
  explicit-lock-table: info
  vacuum-full-or-cluster: on
ignore:
  - legacy/**
  - db/old
`
	c, err := Parse("x.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if c.BaseBranch != "main" || c.PG != (rules.Version{Major: 14, Minor: 3}) || c.StartAfter != "100" {
		t.Errorf("top level: %+v", c)
	}
	if len(c.Sets) != 2 || c.Sets[0].Path != "db/migrations" || c.Sets[0].Format != migrations.Goose ||
		c.Sets[0].StartAfter != "20240101000000" || !c.Sets[0].HasTx || c.Sets[0].Tx != migrations.TxNone || c.Sets[0].Line != 5 {
		t.Errorf("sets[0]: %+v", c.Sets)
	}
	if c.StartAfterFor(&c.Sets[1]) != "100" || c.StartAfterFor(&c.Sets[0]) != "20240101000000" {
		t.Errorf("start_after fallback wrong")
	}
	sev := c.Severities()
	if _, on := sev["set-tablespace"]; on {
		t.Errorf("set-tablespace still on")
	}
	if sev["explicit-lock-table"] != rules.Info || sev["vacuum-full-or-cluster"] != rules.Lookup("vacuum-full-or-cluster").Severity {
		t.Errorf("configured severities wrong: %v", sev)
	}
	if sev["syntax-error"] != rules.Error {
		t.Errorf("default severity lost: %v", sev["syntax-error"])
	}
	if !c.Ignored("legacy/a/b.sql") || !c.Ignored("db/old/1.sql") || c.Ignored("db/migrations/1.sql") {
		t.Errorf("ignore globs wrong")
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"rule:\n  x: off\n", "x.yaml:1: rule: unknown key"},
		{"pg_version: banana\n", `x.yaml:1: pg_version: invalid PostgreSQL version "banana"`},
		{"rules:\n  no-such-rule: off\n", "x.yaml:2: rules.no-such-rule: unknown rule id"},
		{"rules:\n  syntax-error: loud\n", `x.yaml:2: rules.syntax-error: unknown setting "loud"`},
		{"sets:\n  - format: goose\n", "x.yaml:2: sets[0]: a set needs a path"},
		{"sets:\n  - path: db\n    format: rails\n", `x.yaml:3: sets[0].format: unknown format "rails"`},
		{"sets:\n  - path: ../elsewhere\n", "x.yaml:2: sets[0].path: must be a directory inside the repository"},
		{"sets:\n  - path: db\n    tx: sometimes\n", `x.yaml:3: sets[0].tx: unknown transaction model "sometimes"`},
		{"sets: db\n", "x.yaml:1: sets: want a list"},
		{"pg_version: [15]\n", "x.yaml:1: pg_version: want a single value"},
		{"ignore:\n  - '[a'\n", `x.yaml:2: ignore: invalid glob pattern "[a"`},
		{"base_branch: a\nbase_branch: b\n", "base_branch"},
		{"a: [\n", "x.yaml:1: invalid YAML"},
		{"- 1\n", "x.yaml:1: the file must be a mapping"},
		{"template_values: [a]\n", "x.yaml:1: template_values: want a mapping of template keys to values"},
		{"template_values:\n  Schema: \"a b\"\n", `x.yaml:2: template_values.Schema: "a b" is not a value a template can stand for here`},
		{"sets:\n  - path: db\n    template_values: {Options: {Namespace: \"x;\"}}\n", `x.yaml:3: sets[0].template_values.Options.Namespace: "x;" is not a value`},
	} {
		_, err := Parse("x.yaml", []byte(tc.src))
		if err == nil || !strings.Contains(err.Error(), tc.want) || !IsError(err) {
			t.Errorf("Parse(%q) = %v, want error containing %q", tc.src, err, tc.want)
		}
	}
}

// template_values map keys to identifiers; nested mappings give dotted
// keys, as {{ index .Options "Namespace" }} names Options.Namespace.
func TestTemplateValues(t *testing.T) {
	c, err := Parse("x.yaml", []byte("template_values:\n  Schema: public\n  Options:\n    Namespace: auth\nsets:\n  - path: db\n    template_values: {prefix: app_}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.TemplateValues) != 2 || c.TemplateValues["Schema"] != "public" || c.TemplateValues["Options.Namespace"] != "auth" {
		t.Errorf("global values %v", c.TemplateValues)
	}
	if len(c.Sets[0].TemplateValues) != 1 || c.Sets[0].TemplateValues["prefix"] != "app_" {
		t.Errorf("set values %v", c.Sets[0].TemplateValues)
	}
}

func TestEmptyAndExample(t *testing.T) {
	c, err := Parse("x.yaml", nil)
	if err != nil || len(c.Sets) != 0 {
		t.Fatalf("empty file: %v %+v", err, c)
	}
	c, err = Parse("x.yaml", []byte(Example))
	if err != nil {
		t.Fatalf("Example does not parse: %v", err)
	}
	if c.BaseBranch != "develop" || c.PG.Major != 15 {
		t.Errorf("Example: %+v", c)
	}
	for _, f := range migrations.ConfigFormats {
		if !strings.Contains(Example, " "+string(f)+",") && !strings.Contains(Example, " "+string(f)+"\n") {
			t.Errorf("the Example does not name format %s", f)
		}
	}
}

func TestFind(t *testing.T) {
	root := t.TempDir()
	sub := filepath.Join(root, "a", "b")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(root, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	if f, r := Find(sub); f != "" || r != root {
		t.Errorf("no config: Find = %q, %q; want \"\", %q", f, r, root)
	}
	cfg := filepath.Join(root, FileName)
	if err := os.WriteFile(cfg, []byte("pg_version: 15\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if f, r := Find(sub); f != cfg || r != root {
		t.Errorf("Find = %q, %q; want %q, %q", f, r, cfg, root)
	}
	if _, err := Load(filepath.Join(root, "missing.yaml")); err == nil || !IsError(err) {
		t.Errorf("missing file: %v", err)
	}
}

// The strict preset turns on every rule that is off by default; rules:
// entries still win over it.
func TestPresetStrict(t *testing.T) {
	c, err := Parse(".migguard.yaml", []byte("preset: strict\nrules:\n  prefer-bigint: off\n  ban-char-field: error\n"))
	if err != nil {
		t.Fatal(err)
	}
	sev := c.Severities()
	for _, r := range rules.SQL() {
		_, on := sev[r.ID]
		switch {
		case r.ID == "prefer-bigint":
			if on {
				t.Error("prefer-bigint: off did not win over the preset")
			}
		case r.ID == "ban-char-field":
			if sev[r.ID] != rules.Error {
				t.Errorf("ban-char-field at %v, want error", sev[r.ID])
			}
		case r.Optional && !on:
			t.Errorf("the strict preset leaves %s off", r.ID)
		}
	}
	if _, err := Parse(".migguard.yaml", []byte("preset: lax\n")); err == nil || !strings.Contains(err.Error(), `unknown preset "lax": want strict`) {
		t.Errorf("unknown preset: %v", err)
	}
	if c, err := Parse(".migguard.yaml", []byte(strings.Replace(Example, "# preset: strict", "preset: strict", 1))); err != nil || c.Preset != "strict" {
		t.Errorf("the Example's preset line: %v, %q", err, c.Preset)
	}
}

func TestParseTimeZone(t *testing.T) {
	c, err := Parse("x.yaml", []byte("timezone: UTC\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.TimeZone != "UTC" {
		t.Errorf("TimeZone = %q, want UTC", c.TimeZone)
	}
	if _, err := Parse("x.yaml", []byte("timezone: [UTC]\n")); err == nil || !strings.Contains(err.Error(), "timezone: want a single value") {
		t.Errorf("list value: %v", err)
	}
}
