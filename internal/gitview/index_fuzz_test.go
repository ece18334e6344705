package gitview

import (
	"bytes"
	"crypto/sha1"
	"encoding/binary"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing/format/index"
)

// indexBytes builds an index file of the given version with entries of
// the given names and the given extensions (signature and content).
func indexBytes(version uint32, names []string, exts ...[2]string) []byte {
	var b bytes.Buffer
	b.WriteString("DIRC")
	binary.Write(&b, binary.BigEndian, version)
	binary.Write(&b, binary.BigEndian, uint32(len(names)))
	prev := ""
	for _, n := range names {
		start := b.Len()
		b.Write(make([]byte, 40))                                      // stat data, mode, ids, size
		b.Write(bytes.Repeat([]byte{0xab}, 20))                        // object id
		binary.Write(&b, binary.BigEndian, uint16(min(len(n), 0xfff))) // 0xfff: longer, up to the NUL
		if version == 4 {
			b.Write(varint(uint64(len(prev)))) // nothing kept of the previous name
		}
		prev = n
		b.WriteString(n)
		b.WriteByte(0)
		if version != 4 {
			for (b.Len()-start)%8 != 0 {
				b.WriteByte(0)
			}
		}
	}
	for _, e := range exts {
		b.WriteString(e[0])
		binary.Write(&b, binary.BigEndian, uint32(len(e[1])))
		b.WriteString(e[1])
	}
	sum := sha1.Sum(b.Bytes())
	b.Write(sum[:])
	return b.Bytes()
}

// goGitIndex decodes data with go-git's decoder, which decodeIndex must
// agree with wherever go-git reads the file.
func goGitIndex(data []byte) (*index.Index, error) {
	idx := &index.Index{}
	return idx, index.NewDecoder(bytes.NewReader(data)).Decode(idx)
}

// sameIndex reports how two decoded indexes differ in what gitview reads
// (entries and the cache tree), "" when they do not.
func sameIndex(got, want *index.Index) string {
	if got.Version != want.Version || len(got.Entries) != len(want.Entries) {
		return fmt.Sprintf("version %d, %d entries; want %d, %d", got.Version, len(got.Entries), want.Version, len(want.Entries))
	}
	for i := range got.Entries {
		if !reflect.DeepEqual(*got.Entries[i], *want.Entries[i]) {
			return fmt.Sprintf("entry %d: %+v, want %+v", i, *got.Entries[i], *want.Entries[i])
		}
	}
	if (got.Cache == nil) != (want.Cache == nil) || got.Cache != nil && !reflect.DeepEqual(got.Cache.Entries, want.Cache.Entries) {
		return fmt.Sprintf("cache tree %+v, want %+v", got.Cache, want.Cache)
	}
	return ""
}

// varint writes v as a version 4 index writes the length of a name's
// prefix to drop (git's offset encoding).
func varint(v uint64) []byte {
	out := []byte{byte(v & 0x7f)}
	for v >>= 7; v > 0; v >>= 7 {
		v--
		out = append([]byte{byte(0x80 | v&0x7f)}, out...)
	}
	return out
}

// FuzzDecodeIndex: decodeIndex never panics, and it reads every index
// that go-git's decoder reads as go-git does.
func FuzzDecodeIndex(f *testing.F) {
	f.Add(indexBytes(2, []string{"a", "db/x.sql"}, [2]string{"TREE", "\x001 0\n" + strings.Repeat("h", 20)}))
	f.Add(indexBytes(3, []string{"docs/"}, [2]string{"sdir", ""}))
	f.Add(indexBytes(4, []string{"a", "b/c"}, [2]string{"UNTR", "1234"}))
	f.Add(indexBytes(2, []string{strings.Repeat("n", 5000)}))
	f.Add(indexBytes(2, nil, [2]string{"link", "x"}))
	f.Add(indexBytes(2, nil))
	f.Fuzz(func(t *testing.T, data []byte) {
		if n := len(data); n > 12+sha1.Size {
			// A valid checksum, so that go-git reads past it to the
			// entries; on a copy, as the fuzzer keeps its input.
			data = bytes.Clone(data)
			sum := sha1.Sum(data[:n-sha1.Size])
			copy(data[n-sha1.Size:], sum[:])
		}
		got, err := decodeIndex(data)
		want, werr := goGitIndex(data)
		if werr != nil {
			return // go-git refuses it; decodeIndex may read more (a zero checksum, sdir)
		}
		if err != nil {
			t.Fatalf("go-git reads it, decodeIndex: %v", err)
		}
		if d := sameIndex(got, want); d != "" {
			t.Fatal(d)
		}
	})
}

// decodeIndex reads what go-git reads, and also a sparse index and one
// written without a checksum.
func TestDecodeIndexSynthetic(t *testing.T) {
	for _, v := range []uint32{2, 3, 4} {
		names := []string{"a", "db/x.sql", "db/y.sql", strings.Repeat("long/", 900) + "z", "zz"}
		data := indexBytes(v, names, [2]string{"TREE", "\x004 1\n" + strings.Repeat("h", 20) + "db\x002 0\n" + strings.Repeat("i", 20)}, [2]string{"REUC", "x"})
		got, err := decodeIndex(data)
		want, werr := goGitIndex(data)
		if err != nil || werr != nil {
			t.Fatalf("version %d: %v, go-git %v", v, err, werr)
		}
		if d := sameIndex(got, want); d != "" {
			t.Errorf("version %d: %s", v, d)
		}
		sparse := indexBytes(v, []string{"a", "docs/"}, [2]string{"sdir", ""})
		if idx, err := decodeIndex(sparse); err != nil || len(idx.Entries) != 2 || idx.Entries[1].Name != "docs/" {
			t.Errorf("version %d sparse: %v %v", v, idx, err)
		}
		unsummed := bytes.Clone(data)
		copy(unsummed[len(unsummed)-20:], make([]byte, 20))
		if idx, err := decodeIndex(unsummed); err != nil || sameIndex(idx, want) != "" {
			t.Errorf("version %d without checksum: %v", v, err)
		}
		damaged := bytes.Clone(data)
		damaged[20]++
		if _, err := decodeIndex(damaged); !errors.Is(err, index.ErrInvalidChecksum) {
			t.Errorf("version %d, a byte changed: %v, want a checksum error", v, err)
		}
		if _, err := decodeIndex(indexBytes(v, nil, [2]string{"link", "x"})); !errors.Is(err, index.ErrUnknownExtension) {
			t.Errorf("version %d split index: %v", v, err)
		}
	}
}

// A cache tree cut short reads as go-git reads it: the end of the input
// inside a tree's path or counts, or right before its id, ends the list
// (go-git takes any end of input in an entry for the end); inside an id,
// or after a count that is no number, it is refused.
func TestCacheTreeCutShort(t *testing.T) {
	whole := "\x001 1\n" + strings.Repeat("h", 20) + "db\x001 0\n" + strings.Repeat("i", 20)
	for n := 0; n <= len(whole); n++ {
		for _, body := range []string{whole[:n], whole[:n] + "x", "\x00z 1\n" + whole[:n], "\x001 z\n"} {
			data := indexBytes(2, []string{"db/x.sql"}, [2]string{"TREE", body})
			got, err := decodeIndex(data)
			want, werr := goGitIndex(data)
			if (err == nil) != (werr == nil) {
				t.Fatalf("TREE %q: decodeIndex: %v; go-git: %v", body, err, werr)
			}
			if err == nil {
				if d := sameIndex(got, want); d != "" {
					t.Fatalf("TREE %q: %s", body, d)
				}
			}
		}
	}
}
