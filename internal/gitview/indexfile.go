package gitview

import (
	"bytes"
	"crypto/sha1"
	"encoding/binary"
	"fmt"
	"strconv"
	"time"

	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/index"
)

// decodeIndex decodes an index file (versions 2, 3 and 4) into go-git's
// index type, reading the fixed-size fields of each entry straight from
// the bytes: go-git's decoder reads them one by one through reflection,
// which on an index of a few thousand entries costs a pre-commit hook
// milliseconds.
//
// It reads what go-git's decoder reads, with these differences: a zero
// checksum (index.skipHash) is accepted as git accepts it; the sparse
// index's "sdir" marker is known (its directory entries are ordinary
// entries, which buildTree reads); the optional extensions, resolve-undo
// and end-of-index included, are stepped over unread. A mandatory
// extension it does not know (split index's "link") is
// index.ErrUnknownExtension.
func decodeIndex(data []byte) (*index.Index, error) {
	if len(data) < 12+sha1.Size || string(data[:4]) != "DIRC" {
		return nil, index.ErrMalformedSignature
	}
	end := len(data) - sha1.Size
	if sum := data[end:]; !bytes.Equal(sum, make([]byte, sha1.Size)) {
		if want := sha1.Sum(data[:end]); !bytes.Equal(sum, want[:]) {
			return nil, index.ErrInvalidChecksum
		}
	}
	idx := &index.Index{Version: binary.BigEndian.Uint32(data[4:8])}
	if idx.Version < 2 || idx.Version > 4 {
		return nil, index.ErrUnsupportedVersion
	}
	count := binary.BigEndian.Uint32(data[8:12])
	if uint64(count) > uint64(end-12)/entryMin(idx.Version) {
		return nil, malformed("%d entries cannot fit in %d bytes", count, end-12)
	}
	idx.Entries = make([]*index.Entry, count)
	all := make([]index.Entry, count)
	off := 12
	prev := ""
	for i := range all {
		e := &all[i]
		var err error
		if off, err = decodeEntry(data[:end], off, idx.Version, prev, e); err != nil {
			return nil, err
		}
		prev = e.Name
		idx.Entries[i] = e
	}
	for off+8 <= end {
		sig := string(data[off : off+4])
		size := int(binary.BigEndian.Uint32(data[off+4:]))
		if size > end-off-8 {
			return nil, malformed("extension %q of %d bytes runs past the end", sig, size)
		}
		body := data[off+8 : off+8+size]
		switch {
		case sig == "TREE":
			t, err := decodeCacheTree(body)
			if err != nil {
				return nil, err
			}
			idx.Cache = t
		case sig == "sdir", sig[0] >= 'A' && sig[0] <= 'Z':
			// The sparse index's marker, or optional: not needed.
		default:
			return nil, index.ErrUnknownExtension
		}
		off += 8 + size
	}
	if off != end {
		return nil, malformed("%d bytes before the checksum are no extension", end-off)
	}
	return idx, nil
}

// entryMin is the fewest bytes an entry takes in an index of a version.
func entryMin(version uint32) uint64 {
	if version == 4 {
		return 62 + 2 // fixed part, a one-byte strip length, a NUL
	}
	return 64 // the fixed part and a NUL, padded to 8
}

func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{index.ErrMalformedIndexFile}, args...)...)
}

