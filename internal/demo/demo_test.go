package demo

import (
	"io/fs"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/migguard/migguard/internal/gitview/gittest"
)

// The demo repository is one git reads as built: develop checked out with
// nothing changed, its first commit the fork of every feature branch, each
// branch holding the base and its own files, develop's newest commit the
// migrations that came after the fork.
func TestBuild(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed (apt-get install git)")
	}
	dir := filepath.Join(t.TempDir(), "shop")
	if err := Build(dir); err != nil {
		t.Fatal(err)
	}
	r := gittest.At(t, dir)
	if out := r.Git("fsck", "--strict", "--no-dangling"); out != "" {
		t.Errorf("git fsck: %s", out)
	}
	if out := r.Git("status", "--porcelain", "--untracked-files=all"); out != "" {
		t.Errorf("the working tree differs from develop:\n%s", out)
	}
	if got := r.Git("symbolic-ref", "HEAD"); got != "refs/heads/develop" {
		t.Errorf("HEAD is %s", got)
	}
	fork := r.Git("rev-parse", "develop~1")
	if got := r.Git("rev-list", "--count", "develop"); got != "2" {
		t.Errorf("develop has %s commits, want 2", got)
	}
	later := r.Git("diff", "--name-only", "develop~1", "develop")
	if want := strings.Join(slices.Sorted(slices.Values(laterOnDevelop)), "\n"); later != want {
		t.Errorf("develop's newest commit adds\n%s\nwant\n%s", later, want)
	}
	for _, b := range Branches {
		if got := r.Git("rev-parse", b+"~1"); got != fork {
			t.Errorf("%s forks from %s, want develop~1 (%s)", b, got, fork)
		}
		var want []string
		fs.WalkDir(branches, "testdata/branches/"+path.Base(b), func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				want = append(want, strings.TrimPrefix(p, "testdata/branches/"+path.Base(b)+"/"))
			}
			return err
		})
		if got := r.Git("diff", "--name-only", fork, b); got != strings.Join(want, "\n") {
			t.Errorf("%s changes\n%s\nwant\n%s", b, got, strings.Join(want, "\n"))
		}
	}
}
