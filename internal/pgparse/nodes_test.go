package pgparse_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// The generated files must match the pg_query_go of go.mod: regenerate
// them and compare.
func TestGeneratedFresh(t *testing.T) {
	for gen, file := range map[string]string{"gen_nodes.go": "nodes.go", "gen_decode.go": "decode.go"} {
		out := filepath.Join(t.TempDir(), file)
		cmd := exec.Command("go", "run", gen, "-o", out)
		if msg, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go run %s: %v\n%s", gen, err, msg)
		}
		want, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is stale: run go generate ./internal/pgparse", file)
		}
	}
}
