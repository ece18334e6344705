package gitview

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/migguard/migguard/internal/gitview/gittest"
)

// readCommit and walkCommits read what go-git's object package reads: the
// parents and message of commits with merges, a signature, an embedded
// tag and no message, in the order of go-git's pre-order iterator; and
// tagTarget the target of an annotated tag.
func TestCommitsMatchGoGit(t *testing.T) {
	r := gittest.New(t)
	r.Commit("root", map[string]string{"a": "1"})
	for i := 0; i < 3; i++ {
		r.Git("checkout", "-q", "-b", fmt.Sprintf("f%d", i), "develop")
		r.Commit(fmt.Sprintf("feature %d\n\nwith a body\nof two lines", i), map[string]string{fmt.Sprintf("f%d", i): "1"})
		r.Git("checkout", "-q", "develop")
		r.Commit(fmt.Sprintf("develop %d", i), map[string]string{fmt.Sprintf("d%d", i): "1"})
		r.Git("merge", "-q", "--no-edit", fmt.Sprintf("f%d", i))
	}
	r.Git("tag", "-a", "-m", "annotated", "v1")
	head := r.Git("rev-parse", "HEAD")
	tree := r.Git("rev-parse", "HEAD^{tree}")
	// A commit with a signature and an embedded tag, whose continuation
	// lines hold "parent" after a space, and no message.
	raw := "tree " + tree + "\nparent " + head + "\n" +
		"author A <a@x> 1700000000 +0100\ncommitter A <a@x> 1700000000 +0100\n" +
		"mergetag object " + head + "\n type commit\n tag t\n parent 0000000000000000000000000000000000000000\n \n msg\n" +
		"gpgsig -----BEGIN PGP SIGNATURE-----\n parent 1111111111111111111111111111111111111111\n -----END PGP SIGNATURE-----\n"
	signed := hashObject(t, r, "commit", raw)
	r.Git("update-ref", "refs/heads/signed", signed)
	r.Git("gc", "-q")
	g := openRepo(t, r.Dir)
	for _, start := range []string{head, signed, r.Git("rev-parse", "f1")} {
		var got []string
		err := walkCommits(g.fast, plumbing.NewHash(start), func(c *commit) bool {
			gc, err := object.GetCommit(g.st, c.Hash)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(c.Parents, gc.ParentHashes) && !(len(c.Parents) == 0 && len(gc.ParentHashes) == 0) {
				t.Errorf("commit %s: parents %v, go-git %v", c.Hash, c.Parents, gc.ParentHashes)
			}
			if c.Message != gc.Message {
				t.Errorf("commit %s: message %q, go-git %q", c.Hash, c.Message, gc.Message)
			}
			got = append(got, c.Hash.String())
			return true
		})
		if err != nil {
			t.Fatal(err)
		}
		first, err := object.GetCommit(g.st, plumbing.NewHash(start))
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		object.NewCommitPreorderIter(first, nil, nil).ForEach(func(c *object.Commit) error {
			want = append(want, c.Hash.String())
			return nil
		})
		if !reflect.DeepEqual(got, want) {
			t.Errorf("walk from %s:\n got %v\nwant %v", start[:7], got, want)
		}
	}
	tag := plumbing.NewHash(r.Git("rev-parse", "v1"))
	data, typ, err := objectData(g.fast, plumbing.AnyObject, tag)
	if err != nil || typ != plumbing.TagObject {
		t.Fatalf("reading tag v1: %v, %v", typ, err)
	}
	if target, err := tagTarget(tag, data); err != nil || target.String() != head {
		t.Errorf("tagTarget = %s, %v; want %s", target, err, head)
	}
	if _, err := tagTarget(tag, []byte("type commit\n\nobject "+head)); err == nil {
		t.Error("a tag without an object header has a target")
	}
	if _, err := readCommit(g.fast, plumbing.NewHash(tree)); err == nil {
		t.Error("a tree reads as a commit")
	}
	if _, err := parseCommit(ZeroHash, []byte("tree "+tree+"\nparent xyz\n\nm")); err == nil {
		t.Error("a commit with a malformed parent reads")
	}
}

// hashObject writes an object of type typ with content data.
func hashObject(t *testing.T, r *gittest.Repo, typ, data string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "object")
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(r.Git("hash-object", "-t", typ, "-w", "--literally", p))
}
