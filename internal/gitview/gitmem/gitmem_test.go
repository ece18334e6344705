package gitmem_test

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/migguard/migguard/internal/gitview"
	"github.com/migguard/migguard/internal/gitview/gitmem"
	"github.com/migguard/migguard/internal/gitview/gittest"
)

// twin builds one history twice: with real git and in memory. Trees and
// blobs get the same ids on both sides; commits do not, and ids maps the
// real commits to the in-memory ones.
type twin struct {
	t    *testing.T
	git  *gittest.Repo
	mem  *gitmem.Repo
	ids  map[gitview.Hash]gitview.Hash
	head string
}

func newTwin(t *testing.T) *twin {
	return &twin{t: t, git: gittest.New(t), mem: gitmem.New(), ids: map[gitview.Hash]gitview.Hash{}, head: "develop"}
}

// open opens the real repository (or a clone of it) as it is now.
func open(t *testing.T, dir string) *gitview.Git {
	t.Helper()
	g, err := gitview.Open(dir, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { g.Close() })
	return g
}

// real returns the real commit a revision names.
func (w *twin) real(rev string) gitview.Hash { return plumbing.NewHash(w.git.Git("rev-parse", rev)) }

// mem returns the in-memory commit of a revision of the real repository.
func (w *twin) memOf(rev string) gitview.Hash {
	c, ok := w.ids[w.real(rev)]
	if !ok {
		w.t.Fatalf("%s is not a commit the twin made", rev)
	}
	return c
}

// checkout switches both to a branch, creating it at the revision from
// when that is not "".
func (w *twin) checkout(branch, from string) {
	w.t.Helper()
	if from != "" {
		w.git.Git("checkout", "-q", "-b", branch, from)
		w.mem.SetRef(branch, w.memOf(from))
	} else {
		w.git.Git("checkout", "-q", branch)
	}
	w.mem.Checkout(branch)
	w.head = branch
}

// commit commits the changes on the current branch of both.
func (w *twin) commit(changes map[string]string) {
	w.t.Helper()
	w.stage(changes)
	w.git.Git("commit", "-q", "--allow-empty", "-m", "c")
	w.ids[w.real("HEAD")] = w.mem.Commit(w.head, changes)
}

// stage stages the changes in the real repository's index.
func (w *twin) stage(changes map[string]string) {
	w.t.Helper()
	write := map[string]string{}
	for p, c := range changes {
		if c == gitmem.Deleted {
			if err := os.Remove(filepath.Join(w.git.Dir, filepath.FromSlash(p))); err != nil {
				w.t.Fatal(err)
			}
			continue
		}
		write[p] = c
	}
	w.git.Write(write)
	w.git.Git("add", "-A")
}

// setRef points a ref of both at a revision of the real repository; name
// is "develop", "origin/develop" …
func (w *twin) setRef(name, rev string) {
	w.t.Helper()
	full := "refs/heads/" + name
	if strings.HasPrefix(name, "origin/") {
		full = "refs/remotes/" + name
	}
	mem := w.memOf(rev)
	w.git.Git("update-ref", full, w.real(rev).String())
	w.mem.SetRef(name, mem)
}

// history builds develop and a feature branch that renames, deletes and
// edits files, merges develop into itself and stages more; origin/develop
// has diverged from develop and origin/main is develop.
func history(t *testing.T) *twin {
	w := newTwin(t)
	orders := "CREATE TABLE orders (id bigint PRIMARY KEY, total numeric NOT NULL);\n"
	w.commit(map[string]string{
		"db/migrations/001_users.sql":  "CREATE TABLE users (id bigint PRIMARY KEY);\n",
		"db/migrations/002_orders.sql": orders,
		"db/README.md":                 "the schema\n",
		"README.md":                    "shop\n",
		"docs/notes.txt":               "notes\n",
		"docs.txt":                     "a file whose name sorts between docs and docs/notes.txt\n",
	})
	w.checkout("feature", "develop")
	w.commit(map[string]string{
		"db/migrations/003_items.sql":     "CREATE TABLE items (id bigint PRIMARY KEY, name text);\n",
		"db/migrations/002_orders.sql":    gitmem.Deleted,
		"db/migrations/002_orders_v2.sql": orders,
		"README.md":                       gitmem.Deleted,
		"docs/notes.txt":                  "more notes, quite different now\n",
	})
	w.checkout("develop", "")
	w.commit(map[string]string{"db/migrations/003_tags.sql": "CREATE TABLE tags (label text);\n", "db/seed/x.sql": "INSERT INTO users VALUES (1);\n"})
	w.checkout("feature", "")
	w.git.Git("merge", "-q", "--no-edit", "develop")
	w.ids[w.real("HEAD")] = w.mem.Merge("feature", "develop", nil)
	w.commit(map[string]string{"db/migrations/004_more.sql": "ALTER TABLE items ADD COLUMN price numeric;\n"})
	w.checkout("pushed", "develop")
	w.commit(map[string]string{"elsewhere.txt": "pushed by someone else\n"})
	w.checkout("develop", "")
	w.commit(map[string]string{"db/migrations/005_late.sql": "CREATE INDEX ON tags (label);\n"})
	w.setRef("origin/develop", "pushed")
	w.setRef("origin/main", "develop")
	w.checkout("feature", "")
	staged := map[string]string{"db/migrations/006_staged.sql": "DROP TABLE tags;\n", "docs/notes.txt": gitmem.Deleted}
	w.stage(staged)
	w.mem.Stage(staged)
	return w
}

