package main

import (
	"archive/tar"
	"compress/gzip"
	"debug/elf"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/migguard/migguard/internal/gitview/gittest"
)

// TestRelease runs the release script, .ci/release, on a clone of this
// repository's HEAD: it refuses a version the changelog does not describe
// and a dirty tree, then builds the host's archive with the version
// stamped into `migguard version`, writes its checksum, leaves the tree
// clean (dist/ is ignored) and tags the commit.
func TestRelease(t *testing.T) {
	if testing.Short() {
		t.Skip("builds release binaries; skipped with -short")
	}
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("the release script needs bash")
	}
	self, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "migguard")
	if out, err := exec.Command("git", "clone", "-q", self, dir).CombinedOutput(); err != nil {
		t.Fatalf("git clone: %v\n%s", err, out)
	}
	r := gittest.At(t, dir)
	release := func(args ...string) (string, error) {
		cmd := exec.Command("bash", append([]string{".ci/release"}, args...)...)
		cmd.Dir = dir
		cmd.Env = gittest.Env()
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	const version = "v0.0.1-test.1"

	if out, err := release("-n", version); err == nil || !strings.Contains(out, "CHANGELOG.md has no '## "+version+"' section") {
		t.Fatalf("a version missing from the changelog should be refused: %v\n%s", err, out)
	}
	changelog, err := os.ReadFile(filepath.Join(dir, "CHANGELOG.md"))
	if err != nil {
		t.Fatal(err)
	}
	notes := strings.Replace(string(changelog), "## Unreleased\n", "## Unreleased\n\n## "+version+" - 2026-01-01\n", 1)
	r.Write(map[string]string{"CHANGELOG.md": notes})
	if out, err := release("-n", version); err == nil || !strings.Contains(out, "uncommitted changes") {
		t.Fatalf("a dirty tree should be refused: %v\n%s", err, out)
	}
	r.Git("commit", "-q", "-am", "release "+version)
	if out, err := release("-n", "1.0"); err == nil || !strings.Contains(out, "usage:") {
		t.Fatalf("a malformed version should be refused: %v\n%s", err, out)
	}

	out, err := release(version)
	if err != nil {
		t.Fatalf(".ci/release %s: %v\n%s", version, err, out)
	}
	name := "migguard_" + version + "_" + runtime.GOOS + "_" + runtime.GOARCH
	sums, err := os.ReadFile(filepath.Join(dir, "dist", version, "SHA256SUMS"))
	if err != nil || !strings.Contains(string(sums), "  "+name+".tar.gz\n") {
		t.Fatalf("SHA256SUMS lacks %s.tar.gz: %v\n%s", name, err, sums)
	}
	bin := extract(t, filepath.Join(dir, "dist", version, name+".tar.gz"), name+"/migguard")
	if got, err := exec.Command(bin, "version").Output(); err != nil || !strings.HasPrefix(string(got), "migguard "+version+" ") {
		t.Errorf("the released migguard reports %q (%v), want %s", got, err, version)
	}
	if runtime.GOOS == "linux" {
		// Linked statically (.ci/linux-static.sh): no dynamic loader.
		f, err := elf.Open(bin)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range f.Progs {
			if p.Type == elf.PT_INTERP {
				t.Error("the released Linux migguard is linked dynamically")
			}
		}
		f.Close()
		// It parses and lints as the tests' build does.
		sql := filepath.Join(t.TempDir(), "001_index.up.sql")
		os.WriteFile(sql, []byte("CREATE INDEX i ON t (c);\n"), 0o644)
		out, err := exec.Command(bin, "lint", "-no-cache", "-format", "compact", sql).CombinedOutput()
		if code := exitCode(err); code != 1 || !strings.Contains(string(out), "create-index-non-concurrently") {
			t.Errorf("the released migguard lints a non-concurrent index: exit %d\n%s", code, out)
		}
	}
	if st := r.Git("status", "--porcelain"); st != "" {
		t.Errorf("the release left the tree dirty (dist/ must be ignored):\n%s", st)
	}
	if tagged := r.Git("rev-parse", version+"^{commit}"); tagged != r.Git("rev-parse", "HEAD") {
		t.Errorf("tag %s is at %s, want HEAD", version, tagged)
	}
}

// exitCode is the exit status of a command that ran, 0 for a nil error.
func exitCode(err error) int {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}

// extract writes one file of a .tar.gz archive into a temporary directory
// and returns its path.
func extract(t *testing.T, archive, member string) string {
	t.Helper()
	f, err := os.Open(archive)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err != nil {
			t.Fatalf("%s has no %s: %v", archive, member, err)
		}
		if h.Name != member {
			continue
		}
		out := filepath.Join(t.TempDir(), filepath.Base(member))
		w, err := os.OpenFile(out, os.O_CREATE|os.O_WRONLY, 0o755)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(w, tr); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		return out
	}
}
