package gitview

import (
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/storer"
)

// resolveRevision finds the commit that rev names, as git rev-parse does
// for the forms a base branch or a pushed ref takes: an object name, full
// or abbreviated; a ref name expanded by git's rules (HEAD, a branch, a
// tag, a remote branch or a remote's HEAD); then any of ~N, ^N, ^{},
// ^{commit} and ^{/text} (the newest commit reachable whose message holds
// text). An annotated tag stands for the commit it tags.
func (g *Git) resolveRevision(rev string) (Hash, error) {
	i := strings.IndexAny(rev, "~^")
	if i < 0 {
		i = len(rev)
	}
	name, ops := rev[:i], rev[i:]
	// Reflog, upstream and path forms (@{…}, :path) are not read.
	if name == "" || strings.ContainsAny(name, ":{}") {
		return ZeroHash, errors.New("not a revision migguard reads")
	}
	if name == "@" {
		name = "HEAD"
	}
	h, err := g.revisionName(name)
	if err != nil {
		return ZeroHash, err
	}
	for ops != "" {
		op := ops[0]
		ops = ops[1:]
		if op != '~' && op != '^' {
			return ZeroHash, fmt.Errorf("%q after %s", op, name)
		}
		if op == '^' && strings.HasPrefix(ops, "{") {
			end := strings.IndexByte(ops, '}')
			if end < 0 {
				return ZeroHash, errors.New("unclosed ^{")
			}
			arg := ops[1:end]
			ops = ops[end+1:]
			switch {
			case arg == "" || arg == "commit":
			case strings.HasPrefix(arg, "/"):
				if h, err = g.findMessage(h, arg[1:]); err != nil {
					return ZeroHash, err
				}
			default:
				return ZeroHash, fmt.Errorf("^{%s}: not a commit", arg)
			}
			continue
		}
		n := 1
		digits := len(ops) - len(strings.TrimLeft(ops, "0123456789"))
		if digits > 0 {
			if n, err = strconv.Atoi(ops[:digits]); err != nil {
				return ZeroHash, err
			}
			ops = ops[digits:]
		}
		if op == '~' {
			for range n {
				if h, err = g.parent(h, 1); err != nil {
					return ZeroHash, err
				}
			}
		} else if n > 0 {
			if h, err = g.parent(h, n); err != nil {
				return ZeroHash, err
			}
		}
	}
	return h, nil
}

// revisionName finds the commit of an object name or a ref name; an
// object name comes first, as with git.
func (g *Git) revisionName(name string) (Hash, error) {
	var candidates []Hash
	if hexName := strings.ToLower(name); len(hexName) >= 4 && len(hexName) <= 2*len(ZeroHash) && strings.Trim(hexName, "0123456789abcdef") == "" {
		candidates = append(candidates, g.hashesWithPrefix(hexName)...)
	}
	for _, rule := range plumbing.RefRevParseRules {
		if ref, err := storer.ResolveReference(g.fast, plumbing.ReferenceName(fmt.Sprintf(rule, name))); err == nil {
			candidates = append(candidates, ref.Hash())
			break
		}
	}
	for _, h := range candidates {
		if c, err := g.peel(h); err == nil {
			if _, err := readCommit(g.fast, c); err == nil {
				return c, nil
			}
		}
	}
	return ZeroHash, plumbing.ErrReferenceNotFound
}

// hashesWithPrefix returns the objects whose names start with the
// hexadecimal prefix.
func (g *Git) hashesWithPrefix(prefix string) []Hash {
	if len(prefix) == 2*len(ZeroHash) {
		return []Hash{plumbing.NewHash(prefix)}
	}
	b, err := hex.DecodeString(prefix[:len(prefix)&^1])
	if err != nil {
		return nil
	}
	hs, err := g.st.HashesWithPrefix(b)
	if err != nil {
		return nil
	}
	var out []Hash
	for _, h := range hs {
		if strings.HasPrefix(h.String(), prefix) {
			out = append(out, h)
		}
	}
	return out
}

// parent returns the nth parent of commit h (1 the first).
func (g *Git) parent(h Hash, n int) (Hash, error) {
	c, err := readCommit(g.fast, h)
	if err != nil {
		return ZeroHash, err
	}
	if n > len(c.Parents) {
		return ZeroHash, fmt.Errorf("commit %s has no parent %d", h, n)
	}
	return c.Parents[n-1], nil
}

// findMessage returns the newest commit reachable from h whose message
// holds text.
func (g *Git) findMessage(h Hash, text string) (Hash, error) {
	found := ZeroHash
	err := walkCommits(g.fast, h, func(c *commit) bool {
		if strings.Contains(c.Message, text) {
			found = c.Hash
			return false
		}
		return true
	})
	if err != nil {
		return ZeroHash, err
	}
	if found == ZeroHash {
		return ZeroHash, fmt.Errorf("no commit message holds %q", text)
	}
	return found, nil
}
