package rules

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"runtime"
	"unsafe"
)

// keptFindings holds the findings of a run, a file or a segment at a time,
// until the end of the run joins them. Findings that are sealed are kept
// encoded as a cache entry writes them (entryWriter), the strings that
// many share written once for the whole run: about a quarter of the
// memory they take as values. A run holds its findings while the schema
// it replays grows, so they weigh on its peak; the end, which joins them,
// comes after the schema is dropped.
//
// Once the sealed findings held in memory pass spillAfter bytes, those
// sealed later go to a temporary file, removed as soon as it is created
// where the system allows it, until the end of the run reads them back:
// linting 10,000 migrations seals 14 MB of findings, which the run would
// otherwise carry through its largest schema.
type keptFindings struct {
	chunks []keptChunk
	n      int // findings kept
	sealed int // chunks[:sealed] are sealed
	w      entryWriter
	held   int // bytes of sealed chunks held in memory
	spill  *spillFile
	// spillAfter is the bytes held before spilling: spillAfterDefault
	// unless set (tests set it).
	spillAfter int
	// spillFailed is set once the temporary file could not be created
	// or written: the run then holds its findings in memory.
	spillFailed bool
}

// spillAfterDefault is keptFindings.spillAfter when unset: more than a
// project of a few thousand migrations seals.
const spillAfterDefault = 2 << 20

// keptChunk is findings added at once: fs until sealed, then enc, unless
// read (findings read from the cache stay as read). A chunk spilled has
// neither: its encoding is size bytes at off in the spill file.
type keptChunk struct {
	fs        []Finding
	enc       []byte
	read      bool
	spilled   bool
	off, size int
}

// add keeps fs, which must not change afterwards.
func (k *keptFindings) add(fs []Finding) { k.keep(fs, false) }

// addRead keeps fs, read from a cache entry, as they are: their strings
// are cut from the entry's text already, and encoding them again would
// only cost the run that finds everything in the cache.
func (k *keptFindings) addRead(fs []Finding) { k.keep(fs, true) }

func (k *keptFindings) keep(fs []Finding, read bool) {
	if len(fs) > 0 {
		k.chunks = append(k.chunks, keptChunk{fs: fs, read: read})
		k.n += len(fs)
	}
}

// mark returns a position for since.
func (k *keptFindings) mark() int { return len(k.chunks) }

// since returns the findings added after mark m, which must not be sealed
// yet.
func (k *keptFindings) since(m int) []Finding {
	var out []Finding
	for _, c := range k.chunks[m:] {
		out = append(out, c.fs...)
	}
	return out
}

// seal encodes the findings added since the last seal but not read, each
// chunk in a slice of its own size (one growing slice would keep up to
// twice that), or in the spill file.
func (k *keptFindings) seal() {
	for i := k.sealed; i < len(k.chunks); i++ {
		c := &k.chunks[i]
		if c.read {
			continue
		}
		k.w.B = k.w.B[:0]
		k.w.findings(c.fs)
		c.fs = nil
		if k.spilling() {
			c.spilled, c.off, c.size = true, k.spill.size, len(k.w.B)
			k.spill.add(k.w.B)
			continue
		}
		c.enc = bytes.Clone(k.w.B)
		k.held += len(c.enc)
	}
	k.sealed = len(k.chunks)
	if k.spill != nil && k.spill.err != nil && !k.spillFailed {
		k.unspill()
	}
}

// spilling reports whether the next sealed chunk goes to the spill file,
// creating it when the findings held first pass spillAfter.
func (k *keptFindings) spilling() bool {
	switch {
	case k.spillFailed:
		return false
	case k.spill != nil:
		return true
	}
	limit := k.spillAfter
	if limit == 0 {
		limit = spillAfterDefault
	}
	if k.held < limit {
		return false
	}
	s, err := newSpillFile()
	if err != nil {
		k.spillFailed = true
		return false
	}
	k.spill = s
	return true
}

