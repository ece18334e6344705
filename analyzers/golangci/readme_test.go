package golangci_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/migguard/migguard/analyzers/golangci"
)

// The README's golangci-lint setup names the files the tests build:
// main.go is testdata/gcl/main.go as it is, the golangci-lint version is
// the one testdata/gcl builds, and .custom-gcl.yml has the fields
// `golangci-lint custom` requires (version; per plugin module, and exactly
// one of path and version), importing the package that registers the
// plugin under the name .golangci.yml enables.
func TestREADMEGolangciLintSetup(t *testing.T) {
	readme := readFile(t, "../../README.md")
	main := readFile(t, "testdata/gcl/main.go")
	if !strings.Contains(readme, "```go\n"+main+"```\n") {
		t.Error("README.md does not show analyzers/golangci/testdata/gcl/main.go as it is")
	}
	m := regexp.MustCompile(`(?m)^\tgithub\.com/golangci/golangci-lint/v2 (v\S+)$`).FindStringSubmatch(readFile(t, "testdata/gcl/go.mod"))
	if m == nil {
		t.Fatal("testdata/gcl/go.mod does not require golangci-lint")
	}
	version := m[1]
	for _, want := range []string{
		"go install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@" + version + "\n",
		"-require=github.com/golangci/golangci-lint/v2@" + version + " ",
	} {
		if !strings.Contains(readme, want) {
			t.Errorf("README.md lacks %q (testdata/gcl builds golangci-lint %s)", want, version)
		}
	}

	block := regexp.MustCompile("(?s)```yaml\n(# \\.custom-gcl\\.yml\n.*?)```").FindStringSubmatch(readme)
	if block == nil {
		t.Fatal("README.md has no .custom-gcl.yml block")
	}
	var custom struct {
		Version string `yaml:"version"`
		Name    string `yaml:"name"`
		Plugins []struct {
			Module  string `yaml:"module"`
			Import  string `yaml:"import"`
			Path    string `yaml:"path"`
			Version string `yaml:"version"`
		} `yaml:"plugins"`
	}
	dec := yaml.NewDecoder(strings.NewReader(block[1]))
	dec.KnownFields(true)
	if err := dec.Decode(&custom); err != nil {
		t.Fatalf(".custom-gcl.yml: %v", err)
	}
	if custom.Version != version || len(custom.Plugins) != 1 {
		t.Fatalf(".custom-gcl.yml: version %q, %d plugins; want %s and 1", custom.Version, len(custom.Plugins), version)
	}
	p := custom.Plugins[0]
	if p.Module != "github.com/migguard/migguard" || p.Import != "github.com/migguard/migguard/analyzers/golangci" || (p.Path == "") == (p.Version == "") {
		t.Errorf(".custom-gcl.yml plugin %+v: want migguard's module, the plugin package, and one of path or version", p)
	}
	if !strings.Contains(readme, "enable: ["+golangci.Name+"]") || !strings.Contains(readme, "      "+golangci.Name+":\n        type: module\n") {
		t.Errorf("README.md's .golangci.yml does not enable the plugin by its name %q", golangci.Name)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
