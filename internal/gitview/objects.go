package gitview

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/storer"
)

// Commits, tags and tree entries are read here, not through go-git's
// object package: that package brings OpenPGP, its curves and a diff
// library into the binary, whose initialisation every run of migguard
// paid (about 0.25 ms of a 3.5 ms start), for the parents and message of
// a commit and the target of a tag.

// TreeEntry is an entry of a tree: a file, a directory, a link or a
// submodule.
type TreeEntry struct {
	Name string
	Mode filemode.FileMode
	Hash Hash
}

// objectData returns the content of object h of type t (plumbing.AnyObject:
// any type) and its type.
func objectData(s storer.EncodedObjectStorer, t plumbing.ObjectType, h Hash) ([]byte, plumbing.ObjectType, error) {
	obj, err := s.EncodedObject(t, h)
	if err != nil {
		return nil, 0, err
	}
	if so, ok := obj.(*storedObject); ok {
		return so.data, so.typ, nil
	}
	r, err := obj.Reader()
	if err != nil {
		return nil, 0, err
	}
	var buf bytes.Buffer
	_, err = buf.ReadFrom(r)
	if cerr := r.Close(); err == nil {
		err = cerr
	}
	return buf.Bytes(), obj.Type(), err
}

// StoreObject stores an object of type t with content data in s and
// returns its id.
func StoreObject(s storer.EncodedObjectStorer, t plumbing.ObjectType, data []byte) (Hash, error) {
	obj := s.NewEncodedObject()
	obj.SetType(t)
	w, err := obj.Writer()
	if err != nil {
		return ZeroHash, err
	}
	if _, err := w.Write(data); err != nil {
		return ZeroHash, err
	}
	if err := w.Close(); err != nil {
		return ZeroHash, err
	}
	return s.SetEncodedObject(obj)
}

// commit is what migguard reads of a commit.
type commit struct {
	Hash    Hash
	Parents []Hash
	Message string
}

// errCommit is the error of a commit object that cannot be read.
var errCommit = errors.New("malformed commit")

// readCommit reads commit h; an object of another type is not found.
func readCommit(s storer.EncodedObjectStorer, h Hash) (*commit, error) {
	data, _, err := objectData(s, plumbing.CommitObject, h)
	if err != nil {
		return nil, err
	}
	return parseCommit(h, data)
}

// parseCommit reads a commit's parents and message: the headers run to
// the first empty line, the message is all that follows it. Lines that
// continue a header (a signature, an embedded tag) start with a space.
func parseCommit(h Hash, data []byte) (*commit, error) {
	c := &commit{Hash: h}
	rest := data
	for len(rest) > 0 {
		line, after, found := bytes.Cut(rest, []byte{'\n'})
		rest = after
		if len(line) == 0 {
			if found {
				c.Message = string(rest)
			}
			break
		}
		if p, ok := bytes.CutPrefix(line, []byte("parent ")); ok {
			ph, ok := parseHash(p)
			if !ok {
				return nil, fmt.Errorf("commit %s: %w: parent %q", h, errCommit, p)
			}
			c.Parents = append(c.Parents, ph)
		}
	}
	return c, nil
}

// parseHash reads an object name in hexadecimal.
func parseHash(b []byte) (Hash, bool) {
	if len(b) != 2*len(ZeroHash) {
		return ZeroHash, false
	}
	var h Hash
	if _, err := hex.Decode(h[:], b); err != nil {
		return ZeroHash, false
	}
	return h, true
}

// tagTarget returns the object an annotated tag points at, from its
// "object" header.
func tagTarget(h Hash, data []byte) (Hash, error) {
	for rest := data; len(rest) > 0; {
		line, after, _ := bytes.Cut(rest, []byte{'\n'})
		rest = after
		if len(line) == 0 {
			break
		}
		if p, ok := bytes.CutPrefix(line, []byte("object ")); ok {
			if t, ok := parseHash(p); ok {
				return t, nil
			}
			break
		}
	}
	return ZeroHash, fmt.Errorf("tag %s names no object", h)
}

// walkCommits calls visit with each commit reachable from start once,
// depth first in pre-order: a commit, then its first parent's history,
// then the history of its other parents not seen yet (the order of
// go-git's commit pre-order iterator). visit returns false to stop.
func walkCommits(s storer.EncodedObjectStorer, start Hash, visit func(*commit) bool) error {
	seen := map[Hash]bool{}
	type frame struct {
		parents []Hash
		next    int
	}
	var stack []*frame
	next := func() (Hash, bool) {
		for len(stack) > 0 {
			top := stack[len(stack)-1]
			if top.next == len(top.parents) {
				stack = stack[:len(stack)-1]
				continue
			}
			h := top.parents[top.next]
			top.next++
			if !seen[h] {
				return h, true
			}
		}
		return ZeroHash, false
	}
	h, ok := start, true
	for ok {
		if !seen[h] {
			seen[h] = true
			c, err := readCommit(s, h)
			if err != nil {
				return err
			}
			if !visit(c) {
				return nil
			}
			if len(c.Parents) > 0 {
				stack = append(stack, &frame{parents: c.Parents})
			}
		}
		h, ok = next()
	}
	return nil
}
