package gitview

import "sort"

// pieces is an object held as the concatenation of byte slices: slices of
// the delta chain's base and of the deltas' inserted data. Applying a
// delta to pieces moves slices, not bytes, so a chain of n deltas over an
// object of size s costs about n·(commands) + s rather than n·s; only the
// result is written out, once.
type pieces struct {
	parts [][]byte
	ends  []int // ends[i] is the offset just past parts[i]
}

func newPieces(b []byte) *pieces {
	return &pieces{parts: [][]byte{b}, ends: []int{len(b)}}
}

func (p *pieces) size() int {
	if len(p.ends) == 0 {
		return 0
	}
	return p.ends[len(p.ends)-1]
}

func (p *pieces) add(b []byte) {
	if len(b) == 0 {
		return
	}
	p.parts = append(p.parts, b)
	p.ends = append(p.ends, p.size()+len(b))
}

// slice adds the bytes [off, off+n) of src to p.
func (p *pieces) slice(src *pieces, off, n int) {
	i := sort.Search(len(src.ends), func(i int) bool { return src.ends[i] > off })
	for n > 0 && i < len(src.parts) {
		start := src.ends[i] - len(src.parts[i])
		part := src.parts[i][off-start:]
		if len(part) > n {
			part = part[:n]
		}
		p.add(part)
		off += len(part)
		n -= len(part)
		i++
	}
}

// bytes writes the pieces out.
func (p *pieces) bytes() []byte {
	if len(p.parts) == 1 {
		return p.parts[0]
	}
	out := make([]byte, 0, p.size())
	for _, b := range p.parts {
		out = append(out, b...)
	}
	return out
}

// maxPieces bounds the slices an object is held as; a chain of deltas
// made of many small copies is written out when it gets there.
const maxPieces = 4096

// applyDelta applies a git delta (as packfile.PatchDelta reads it) to src.
// The result refers to src's slices and to delta.
func applyDelta(src *pieces, delta []byte) (*pieces, error) {
	srcSize, delta, ok := deltaSize(delta)
	if !ok || srcSize != uint64(src.size()) {
		return nil, errStore
	}
	dstSize, delta, ok := deltaSize(delta)
	if !ok || dstSize > 1<<31 {
		return nil, errStore
	}
	dst := &pieces{}
	for len(delta) > 0 {
		cmd := delta[0]
		delta = delta[1:]
		switch {
		case cmd&0x80 != 0:
			var off, n uint64
			for i := uint(0); i < 4; i++ {
				if cmd&(1<<i) != 0 {
					if len(delta) == 0 {
						return nil, errStore
					}
					off |= uint64(delta[0]) << (8 * i)
					delta = delta[1:]
				}
			}
			for i := uint(0); i < 3; i++ {
				if cmd&(0x10<<i) != 0 {
					if len(delta) == 0 {
						return nil, errStore
					}
					n |= uint64(delta[0]) << (8 * i)
					delta = delta[1:]
				}
			}
			if n == 0 {
				n = 0x10000
			}
			if off+n > srcSize || uint64(dst.size())+n > dstSize {
				return nil, errStore
			}
			dst.slice(src, int(off), int(n))
		case cmd != 0:
			n := int(cmd)
			if n > len(delta) || uint64(dst.size()+n) > dstSize {
				return nil, errStore
			}
			dst.add(delta[:n:n])
			delta = delta[n:]
		default:
			return nil, errStore
		}
	}
	if uint64(dst.size()) != dstSize {
		return nil, errStore
	}
	if len(dst.parts) > maxPieces {
		dst = newPieces(dst.bytes())
	}
	return dst, nil
}

// patchDelta applies a git delta to src and writes the result out.
func patchDelta(src, delta []byte) ([]byte, error) {
	p, err := applyDelta(newPieces(src), delta)
	if err != nil {
		return nil, err
	}
	out := p.bytes()
	if len(p.parts) == 1 {
		out = append([]byte(nil), out...) // not an alias of src
	}
	return out, nil
}

// deltaSize decodes a size at the start of a delta.
func deltaSize(b []byte) (uint64, []byte, bool) {
	var v uint64
	for i, shift := 0, uint(0); i < len(b) && shift < 64; i, shift = i+1, shift+7 {
		v |= uint64(b[i]&0x7f) << shift
		if b[i]&0x80 == 0 {
			return v, b[i+1:], true
		}
	}
	return 0, nil, false
}
