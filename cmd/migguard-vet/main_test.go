package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestImportGraph keeps the vet tool and the golangci-lint plugin lean:
// they are built by every user's go vet and golangci-lint, so they must not
// pull in database drivers or git.
func TestImportGraph(t *testing.T) {
	forbidden := []string{
		"github.com/jackc/",   // pgx
		"github.com/lib/pq",   // lib/pq
		"github.com/go-git/",  // go-git
		"database/sql/driver", // any driver plumbing
		"github.com/migguard/migguard/internal/pgcluster",
		"github.com/migguard/migguard/internal/apply",
		"github.com/migguard/migguard/internal/git",
	}
	for _, pkg := range []string{".", "../../analyzers/golangci"} {
		out, err := exec.Command("go", "list", "-deps", pkg).CombinedOutput()
		if err != nil {
			t.Fatalf("go list -deps %s: %v\n%s", pkg, err, out)
		}
		deps := strings.Fields(string(out))
		if len(deps) < 10 {
			t.Fatalf("go list -deps %s listed only %v", pkg, deps)
		}
		for _, d := range deps {
			for _, f := range forbidden {
				if strings.HasPrefix(d, f) {
					t.Errorf("%s imports %s (via go list -deps): the vet tool and plugin must not depend on database or git packages", pkg, d)
				}
			}
		}
	}
}
