package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestStartupImports keeps out of the command the packages whose
// initialisation every run would pay for nothing it uses: go-git's
// object package and what it brings (OpenPGP, its curves, a diff
// library) and go-git's root package.
func TestStartupImports(t *testing.T) {
	forbidden := []string{
		"github.com/go-git/go-git/v5/plumbing/object",
		"github.com/ProtonMail/go-crypto/",
		"github.com/cloudflare/circl/",
		"github.com/sergi/go-diff/",
	}
	out, err := exec.Command("go", "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 100 {
		t.Fatalf("go list -deps listed only %v", deps)
	}
	for _, d := range deps {
		if d == "github.com/go-git/go-git/v5" {
			t.Errorf("the command imports go-git's root package")
		}
		for _, f := range forbidden {
			if d == f || strings.HasPrefix(d, strings.TrimSuffix(f, "/")+"/") {
				t.Errorf("the command imports %s", d)
			}
		}
	}
}
