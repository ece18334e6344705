package migrations

import "strings"

// bom is the UTF-8 byte order mark. It stays in File.Src so offsets are
// offsets of the file as read, and is blanked in the up and down parts.
const bom = "\uFEFF"

// blankAll returns src with every byte but line feeds turned into spaces.
func blankAll(src string) string {
	b := []byte(src)
	for i := range b {
		if b[i] != '\n' {
			b[i] = ' '
		}
	}
	return string(b)
}

// blankBOM returns src with a leading byte order mark blanked.
func blankBOM(src string) string {
	if strings.HasPrefix(src, bom) {
		return "   " + src[len(bom):]
	}
	return src
}

// part builds a copy of src blanked everywhere except the given ranges.
type part struct {
	src string
	buf []byte
	any bool
}

func newPart(src string) *part { return &part{src: src, buf: []byte(blankAll(src))} }

func (p *part) keep(start, end int) {
	copy(p.buf[start:end], p.src[start:end])
	if start < end {
		p.any = true
	}
}

func (p *part) String() string { return blankBOM(string(p.buf)) }
