package cli

import (
	"testing"

	"github.com/migguard/migguard/internal/lazyre"
)

// TestRegexpsCompile compiles the regular expressions that the packages
// of the binary declare and compile on first use.
func TestRegexpsCompile(t *testing.T) {
	if err := lazyre.CompileAll(); err != nil {
		t.Fatal(err)
	}
}
