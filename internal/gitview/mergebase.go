package gitview

import (
	"bytes"
	"container/heap"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/go-git/go-git/v5/plumbing"
)

// commitInfo is what the merge-base walk needs of a commit.
type commitInfo struct {
	tree    Hash
	parents []Hash
	time    int64 // committer time, seconds since the epoch
}

// commit reads the header of a commit object, cached.
func (g *Git) commit(h Hash) (*commitInfo, error) {
	if ci, ok := g.commits[h]; ok {
		return ci, nil
	}
	if ci := g.graphCommit(h); ci != nil {
		g.commits[h] = ci
		return ci, nil
	}
	obj, err := g.fast.EncodedObject(plumbing.CommitObject, h)
	if err != nil {
		if errors.Is(err, plumbing.ErrObjectNotFound) && g.Shallow() {
			return nil, &missingError{h}
		}
		if errors.Is(err, plumbing.ErrObjectNotFound) {
			return nil, &missingError{h}
		}
		return nil, fmt.Errorf("reading commit %s: %w", Short(h), err)
	}
	r, err := obj.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	// The header ends at the first blank line; it is rarely longer than
	// 1 KiB, but signatures and many parents can make it longer.
	buf := make([]byte, 0, 1024)
	chunk := make([]byte, 1024)
	for {
		n, err := r.Read(chunk)
		buf = append(buf, chunk[:n]...)
		if bytes.Contains(buf, []byte("\n\n")) || err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("reading commit %s: %w", Short(h), err)
		}
	}
	ci := &commitInfo{}
	for len(buf) > 0 {
		i := bytes.IndexByte(buf, '\n')
		if i < 0 {
			i = len(buf)
		}
		line := buf[:i]
		buf = buf[min(i+1, len(buf)):]
		if len(line) == 0 {
			break
		}
		switch {
		case bytes.HasPrefix(line, []byte("tree ")):
			ci.tree = plumbing.NewHash(string(line[5:]))
		case bytes.HasPrefix(line, []byte("parent ")):
			ci.parents = append(ci.parents, plumbing.NewHash(string(line[7:])))
		case bytes.HasPrefix(line, []byte("committer ")):
			// "committer Name <mail> 1700000000 +0000"
			f := bytes.Fields(line)
			if len(f) >= 2 {
				ci.time, _ = strconv.ParseInt(string(f[len(f)-2]), 10, 64)
			}
		}
	}
	if g.shallow[h] {
		ci.parents = nil
	}
	g.commits[h] = ci
	return ci, nil
}

// missingError is a commit that is not in the object store.
type missingError struct{ h Hash }

func (e *missingError) Error() string {
	return fmt.Sprintf("commit %s is missing from the object store: the history is incomplete", Short(e.h))
}

const (
	parent1 = 1 << iota
	parent2
	stale
	result
)

type queueItem struct {
	h   Hash
	t   int64
	seq int
}

// commitQueue pops the newest commit first, ties in insertion order.
type commitQueue []queueItem

func (q commitQueue) Len() int { return len(q) }
func (q commitQueue) Less(i, j int) bool {
	if q[i].t != q[j].t {
		return q[i].t > q[j].t
	}
	return q[i].seq < q[j].seq
}
func (q commitQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *commitQueue) Push(x any)   { *q = append(*q, x.(queueItem)) }
func (q *commitQueue) Pop() any {
	old := *q
	it := old[len(old)-1]
	*q = old[:len(old)-1]
	return it
}

// paintDownToCommon is git's merge-base walk (commit-reach.c): commits
// reachable from one are painted parent1, from the others parent2, newest
// first; a commit painted with both is a common ancestor, and everything
// below it is stale. The walk ends when only stale commits are queued, so
// it visits the commits of the branches and not the whole history.
func (g *Git) paintDownToCommon(one Hash, twos []Hash) ([]Hash, bool, error) {
	flags := map[Hash]int{}
	var q commitQueue
	seq := 0
	hitShallow := false
	push := func(h Hash) error {
		ci, err := g.commit(h)
		if err != nil {
			return err
		}
		if g.shallow[h] {
			hitShallow = true
		}
		seq++
		heap.Push(&q, queueItem{h: h, t: ci.time, seq: seq})
		return nil
	}
	flags[one] |= parent1
	if err := push(one); err != nil {
		return nil, hitShallow, err
	}
	for _, t := range twos {
		if t == one {
			return []Hash{one}, hitShallow, nil
		}
		flags[t] |= parent2
		if err := push(t); err != nil {
			return nil, hitShallow, err
		}
	}
	var results []Hash
	hasNonStale := func() bool {
		for _, it := range q {
			if flags[it.h]&stale == 0 {
				return true
			}
		}
		return false
	}
	for hasNonStale() {
		it := heap.Pop(&q).(queueItem)
		f := flags[it.h] & (parent1 | parent2 | stale)
		if f == parent1|parent2 {
			if flags[it.h]&result == 0 {
				flags[it.h] |= result
				results = append(results, it.h)
			}
			f |= stale
		}
		ci, err := g.commit(it.h)
		if err != nil {
			return nil, hitShallow, err
		}
		for _, p := range ci.parents {
			if flags[p]&f == f {
				continue
			}
			flags[p] |= f
			if err := push(p); err != nil {
				return nil, hitShallow, err
			}
		}
	}
	return results, hitShallow, nil
}

// MergeBase returns the best common ancestor of a and b.
func (g *Git) MergeBase(a, b Hash) (Hash, error) {
	if a == b {
		return a, nil
	}
	bases, hitShallow, err := g.paintDownToCommon(a, []Hash{b})
	var miss *missingError
	if errors.As(err, &miss) && g.Shallow() {
		return ZeroHash, &ShallowError{A: a, B: b}
	}
	if err != nil {
		return ZeroHash, err
	}
	if len(bases) == 0 {
		if hitShallow {
			return ZeroHash, &ShallowError{A: a, B: b}
		}
		return ZeroHash, ErrNoMergeBase
	}
	if len(bases) == 1 {
		return bases[0], nil
	}
	// Criss-cross history: drop the bases that are ancestors of another,
	// as git does, and take the newest of the rest.
	best := bases[0]
	for _, c := range bases[1:] {
		anc, err := g.isAncestorWalk(best, c)
		if err != nil {
			return ZeroHash, err
		}
		if anc {
			best = c
		}
	}
	return best, nil
}

// IsAncestor reports whether a is b or an ancestor of b.
func (g *Git) IsAncestor(a, b Hash) (bool, error) {
	if a == b {
		return true, nil
	}
	ok, err := g.isAncestorWalk(a, b)
	var miss *missingError
	if errors.As(err, &miss) && g.Shallow() {
		return false, &ShallowError{A: a, B: b}
	}
	return ok, err
}

func (g *Git) isAncestorWalk(a, b Hash) (bool, error) {
	bases, _, err := g.paintDownToCommon(a, []Hash{b})
	if err != nil {
		return false, err
	}
	for _, h := range bases {
		if h == a {
			return true, nil
		}
	}
	return false, nil
}
