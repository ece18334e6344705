package golangci_test

import (
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"

	"github.com/migguard/migguard/analyzers/golangci"
	"github.com/migguard/migguard/analyzers/migrationset"
	"github.com/migguard/migguard/analyzers/modelschema"
)

func newPlugin(t *testing.T, conf any) (register.LinterPlugin, error) {
	t.Helper()
	mk, err := register.GetPlugin(golangci.Name)
	if err != nil {
		t.Fatal(err)
	}
	return mk(conf)
}

func TestSettings(t *testing.T) {
	defer func() {
		for _, f := range []string{"dir", "config", "pg"} {
			_ = migrationset.Analyzer.Flags.Set(f, "")
		}
		migrationset.ReportInGo = false
		_ = modelschema.Analyzer.Flags.Set("strict", "false")
	}()
	// Keys arrive lower-cased from golangci-lint's configuration reader.
	p, err := newPlugin(t, map[string]any{
		"analyzers": []any{"modelschema"},
		"dir":       []any{"db/migrations", "legacy/migrations"},
		"pg":        "15",
		"strict":    true,
	})
	if err != nil {
		t.Fatal(err)
	}
	as, err := p.BuildAnalyzers()
	if err != nil || len(as) != 2 || as[0].Name != "modelschema" || !strings.HasPrefix(as[1].Name, "migguardinputs_") {
		t.Fatalf("BuildAnalyzers = %v, %v; want [modelschema migguardinputs_<key>]", as, err)
	}
	if p.GetLoadMode() != register.LoadModeTypesInfo {
		t.Errorf("load mode %q", p.GetLoadMode())
	}
	if got := migrationset.Analyzer.Flags.Lookup("dir").Value.String(); got != "db/migrations,legacy/migrations" {
		t.Errorf("-migrationset.dir = %q", got)
	}
	if got := modelschema.Analyzer.Flags.Lookup("strict").Value.String(); got != "true" {
		t.Errorf("-modelschema.strict = %q", got)
	}
	// golangci-lint drops findings outside Go files (its invalid_issue
	// processor): the plugin has them reported at Go lines.
	if !migrationset.ReportInGo {
		t.Error("the plugin leaves findings in .sql files, which golangci-lint drops")
	}

	p, err = newPlugin(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	if as, _ := p.BuildAnalyzers(); len(as) != 3 {
		t.Errorf("default analyzers = %v, want both and the inputs' stamp", as)
	}
}

func TestSettingsErrors(t *testing.T) {
	for _, tc := range []struct {
		conf any
		want string
	}{
		{map[string]any{"migrations-dir": "db"}, `unknown field "migrations-dir"`},
		{map[string]any{"analyzers": []any{"sqllint"}}, `unknown analyzer "sqllint"`},
		{map[string]any{"pg": "fifteen"}, `pg: `},
		{map[string]any{"dir": "db/migrations"}, `cannot unmarshal string`},
	} {
		_, err := newPlugin(t, tc.conf)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("settings %v: error %v, want one containing %q", tc.conf, err, tc.want)
		}
	}
}
