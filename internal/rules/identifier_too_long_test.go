package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// hasLongWord answers as hasLongRun, which looks at every byte, on runs
// of every length around 63 at every offset, with and without quotes,
// and on every fixture.
func TestHasLongWord(t *testing.T) {
	var texts []string
	for _, n := range []int{0, 1, 62, 63, 64, 65, 127, 128, 200} {
		for _, pad := range []int{0, 1, 30, 63, 64, 65} {
			w := strings.Repeat("a", n)
			texts = append(texts, strings.Repeat(" ", pad)+w, strings.Repeat(";", pad)+w+" x", "x "+strings.Repeat("b", pad)+"("+w+")",
				strings.Repeat(" ", pad)+`"`+strings.Repeat("q ", n/2)+`"`, "é"+strings.Repeat(" ", pad)+w)
		}
	}
	paths, _ := filepath.Glob(filepath.Join("testdata", "*", "*.sql"))
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(b))
	}
	long := 0
	for _, text := range texts {
		want := hasLongRun(text)
		if got := hasLongWord(text); got != want {
			t.Errorf("hasLongWord(%q) = %v, want %v", text, got, want)
		}
		if want {
			long++
		}
	}
	if long < 20 || long == len(texts) {
		t.Fatalf("%d of %d texts have a long word: not a test of both answers", long, len(texts))
	}
}
