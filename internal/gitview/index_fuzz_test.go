package gitview

import (
	"bytes"
	"crypto/sha1"
	"encoding/binary"
	"testing"
)

// indexBytes builds an index file of the given version with entries of
// the given names and the given extensions (signature and content).
func indexBytes(version uint32, names []string, exts ...[2]string) []byte {
	var b bytes.Buffer
	b.WriteString("DIRC")
	binary.Write(&b, binary.BigEndian, version)
	binary.Write(&b, binary.BigEndian, uint32(len(names)))
	for _, n := range names {
		start := b.Len()
		b.Write(make([]byte, 40))               // stat data, mode, ids, size
		b.Write(bytes.Repeat([]byte{0xab}, 20)) // object id
		binary.Write(&b, binary.BigEndian, uint16(len(n)))
		if version == 4 {
			b.WriteByte(0) // no prefix kept from the previous name
		}
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

// FuzzSparseExtension: the walk over an index file's entries and
// extensions never panics, and an offset it returns is that of an "sdir"
// extension inside the file.
func FuzzSparseExtension(f *testing.F) {
	f.Add(indexBytes(2, []string{"a", "db/x.sql"}, [2]string{"TREE", "xx"}, [2]string{"sdir", ""}))
	f.Add(indexBytes(3, []string{"docs/"}, [2]string{"sdir", ""}))
	f.Add(indexBytes(4, []string{"a", "b/c"}, [2]string{"sdir", ""}, [2]string{"UNTR", "1234"}))
	f.Add(indexBytes(2, nil))
	f.Fuzz(func(t *testing.T, data []byte) {
		off := sparseExtension(data)
		if off >= 0 && (off+8 > len(data) || string(data[off:off+4]) != "sdir") {
			t.Fatalf("offset %d is not an sdir extension", off)
		}
	})
}

func TestSparseExtensionFindsTheMarker(t *testing.T) {
	for _, v := range []uint32{2, 3, 4} {
		data := indexBytes(v, []string{"a", "db/x.sql", "docs/"}, [2]string{"TREE", "xyz"}, [2]string{"sdir", ""})
		off := sparseExtension(data)
		if off < 0 || string(data[off:off+4]) != "sdir" {
			t.Errorf("version %d: offset %d", v, off)
		}
		if plain := indexBytes(v, []string{"a"}, [2]string{"TREE", "sdir"}); sparseExtension(plain) != -1 {
			t.Errorf("version %d: an sdir inside another extension was taken for the marker", v)
		}
	}
}
