package gitview

import (
	"slices"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
)

// Rename detection pairs the files a diff deleted with those it added,
// as go-git's DetectRenames does (itself JGit's RenameDetector): first
// the pairs whose content is identical, then the pairs whose content is
// at least renameScore percent alike, best first, among at most
// renameLimit files on either side, as `git diff -M` would.

// renameScore and renameLimit are Diff's rename settings: renames of at
// least 50 % similarity among up to 400 files.
const (
	renameScore = 50
	renameLimit = 400
)

// change is a file that differs between two trees; from.Name is "" when
// it was added, to.Name when it was deleted.
type change struct {
	from, to changeEntry
}

// changeEntry is one side of a change: the file's path and its entry.
type changeEntry struct {
	Name string
	TreeEntry
}

// side is the entry a change adds or, for a deletion, deletes.
func (c *change) side() changeEntry {
	if c.to.Name != "" {
		return c.to
	}
	return c.from
}

// detectRenames returns changes with the deletions and additions it pairs
// replaced by renames, reading blobs from g.
func (g *Git) detectRenames(changes []*change) ([]*change, error) {
	var added, deleted, kept []*change
	for _, c := range changes {
		switch {
		case c.from.Name == "":
			added = append(added, c)
		case c.to.Name == "":
			deleted = append(deleted, c)
		default:
			kept = append(kept, c)
		}
	}
	if len(added) == 0 || len(deleted) == 0 {
		return changes, nil
	}
	added, deleted, kept = exactRenames(added, deleted, kept)
	if max(len(added), len(deleted)) <= renameLimit {
		var err error
		added, deleted, kept, err = g.contentRenames(added, deleted, kept)
		if err != nil {
			return nil, err
		}
	}
	return slices.Concat(added, deleted, kept), nil
}

// renamed is the change that renames deletion d to addition a.
func renamed(d, a *change) *change { return &change{from: d.from, to: a.to} }

// byHash groups changes by the blob they add or delete, the groups in the
// order of their first change.
func byHash(cs []*change) (map[Hash][]*change, []Hash) {
	groups := map[Hash][]*change{}
	var order []Hash
	for _, c := range cs {
		h := c.side().Hash
		if _, ok := groups[h]; !ok {
			order = append(order, h)
		}
		groups[h] = append(groups[h], c)
	}
	return groups, order
}

// exactRenames pairs additions and deletions of the same blob. Where one
// side has several files, the pair whose paths are most alike wins.
func exactRenames(added, deleted, kept []*change) (addedLeft, deletedLeft, out []*change) {
	adds, addOrder := byHash(added)
	dels, delOrder := byHash(deleted)
	out = kept
	for _, h := range addOrder {
		as, ds := adds[h], dels[h]
		switch {
		case len(ds) == 0:
			addedLeft = append(addedLeft, as...)
		case len(as) == 1:
			a := as[0]
			d := ds[0]
			if len(ds) > 1 {
				d = bestNameMatch(a, ds)
			}
			if d == nil || d.side().Mode != a.side().Mode {
				addedLeft = append(addedLeft, a)
				continue
			}
			out = append(out, renamed(d, a))
			dels[h] = slices.DeleteFunc(slices.Clone(ds), func(c *change) bool { return c == d })
		case len(ds) == 1:
			d := ds[0]
			a := bestNameMatch(d, as)
			if a == nil || a.side().Mode != d.side().Mode {
				addedLeft = append(addedLeft, as...)
				continue
			}
			out = append(out, renamed(d, a))
			dels[h] = nil
			for _, c := range as {
				if c != a {
					addedLeft = append(addedLeft, c)
				}
			}
		default:
			// Several of each: pair by path likeness, best first, among
			// at most renameLimit pairs.
			var pairs []scoredPair
		fill:
			for di, d := range ds {
				for ai, a := range as {
					pairs = append(pairs, scoredPair{added: ai, deleted: di, score: nameSimilarity(a.side().Name, d.side().Name)})
					if len(pairs) >= renameLimit {
						break fill
					}
				}
			}
			as, ds = slices.Clone(as), slices.Clone(ds)
			out = claimPairs(pairs, ds, as, out)
			for _, a := range as {
				if a != nil {
					addedLeft = append(addedLeft, a)
				}
			}
			dels[h] = slices.DeleteFunc(ds, func(c *change) bool { return c == nil })
		}
	}
	for _, h := range delOrder {
		deletedLeft = append(deletedLeft, dels[h]...)
	}
	return addedLeft, deletedLeft, out
}

