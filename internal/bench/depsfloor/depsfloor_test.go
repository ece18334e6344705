package main

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// fixedModules are the module paths whose packages the floor links: the
// fixed dependencies that cmd/migguard uses, and go-billy, the file-system
// interface through which go-git's storage is opened.
var fixedModules = []string{
	"github.com/go-git/go-git/v5",
	"github.com/go-git/go-billy/v5",
	"github.com/jackc/pgx/v5",
	"github.com/pganalyze/pg_query_go/v5",
}

// TestImportsAsMigguard keeps the floor's imports equal to the packages
// of the fixed modules that migguard's own packages import in
// ./cmd/migguard: a floor that links less (or more) than migguard would
// time something else.
func TestImportsAsMigguard(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-f",
		"{{with .Module}}{{.Path}}{{end}}|{{join .Imports \",\"}}", "../../../cmd/migguard").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps ./cmd/migguard: %v\n%s", err, out)
	}
	var want []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		mod, imports, _ := strings.Cut(line, "|")
		if mod != "github.com/migguard/migguard" || imports == "" {
			continue
		}
		for _, imp := range strings.Split(imports, ",") {
			if fixed(imp) && !slices.Contains(want, imp) {
				want = append(want, imp)
			}
		}
	}
	if len(want) < 3 {
		t.Fatalf("migguard imports only %v from the fixed modules: the listing is not what the test expects\n%s", want, out)
	}
	out, err = exec.Command("go", "list", "-f", "{{join .Imports \"\\n\"}}", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list .: %v\n%s", err, out)
	}
	got := strings.Fields(string(out))
	slices.Sort(want)
	slices.Sort(got)
	for _, p := range want {
		if !slices.Contains(got, p) {
			t.Errorf("migguard imports %s; add it to the floor", p)
		}
	}
	for _, p := range got {
		if !slices.Contains(want, p) {
			t.Errorf("the floor imports %s, which migguard's packages do not", p)
		}
	}
}

// fixed reports whether an import path is a package of fixedModules.
func fixed(path string) bool {
	for _, m := range fixedModules {
		if path == m || strings.HasPrefix(path, m+"/") {
			return true
		}
	}
	return false
}
