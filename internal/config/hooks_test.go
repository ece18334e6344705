package config

import (
	"strings"
	"testing"
)

func TestBranchAndModelsKeys(t *testing.T) {
	c, err := Parse("x.yaml", []byte("branch:\n  max_migrations: 2\n  strict_formatting: true\n  allow_rebaseline: yes\nmodels: [\"app/**/*.py\"]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Branch.MaxMigrations != 2 || !c.Branch.StrictFormatting || !c.Branch.AllowRebaseline || len(c.Models) != 1 || c.Models[0] != "app/**/*.py" {
		t.Fatalf("got %+v %v", c.Branch, c.Models)
	}
	for src, want := range map[string]string{
		"branch:\n  max_migrations: 0\n":       "x.yaml:2: branch.max_migrations: want a whole number of at least 1",
		"branch:\n  maxmigrations: 2\n":        "x.yaml:2: branch.maxmigrations: unknown key",
		"branch: 3\n":                          "x.yaml:1: branch: want a mapping",
		"branch:\n  allow_rebaseline: maybe\n": "x.yaml:2: branch.allow_rebaseline: want true or false",
		"models: app\n":                        "x.yaml:1: models: want a list of glob patterns",
	} {
		_, err := Parse("x.yaml", []byte(src))
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%q: got %v, want %s…", src, err, want)
		}
	}
}
