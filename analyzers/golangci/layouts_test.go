package golangci_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestLayouts runs go vet with cmd/migguard-vet and golangci-lint with the
// plugin, with no flags, on each repository of testdata/layouts (see its
// README), and compares the findings each prints with the layout's
// want.txt, exactly.
func TestLayouts(t *testing.T) {
	layouts, err := os.ReadDir("testdata/layouts")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range layouts {
		if !l.IsDir() {
			continue
		}
		t.Run(l.Name(), func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			if err := os.CopyFS(dir, os.DirFS(filepath.Join("testdata/layouts", l.Name()))); err != nil {
				t.Fatal(err)
			}
			if out, err := exec.Command("git", "-C", dir, "init", "-q").CombinedOutput(); err != nil {
				t.Skipf("git init: %v %s", err, out)
			}
			want, runIn := readWant(t, filepath.Join(dir, "want.txt"))
			work := filepath.Join(dir, runIn)
			compare(t, "go vet", findings(vet(t, work)), want["go vet"])
			if os.Getenv("MIGGUARD_GOLANGCI_LINT") != "" {
				if err := os.WriteFile(filepath.Join(work, ".golangci.yml"), []byte(golangciConfig), 0o644); err != nil {
					t.Fatal(err)
				}
				compare(t, "golangci-lint", findings(lint(t, work, t.TempDir())), want["golangci-lint"])
			}
		})
	}
}

// golangciConfig enables the plugin with no settings.
const golangciConfig = `version: "2"
linters:
  default: none
  enable: [migguard]
  settings:
    custom:
      migguard:
        type: module
issues:
  uniq-by-line: false
  max-issues-per-linter: 0
  max-same-issues: 0
`

// readWant reads want.txt: "# <tool>" sections of "file:line:col: rule"
// lines, and "# run in <dir>" for a module below the repository's top.
func readWant(t *testing.T, name string) (map[string][]string, string) {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	want, tool, runIn := map[string][]string{}, "", "."
	for _, line := range strings.Split(string(data), "\n") {
		switch rest, ok := strings.CutPrefix(line, "# "); {
		case ok && strings.HasPrefix(rest, "run in "):
			runIn = strings.TrimPrefix(rest, "run in ")
		case ok:
			tool = rest
		case strings.TrimSpace(line) != "":
			want[tool] = append(want[tool], strings.TrimSpace(line))
		}
	}
	return want, runIn
}

// finding matches a line of either tool: file:line:col, golangci-lint's
// analyzer name, and the rule id that starts every message.
var finding = regexp.MustCompile(`^(\S+:\d+:\d+): (?:(?:migrationsql|modelschema): )?(?:\S+\.sql:\d+:\d+: )?([a-z][a-z0-9-]+): `)

func findings(out string) []string {
	var got []string
	for _, line := range strings.Split(out, "\n") {
		if m := finding.FindStringSubmatch(line); m != nil {
			got = append(got, m[1]+": "+m[2])
		}
	}
	slices.Sort(got)
	return got
}

func compare(t *testing.T, tool string, got, want []string) {
	t.Helper()
	want = slices.Sorted(slices.Values(want))
	if !slices.Equal(got, want) {
		t.Errorf("%s found:\n\t%s\nwant:\n\t%s", tool, strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
}
