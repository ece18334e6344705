package rules

import (
	"bytes"
	"errors"
)

// keptFindings holds the findings of a run, a file or a segment at a time,
// until the end of the run joins them. Findings that are sealed are kept
// encoded as a cache entry writes them (entryWriter), the strings that
// many share written once for the whole run: about a quarter of the
// memory they take as values. A run holds its findings while the schema
// it replays grows, so they weigh on its peak; the end, which joins them,
// comes after the schema is dropped.
type keptFindings struct {
	chunks []keptChunk
	n      int // findings kept
	sealed int // chunks[:sealed] are sealed
	w      entryWriter
}

// keptChunk is findings added at once: fs until sealed, then enc, unless
// read (findings read from the cache stay as read).
type keptChunk struct {
	fs   []Finding
	enc  []byte
	read bool
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
// twice that).
func (k *keptFindings) seal() {
	for i := k.sealed; i < len(k.chunks); i++ {
		c := &k.chunks[i]
		if c.read {
			continue
		}
		k.w.B = k.w.B[:0]
		k.w.findings(c.fs)
		c.fs, c.enc = nil, bytes.Clone(k.w.B)
	}
	k.sealed = len(k.chunks)
}

// all returns every finding in the order added and empties k. The
// messages of a sealed chunk share one string.
func (k *keptFindings) all() ([]Finding, error) {
	out := make([]Finding, 0, k.n)
	r := &entryReader{}
	for _, c := range k.chunks {
		if c.enc == nil {
			out = append(out, c.fs...)
			continue
		}
		r.B = string(c.enc)
		out = r.appendFindings(out)
		if !r.Done() {
			*k = keptFindings{}
			return nil, errKept
		}
	}
	*k = keptFindings{}
	return out, nil
}

// errKept is the error of findings that do not read back as sealed.
var errKept = errors.New("rules: internal error: the findings kept do not read back")
