package gitview_test

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/migguard/migguard/internal/gitview"
	"github.com/migguard/migguard/internal/gitview/gittest"
)

func open(t *testing.T, dir string, env map[string]string) *gitview.Git {
	t.Helper()
	g, err := gitview.Open(dir, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { g.Close() })
	return g
}

func hash(s string) gitview.Hash { return plumbing.NewHash(s) }

func TestMergeBaseMatchesGit(t *testing.T) {
	r := gittest.New(t)
	r.Commit("root", map[string]string{"a": "1"})
	for i := 0; i < 5; i++ {
		r.Commit("develop", map[string]string{"a": strings.Repeat("x", i)})
	}
	r.Git("checkout", "-q", "-b", "feature")
	r.Commit("f1", map[string]string{"f": "1"})
	r.Git("checkout", "-q", "develop")
	r.Commit("d1", map[string]string{"d": "1"})
	r.Git("checkout", "-q", "feature")
	r.Commit("f2", map[string]string{"f": "2"})
	r.Git("merge", "-q", "--no-edit", "develop")
	r.Commit("f3", map[string]string{"f": "3"})
	r.Git("checkout", "-q", "develop")
	r.Commit("d2", map[string]string{"d": "2"})
	// A criss-cross: two branches that merged each other.
	r.Git("checkout", "-q", "-b", "x", "develop")
	r.Commit("x1", map[string]string{"x": "1"})
	r.Git("checkout", "-q", "-b", "y", "develop")
	r.Commit("y1", map[string]string{"y": "1"})
	r.Git("checkout", "-q", "x")
	r.Git("merge", "-q", "--no-edit", "y~0")
	r.Git("checkout", "-q", "y")
	r.Git("merge", "-q", "--no-edit", "x~1")

	g := open(t, r.Dir, nil)
	pairs := [][2]string{{"develop", "feature"}, {"feature", "develop"}, {"develop~3", "feature"}, {"x", "y"}, {"develop", "develop"}, {"feature~2", "feature"}}
	for _, p := range pairs {
		want := r.Git("merge-base", p[0], p[1])
		a, err := g.Resolve(p[0])
		if err != nil {
			t.Fatal(err)
		}
		b, err := g.Resolve(p[1])
		if err != nil {
			t.Fatal(err)
		}
		got, err := g.MergeBase(a, b)
		if err != nil {
			t.Fatalf("%v: %v", p, err)
		}
		if p[0] == "x" {
			// Criss-cross: either best base is right; git prints one.
			all := r.Git("merge-base", "--all", p[0], p[1])
			if !strings.Contains(all, got.String()) {
				t.Errorf("merge-base %v = %s, want one of %s", p, got, all)
			}
			continue
		}
		if got.String() != want {
			t.Errorf("merge-base %v = %s, git says %s", p, got, want)
		}
	}
	anc, err := g.IsAncestor(hash(r.Git("rev-parse", "develop~2")), hash(r.Git("rev-parse", "feature")))
	if err != nil || !anc {
		t.Errorf("IsAncestor(develop~2, feature) = %v, %v", anc, err)
	}
	anc, err = g.IsAncestor(hash(r.Git("rev-parse", "feature")), hash(r.Git("rev-parse", "develop")))
	if err != nil || anc {
		t.Errorf("IsAncestor(feature, develop) = %v, %v", anc, err)
	}
}

func TestNoCommonHistory(t *testing.T) {
	r := gittest.New(t)
	r.Commit("root", map[string]string{"a": "1"})
	r.Git("checkout", "-q", "--orphan", "other")
	r.Commit("other root", map[string]string{"b": "1"})
	g := open(t, r.Dir, nil)
	_, err := g.MergeBase(hash(r.Git("rev-parse", "develop")), hash(r.Git("rev-parse", "other")))
	if !errors.Is(err, gitview.ErrNoMergeBase) {
		t.Fatalf("err = %v, want ErrNoMergeBase", err)
	}
}

