package rules

import (
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/migguard/migguard/internal/migrations"
)

// fixtureCorpus builds one migration set out of every rule fixture: a
// realistic mix of risky and safe statements, replayed in order.
func fixtureCorpus(b *testing.B) *migrations.Set {
	paths, err := filepath.Glob("testdata/*/*.sql")
	if err != nil {
		b.Fatal(err)
	}
	sort.Strings(paths)
	set := &migrations.Set{Dir: "testdata", Format: migrations.Plain}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		set.Files = append(set.Files, fixtureSet(p, string(data)).Files...)
	}
	return set
}

// BenchmarkLintSet lints every rule fixture as one set with every rule on.
func BenchmarkLintSet(b *testing.B) {
	set := fixtureCorpus(b)
	sev := map[string]Severity{}
	for _, r := range SQL() {
		sev[r.ID] = r.Severity
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		LintSet(set, Options{Severity: sev})
	}
	b.ReportMetric(float64(len(set.Files)), "files/op")
}

// BenchmarkLintCorpus lints the directory named by MIGGUARD_BENCH_CORPUS
// (for example the corpus that .ci/bench generates in .bench/corpus; a
// relative path is relative to the module's root) with
// the default rules, as `migguard lint` does.
func BenchmarkLintCorpus(b *testing.B) {
	dir := os.Getenv("MIGGUARD_BENCH_CORPUS")
	if dir == "" {
		b.Skip("set MIGGUARD_BENCH_CORPUS to a migration directory")
	}
	if !filepath.IsAbs(dir) {
		// A relative path is relative to the module's root, where .ci/bench
		// writes the corpus; the test runs in this package's directory.
		dir = filepath.Join("..", "..", dir)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		b.Fatal(err)
	}
	set, errs := migrations.LoadDir(migrations.Dir(filepath.Dir(abs)), filepath.Base(abs), "")
	if len(errs) > 0 || set == nil {
		b.Fatalf("loading %s: %v", dir, errs)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		LintSet(set, Options{})
	}
}
