package pgparse_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// nodes.go must alias what the pg_query_go of go.mod exports: regenerate
// it and compare.
func TestNodesFresh(t *testing.T) {
	out := filepath.Join(t.TempDir(), "nodes.go")
	cmd := exec.Command("go", "run", "gen_nodes.go", "-o", out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go run gen_nodes.go: %v\n%s", err, msg)
	}
	want, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("nodes.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("nodes.go is stale: run go generate ./internal/pgparse")
	}
}
