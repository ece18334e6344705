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
	dir := t.TempDir()
	for _, args := range [][]string{
		{"./internal/gentree", "-decode", filepath.Join(dir, "decode.go"), "-walk", filepath.Join(dir, "walkers.go"), "-json", filepath.Join(dir, "decode_json.go"), "-shape", filepath.Join(dir, "shape.go"), "-encode", filepath.Join(dir, "encode.go"), "-nodes", filepath.Join(dir, "nodes.go")},
	} {
		cmd := exec.Command("go", append([]string{"run"}, args...)...)
		if msg, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go run %s: %v\n%s", args[0], err, msg)
		}
	}
	for _, file := range []string{"nodes.go", "decode.go", "walkers.go", "decode_json.go", "shape.go", "encode.go"} {
		want, err := os.ReadFile(filepath.Join(dir, file))
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
