package rules

import (
	"crypto/sha256"
	"encoding/binary"
	"hash"
	"sort"
	"unsafe"

	"github.com/migguard/migguard/internal/cache"
	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
)

// The keys of what a lint run keeps in its cache (see lintCached). Each
// starts with a word naming the kind of entry, so that no two kinds share
// a key.

// keyWriter writes the parts of a key into a hash, each delimited.
type keyWriter struct{ h hash.Hash }

func newKey(kind string) keyWriter {
	w := keyWriter{sha256.New()}
	w.str(kind)
	return w
}

func (w keyWriter) str(s string) {
	var n [binary.MaxVarintLen64]byte
	w.h.Write(n[:binary.PutUvarint(n[:], uint64(len(s)))])
	// Hashes keep nothing of what they are given: the text is not copied.
	w.h.Write(unsafe.Slice(unsafe.StringData(s), len(s)))
}

func (w keyWriter) int(v int) {
	var n [binary.MaxVarintLen64]byte
	w.h.Write(n[:binary.PutVarint(n[:], int64(v))])
}

func (w keyWriter) bool(v bool) {
	if v {
		w.int(1)
	} else {
		w.int(0)
	}
}

func (w keyWriter) key(k cache.Key) { w.h.Write(k[:]) }

func (w keyWriter) sum() cache.Key {
	var k cache.Key
	w.h.Sum(k[:0])
	return k
}

// fileKey hashes everything the engine and the rules read of a file: its
// path, name parts, text and parts, how its tool runs it, and what reading
// it found. TestFileKeyFields fails when migrations.File gains a field
// that is not hashed here.
func fileKey(f *migrations.File) cache.Key {
	w := newKey("file")
	writeFile(w, f)
	if f.DownFile != nil {
		w.bool(true)
		writeFile(w, f.DownFile)
	} else {
		w.bool(false)
	}
	return w.sum()
}

func writeFile(w keyWriter, f *migrations.File) {
	w.str(f.Path)
	w.str(f.Version)
	w.str(f.Name)
	w.bool(f.Repeatable)
	w.str(f.Src)
	// The parts are mostly the text itself or blanked copies of it.
	for _, part := range []string{f.Up, f.Down} {
		switch part {
		case f.Src:
			w.int(0)
		case "":
			w.int(1)
		default:
			w.int(2)
			w.str(part)
		}
	}
	w.int(int(f.Tx))
	w.str(f.TxSource)
	w.str(f.Refusal)
	w.str(f.LockTx)
	writeProblems(w, f.Problems)
	writeProblems(w, f.Notes)
	w.int(len(f.Templates))
	for _, t := range f.Templates {
		w.int(t.Start)
		w.int(t.End)
		w.str(t.Key)
	}
	w.int(len(f.Unread))
	for _, u := range f.Unread {
		w.int(u)
	}
	w.int(int(f.Kind))
	w.str(f.Why)
}

func writeProblems(w keyWriter, ps []migrations.Problem) {
	w.int(len(ps))
	for _, p := range ps {
		w.int(p.Offset)
		w.str(p.Message)
	}
}

// replayKey hashes the options that may change what the replay builds
// (the schema and the transaction numbers), with the format of the kept
// snapshots: it starts every chain of schema names.
func replayKey(o Options) cache.Key {
	w := newKey("replay v1")
	w.int(o.PG.Major)
	w.int(o.PG.Minor)
	w.str(o.TimeZone)
	return w.sum()
}

