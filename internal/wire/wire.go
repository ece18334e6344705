// Package wire is the binary layout of what migguard keeps in its cache
// (loaded migration sets, schema snapshots, lint results): unsigned and
// zigzag varints, one-byte booleans and length-prefixed strings. A
// Decoder reads from a string, so the strings it returns are cut from
// the entry rather than copied; the first problem stops it.
package wire

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"hash"
	"io"
	"math"
	"unsafe"
)

// Encoder appends values to B.
type Encoder struct{ B []byte }

// Uint writes a non-negative number.
func (e *Encoder) Uint(v int) { e.B = binary.AppendUvarint(e.B, uint64(v)) }

// Int writes a number of either sign.
func (e *Encoder) Int(v int) { e.B = binary.AppendVarint(e.B, int64(v)) }

// Byte writes one byte.
func (e *Encoder) Byte(v byte) { e.B = append(e.B, v) }

// Bool writes 1 or 0.
func (e *Encoder) Bool(v bool) {
	if v {
		e.B = append(e.B, 1)
	} else {
		e.B = append(e.B, 0)
	}
}

// Str writes a string with its length.
func (e *Encoder) Str(s string) {
	e.Uint(len(s))
	e.B = append(e.B, s...)
}

// Bytes writes bytes with their length.
func (e *Encoder) Bytes(b []byte) {
	e.Uint(len(b))
	e.B = append(e.B, b...)
}

// Stream writes what an Encoder would append to an io.Writer instead, a
// block at a time and long strings directly: an entry of a set's texts,
// tens of megabytes, is never held whole. The first write error stops it
// and Flush returns it.
type Stream struct {
	w   io.Writer
	buf Encoder
	err error
}

// streamBlock is how many bytes a Stream gathers before writing them.
const streamBlock = 64 << 10

// NewStream returns a Stream writing to w.
func NewStream(w io.Writer) *Stream {
	return &Stream{w: w, buf: Encoder{B: make([]byte, 0, streamBlock)}}
}

// Uint writes a non-negative number.
func (s *Stream) Uint(v int) { s.buf.Uint(v); s.full() }

// Int writes a number of either sign.
func (s *Stream) Int(v int) { s.buf.Int(v); s.full() }

// Bool writes 1 or 0.
func (s *Stream) Bool(v bool) { s.buf.Bool(v); s.full() }

// Str writes a string with its length.
func (s *Stream) Str(v string) {
	s.buf.Uint(len(v))
	if len(s.buf.B)+len(v) <= streamBlock {
		s.buf.B = append(s.buf.B, v...)
		s.full()
		return
	}
	s.Flush()
	if s.err == nil {
		_, s.err = io.WriteString(s.w, v)
	}
}

// full writes the gathered bytes once they fill a block.
func (s *Stream) full() {
	if len(s.buf.B) >= streamBlock {
		s.Flush()
	}
}

// Flush writes the gathered bytes and returns the first write error.
func (s *Stream) Flush() error {
	if s.err == nil && len(s.buf.B) > 0 {
		_, s.err = s.w.Write(s.buf.B)
	}
	s.buf.B = s.buf.B[:0]
	return s.err
}

// ErrCorrupt is what a Decoder holds after a problem: data cut short, a
// number out of range, a length beyond the data.
var ErrCorrupt = errors.New("wire: unreadable data")

// Decoder reads values from B. After the first problem Err is set, B is
// empty and every read returns a zero value.
type Decoder struct {
	B   string
	Err error
}

// Fail marks the data unreadable.
func (d *Decoder) Fail() { d.Err, d.B = ErrCorrupt, "" }

// Done reports whether the data was read whole without a problem.
func (d *Decoder) Done() bool { return d.Err == nil && len(d.B) == 0 }

// Uint64 reads an unsigned varint of any size.
func (d *Decoder) Uint64() uint64 {
	var v uint64
	for i := 0; i < len(d.B) && i < binary.MaxVarintLen64; i++ {
		c := d.B[i]
		v |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			d.B = d.B[i+1:]
			return v
		}
	}
	d.Fail()
	return 0
}

