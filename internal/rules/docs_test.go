package rules

import (
	"bytes"
	"flag"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "rewrite generated files")

// TestReference checks that README.md is what WriteReference generates.
func TestReference(t *testing.T) {
	var b bytes.Buffer
	WriteReference(&b)
	if *update {
		if err := os.WriteFile("README.md", b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile("README.md")
	if err != nil || !bytes.Equal(got, b.Bytes()) {
		t.Fatalf("internal/rules/README.md is stale: run go test ./internal/rules -run TestReference -update")
	}
}
