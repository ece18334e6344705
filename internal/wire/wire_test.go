package wire

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"math"
	"strings"
	"testing"
)

// What an Encoder writes, a Decoder reads back.
func TestRoundTrip(t *testing.T) {
	var e Encoder
	e.Uint(0)
	e.Uint(300)
	e.Int(-5)
	e.Int(math.MaxInt32)
	e.Byte(7)
	e.Bool(true)
	e.Bool(false)
	e.Str("héllo")
	e.Bytes([]byte{0, 1})
	d := Decoder{B: string(e.B)}
	if d.Uint() != 0 || d.Uint() != 300 || d.Int() != -5 || d.Int() != math.MaxInt32 || d.Byte() != 7 ||
		!d.Bool() || d.Bool() || d.Str() != "héllo" || d.Str() != "\x00\x01" || !d.Done() {
		t.Fatalf("read back wrong: %v", d.Err)
	}
}

// Data cut short, out of range or of the wrong kind stops the decoder
// with ErrCorrupt, and every later read gives a zero value.
func TestCorrupt(t *testing.T) {
	var e Encoder
	e.Str("abc")
	for _, tc := range []struct {
		name string
		data string
		read func(*Decoder) any
	}{
		{"cut string", string(e.B[:2]), func(d *Decoder) any { return d.Str() }},
		{"cut varint", "\x80", func(d *Decoder) any { return d.Uint() }},
		{"too big", "\xff\xff\xff\xff\x7f", func(d *Decoder) any { return d.Uint() }},
		{"count beyond the data", "\x05ab", func(d *Decoder) any { return d.Count() }},
		{"bool of 2", "\x02", func(d *Decoder) any { return d.Bool() }},
		{"empty byte", "", func(d *Decoder) any { return d.Byte() }},
	} {
		d := Decoder{B: tc.data}
		tc.read(&d)
		if d.Err != ErrCorrupt || d.B != "" {
			t.Errorf("%s: err %v, rest %q", tc.name, d.Err, d.B)
		}
		if d.Uint() != 0 || d.Str() != "" {
			t.Errorf("%s: a read after the problem gave a value", tc.name)
		}
	}
}

// A Hash of values is the SHA-256 of the kind and the values as an
// Encoder writes them, for values that fill its buffer, pass it and
// reach its end at every byte.
func TestHashIsOfTheEncoding(t *testing.T) {
	reused := NewHash("other")
	reused.Str(strings.Repeat("y", 300))
	for n := range 700 {
		h := NewHash("kind")
		if n%2 == 1 {
			h = reused
			h.Reset("kind")
		}
		var e Encoder
		e.Str("kind")
		for _, w := range []Writer{h, &e} {
			w.Uint(7)
			w.Int(-3)
			w.Bool(true)
			w.Str("text")
			for k := range 3 {
				w.Str(strings.Repeat("x", n+k))
				w.Int(-n << 40)
			}
		}
		if h.Sum() != sha256.Sum256(e.B) {
			t.Fatalf("values of %d bytes: the hash is not the hash of the encoding", n)
		}
	}
}

// A Stream writes the bytes an Encoder appends, whatever the sizes of the
// values around its blocks, and stops at the first write error.
func TestStreamIsTheEncoding(t *testing.T) {
	var e Encoder
	var out bytes.Buffer
	s := NewStream(&out)
	both := func(f func(Writer)) { f(&e); f(s) }
	for i := 0; i < 20000; i++ {
		n := i
		both(func(w Writer) { w.Uint(n); w.Int(-n); w.Bool(n%2 == 0) })
		if i%997 == 0 {
			long := strings.Repeat(string(rune('a'+i%26)), i*7)
			both(func(w Writer) { w.Str(long) })
		}
	}
	both(func(w Writer) { w.Str(strings.Repeat("z", 3*streamBlock)) })
	both(func(w Writer) { w.Str("tail") })
	if err := s.Flush(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.Bytes(), e.B) {
		t.Fatalf("the stream wrote %d bytes, the encoder %d; first difference at %d", out.Len(), len(e.B), firstDiff(out.Bytes(), e.B))
	}
	failing := NewStream(failWriter{})
	failing.Str(strings.Repeat("x", 2*streamBlock))
	failing.Uint(1)
	if err := failing.Flush(); err == nil {
		t.Error("a write error is not returned")
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}
