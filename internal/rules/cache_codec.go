package rules

import (
	"encoding/binary"
	"errors"
	"io"
	"math"
	"slices"

	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
	"github.com/migguard/migguard/internal/wire"
)

// How the entries of a lint run's cache are written: varints and
// length-prefixed strings, the strings that findings repeat (rule ids,
// help, locks, paths) written once per entry.

var errEntry = errors.New("rules: unreadable cache entry")

// writeState writes the replay's state to out: the last transaction
// number and the schema, a piece at a time.
func writeState(out io.Writer, w *schema.SnapshotWriter, nextTx int, c *schema.Catalog) error {
	return w.Write(out, binary.AppendUvarint(nil, uint64(nextTx)), c)
}

// loadState reads what writeState wrote. The catalog keeps b: it must
// not change afterwards.
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
	wire.Encoder
	seen map[string]int
}

// common writes a string that many findings repeat, once.
func (w *entryWriter) common(s string) {
	if n, ok := w.seen[s]; ok {
		w.Uint(n + 1)
		return
	}
	if w.seen == nil {
		w.seen = map[string]int{}
	}
	w.seen[s] = len(w.seen)
	w.Uint(0)
	w.Str(s)
}

// findingsSize is about what findings writes of fs, a little more as a
// rule: each finding's message and 48 bytes (the strings findings share
// are written once per entry), so that the entry is not copied again and
// again as it grows.
func findingsSize(fs []Finding) int {
	size := 16
	for i := range fs {
		size += len(fs[i].Message) + 48
	}
	return size
}

func (w *entryWriter) findings(fs []Finding) {
	w.B = slices.Grow(w.B, findingsSize(fs))
	w.Uint(len(fs))
	for i := range fs {
		f := &fs[i]
		w.common(f.Rule)
		w.Int(int(f.Severity))
		w.common(f.Path)
		w.Uint(f.Pos.Line)
		w.Uint(f.Pos.Col)
		w.Uint(f.End.Line)
		w.Uint(f.End.Col)
		w.Uint(f.Offset)
		w.Str(f.Message)
		w.common(f.Help)
		w.common(f.Lock)
		w.Int(int(f.Work))
		w.common(f.Table)
		w.Int(int(f.TableWork))
	}
}

// entryReader reads an entry; the first problem stops it. Its strings are
// cut from one copy of the entry.
type entryReader struct {
	wire.Decoder
	seen []string
}

func newEntryReader(b []byte) *entryReader {
	return &entryReader{Decoder: wire.Decoder{B: string(b)}}
}

func (r *entryReader) common() string {
	ref := r.Uint()
	if ref > 0 {
		if ref > len(r.seen) {
			r.Fail()
			return ""
		}
		return r.seen[ref-1]
	}
	s := r.Str()
	if r.Err == nil {
		r.seen = append(r.seen, s)
	}
	return s
}

func (r *entryReader) findings() []Finding { return r.appendFindings(nil) }

// appendFindings appends the findings that findings wrote to out.
func (r *entryReader) appendFindings(out []Finding) []Finding {
	n := r.Count()
	out = slices.Grow(out, n)
	for ; n > 0 && r.Err == nil; n-- {
		var f Finding
		f.Rule = r.common()
		f.Severity = Severity(r.Int())
		f.Path = r.common()
		f.Pos = pgparse.Pos{Line: r.Uint(), Col: r.Uint()}
		f.End = pgparse.Pos{Line: r.Uint(), Col: r.Uint()}
		f.Offset = r.Uint()
		f.Message = r.Str()
		f.Help = r.common()
		f.Lock = r.common()
		f.Work = Work(r.Int())
		f.Table = r.common()
		f.TableWork = Work(r.Int())
		out = append(out, f)
	}
	return out
}
