package golangci_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestBenchmarkModule times the analyzers on a generated module of 200
// packages, 100 models and 500 migrations, against go vet and golangci-lint
// with the standard linters. It is slow, so it runs only with
// MIGGUARD_BENCH=1:
//
//	MIGGUARD_BENCH=1 go test -run TestBenchmarkModule -v ./analyzers/golangci
func TestBenchmarkModule(t *testing.T) {
	if os.Getenv("MIGGUARD_BENCH") == "" {
		t.Skip("set MIGGUARD_BENCH=1 to time the analyzers on a generated module")
	}
	dir := t.TempDir()
	generateModule(t, dir, 200, 100, 500)
	bin, err := vetTool()
	if err != nil {
		t.Fatal(err)
	}
	timed := func(name string, env []string, args ...string) time.Duration {
		start := time.Now()
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Dir = dir
		cmd.Env = append(append(os.Environ(), "GOWORK=off", "GOFLAGS="), env...)
		out, err := cmd.CombinedOutput()
		d := time.Since(start)
		if ee, ok := err.(*exec.ExitError); err != nil && (!ok || ee.ExitCode() != 1) {
			t.Fatalf("%s: %v\n%s", name, err, out)
		}
		t.Logf("%-55s %6.2fs  (%d output lines)", name, d.Seconds(), strings.Count(string(out), "\n"))
		if os.Getenv("MIGGUARD_BENCH") == "v" {
			t.Logf("%s", out)
		}
		return d
	}
	timed("go build ./... (warm the build cache)", nil, "go", "build", "./...")
	timed("go vet ./... (standard analyzers, first)", nil, "go", "vet", "./...")
	std := timed("go vet ./... (standard analyzers, cached)", nil, "go", "vet", "./...")
	timed("go vet -vettool=migguard-vet (new tool: std deps too)", nil, "go", "vet", "-vettool="+bin, "./...")
	write(t, dir, "db/migrations/0501_touch.up.sql", "ALTER TABLE t0001 ADD COLUMN touched text;\n")
	mig := timed("go vet -vettool=migguard-vet after a migration change", nil, "go", "vet", "-vettool="+bin, "./...")
	t.Logf("go vet: migguard-vet after a migration change takes %.2fs (standard go vet, cached: %.2fs)", mig.Seconds(), std.Seconds())

	if gcl := os.Getenv("MIGGUARD_GOLANGCI_LINT"); gcl != "" {
		golangciLint(t)
		// Module plugins join golangci-lint's "standard" set once
		// configured, so the baseline disables migguard explicitly.
		run := func(name, flag string) time.Duration {
			cache := t.TempDir()
			return timed(name, []string{"GOLANGCI_LINT_CACHE=" + cache}, gcl, "run", "--default", "standard",
				flag, "migguard", "--max-issues-per-linter=0", "--max-same-issues=0", "./...")
		}
		run("golangci-lint run (warm-up: export data in the build cache)", "--enable")
		var base, with time.Duration
		for i := 0; i < 3; i++ {
			b := run("golangci-lint run (standard linters, cold cache)", "--disable")
			w := run("golangci-lint run (standard + migguard, cold cache)", "--enable")
			if i == 0 || b < base {
				base = b
			}
			if i == 0 || w < with {
				with = w
			}
		}
		t.Logf("golangci-lint, best of 3: standard %.2fs, standard + migguard %.2fs", base.Seconds(), with.Seconds())
		t.Logf("golangci-lint: migguard adds %.1f%%", 100*(with.Seconds()-base.Seconds())/base.Seconds())
	}
}

// generateModule writes a module with nPkgs packages: one that embeds
// nMigrations golang-migrate migrations (the first nModels create tables),
// ten model packages holding nModels models between them, and plain
// packages for the rest.
func generateModule(t *testing.T, dir string, nPkgs, nModels, nMigrations int) {
	t.Helper()
	write := func(name, content string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/bench\n\ngo 1.26\n")
	write(".golangci.yml", `version: "2"
linters:
  settings:
    custom:
      migguard:
        type: module
`)
	write("db/db.go", "// Package db embeds the migrations.\npackage db\n\nimport \"embed\"\n\n//go:embed migrations/*.sql\nvar Migrations embed.FS\n")
	for i := 1; i <= nMigrations; i++ {
		var up string
		switch {
		case i <= nModels:
			up = fmt.Sprintf("CREATE TABLE t%04d (\n    id bigint PRIMARY KEY,\n    name text NOT NULL,\n    note text,\n    created_at timestamptz NOT NULL DEFAULT now()\n);\n", i)
		case i%3 == 0:
			up = fmt.Sprintf("CREATE INDEX CONCURRENTLY t%04d_name_idx ON t%04d (name);\n", i%nModels+1, i%nModels+1)
		case i%3 == 1:
			up = fmt.Sprintf("SET lock_timeout = '2s';\nALTER TABLE t%04d ADD COLUMN c%04d text;\n", i%nModels+1, i)
		default:
			up = fmt.Sprintf("SET lock_timeout = '2s';\nUPDATE t%04d SET note = 'x' WHERE id < 100;\n", i%nModels+1)
		}
		write(fmt.Sprintf("db/migrations/%04d_m%04d.up.sql", i, i), up)
		write(fmt.Sprintf("db/migrations/%04d_m%04d.down.sql", i, i), "SELECT 1;\n")
	}
	const modelPkgs = 10
	for p := 0; p < modelPkgs; p++ {
		var b strings.Builder
		fmt.Fprintf(&b, "// Package models%d holds models.\npackage models%d\n\nimport (\n\t\"time\"\n\n\t_ \"example.com/bench/db\"\n)\n", p, p)
		for m := p * nModels / modelPkgs; m < (p+1)*nModels/modelPkgs; m++ {
			fmt.Fprintf(&b, "\n// M%04d is a model.\n//\n//migguard:model partial\ntype M%04d struct {\n\tID        int64     `db:\"id\"`\n\tName      string    `db:\"name\"`\n\tNote      *string   `db:\"note\"`\n\tCreatedAt time.Time `db:\"created_at\"`\n}\n\nfunc (M%04d) TableName() string { return \"t%04d\" }\n", m+1, m+1, m+1, m+1)
		}
		write(fmt.Sprintf("models%d/models.go", p), b.String())
	}
	for p := 0; p < nPkgs-1-modelPkgs; p++ {
		dep := ""
		if p > 0 {
			dep = fmt.Sprintf("\t\"example.com/bench/app/p%03d\"\n", p-1)
		}
		call := "0"
		if p > 0 {
			call = fmt.Sprintf("p%03d.Sum(xs)", p-1)
		}
		write(fmt.Sprintf("app/p%03d/p.go", p), fmt.Sprintf(`// Package p%03d is application code.
package p%03d

import (
	"fmt"
	"strings"
%s)

// Sum adds the numbers.
func Sum(xs []int) int {
	total := %s
	for _, x := range xs {
		total += x
	}
	return total
}

// Describe formats the numbers.
func Describe(xs []int) string {
	parts := make([]string, 0, len(xs))
	for _, x := range xs {
		parts = append(parts, fmt.Sprint(x))
	}
	return strings.Join(parts, ", ") + fmt.Sprintf(" = %%d", Sum(xs))
}
`, p, p, dep, call))
	}
}
