package gitview_test

import (
	"strings"
	"testing"

	"github.com/migguard/migguard/internal/gitview/gittest"
)

// Resolve finds the commit git rev-parse finds, for every form of
// revision it reads, and refuses what git refuses.
func TestResolveMatchesGit(t *testing.T) {
	r := gittest.New(t)
	r.Commit("root", map[string]string{"a": "1"})
	r.Commit("second: add b", map[string]string{"b": "1"})
	r.Git("tag", "light")
	r.Git("tag", "-a", "-m", "annotated", "v1.0")
	r.Git("checkout", "-q", "-b", "feature")
	r.Commit("f1", map[string]string{"f": "1"})
	r.Git("checkout", "-q", "-b", "user@fix")
	r.Commit("fix", map[string]string{"x": "1"})
	r.Git("checkout", "-q", "develop")
	r.Commit("d1", map[string]string{"d": "1"})
	r.Git("merge", "-q", "--no-edit", "feature")
	r.Git("update-ref", "refs/remotes/origin/develop", "HEAD~1")
	r.Git("symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/develop")
	short := r.Git("rev-parse", "--short=7", "feature")
	full := r.Git("rev-parse", "HEAD~1")

	g := open(t, r.Dir, nil)
	for _, rev := range []string{
		"HEAD", "@", "develop", "feature", "user@fix", "heads/develop", "refs/heads/feature",
		"origin/develop", "origin", "remotes/origin/develop", "light", "v1.0", "tags/v1.0", "v1.0^{}", "v1.0^{commit}",
		"HEAD~1", "HEAD~", "HEAD~~", "HEAD~0", "HEAD^", "HEAD^1", "HEAD^2", "HEAD^0", "HEAD^2~1", "develop~2^", "HEAD^^",
		"HEAD^{/add b}", "feature^{/root}", short, full, full[:10] + "~1", strings.ToUpper(short), strings.ToUpper(full),
	} {
		want, werr := r.TryGit("rev-parse", "--verify", "-q", rev+"^{commit}")
		got, gerr := g.Resolve(rev)
		if werr != nil {
			t.Fatalf("git rev-parse %s: %v", rev, werr)
		}
		if gerr != nil || got.String() != strings.TrimSpace(want) {
			t.Errorf("Resolve(%q) = %s, %v; git: %s", rev, got, gerr, want)
		}
	}
	for _, rev := range []string{"missing", "HEAD~9", "HEAD^3", "HEAD^{/no such message}", "HEAD^{tree}", "HEAD@{1}", "HEAD:a", "", "^", "develop^{", "0000", "HEAD~1x", "HEAD^-1", "HEAD~1~x"} {
		if got, err := g.Resolve(rev); err == nil {
			t.Errorf("Resolve(%q) = %s, want an error", rev, got)
		}
		if _, err := r.TryGit("rev-parse", "--verify", "-q", rev+"^{commit}"); err == nil && rev != "HEAD@{1}" {
			t.Errorf("git resolves %q, which Resolve refuses", rev)
		}
	}
}