// scoredPair is a deletion and an addition (their indexes) and how alike
// they are.
type scoredPair struct {
	added, deleted, score int
}

// claimPairs renames, best score first (ties: the higher addition, then
// the higher deletion index), each pair whose deletion and addition are
// both still unclaimed, setting them to nil in srcs and dsts.
func claimPairs(pairs []scoredPair, srcs, dsts, out []*change) []*change {
	slices.SortStableFunc(pairs, func(x, y scoredPair) int {
		if x.score != y.score {
			return x.score - y.score
		}
		if x.added != y.added {
			return x.added - y.added
		}
		return x.deleted - y.deleted
	})
	for i := len(pairs) - 1; i >= 0; i-- {
		p := pairs[i]
		d, a := srcs[p.deleted], dsts[p.added]
		if d == nil || a == nil {
			continue
		}
		out = append(out, renamed(d, a))
		srcs[p.deleted], dsts[p.added] = nil, nil
	}
	return out
}

// bestNameMatch returns the change among cs whose path is most like c's,
// the first of the best; nil when no path has anything in common.
func bestNameMatch(c *change, cs []*change) *change {
	var best *change
	bestScore := 0
	for _, o := range cs {
		if s := nameSimilarity(c.side().Name, o.side().Name); s > bestScore {
			best, bestScore = o, s
		}
	}
	return best
}

// nameSimilarity scores how alike two paths are, 0 to 100: a quarter for
// the directories' common start, a quarter for their common end, half
// for the file names' common end.
func nameSimilarity(a, b string) int {
	aDir, bDir := strings.LastIndexByte(a, '/')+1, strings.LastIndexByte(b, '/')+1
	dirMin, dirMax := min(aDir, bDir), max(aDir, bDir)
	fromStart, fromEnd := 100, 100
	if dirMax > 0 {
		n := 0
		for n < dirMin && a[n] == b[n] {
			n++
		}
		fromStart = n * 100 / dirMax
		if fromStart != 100 {
			n = 0
			for n < dirMin && a[aDir-1-n] == b[bDir-1-n] {
				n++
			}
			fromEnd = n * 100 / dirMax
		}
	}
	aFile, bFile := a[aDir:], b[bDir:]
	fileMax := max(len(aFile), len(bFile))
	n := 0
	for n < min(len(aFile), len(bFile)) && aFile[len(aFile)-1-n] == bFile[len(bFile)-1-n] {
		n++
	}
	file := 0
	if fileMax > 0 {
		file = n * 100 / fileMax
	}
	return ((fromStart+fromEnd)*25 + file*50) / 100
}

// contentRenames pairs the regular files deleted and added whose content
// is at least renameScore percent alike (with a hundredth of the score
// from their paths), best first. A deleted file's similarity index is
// built once, on its first pair of close sizes; an added file's is kept
// across the deleted files when it is small (see keptIndex).
func (g *Git) contentRenames(added, deleted, kept []*change) (addedLeft, deletedLeft, out []*change, err error) {
	srcs, dsts := slices.Clone(deleted), slices.Clone(added)
	dstBlobs := make([]*blob, len(dsts))
	var pairs []scoredPair
	for i, s := range srcs {
		if s.from.Mode != filemode.Regular {
			continue
		}
		var src *blob // looked up with its first regular added file
		var srcIdx *similarity
		for j, d := range dsts {
			if d.to.Mode != filemode.Regular {
				continue
			}
			if src == nil {
				if src, err = g.blob(s.from.Hash); err != nil {
					return nil, nil, nil, err
				}
			}
			if dstBlobs[j] == nil {
				if dstBlobs[j], err = g.blob(d.to.Hash); err != nil {
					return nil, nil, nil, err
				}
			}
			dst := dstBlobs[j]
			lo, hi := min(src.size, dst.size)+1, max(src.size, dst.size)+1
			if lo*100/hi < renameScore {
				continue // sizes too different
			}
			if srcIdx == nil {
				if srcIdx, err = g.similarity(src); err != nil {
					return nil, nil, nil, err
				}
			}
			dstIdx, err := g.similarity(dst)
			if err != nil {
				return nil, nil, nil, err
			}
			score := (srcIdx.score(dstIdx, 10000)*99 + nameSimilarity(s.from.Name, d.to.Name)*100) / 10000
			if score >= renameScore {
				pairs = append(pairs, scoredPair{added: j, deleted: i, score: score})
			}
		}
	}
	out = claimPairs(pairs, srcs, dsts, kept)
	return slices.DeleteFunc(dsts, func(c *change) bool { return c == nil }),
		slices.DeleteFunc(srcs, func(c *change) bool { return c == nil }), out, nil
}

