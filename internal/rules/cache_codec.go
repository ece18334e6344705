package rules

import (
	"encoding/binary"
	"errors"
	"math"

	"github.com/migguard/migguard/internal/cache"
	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
)

// How the entries of a lint run's cache are written: varints and
// length-prefixed strings, the strings that findings repeat (rule ids,
// help, locks, paths) written once per entry.

var errEntry = errors.New("rules: unreadable cache entry")

// appendState writes the replay's state: the last transaction number and
// the schema.
func appendState(b []byte, w *schema.SnapshotWriter, nextTx int, c *schema.Catalog) ([]byte, error) {
	b = binary.AppendUvarint(b, uint64(nextTx))
	return w.Append(b, c)
}

// loadState reads what appendState wrote.
func loadState(b []byte) (int, *schema.Catalog, error) {
	tx, n := binary.Uvarint(b)
	if n <= 0 || tx > math.MaxInt32 {
		return 0, nil, errEntry
	}
	c, err := schema.LoadSnapshot(b[n:])
	if err != nil {
		return 0, nil, err
	}
	return int(tx), c, nil
}

// entryWriter writes an entry.
type entryWriter struct {
	b    []byte
	seen map[string]int
}

func (w *entryWriter) uint(v int) { w.b = binary.AppendUvarint(w.b, uint64(v)) }
func (w *entryWriter) int(v int)  { w.b = binary.AppendVarint(w.b, int64(v)) }
func (w *entryWriter) key(k cache.Key) {
	w.b = append(w.b, k[:]...)
}

func (w *entryWriter) str(s string) {
	w.uint(len(s))
	w.b = append(w.b, s...)
}

// common writes a string that many findings repeat, once.
func (w *entryWriter) common(s string) {
	if n, ok := w.seen[s]; ok {
		w.uint(n + 1)
		return
	}
	if w.seen == nil {
		w.seen = map[string]int{}
	}
	w.seen[s] = len(w.seen)
	w.uint(0)
	w.str(s)
}

func (w *entryWriter) findings(fs []Finding) {
	w.uint(len(fs))
	for i := range fs {
		f := &fs[i]
		w.common(f.Rule)
		w.int(int(f.Severity))
		w.common(f.Path)
		w.uint(f.Pos.Line)
		w.uint(f.Pos.Col)
		w.uint(f.End.Line)
		w.uint(f.End.Col)
		w.uint(f.Offset)
		w.str(f.Message)
		w.common(f.Help)
		w.common(f.Lock)
		w.int(int(f.Work))
	}
}

// entryReader reads an entry; the first problem stops it.
type entryReader struct {
	b    []byte
	seen []string
	err  error
}

func (r *entryReader) fail() { r.err, r.b = errEntry, nil }

func (r *entryReader) uint() int {
	v, n := binary.Uvarint(r.b)
	if n <= 0 || v > math.MaxInt32 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return int(v)
}

func (r *entryReader) int() int {
	v, n := binary.Varint(r.b)
	if n <= 0 || v > math.MaxInt32 || v < math.MinInt32 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return int(v)
}

func (r *entryReader) key() cache.Key {
	var k cache.Key
	if len(r.b) < len(k) {
		r.fail()
		return k
	}
	copy(k[:], r.b)
	r.b = r.b[len(k):]
	return k
}

func (r *entryReader) str() string {
	n := r.uint()
	if n > len(r.b) {
		r.fail()
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

func (r *entryReader) common() string {
	ref := r.uint()
	if ref > 0 {
		if ref > len(r.seen) {
			r.fail()
			return ""
		}
		return r.seen[ref-1]
	}
	s := r.str()
	if r.err == nil {
		r.seen = append(r.seen, s)
	}
	return s
}

func (r *entryReader) findings() []Finding {
	n := r.uint()
	if n > len(r.b) {
		r.fail()
		return nil
	}
	out := make([]Finding, 0, n)
	for ; n > 0 && r.err == nil; n-- {
		var f Finding
		f.Rule = r.common()
		f.Severity = Severity(r.int())
		f.Path = r.common()
		f.Pos = pgparse.Pos{Line: r.uint(), Col: r.uint()}
		f.End = pgparse.Pos{Line: r.uint(), Col: r.uint()}
		f.Offset = r.uint()
		f.Message = r.str()
		f.Help = r.common()
		f.Lock = r.common()
		f.Work = Work(r.int())
		out = append(out, f)
	}
	return out
}

// done reports whether the entry was read whole and nothing follows.
func (r *entryReader) done() bool { return r.err == nil && len(r.b) == 0 }