func TestShallowClone(t *testing.T) {
	up := gittest.New(t)
	up.Commit("root", map[string]string{"a": "1"})
	for i := 0; i < 4; i++ {
		up.Commit("d", map[string]string{"a": strings.Repeat("y", i)})
	}
	up.Git("checkout", "-q", "-b", "feature", "develop~3")
	up.Commit("f", map[string]string{"f": "1"})
	clone := t.TempDir()
	up.Git("clone", "-q", "--no-local", "--depth=1", "--no-single-branch", up.Dir, clone)
	c := gittest.At(t, clone)
	g := open(t, clone, nil)
	if !g.Shallow() {
		t.Fatal("Shallow() = false for a --depth=1 clone")
	}
	a, _ := g.Resolve("origin/develop")
	b, _ := g.Resolve("origin/feature")
	_, err := g.MergeBase(a, b)
	var se *gitview.ShallowError
	if !errors.As(err, &se) {
		t.Fatalf("err = %v, want a ShallowError", err)
	}
	if !strings.Contains(err.Error(), "git fetch --deepen") || !strings.Contains(err.Error(), "fetch-depth: 0") {
		t.Errorf("message does not say how to deepen: %v", err)
	}
	c.Git("fetch", "-q", "--unshallow")
	g2 := open(t, clone, nil)
	got, err := g2.MergeBase(a, b)
	if err != nil || got.String() != c.Git("merge-base", "origin/develop", "origin/feature") {
		t.Fatalf("after unshallow: %v %v", got, err)
	}
}

func TestStagedTreeMatchesWriteTree(t *testing.T) {
	r := gittest.New(t)
	r.Commit("root", map[string]string{"a.txt": "1", "a/b.txt": "2", "a/c/d.sql": "3", "z": "4", "a-b": "5"})
	r.Write(map[string]string{"a/c/e.sql": "new", "a.txt": "changed"})
	r.Git("add", "a/c/e.sql", "a.txt")
	r.Git("rm", "-q", "z")
	g := open(t, r.Dir, nil)
	h, err := g.StagedTree()
	if err != nil {
		t.Fatal(err)
	}
	if want := r.Git("write-tree"); h.String() != want {
		t.Fatalf("staged tree %s, git write-tree %s", h, want)
	}
	head, _ := g.Head()
	ht, _ := g.CommitTree(head.Commit)
	ch, err := g.Diff(ht, h)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range ch {
		got = append(got, c.Action.String()+" "+c.Path())
	}
	if strings.Join(got, "; ") != "modified a.txt; added a/c/e.sql; deleted z" {
		t.Errorf("diff = %v", got)
	}
}

