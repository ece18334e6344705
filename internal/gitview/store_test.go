package gitview

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/migguard/migguard/internal/gitview/gittest"
)

func openRepo(t *testing.T, dir string) *Git {
	t.Helper()
	g, err := Open(dir, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { g.Close() })
	return g
}

// history commits n versions of a few growing files, so that packing
// makes delta chains, plus a binary file and an empty one.
func history(t *testing.T, r *gittest.Repo, n int) {
	t.Helper()
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "line %d of a file that grows a little with every commit\n", i)
		bin := make([]byte, 3000)
		rand.New(rand.NewSource(int64(i % 3))).Read(bin)
		r.Commit(fmt.Sprintf("c%d", i), map[string]string{
			"db/migrations/big.sql":                    b.String(),
			fmt.Sprintf("db/migrations/%03d_t.sql", i): fmt.Sprintf("CREATE TABLE t%d (id int);\n", i),
			"bin/blob":  string(bin),
			"empty.txt": "",
		})
	}
}

// checkAllObjects compares every object objectStore reads with go-git's
// own reading of it.
func checkAllObjects(t *testing.T, g *Git) {
	t.Helper()
	iter, err := g.st.IterEncodedObjects(plumbing.AnyObject)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	err = iter.ForEach(func(want plumbing.EncodedObject) error {
		n++
		got, err := g.fast.objs.read(want.Hash(), 0)
		if err != nil {
			return fmt.Errorf("%s: %v", want.Hash(), err)
		}
		r, _ := want.Reader()
		data, _ := io.ReadAll(r)
		if got.typ != want.Type() || !bytes.Equal(got.data, data) {
			return fmt.Errorf("%s: read %s of %d bytes, go-git reads %s of %d", want.Hash(), got.typ, len(got.data), want.Type(), len(data))
		}
		if size, err := g.fast.objs.size(want.Hash()); err != nil || size != int64(len(data)) {
			return fmt.Errorf("%s: the size from the header is %d (%v), the object has %d bytes", want.Hash(), size, err, len(data))
		}
		if err := g.fast.HasEncodedObject(want.Hash()); err != nil {
			return fmt.Errorf("%s: HasEncodedObject: %v", want.Hash(), err)
		}
		prefix := want.Hash()
		hs, err := g.fast.HashesWithPrefix(prefix[:3])
		if err != nil || !containsHash(hs, want.Hash()) {
			return fmt.Errorf("%s: HashesWithPrefix gives %v, %v", want.Hash(), hs, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 100 {
		t.Fatalf("only %d objects compared", n)
	}
	if _, err := g.fast.objs.read(plumbing.NewHash("0123456789012345678901234567890123456789"), 0); err == nil {
		t.Error("a missing object was read")
	}
}

// deltaKinds counts the offset and id deltas of the packs.
func deltaKinds(t *testing.T, g *Git) (ofs, ref int) {
	t.Helper()
	for _, p := range g.fast.objs.packs {
		for i := 0; i < int(p.n); i++ {
			typ, _, _, _, _, err := p.entryHeader(p.offset(i))
			if err != nil {
				t.Fatal(err)
			}
			switch typ {
			case packOfsDelta:
				ofs++
			case packRefDelta:
				ref++
			}
		}
	}
	return ofs, ref
}

func containsHash(hs []Hash, h Hash) bool {
	for _, x := range hs {
		if x == h {
			return true
		}
	}
	return false
}

func TestObjectStoreMatchesGoGit(t *testing.T) {
	r := gittest.New(t)
	history(t, r, 60)
	// Loose objects only.
	t.Run("loose", func(t *testing.T) { checkAllObjects(t, openRepo(t, r.Dir)) })
	// Offset deltas (git's default), and loose objects beside the pack.
	r.Git("gc", "-q")
	r.Commit("after gc", map[string]string{"loose.txt": "loose\n"})
	t.Run("ofs-delta", func(t *testing.T) {
		g := openRepo(t, r.Dir)
		if len(g.fast.objs.packs) != 1 {
			t.Fatalf("%d packs", len(g.fast.objs.packs))
		}
		if ofs, _ := deltaKinds(t, g); ofs == 0 {
			t.Fatal("no offset deltas to read")
		}
		checkAllObjects(t, g)
	})
	// Deltas naming their base by id, and long chains.
	r.Git("-c", "repack.useDeltaBaseOffset=false", "repack", "-q", "-a", "-d", "-f", "--depth=200", "--window=50")
	t.Run("ref-delta", func(t *testing.T) {
		g := openRepo(t, r.Dir)
		if _, ref := deltaKinds(t, g); ref == 0 {
			t.Fatal("no id deltas to read")
		}
		checkAllObjects(t, g)
		// The first read fills the delta cache; read everything again
		// from it.
		checkAllObjects(t, g)
	})
	// Two packs.
	r.Commit("more", map[string]string{"more.txt": "more\n"})
	r.Git("repack", "-q", "-d")
	t.Run("two-packs", func(t *testing.T) {
		g := openRepo(t, r.Dir)
		if len(g.fast.objs.packs) != 2 {
			t.Fatalf("%d packs", len(g.fast.objs.packs))
		}
		checkAllObjects(t, g)
	})
}

func TestPatchDeltaRejectsBadDeltas(t *testing.T) {
	src := []byte("hello, world")
	for _, delta := range [][]byte{
		nil,
		{12},                   // no target size
		{11, 5, 0x90, 5},       // wrong source size
		{12, 5, 0x91, 10, 5},   // copy past the source
		{12, 5, 0},             // reserved command
		{12, 5, 7, 'a'},        // insert past the delta
		{12, 2, 0x90, 5},       // copy past the target size
		{12, 6, 0x90, 5},       // target shorter than announced
		{12, 5, 0x91, 0xff, 1}, // offset past the source
		{12, 0x80, 0x80, 0x80}, // unterminated size
	} {
		if out, err := patchDelta(src, delta); err == nil {
			t.Errorf("delta %v applied: %q", delta, out)
		}
	}
	out, err := patchDelta(src, []byte{12, 9, 0x90, 5, 4, '!', '!', '!', '!'})
	if err != nil || string(out) != "hello!!!!" {
		t.Errorf("got %q, %v", out, err)
	}
}

// goGitDiff is Diff as go-git's merkletrie diff computes it over whole
// trees, the reference the top-down diff must agree with.
func goGitDiff(t *testing.T, g *Git, from, to Hash) []Change {
	t.Helper()
	get := func(h Hash) *object.Tree {
		if h.IsZero() {
			return nil
		}
		tr, err := object.GetTree(g.st, h)
		if err != nil {
			t.Fatal(err)
		}
		return tr
	}
	opts := &object.DiffTreeOptions{DetectRenames: true, RenameScore: renameScore, RenameLimit: renameLimit}
	changes, err := object.DiffTreeWithOptions(context.Background(), get(from), get(to), opts)
	if err != nil {
		t.Fatal(err)
	}
	return changesOf(fromGoGit(changes))
}

// fromGoGit converts go-git's changes.
func fromGoGit(changes object.Changes) []*change {
	side := func(e object.ChangeEntry) changeEntry {
		return changeEntry{Name: e.Name, TreeEntry: TreeEntry{Name: e.TreeEntry.Name, Mode: e.TreeEntry.Mode, Hash: e.TreeEntry.Hash}}
	}
	var out []*change
	for _, c := range changes {
		out = append(out, &change{from: side(c.From), to: side(c.To)})
	}
	return out
}

// TestDiffMatchesGoGit compares Diff with go-git's diff over random edits:
// files added, deleted, edited, renamed with and without edits, made
// executable, turned into directories and back, symbolic links, and
// names that sort differently as files and as directories.
func TestDiffMatchesGoGit(t *testing.T) {
	r := gittest.New(t)
	rng := rand.New(rand.NewSource(1))
	names := []string{"a", "a.sql", "a-b", "a/b.sql", "b/c/d.sql", "b/c.sql", "db/001_x.sql", "db/002_y.sql", "db/sub/003.sql", "z"}
	content := func() string {
		var b strings.Builder
		for i := 0; i < 20+rng.Intn(20); i++ {
			fmt.Fprintf(&b, "line %d %d\n", i, rng.Intn(3))
		}
		return b.String()
	}
	var commits []string
	for i := 0; i < 40; i++ {
		for k := 0; k < 1+rng.Intn(4); k++ {
			p := names[rng.Intn(len(names))]
			abs := filepath.Join(r.Dir, filepath.FromSlash(p))
			switch op := rng.Intn(6); op {
			case 0: // delete (a file or a directory)
				os.RemoveAll(abs)
			case 1: // rename with a small edit
				if data, err := os.ReadFile(abs); err == nil {
					dst := filepath.Join(r.Dir, filepath.FromSlash(names[rng.Intn(len(names))]))
					os.RemoveAll(abs)
					os.RemoveAll(dst)
					os.MkdirAll(filepath.Dir(dst), 0o755)
					os.WriteFile(dst, append(data, "x\n"...), 0o644)
				}
			case 2: // mode change
				os.Chmod(abs, 0o755)
			case 3: // symbolic link
				os.RemoveAll(abs)
				os.MkdirAll(filepath.Dir(abs), 0o755)
				os.Symlink("target", abs)
			default: // write
				os.RemoveAll(abs)
				os.MkdirAll(filepath.Dir(abs), 0o755)
				os.WriteFile(abs, []byte(content()), 0o644)
			}
		}
		commits = append(commits, r.Commit(fmt.Sprintf("c%d", i), nil))
	}
	r.Git("gc", "-q")
	g := openRepo(t, r.Dir)
	tree := func(c string) Hash {
		h, err := g.CommitTree(plumbing.NewHash(c))
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	pairs := [][2]Hash{{ZeroHash, tree(commits[len(commits)-1])}, {tree(commits[0]), ZeroHash}}
	for i := 1; i < len(commits); i++ {
		pairs = append(pairs, [2]Hash{tree(commits[i-1]), tree(commits[i])})
		pairs = append(pairs, [2]Hash{tree(commits[rng.Intn(len(commits))]), tree(commits[rng.Intn(len(commits))])})
	}
	for _, p := range pairs {
		got, err := g.Diff(p[0], p[1])
		if err != nil {
			t.Fatal(err)
		}
		if want := goGitDiff(t, g, p[0], p[1]); !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Errorf("Diff(%s, %s):\n got %v\nwant %v", Short(p[0]), Short(p[1]), got, want)
		}
	}
}

// TestListAndFileMatchGoGit compares List and File with go-git's tree
// walks on a tree with nested directories and names that sort
// differently as files and as directories.
func TestListAndFileMatchGoGit(t *testing.T) {
	r := gittest.New(t)
	files := map[string]string{"a.b": "1", "a/b": "2", "a/c/d": "3", "a-b/x": "4", "a0": "5", "ab": "6", "db/migrations/001_a.sql": "7", "db/migrations/sub/002.sql": "8"}
	c := r.Commit("c", files)
	g := openRepo(t, r.Dir)
	root, err := g.CommitTree(plumbing.NewHash(c))
	if err != nil {
		t.Fatal(err)
	}
	all, err := g.List(root, ".")
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for p := range files {
		want = append(want, p)
	}
	sort.Strings(want)
	if !reflect.DeepEqual(all, want) {
		t.Errorf("List(.) = %v, want %v", all, want)
	}
	sub, _ := g.List(root, "db/migrations")
	if !reflect.DeepEqual(sub, []string{"db/migrations/001_a.sql", "db/migrations/sub/002.sql"}) {
		t.Errorf("List(db/migrations) = %v", sub)
	}
	if none, err := g.List(root, "a.b"); none != nil || err != nil {
		t.Errorf("List of a file = %v, %v", none, err)
	}
	gt, err := object.GetTree(g.st, root)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range append(want, "a", "a/c", "nope", "a/nope", "a.b/x", "db", "a-b", "a0/x") {
		id, ok, err := g.File(root, p)
		if err != nil {
			t.Fatal(err)
		}
		e, ferr := gt.FindEntry(p)
		wantOK := ferr == nil && e.Mode.IsFile()
		if ok != wantOK || (ok && id != e.Hash) {
			t.Errorf("File(%s) = %s, %v; go-git: %v, %v", p, id, ok, e, ferr)
		}
	}
}

// TestCommitGraph checks that merge-bases found through a commit-graph
// file, and through a chain of split ones, are git's.
func TestCommitGraph(t *testing.T) {
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
	r.Git("merge", "-q", "--no-edit", "develop")
	r.Commit("f2", map[string]string{"f": "2"})
	r.Git("checkout", "-q", "develop")
	r.Commit("d2", map[string]string{"d": "2"})
	pairs := [][2]string{{"develop", "feature"}, {"develop~2", "feature"}, {"feature~1", "develop"}}
	check := func(t *testing.T) {
		g := openRepo(t, r.Dir)
		if g.graph == nil {
			t.Fatal("the commit-graph was not read")
		}
		for _, p := range pairs {
			a, _ := g.Resolve(p[0])
			b, _ := g.Resolve(p[1])
			got, err := g.MergeBase(a, b)
			if err != nil {
				t.Fatal(err)
			}
			if want := r.Git("merge-base", p[0], p[1]); got.String() != want {
				t.Errorf("merge-base %s %s = %s, git says %s", p[0], p[1], got, want)
			}
			ci, err := g.commit(b)
			if err != nil || g.graphCommit(b) == nil {
				t.Fatalf("%s not in the commit-graph: %v", p[1], err)
			}
			if want := r.Git("rev-parse", p[1]+"^{tree}"); ci.tree.String() != want {
				t.Errorf("tree of %s = %s, want %s", p[1], ci.tree, want)
			}
		}
	}
	r.Git("commit-graph", "write", "--reachable")
	t.Run("file", check)
	os.Remove(filepath.Join(r.Dir, ".git", "objects", "info", "commit-graph"))
	r.Git("commit-graph", "write", "--reachable", "--split=no-merge")
	r.Commit("d3", map[string]string{"d": "3"})
	r.Git("commit-graph", "write", "--reachable", "--split=no-merge")
	if _, err := os.Stat(filepath.Join(r.Dir, ".git", "objects", "info", "commit-graphs", "commit-graph-chain")); err != nil {
		t.Fatal(err)
	}
	t.Run("chain", check)
}

// TestApplyDeltaChains applies chains of deltas made by go-git between
// random edits of a text, composed as slices, and compares the results
// with the texts.
func TestApplyDeltaChains(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	for round := 0; round < 20; round++ {
		text := []byte(strings.Repeat("0123456789abcdef\n", 50+rng.Intn(500)))
		cur := newPieces(append([]byte(nil), text...))
		for depth := 0; depth < 60; depth++ {
			next := append([]byte(nil), text...)
			for k := 0; k < 1+rng.Intn(4); k++ {
				at := rng.Intn(len(next))
				switch rng.Intn(3) {
				case 0:
					next = append(next[:at], append([]byte(fmt.Sprintf("ins %d\n", rng.Int())), next[at:]...)...)
				case 1:
					end := min(len(next), at+rng.Intn(40))
					if end-at < len(next) {
						next = append(next[:at], next[end:]...)
					}
				default:
					next[at] ^= 0x20
				}
			}
			delta := packfile.DiffDelta(text, next)
			var err error
			if cur, err = applyDelta(cur, delta); err != nil {
				t.Fatalf("round %d depth %d: %v", round, depth, err)
			}
			if got := cur.bytes(); !bytes.Equal(got, next) {
				t.Fatalf("round %d depth %d: the composed object differs", round, depth)
			}
			text = next
		}
	}
}

// gitKey is the name a tree entry sorts by: a directory's with a slash
// after it.
func gitKey(e object.TreeEntry) string {
	if e.Mode == filemode.Dir {
		return e.Name + "/"
	}
	return e.Name
}

func TestCompareKey(t *testing.T) {
	names := []string{"", "a", "a.b", "a/", "a0", "ab", "a-b", "b", "aa", "a/b"}
	for _, n := range names {
		for _, dir := range []bool{false, true} {
			if n == "" {
				continue
			}
			e := object.TreeEntry{Name: n, Mode: filemode.Regular}
			if dir {
				e.Mode = filemode.Dir
			}
			for _, key := range names {
				for _, slash := range []bool{false, true} {
					k := key
					if slash {
						k += "/"
					}
					want := strings.Compare(gitKey(e), k)
					if got := compareKey(e.Name, e.Mode == filemode.Dir, key, slash); got != want {
						t.Errorf("compareKey(%q dir=%v, %q slash=%v) = %d, want %d", n, dir, key, slash, got, want)
					}
				}
			}
		}
	}
}