// findingsKey hashes the options that may change the findings of a file
// given the schema before it. TestOptionsKeyed fails when Options gains a
// field that is not sorted into this key, replayKey, the report flags, or
// the fields that change no finding.
func findingsKey(o Options) cache.Key {
	w := newKey("findings v1")
	w.key(replayKey(o))
	ids := make([]string, 0, len(o.Severity))
	for id := range o.Severity {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	w.int(len(ids))
	for _, id := range ids {
		w.str(id)
		w.int(int(o.Severity[id]))
	}
	w.bool(o.Unsuppressed)
	w.bool(o.AssumeRows)
	return w.sum()
}

// segmentKeys are the keys of a run of files [a, b) that starts from the
// schema named sigma: the schema after them, and their findings under the
// options and report flags given.
func transitionKey(sigma cache.Key, keys []cache.Key) cache.Key {
	w := newKey("transition")
	w.key(sigma)
	w.int(len(keys))
	for _, k := range keys {
		w.key(k)
	}
	return w.sum()
}

func segmentFindingsKey(opts, sigma cache.Key, keys []cache.Key, report []bool) cache.Key {
	w := newKey("segment findings")
	w.key(opts)
	w.key(sigma)
	w.int(len(keys))
	for i, k := range keys {
		w.key(k)
		w.bool(report[i])
	}
	return w.sum()
}

// positionKey names the place before file t of a segment that starts at
// file a from the schema sigma: what is kept there is the name of the
// schema at t, whose snapshot snapshotKey names.
func positionKey(sigma cache.Key, keys []cache.Key) cache.Key {
	w := newKey("position")
	w.key(sigma)
	w.int(len(keys))
	for _, k := range keys {
		w.key(k)
	}
	return w.sum()
}

func snapshotKey(sigma cache.Key) cache.Key {
	w := newKey("snapshot")
	w.key(sigma)
	return w.sum()
}

// The files of a set are cut into segments at files chosen by their keys,
// so that editing one file moves no cut but its own: a segment ends after
// a file when it holds at least minSegment files and the file's key is
// one in segmentOdds, or when it holds maxSegment files.
const (
	minSegment  = 64
	segmentOdds = 192
	maxSegment  = 1024
)

// segments cuts files [0, len(keys)) into segments, as the pairs [a, b).
func segments(keys []cache.Key) [][2]int {
	var out [][2]int
	a := 0
	for i, k := range keys {
		n := i + 1 - a
		if n >= maxSegment || n >= minSegment && binary.LittleEndian.Uint32(k[:4])%segmentOdds == 0 {
			out = append(out, [2]int{a, i + 1})
			a = i + 1
		}
	}
	if a < len(keys) {
		out = append(out, [2]int{a, len(keys)})
	}
	return out
}

// effect hashes what replaying one file does: the shape (the tree without
// positions) and origin of each statement that may change the schema, and
// the number of transactions the file runs. The schema after a file is a
// function of the schema before it and this: a file edited in ways that
// do not change it (a comment, a SET, an INSERT, a statement moved down
// by the lines added above it) leaves the name of every later schema as
// it was, and with it every later file's cached findings.
type effect struct {
	h      hash.Hash
	buf    []byte
	txBase int // the engine's last transaction number before the file
}

func newEffect(txBase int) *effect {
	e := &effect{h: sha256.New(), txBase: txBase}
	return e
}

// add records a statement that the engine applies to the schema.
func (e *effect) add(n *pgparse.Node, at schema.Origin) {
	if !schema.Changes(n) {
		return
	}
	tx := 0
	if at.Tx != 0 {
		tx = at.Tx - e.txBase
	}
	b := e.buf[:0]
	b = binary.AppendUvarint(b, uint64(len(at.File)))
	b = append(b, at.File...)
	b = binary.AppendVarint(b, int64(tx))
	b = pgparse.AppendShape(b, n)
	var n8 [8]byte
	binary.LittleEndian.PutUint64(n8[:], uint64(len(b)))
	e.h.Write(n8[:])
	e.h.Write(b)
	e.buf = b
}

// next returns the name of the schema after the file, given the name of
// the schema before it and the engine's transaction number after it.
func (e *effect) next(sigma cache.Key, txAfter int) cache.Key {
	w := newKey("schema")
	w.key(sigma)
	var d cache.Key
	e.h.Sum(d[:0])
	w.key(d)
	w.int(txAfter - e.txBase)
	return w.sum()
}