// blob is a blob's id, size and, when it is small, its similarity index.
type blob struct {
	hash Hash
	size int64
	idx  *similarity
}

// blob returns blob h with its size, read from the object store without
// its content.
func (g *Git) blob(h Hash) (*blob, error) {
	n, err := g.objs.EncodedObjectSize(h)
	if err != nil {
		return nil, err
	}
	return &blob{hash: h, size: n}, nil
}

// keptIndex is the size of the largest blob whose similarity index
// contentRenames keeps for the other pairs it is in: a larger one's is
// built again for each, so that memory does not grow with the size of
// the files a diff renames (up to renameLimit on either side).
const keptIndex = 256 << 10

// similarity returns the similarity index of b's content.
func (g *Git) similarity(b *blob) (*similarity, error) {
	if b.idx != nil {
		return b.idx, nil
	}
	data, _, err := objectData(g.objs, plumbing.BlobObject, b.hash)
	if err != nil {
		return nil, err
	}
	s := newSimilarity(data)
	if b.size <= keptIndex {
		b.idx = s
	}
	return s, nil
}

// similarity is a file's content as JGit's SimilarityIndex sees it: the
// hash of each line (a block of 64 bytes at most; in text, the CR of a
// CRLF is left out) and how many bytes hashed to each.
type similarity struct {
	hashed uint64
	keys   []uint32 // sorted
	counts []uint64 // bytes per key
}

// newSimilarity indexes a blob's content. Text is content without a zero
// byte in its first 8000 bytes.
func newSimilarity(data []byte) *similarity {
	s := &similarity{}
	binary := slices.Contains(data[:min(len(data), 8000)], 0)
	counts := map[uint32]uint64{}
	for p := 0; p < len(data); {
		hash, hashed, n := 5381, uint64(0), 0
		for p < len(data) {
			c := data[p]
			p++
			n++
			// A CR is left out when the LF after it was read with it, in
			// the same 4 KiB read.
			if !binary && c == '\r' && p < len(data) && p%4096 != 0 && data[p] == '\n' {
				continue
			}
			hashed++
			if c == '\n' {
				break
			}
			hash = hash<<5 + hash + int(c)
			if n >= 64 {
				break
			}
		}
		s.hashed += hashed
		counts[uint32(hash)*0x9e370001>>1] += hashed
	}
	s.keys = make([]uint32, 0, len(counts))
	for k := range counts {
		s.keys = append(s.keys, k)
	}
	slices.Sort(s.keys)
	s.counts = make([]uint64, len(s.keys))
	for i, k := range s.keys {
		s.counts[i] = counts[k]
	}
	return s
}

// score is the share of the larger file's bytes that both files hash
// alike, 0 to maxScore; maxScore for two empty files.
func (s *similarity) score(o *similarity, maxScore int) int {
	most := max(s.hashed, o.hashed)
	if most == 0 {
		return maxScore
	}
	var common uint64
	for i, j := 0, 0; i < len(s.keys) && j < len(o.keys); {
		switch {
		case s.keys[i] == o.keys[j]:
			common += min(s.counts[i], o.counts[j])
			i++
			j++
		case s.keys[i] < o.keys[j]:
			i++
		default:
			j++
		}
	}
	return int(common * uint64(maxScore) / most)
}
