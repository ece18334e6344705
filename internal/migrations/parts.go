package migrations

import (
	"bytes"
	"strings"
	"unsafe"
)

// bom is the UTF-8 byte order mark. It stays in File.Src so offsets are
// offsets of the file as read, and is blanked in the up and down parts.
const bom = "\uFEFF"

// blankAll returns src with every byte but line feeds turned into spaces.
func blankAll(src string) string {
	b := blanked(src)
	return unsafe.String(unsafe.SliceData(b), len(b)) // b is nobody else's
}

// blanked returns a copy of src with every byte but line feeds turned
// into spaces, filled and marked with vectorised copies and searches
// rather than a byte at a time.
func blanked(src string) []byte {
	b := bytes.Repeat([]byte{' '}, len(src))
	for i := 0; ; {
		j := strings.IndexByte(src[i:], '\n')
		if j < 0 {
			return b
		}
		b[i+j] = '\n'
		i += j + 1
	}
}

// blankBOM returns src with a leading byte order mark blanked.
func blankBOM(src string) string {
	if strings.HasPrefix(src, bom) {
		return "   " + src[len(bom):]
	}
	return src
}

// part builds a copy of src blanked everywhere except the given ranges;
// String gives it, once all are kept.
type part struct {
	src string
	buf []byte
	any bool
}

func newPart(src string) *part { return &part{src: src, buf: blanked(src)} }

func (p *part) keep(start, end int) {
	copy(p.buf[start:end], p.src[start:end])
	if start < end {
		p.any = true
	}
}

// String returns the part, sharing its bytes: the part is not kept
// further (a later keep would fail on its nil buffer).
func (p *part) String() string {
	s := unsafe.String(unsafe.SliceData(p.buf), len(p.buf))
	p.buf = nil
	return blankBOM(s)
}
