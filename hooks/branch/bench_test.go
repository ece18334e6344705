package branch_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/migguard/migguard/hooks/branch"
	"github.com/migguard/migguard/hooks/scope"
	"github.com/migguard/migguard/internal/gitview"
	"github.com/migguard/migguard/internal/gitview/gittest"
)

// benchRepo returns the repository of .ci/bench-branch when
// MIGGUARD_BENCH_REPO names it, else generates a smaller one: develop with
// 5,000 commits and 500 goose migrations, a feature branch, and one staged
// migration file.
func benchRepo(b *testing.B) string {
	if dir := os.Getenv("MIGGUARD_BENCH_REPO"); dir != "" {
		return dir
	}
	r := gittest.New(b)
	var sb strings.Builder
	mark := 0
	blob := func(data string) int {
		mark++
		fmt.Fprintf(&sb, "blob\nmark :%d\ndata %d\n%s\n", mark, len(data), data)
		return mark
	}
	last := 0
	mig := 0
	for n := 1; n <= 5000; n++ {
		files := map[string]int{fmt.Sprintf("src/f%03d.txt", n%200): blob(fmt.Sprintf("line %d\n", n))}
		if n%10 == 0 && mig < 500 {
			mig++
			files[fmt.Sprintf("db/migrations/%06d_t.sql", mig)] = blob(fmt.Sprintf("-- +goose Up\nCREATE TABLE t%d (id int);\n", mig))
		}
		mark++
		fmt.Fprintf(&sb, "commit refs/heads/develop\nmark :%d\ncommitter B <b@b> %d +0000\ndata 1\nx\n", mark, 1600000000+n*60)
		if last > 0 {
			fmt.Fprintf(&sb, "from :%d\n", last)
		}
		for p, m := range files {
			fmt.Fprintf(&sb, "M 100644 :%d %s\n", m, p)
		}
		sb.WriteString("\n")
		last = mark
	}
	cmd := exec.Command("git", "fast-import", "--quiet")
	cmd.Dir = r.Dir
	cmd.Env = gittest.Env()
	cmd.Stdin = strings.NewReader(sb.String())
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("fast-import: %v\n%s", err, out)
	}
	r.Git("gc", "-q")
	r.Git("checkout", "-q", "-f", "-b", "feature", "develop")
	r.Write(map[string]string{"db/migrations/000501_feature.sql": "-- +goose Up\nCREATE TABLE f (id int);\n"})
	r.Git("add", "-A")
	return r.Dir
}

// BenchmarkPreCommit is the pre-commit path of migguard-branch: open the
// repository, build the staged tree, find the base and the merge-base,
// diff, and check the set.
func BenchmarkPreCommit(b *testing.B) {
	dir := benchRepo(b)
	if _, err := os.Stat(filepath.Join(dir, ".git")); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		repo, err := gitview.Open(dir, func(string) string { return "" })
		if err != nil {
			b.Fatal(err)
		}
		s, err := scope.Resolve(repo, scope.Options{Staged: true})
		if err != nil {
			b.Fatal(err)
		}
		res, err := branch.Check(repo, s, branch.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Added) != 1 {
			b.Fatalf("added %v", res.Added)
		}
		repo.Close()
	}
}

// BenchmarkHead is the command-line and CI path: check HEAD (on the
// feature branch of .ci/bench-branch's repository) against the base.
func BenchmarkHead(b *testing.B) {
	dir := benchRepo(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		repo, err := gitview.Open(dir, func(string) string { return "" })
		if err != nil {
			b.Fatal(err)
		}
		s, err := scope.Resolve(repo, scope.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := branch.Check(repo, s, branch.Options{}); err != nil {
			b.Fatal(err)
		}
		repo.Close()
	}
}