func TestGitIndexFile(t *testing.T) {
	r := gittest.New(t)
	r.Commit("root", map[string]string{"m/1.sql": "one"})
	r.Write(map[string]string{"m/1.sql": "one changed", "m/2.sql": "two"})
	// git commit -a and git commit <paths> stage into a temporary index
	// and point GIT_INDEX_FILE at it; the real index keeps the old state.
	tmp := filepath.Join(r.Dir, ".git", "index.lock")
	data, err := os.ReadFile(filepath.Join(r.Dir, ".git", "index"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(tmp, data, 0o644)
	cmd := exec.Command("git", "add", "m/1.sql", "m/2.sql")
	cmd.Dir = r.Dir
	cmd.Env = gittest.Env("GIT_INDEX_FILE=" + tmp)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	cmd = exec.Command("git", "write-tree")
	cmd.Dir = r.Dir
	cmd.Env = gittest.Env("GIT_INDEX_FILE=" + tmp)
	want, _ := cmd.Output()
	g := open(t, r.Dir, map[string]string{"GIT_INDEX_FILE": tmp})
	staged, err := g.StagedTree()
	if err != nil || staged.String() != strings.TrimSpace(string(want)) {
		t.Fatalf("with GIT_INDEX_FILE: %s %v, want %s", staged, err, want)
	}
	plain, _ := open(t, r.Dir, nil).StagedTree()
	if plain.String() != r.Git("rev-parse", "HEAD^{tree}") {
		t.Fatalf("the real index should be unchanged")
	}
	// A relative GIT_INDEX_FILE is relative to the current directory.
	wd, _ := os.Getwd()
	defer os.Chdir(wd)
	os.Chdir(r.Dir)
	rel, err := open(t, r.Dir, map[string]string{"GIT_INDEX_FILE": ".git/index.lock"}).StagedTree()
	if err != nil || rel != staged {
		t.Fatalf("relative GIT_INDEX_FILE: %s %v", rel, err)
	}
}

func TestLinkedWorktree(t *testing.T) {
	r := gittest.New(t)
	r.Commit("root", map[string]string{"a": "1"})
	wt := filepath.Join(t.TempDir(), "wt")
	r.Git("worktree", "add", "-q", "-b", "feature", wt)
	w := gittest.At(t, wt)
	w.Commit("f", map[string]string{"m/1.sql": "x"})
	w.Write(map[string]string{"m/2.sql": "y"})
	w.Git("add", "m/2.sql")
	g := open(t, filepath.Join(wt, "m"), nil)
	head, err := g.Head()
	if err != nil || head.Branch != "feature" || head.Commit.String() != w.Git("rev-parse", "HEAD") {
		t.Fatalf("Head() = %+v, %v", head, err)
	}
	base, err := g.ResolveBase([]string{"develop"})
	if err != nil || base.Commit.String() != r.Git("rev-parse", "develop") {
		t.Fatalf("ResolveBase = %+v, %v", base, err)
	}
	st, err := g.StagedTree()
	if err != nil || st.String() != w.Git("write-tree") {
		t.Fatalf("StagedTree = %s, %v; want %s", st, err, w.Git("write-tree"))
	}
}

func TestResolveBase(t *testing.T) {
	up := gittest.New(t)
	up.Commit("root", map[string]string{"a": "1"})
	up.Git("branch", "main")
	clone := t.TempDir()
	up.Git("clone", "-q", up.Dir, clone)
	c := gittest.At(t, clone)
	up.Commit("more", map[string]string{"a": "2"})
	c.Git("fetch", "-q")
	// Local develop is behind origin/develop.
	g := open(t, clone, nil)
	b, err := g.ResolveBase([]string{"develop", "main", "master"})
	if err != nil || b.Name != "origin/develop" || !strings.Contains(b.Note, "behind") {
		t.Fatalf("behind: %+v %v", b, err)
	}
	// Local develop ahead.
	c.Git("merge", "-q", "--ff-only", "origin/develop")
	c.Commit("local", map[string]string{"b": "1"})
	b, err = open(t, clone, nil).ResolveBase([]string{"develop"})
	if err != nil || b.Name != "develop" {
		t.Fatalf("ahead: %+v %v", b, err)
	}
	// Falls back to main when develop is missing; only origin/main exists.
	b, err = open(t, clone, nil).ResolveBase([]string{"trunk", "main"})
	if err != nil || b.Name != "origin/main" {
		t.Fatalf("fallback: %+v %v", b, err)
	}
	_, err = open(t, clone, nil).ResolveBase([]string{"nope"})
	var be *gitview.BaseError
	if !errors.As(err, &be) || !strings.Contains(err.Error(), "git fetch origin nope") {
		t.Fatalf("missing: %v", err)
	}
	// A commit that no branch names: the base a CI system gives as an id
	// (in full or abbreviated), a tag, a revision; a branch of the list
	// still comes first, and an id of no commit (a tree's) is no base.
	first := c.Git("rev-list", "--max-parents=0", "HEAD")
	c.Git("tag", "v1", first)
	for _, name := range []string{first, first[:12], "v1", "HEAD~2"} {
		b, err = open(t, clone, nil).ResolveBase([]string{"nope", name})
		if err != nil || b.Commit.String() != first {
			t.Errorf("commit %q: %+v %v, want %s", name, b, err, first)
		}
	}
	if b, _ = open(t, clone, nil).ResolveBase([]string{first}); b.Name != gitview.Short(b.Commit) {
		t.Errorf("a full id is printed short: %q", b.Name)
	}
	if b, err = open(t, clone, nil).ResolveBase([]string{first, "main"}); err != nil || b.Name != "origin/main" {
		t.Errorf("a branch after a commit id: %+v %v, want origin/main", b, err)
	}
	tree := c.Git("rev-parse", "HEAD^{tree}")
	if _, err = open(t, clone, nil).ResolveBase([]string{tree}); !errors.As(err, &be) {
		t.Errorf("a tree's id as the base: %v, want a BaseError", err)
	}
}

func TestRenameAndUnborn(t *testing.T) {
	r := gittest.New(t)
	g0 := open(t, r.Dir, nil)
	h, err := g0.Head()
	if err != nil || !h.Unborn || h.Branch != "develop" {
		t.Fatalf("unborn Head() = %+v %v", h, err)
	}
	body := strings.Repeat("CREATE TABLE t (id int);\n", 20)
	r.Commit("root", map[string]string{"m/mig.sql": body})
	r.Git("mv", "m/mig.sql", "m/0002_mig.sql")
	g := open(t, r.Dir, nil)
	head, _ := g.Head()
	ht, _ := g.CommitTree(head.Commit)
	st, _ := g.StagedTree()
	ch, err := g.Diff(ht, st)
	if err != nil || len(ch) != 1 || ch[0].Action != gitview.Renamed || ch[0].From != "m/mig.sql" || ch[0].To != "m/0002_mig.sql" {
		t.Fatalf("diff = %+v %v", ch, err)
	}
	files, err := g.List(st, "m")
	if err != nil || len(files) != 1 || files[0] != "m/0002_mig.sql" {
		t.Fatalf("List = %v %v", files, err)
	}
	id, ok, err := g.File(st, "m/0002_mig.sql")
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	data, err := g.Blob(id)
	if err != nil || string(data) != body {
		t.Fatalf("Blob = %q %v", data, err)
	}
}

func TestUnmergedIndex(t *testing.T) {
	r := gittest.New(t)
	r.Commit("root", map[string]string{"a": "1"})
	r.Git("checkout", "-q", "-b", "f")
	r.Commit("f", map[string]string{"a": "2"})
	r.Git("checkout", "-q", "develop")
	r.Commit("d", map[string]string{"a": "3"})
	if _, err := r.TryGit("merge", "f"); err == nil {
		t.Fatal("merge should conflict")
	}
	g := open(t, r.Dir, nil)
	mh, err := g.MergeHeads()
	if err != nil || len(mh) != 1 || mh[0].String() != r.Git("rev-parse", "f") {
		t.Fatalf("MergeHeads = %v %v", mh, err)
	}
	_, err = g.StagedTree()
	var ie *gitview.IndexError
	if !errors.As(err, &ie) || !strings.Contains(err.Error(), "unmerged paths (a)") {
		t.Fatalf("err = %v", err)
	}
}

func TestSkipHashIndex(t *testing.T) {
	r := gittest.New(t)
	r.Commit("root", map[string]string{"a": "1", "b/c": "2"})
	p := filepath.Join(r.Dir, ".git", "index")
	data, _ := os.ReadFile(p)
	for i := len(data) - 20; i < len(data); i++ {
		data[i] = 0
	}
	os.WriteFile(p, data, 0o644)
	g := open(t, r.Dir, nil)
	h, err := g.StagedTree()
	if err != nil || h.String() != r.Git("rev-parse", "HEAD^{tree}") {
		t.Fatalf("StagedTree = %s %v", h, err)
	}
}
