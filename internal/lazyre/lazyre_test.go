package lazyre

import (
	"regexp"
	"testing"
)

func TestLazy(t *testing.T) {
	r := New(`^a(b+)c$`)
	if r.re != nil {
		t.Fatal("compiled before first use")
	}
	if got := r.FindStringSubmatch("abbc"); len(got) != 2 || got[1] != "bb" {
		t.Fatalf("FindStringSubmatch = %q", got)
	}
	if r.String() != regexp.MustCompile(`^a(b+)c$`).String() {
		t.Fatalf("String = %q", r.String())
	}
	if err := CompileAll(); err != nil {
		t.Fatal(err)
	}
	New(`(`)
	if err := CompileAll(); err == nil {
		t.Fatal("CompileAll passed an expression that does not compile")
	}
}