// The in-memory repository answers as the real one does for the same
// history: trees have git's ids, and Head, Resolve, ResolveBase,
// MergeBase, IsAncestor, CommitTree, StagedTree, List, File, Blob and Diff
// agree, on a branch and with HEAD detached.
func TestMatchesGit(t *testing.T) {
	w := history(t)
	compare(t, w, open(t, w.git.Dir))

	// Detached HEAD (the staged changes dropped), with local develop
	// behind origin/develop.
	w.git.Git("checkout", "-q", "-f", "--detach", "develop")
	w.mem.Detach(w.memOf("develop"))
	w.setRef("origin/develop", "develop")
	w.setRef("develop", "develop~1")
	compare(t, w, open(t, w.git.Dir))
}

func compare(t *testing.T, w *twin, g *gitview.Git) {
	t.Helper()
	m := w.mem
	gh, err := g.Head()
	if err != nil {
		t.Fatal(err)
	}
	mh, _ := m.Head()
	if want := (gitview.Head{Branch: gh.Branch, Commit: w.ids[gh.Commit], Unborn: gh.Unborn}); mh != want {
		t.Errorf("Head() = %+v, git gives %+v", mh, want)
	}
	for _, rev := range []string{"HEAD", "develop", "feature", "origin/develop", "refs/remotes/origin/main", "refs/heads/feature", "nope"} {
		gc, gerr := g.Resolve(rev)
		mc, merr := m.Resolve(rev)
		if (gerr == nil) != (merr == nil) || mc != w.ids[gc] {
			t.Errorf("Resolve(%q) = %s, %v; git gives %s, %v", rev, mc, merr, w.ids[gc], gerr)
		}
	}
	for _, names := range [][]string{{"develop"}, {"main"}, {"trunk", "main"}, {"origin/develop"}, {"feature"}, {"refs/heads/develop"}, {"nope", "trunk"}} {
		gb, gerr := g.ResolveBase(names)
		mb, merr := m.ResolveBase(names)
		gb.Commit = w.ids[gb.Commit]
		if mb != gb || errText(merr) != errText(gerr) {
			t.Errorf("ResolveBase(%q) = %+v, %v; git gives %+v, %v", names, mb, merr, gb, gerr)
		}
	}

	trees := []gitview.Hash{gitview.ZeroHash}
	for real, mem := range w.ids {
		gt, err := g.CommitTree(real)
		if err != nil {
			t.Fatal(err)
		}
		mt, err := m.CommitTree(mem)
		if err != nil || mt != gt {
			t.Errorf("CommitTree(%s) = %s, %v; git gives %s", gitview.Short(mem), mt, err, gt)
		}
		trees = append(trees, gt)
		for real2, mem2 := range w.ids {
			gb, gerr := g.MergeBase(real, real2)
			mb, merr := m.MergeBase(mem, mem2)
			if mb != w.ids[gb] || (gerr == nil) != (merr == nil) {
				t.Errorf("MergeBase = %s, %v; git gives %s, %v", mb, merr, w.ids[gb], gerr)
			}
			ga, _ := g.IsAncestor(real, real2)
			if ma, _ := m.IsAncestor(mem, mem2); ma != ga {
				t.Errorf("IsAncestor = %v, git gives %v", ma, ga)
			}
		}
	}
	gs, err := g.StagedTree()
	if err != nil {
		t.Fatal(err)
	}
	if ms, _ := m.StagedTree(); ms != gs {
		t.Errorf("StagedTree() = %s, git gives %s", ms, gs)
	}
	trees = append(trees, gs)

	for _, tree := range trees {
		for _, dir := range []string{".", "", "db", "db/migrations", "docs/", "db/migrations/001_users.sql", "nope"} {
			gl, gerr := g.List(tree, dir)
			ml, merr := m.List(tree, dir)
			if !slices.Equal(ml, gl) || merr != nil || gerr != nil {
				t.Errorf("List(%s, %q) = %q, %v; git gives %q, %v", gitview.Short(tree), dir, ml, merr, gl, gerr)
			}
		}
		for _, p := range []string{"db/migrations/001_users.sql", "docs/notes.txt", "docs", "README.md", "nope/x"} {
			gid, gok, _ := g.File(tree, p)
			mid, mok, err := m.File(tree, p)
			if mid != gid || mok != gok || err != nil {
				t.Errorf("File(%s, %q) = %s, %v, %v; git gives %s, %v", gitview.Short(tree), p, mid, mok, err, gid, gok)
			}
			if mok {
				gb, _ := g.Blob(gid)
				if mb, err := m.Blob(mid); string(mb) != string(gb) || err != nil {
					t.Errorf("Blob(%s) = %q, %v; git gives %q", gitview.Short(mid), mb, err, gb)
				}
			}
		}
		for _, to := range trees {
			gd, gerr := g.Diff(tree, to)
			md, merr := m.Diff(tree, to)
			if !slices.Equal(md, gd) || merr != nil || gerr != nil {
				t.Errorf("Diff(%s, %s) =\n%+v, %v\ngit gives\n%+v, %v", gitview.Short(tree), gitview.Short(to), md, merr, gd, gerr)
			}
		}
	}
	if mm, _ := m.MergeHeads(); len(mm) != 0 || m.Shallow() != g.Shallow() {
		t.Errorf("MergeHeads() = %v, Shallow() = %v; want none, %v", mm, m.Shallow(), g.Shallow())
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// A fresh repository: HEAD on unborn develop, an empty index, no base;
// then files staged for the first commit.
func TestUnbornMatchesGit(t *testing.T) {
	w := newTwin(t)
	g := open(t, w.git.Dir)
	gh, _ := g.Head()
	mh, _ := w.mem.Head()
	if mh != gh || !mh.Unborn || mh.Branch != "develop" {
		t.Errorf("Head() = %+v, git gives %+v", mh, gh)
	}
	gs, _ := g.StagedTree()
	if ms, _ := w.mem.StagedTree(); ms != gs {
		t.Errorf("empty StagedTree() = %s, git gives %s", ms, gs)
	}
	_, gerr := g.ResolveBase([]string{"develop", "main"})
	_, merr := w.mem.ResolveBase([]string{"develop", "main"})
	var be *gitview.BaseError
	if !errors.As(merr, &be) || merr.Error() != gerr.Error() {
		t.Errorf("ResolveBase = %v, git gives %v", merr, gerr)
	}
	files := map[string]string{"db/migrations/001_init.sql": "CREATE TABLE a (id int);\n", "b": "", "a/b": "x"}
	w.stage(files)
	staged := w.mem.Stage(files)
	if gs, _ := open(t, w.git.Dir).StagedTree(); staged != gs {
		t.Errorf("staged tree %s, git writes %s", staged, gs)
	}
	if _, err := w.mem.Resolve("HEAD"); err == nil {
		t.Error("Resolve(HEAD) on an unborn branch gave no error")
	}
}

// A shallow clone: the merge-base of two branches that forked below the
// boundary is a *gitview.ShallowError in both.
func TestShallowMatchesGit(t *testing.T) {
	w := newTwin(t)
	for i := 0; i < 4; i++ {
		w.commit(map[string]string{"a": strings.Repeat("y", i+1)})
	}
	w.checkout("feature", "develop~2")
	w.commit(map[string]string{"f": "1"})
	clone := t.TempDir()
	w.git.Git("clone", "-q", "--no-local", "--depth=1", "--no-single-branch", w.git.Dir, clone)
	g := open(t, clone)
	w.mem.SetShallow(w.memOf("develop"), w.memOf("feature"))
	if !g.Shallow() || !w.mem.Shallow() {
		t.Fatalf("Shallow() = %v, git gives %v", w.mem.Shallow(), g.Shallow())
	}
	var ge, me *gitview.ShallowError
	_, gerr := g.MergeBase(w.real("develop"), w.real("feature"))
	_, merr := w.mem.MergeBase(w.memOf("develop"), w.memOf("feature"))
	if !errors.As(gerr, &ge) || !errors.As(merr, &me) {
		t.Fatalf("MergeBase errors: %v; git gives %v", merr, gerr)
	}
	if _, err := w.mem.IsAncestor(w.memOf("develop~2"), w.memOf("feature")); !errors.As(err, &me) {
		t.Errorf("IsAncestor past the boundary: %v, want a ShallowError", err)
	}
	if ok, err := w.mem.IsAncestor(w.memOf("feature"), w.memOf("feature")); !ok || err != nil {
		t.Errorf("IsAncestor(c, c) = %v, %v", ok, err)
	}
	// Without the boundary, the history is whole again.
	w.mem.SetShallow()
	if mb, err := w.mem.MergeBase(w.memOf("develop"), w.memOf("feature")); mb != w.memOf("develop~2") || err != nil {
		t.Errorf("unshallow MergeBase = %s, %v", mb, err)
	}
}

// Diff pairs a deleted and an added file as a rename only when their
// contents are equal; an edited move is a deletion and an addition.
// Changes are sorted by path, as the real Diff sorts them.
func TestDiffRenames(t *testing.T) {
	r := gitmem.New()
	from := r.Tree(map[string]string{"m/001_a.sql": "A\n", "m/002_b.sql": "B\n", "m/003_c.sql": "C\n", "same1": "S", "same2": "S"})
	to := r.Tree(map[string]string{"m/001_a.sql": "A2\n", "m/0002_b.sql": "B\n", "m/0003_c.sql": "C edited\n", "x/same1": "S", "x/same2": "S"})
	got, err := r.Diff(from, to)
	if err != nil {
		t.Fatal(err)
	}
	id := func(s string) gitview.Hash { return plumbing.ComputeHash(plumbing.BlobObject, []byte(s)) }
	want := []gitview.Change{
		{Action: gitview.Renamed, From: "m/002_b.sql", To: "m/0002_b.sql", FromBlob: id("B\n"), ToBlob: id("B\n")},
		{Action: gitview.Added, To: "m/0003_c.sql", ToBlob: id("C edited\n")},
		{Action: gitview.Modified, From: "m/001_a.sql", To: "m/001_a.sql", FromBlob: id("A\n"), ToBlob: id("A2\n")},
		{Action: gitview.Deleted, From: "m/003_c.sql", FromBlob: id("C\n")},
		{Action: gitview.Renamed, From: "same1", To: "x/same1", FromBlob: id("S"), ToBlob: id("S")},
		{Action: gitview.Renamed, From: "same2", To: "x/same2", FromBlob: id("S"), ToBlob: id("S")},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Diff =\n%+v\nwant\n%+v", got, want)
	}
	if got, _ := r.Diff(to, to); len(got) != 0 {
		t.Errorf("Diff of a tree with itself = %+v", got)
	}
}

// Commit applies changes to the branch tip, Merge takes what the other
// branch changed since the merge-base, and Stage and committing on HEAD's
// branch move the index.
func TestBuilders(t *testing.T) {
	r := gitmem.New()
	c1 := r.Commit("develop", map[string]string{"a": "1", "b": "1"})
	r.SetRef("feature", c1)
	r.Checkout("feature")
	f1 := r.Commit("feature", map[string]string{"a": "2", "b": gitmem.Deleted})
	r.Commit("develop", map[string]string{"c": "1"})
	m := r.Merge("feature", "develop", map[string]string{"d": "1"})
	tree, _ := r.CommitTree(m)
	if got, want := r.Files(tree), map[string]string{"a": "2", "c": "1", "d": "1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("merge tree = %v, want %v", got, want)
	}
	if mb, _ := r.MergeBase(m, c1); mb != c1 {
		t.Errorf("MergeBase(merge, c1) = %s, want c1", mb)
	}
	if ok, _ := r.IsAncestor(f1, m); !ok {
		t.Error("the merge does not descend from its first parent")
	}
	staged := r.Stage(map[string]string{"e": "1"})
	if got, _ := r.StagedTree(); got != staged || r.Files(got)["e"] != "1" {
		t.Errorf("StagedTree() = %s, want the staged %s", got, staged)
	}
	r.Commit("feature", map[string]string{"e": "1"})
	if got, _ := r.StagedTree(); got != staged {
		t.Errorf("after committing the staged file the index is %v", r.Files(got))
	}
	r.Commit("feature", map[string]string{"f": "1"})
	if got, _ := r.StagedTree(); r.Files(got)["f"] != "1" {
		t.Errorf("committing on HEAD's branch left the index at %v", r.Files(got))
	}
	r.SetMergeHeads(c1)
	if mh, _ := r.MergeHeads(); !slices.Equal(mh, []gitview.Hash{c1}) {
		t.Errorf("MergeHeads() = %v", mh)
	}
	if _, err := r.Blob(gitview.ZeroHash); err == nil {
		t.Error("Blob of an unknown id gave no error")
	}
}
