// Package gittest builds real git repositories for tests with the git
// command line, with fixed identities and dates so that commit ids are
// reproducible.
package gittest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// Repo is a repository in a temporary directory.
type Repo struct {
	t   testing.TB
	Dir string
	// tick advances the commit date, so that commits are ordered.
	tick int
}

// globalConfig is an empty file that stands for the user's git
// configuration. It is a file of its own rather than /dev/null: a git
// command that writes its global configuration replaces the file it names
// (by renaming a lock file over it), which would turn /dev/null into a
// regular file for the whole machine.
var globalConfig = sync.OnceValue(func() string {
	f, err := os.CreateTemp("", "migguard-gittest-gitconfig-")
	if err != nil {
		return os.DevNull
	}
	f.Close()
	return f.Name()
})

// Env is the environment git runs with: no user or system configuration,
// fixed identities.
func Env(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "GIT_") {
			continue
		}
		env = append(env, kv)
	}
	return append(append(env,
		"GIT_CONFIG_NOSYSTEM=1",
		"GIT_CONFIG_GLOBAL="+globalConfig(),
		"GIT_AUTHOR_NAME=Test", "GIT_AUTHOR_EMAIL=test@example.invalid",
		"GIT_COMMITTER_NAME=Test", "GIT_COMMITTER_EMAIL=test@example.invalid",
	), extra...)
}

// New makes a repository whose first branch is develop. It skips the test
// when git is not installed.
func New(t testing.TB) *Repo {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed (apt-get install git)")
	}
	r := &Repo{t: t, Dir: t.TempDir()}
	r.Git("init", "-q", "-b", "develop")
	return r
}

// At returns a Repo for an existing directory.
func At(t testing.TB, dir string) *Repo { return &Repo{t: t, Dir: dir, tick: 500} }

// Git runs git in the repository and returns its trimmed output; a failure
// fails the test.
func (r *Repo) Git(args ...string) string {
	r.t.Helper()
	out, err := r.TryGit(args...)
	if err != nil {
		r.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// TryGit runs git and returns its output and error.
func (r *Repo) TryGit(args ...string) (string, error) {
	r.tick++
	date := fmt.Sprintf("@%d +0000", 1700000000+r.tick*60)
	cmd := exec.Command("git", args...)
	cmd.Dir = r.Dir
	cmd.Env = Env("GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
	out, err := cmd.CombinedOutput()
	return strings.TrimSpace(string(out)), err
}

// Write writes files (path → content, slash-separated paths) into the
// working tree.
func (r *Repo) Write(files map[string]string) {
	r.t.Helper()
	for p, c := range files {
		abs := filepath.Join(r.Dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
			r.t.Fatal(err)
		}
		if err := os.WriteFile(abs, []byte(c), 0o644); err != nil {
			r.t.Fatal(err)
		}
	}
}

// Commit writes files, stages everything and commits; it returns the
// commit id.
func (r *Repo) Commit(msg string, files map[string]string) string {
	r.t.Helper()
	r.Write(files)
	r.Git("add", "-A")
	r.Git("commit", "-q", "--allow-empty", "-m", msg)
	return r.Git("rev-parse", "HEAD")
}