// Uint reads a non-negative number that fits 32 bits.
func (d *Decoder) Uint() int {
	v := d.Uint64()
	if v > math.MaxInt32 {
		d.Fail()
		return 0
	}
	return int(v)
}

// Count reads a number of items that each take at least one byte: more
// than the bytes left is a problem, so that no count allocates beyond
// the data.
func (d *Decoder) Count() int {
	n := d.Uint()
	if n > len(d.B) {
		d.Fail()
		return 0
	}
	return n
}

// Int reads a number of either sign that fits 32 bits.
func (d *Decoder) Int() int {
	u := d.Uint64()
	v := int64(u >> 1)
	if u&1 != 0 {
		v = ^v
	}
	if v > math.MaxInt32 || v < math.MinInt32 {
		d.Fail()
		return 0
	}
	return int(v)
}

// Byte reads one byte.
func (d *Decoder) Byte() byte {
	if len(d.B) == 0 {
		d.Fail()
		return 0
	}
	v := d.B[0]
	d.B = d.B[1:]
	return v
}

// Bool reads 1 or 0; any other byte is a problem.
func (d *Decoder) Bool() bool {
	switch d.Byte() {
	case 0:
		return false
	case 1:
		return true
	}
	d.Fail()
	return false
}

// Str reads a string written by Str (or Bytes).
func (d *Decoder) Str() string {
	return d.Raw(d.Count())
}

// Raw reads the next n bytes as they are.
func (d *Decoder) Raw(n int) string {
	if n > len(d.B) {
		d.Fail()
		return ""
	}
	s := d.B[:n]
	d.B = d.B[n:]
	return s
}

// Writer is what a layout is written to: an Encoder, or a Hash of what
// an Encoder would write.
type Writer interface {
	Uint(int)
	Int(int)
	Bool(bool)
	Str(string)
}

// Hash takes what an Encoder would write into a SHA-256 hash without
// keeping it: the key of a cache entry, from the values that decide it.
// Small values are gathered in buf and given to the hash a block at a
// time: a key of a few hundred values would otherwise cost a call each.
type Hash struct {
	h   hash.Hash
	n   int // bytes of buf waiting for the hash
	buf [512]byte
}

// NewHash starts a hash with the kind of what it keys, so that no two
// kinds share a key.
func NewHash(kind string) *Hash {
	h := &Hash{h: sha256.New()}
	h.Str(kind)
	return h
}

// Reset starts h again as NewHash(kind) would, keeping its memory: a
// loop that hashes many keys needs no new hash for each.
func (h *Hash) Reset(kind string) {
	h.h.Reset()
	h.n = 0
	h.Str(kind)
}

// room makes room for n bytes in buf, flushing it when it has less.
func (h *Hash) room(n int) {
	if h.n+n > len(h.buf) {
		h.flush()
	}
}

// flush gives the bytes of buf to the hash.
func (h *Hash) flush() {
	h.h.Write(h.buf[:h.n])
	h.n = 0
}

// Uint adds a non-negative number.
func (h *Hash) Uint(v int) {
	h.room(binary.MaxVarintLen64)
	h.n += binary.PutUvarint(h.buf[h.n:], uint64(v))
}

// Int adds a number of either sign.
func (h *Hash) Int(v int) {
	h.room(binary.MaxVarintLen64)
	h.n += binary.PutVarint(h.buf[h.n:], int64(v))
}

// Bool adds 1 or 0.
func (h *Hash) Bool(v bool) {
	if v {
		h.Uint(1)
	} else {
		h.Uint(0)
	}
}

// Str adds a string with its length. A long text goes to the hash as it
// is, not copied.
func (h *Hash) Str(s string) {
	h.Uint(len(s))
	h.Raw(unsafe.Slice(unsafe.StringData(s), len(s)))
}

// Raw adds bytes as they are: another key, whose length is fixed.
func (h *Hash) Raw(b []byte) {
	if len(b) <= len(h.buf)/4 {
		h.room(len(b))
		h.n += copy(h.buf[h.n:], b)
		return
	}
	h.flush()
	h.h.Write(b)
}

// Sum returns the hash of what was added.
func (h *Hash) Sum() [sha256.Size]byte {
	h.flush()
	var k [sha256.Size]byte
	h.h.Sum(k[:0])
	return k
}