// unspill brings back into memory the chunks whose writing failed (the
// spill file's buffer still holds them) and stops spilling: a run that
// cannot write its temporary file keeps its findings as it would without
// one.
func (k *keptFindings) unspill() {
	s := k.spill
	for i := range k.chunks {
		c := &k.chunks[i]
		if c.spilled && c.off >= s.written {
			c.enc = bytes.Clone(s.buf[c.off-s.written : c.off-s.written+c.size])
			c.spilled = false
			k.held += c.size
		}
	}
	// Chunks written before the failure stay in the file, which all
	// reads back; nothing more goes to it.
	s.buf = nil
	k.spillFailed = true
}

// all returns every finding in the order added and empties k. The
// messages of a sealed chunk share one string.
func (k *keptFindings) all() ([]Finding, error) {
	defer k.close()
	var spilled string
	if k.spill != nil {
		data, err := k.spill.readAll()
		if err != nil {
			return nil, err
		}
		// data is never written again: its findings' strings point
		// into it.
		spilled = unsafe.String(unsafe.SliceData(data), len(data))
	}
	out := make([]Finding, 0, k.n)
	r := &entryReader{}
	for _, c := range k.chunks {
		switch {
		case c.spilled:
			if c.off+c.size > len(spilled) {
				return nil, errKept
			}
			r.B = spilled[c.off : c.off+c.size]
		case c.enc != nil:
			r.B = string(c.enc)
		default:
			out = append(out, c.fs...)
			continue
		}
		out = r.appendFindings(out)
		if !r.Done() {
			return nil, errKept
		}
	}
	return out, nil
}

// close drops what k holds and removes its spill file, if any.
func (k *keptFindings) close() {
	if k.spill != nil {
		k.spill.close()
	}
	*k = keptFindings{spillAfter: k.spillAfter}
}

// errKept is the error of findings that do not read back as sealed.
var errKept = errors.New("rules: internal error: the findings kept do not read back")

// spillFile is the temporary file that keptFindings spills to, written a
// buffer at a time.
type spillFile struct {
	f    *os.File
	name string // removed on close; "" once removed
	buf  []byte
	// written is the bytes written to f; size adds those buffered.
	written, size int
	err           error
}

// spillBuffer is the bytes spillFile buffers before writing.
const spillBuffer = 256 << 10

func newSpillFile() (*spillFile, error) {
	f, err := os.CreateTemp("", "migguard-findings-*")
	if err != nil {
		return nil, err
	}
	s := &spillFile{f: f, name: f.Name(), buf: make([]byte, 0, spillBuffer)}
	// Removed at once where an open file can be: nothing is left behind
	// by a run that ends without closing it.
	if runtime.GOOS != "windows" && os.Remove(s.name) == nil {
		s.name = ""
	}
	return s, nil
}

// add appends b, writing the buffer out when full; an error is kept in
// s.err, and what the buffer holds then was not written.
func (s *spillFile) add(b []byte) {
	s.buf = append(s.buf, b...)
	s.size += len(b)
	if len(s.buf) >= spillBuffer && s.err == nil {
		s.flush()
	}
}

func (s *spillFile) flush() {
	if s.err != nil || len(s.buf) == 0 {
		return
	}
	if _, err := s.f.Write(s.buf); err != nil {
		s.err = err
		return
	}
	s.written += len(s.buf)
	s.buf = s.buf[:0]
}

// readAll returns the bytes spilled: those written, then those still
// buffered.
func (s *spillFile) readAll() ([]byte, error) {
	data := make([]byte, s.written, s.written+len(s.buf))
	if _, err := s.f.ReadAt(data, 0); err != nil && len(data) > 0 {
		return nil, fmt.Errorf("reading back the findings kept in a temporary file: %w", err)
	}
	return append(data, s.buf...), nil
}

func (s *spillFile) close() {
	s.f.Close()
	if s.name != "" {
		os.Remove(s.name)
	}
}
