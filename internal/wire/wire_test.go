package wire

import (
	"crypto/sha256"
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