// decodeEntry decodes the entry at off in data (the index up to its
// checksum) into e and returns where the next one starts. prev is the name
// of the entry before, from which version 4 keeps a prefix.
func decodeEntry(data []byte, off int, version uint32, prev string, e *index.Entry) (int, error) {
	const fixed = 62 // stat data, mode, ids, size, object id, flags
	if off+fixed > len(data) {
		return 0, malformed("entry at byte %d is cut short", off)
	}
	b := data[off:]
	u32 := func(at int) uint32 { return binary.BigEndian.Uint32(b[at:]) }
	if sec, nsec := u32(0), u32(4); sec != 0 || nsec != 0 {
		e.CreatedAt = time.Unix(int64(sec), int64(nsec))
	}
	if sec, nsec := u32(8), u32(12); sec != 0 || nsec != 0 {
		e.ModifiedAt = time.Unix(int64(sec), int64(nsec))
	}
	e.Dev, e.Inode = u32(16), u32(20)
	e.Mode = filemode.FileMode(u32(24))
	e.UID, e.GID, e.Size = u32(28), u32(32), u32(36)
	copy(e.Hash[:], b[40:60])
	flags := binary.BigEndian.Uint16(b[60:])
	e.Stage = index.Stage(flags>>12) & 0x3
	head := fixed
	if flags&0x4000 != 0 { // extended flags (version 3 and later write them)
		if off+fixed+2 > len(data) {
			return 0, malformed("entry at byte %d is cut short", off)
		}
		ext := binary.BigEndian.Uint16(b[fixed:])
		e.IntentToAdd = ext&(1<<13) != 0
		e.SkipWorktree = ext&(1<<14) != 0
		head += 2
	}
	p := off + head
	if version == 4 {
		strip, n := stripLength(data[p:])
		if n == 0 || strip > uint64(len(prev)) {
			return 0, malformed("entry at byte %d keeps %d bytes of a %d-byte name", off, strip, len(prev))
		}
		p += n
		nul := bytes.IndexByte(data[p:], 0)
		if nul < 0 {
			return 0, malformed("entry at byte %d has no end to its name", off)
		}
		e.Name = prev[:len(prev)-int(strip)] + string(data[p:p+nul])
		return p + nul + 1, nil
	}
	nameLen := int(flags & 0xfff)
	consumed := nameLen
	if nameLen == 0xfff { // too long for the field: up to the NUL
		nul := bytes.IndexByte(data[p:], 0)
		if nul < 0 {
			return 0, malformed("entry at byte %d has no end to its name", off)
		}
		nameLen, consumed = nul, nul+1
	}
	if p+consumed > len(data) {
		return 0, malformed("entry at byte %d is cut short", off)
	}
	e.Name = string(data[p : p+nameLen])
	// NULs pad the entry to a multiple of 8 bytes, at least one.
	next := p + consumed + max(8-(head+nameLen)%8-(consumed-nameLen), 0)
	if next > len(data) {
		return 0, malformed("entry at byte %d is cut short", off)
	}
	return next, nil
}

// stripLength reads the variable-width integer of a version 4 entry: how
// many bytes of the previous name to drop. n is 0 when it is cut short or
// too long.
func stripLength(b []byte) (v uint64, n int) {
	for i, c := range b {
		if i == 9 {
			return 0, 0
		}
		if i > 0 {
			v++
		}
		v = v<<7 | uint64(c&0x7f)
		if c&0x80 == 0 {
			return v, i + 1
		}
	}
	return 0, 0
}

// decodeCacheTree decodes the cache-tree extension: for each tree, its
// path component, the number of entries it covers (negative when it is
// invalid, and then without an object id) and of its subtrees, and its id.
// Invalid trees are left out, as go-git leaves them out. An extension that
// ends inside a tree's path or counts, or right before its id, ends the
// list there, as it does for go-git's decoder, which reads any end of
// input in an entry as the end of the extension; one that ends inside an
// id is refused.
func decodeCacheTree(b []byte) (*index.Tree, error) {
	t := &index.Tree{}
	for len(b) > 0 {
		path, rest, found := bytes.Cut(b, []byte{0})
		if !found {
			break
		}
		entries, rest, found, err := cutCount(rest, ' ', "entry count")
		if err != nil {
			return nil, err
		}
		if !found {
			break
		}
		trees, rest, found, err := cutCount(rest, '\n', "subtree count")
		if err != nil {
			return nil, err
		}
		if !found {
			break
		}
		b = rest
		if entries < 0 {
			continue
		}
		if len(b) == 0 {
			break
		}
		if len(b) < sha1.Size {
			return nil, malformed("cache tree id cut short")
		}
		e := index.TreeEntry{Path: string(path), Entries: entries, Trees: trees}
		copy(e.Hash[:], b[:sha1.Size])
		b = b[sha1.Size:]
		t.Entries = append(t.Entries, e)
	}
	return t, nil
}

// cutCount reads a cache tree's decimal count up to delim: found is false
// when b holds no delim (the end of the extension, for go-git), and a
// count that is no number is an error.
func cutCount(b []byte, delim byte, what string) (n int, rest []byte, found bool, err error) {
	field, rest, found := bytes.Cut(b, []byte{delim})
	if !found {
		return 0, nil, false, nil
	}
	if n, err = strconv.Atoi(string(field)); err != nil {
		return 0, nil, false, malformed("cache tree %s %q", what, field)
	}
	return n, rest, true, nil
}
