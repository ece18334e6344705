package migrationset_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/migguard/migguard/analyzers/migrationset"
	"github.com/migguard/migguard/internal/lint"
	"github.com/migguard/migguard/internal/project"
)

// The analyzers and migguard lint report on the same files of a set:
// they read the configuration, the set's format and start_after through
// package project, in the format's version order.
func TestAgreesWithLint(t *testing.T) {
	dir := filepath.Join(analysistest.TestData(), "src", "example.com", "flyway")
	res := analysistest.Run(t, analysistest.TestData(), migrationset.Analyzer, "example.com/flyway")
	if len(res) != 1 {
		t.Fatalf("%d results", len(res))
	}
	r := res[0].Result.(*migrationset.Result)
	vet := reportedFiles(func(yield func(string)) {
		for _, s := range r.Sets {
			for _, f := range s.Findings {
				yield(f.Path)
			}
		}
	})

	p, err := project.Open(dir, "", "")
	if err != nil {
		t.Fatal(err)
	}
	sets, errs := p.Sets()
	jobs, lerrs := lint.SetJobs(sets, false)
	if errs = append(errs, lerrs...); len(errs) > 0 {
		t.Fatal(errs)
	}
	found := lint.Run(jobs, lint.Options{}).Findings
	cli := reportedFiles(func(yield func(string)) {
		for _, f := range found {
			yield(f.Path)
		}
	})

	want := []string{"migrations/V1.10__b.sql", "migrations/V1.9__c.sql"}
	if !slices.Equal(cli, want) {
		t.Errorf("lint reports on %v, want %v", cli, want)
	}
	if !slices.Equal(vet, cli) {
		t.Errorf("the analyzer reports on %v, lint on %v", vet, cli)
	}
	if _, err := os.Stat(filepath.Join(dir, ".migguard.yaml")); err != nil {
		t.Fatal(err)
	}
}

// reportedFiles returns the distinct files seen, sorted.
func reportedFiles(each func(yield func(string))) []string {
	var out []string
	each(func(p string) {
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	})
	slices.Sort(out)
	return out
}
