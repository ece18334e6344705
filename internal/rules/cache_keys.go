package rules

import (
	"crypto/sha256"
	"encoding/binary"
	"hash"
	"maps"
	"slices"

	"github.com/migguard/migguard/internal/cache"
	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
	"github.com/migguard/migguard/internal/wire"
)

// The keys of what a lint run keeps in its cache (see lintCached). Each
// starts with a word naming the kind of entry, so that no two kinds share
// a key.

// keyWriter writes the parts of a key (see wire.Hash).
type keyWriter struct{ *wire.Hash }

func newKey(kind string) keyWriter { return keyWriter{wire.NewHash(kind)} }

// key adds another key.
func (w keyWriter) key(k cache.Key) { w.Raw(k[:]) }

func (w keyWriter) sum() cache.Key { return cache.Key(w.Sum()) }

// replayKey hashes the options that may change what the replay builds
// (the schema and the transaction numbers), with the format of the kept
// snapshots: it starts every chain of schema names.
func replayKey(o Options) cache.Key {
	w := newKey("replay v1")
	w.Int(o.PG.Major)
	w.Int(o.PG.Minor)
	w.Str(o.TimeZone)
	return w.sum()
}

// findingsKey hashes the options that may change the findings of a file
// given the schema before it. TestOptionsKeyed fails when Options gains a
// field that is not sorted into this key, replayKey, the report flags, or
// the fields that change no finding.
func findingsKey(o Options) cache.Key {
	w := newKey("findings v3")
	w.key(replayKey(o))
	ids := slices.Sorted(maps.Keys(o.Severity))
	w.Int(len(ids))
	for _, id := range ids {
		w.Str(id)
		w.Int(int(o.Severity[id]))
	}
	w.Bool(o.Unsuppressed)
	w.Bool(o.AssumeRows)
	w.Bool(o.Code != nil)
	return w.sum()
}

// segmentKeys are the keys of a run of files [a, b) that starts from the
// schema named sigma: the schema after them, and their findings under the
// options and report flags given.
func transitionKey(sigma cache.Key, keys []cache.Key) cache.Key {
	return keysKey("transition", sigma, keys)
}

// keysKey hashes the kind of entry, a key that leads, and the keys of a
// run of files.
func keysKey(kind string, lead cache.Key, keys []cache.Key) cache.Key {
	w := newKey(kind)
	w.key(lead)
	w.Int(len(keys))
	for _, k := range keys {
		w.key(k)
	}
	return w.sum()
}

func segmentFindingsKey(opts, sigma cache.Key, keys []cache.Key, report []bool) cache.Key {
	w := newKey("segment findings")
	w.key(opts)
	w.key(sigma)
	w.Int(len(keys))
	for i, k := range keys {
		w.key(k)
		w.Bool(report[i])
	}
	return w.sum()
}

// codeFindingsKey names the findings of a segment whose rules asked the
// application code (Options.Code), found against the code of that digest;
// under the segment's own findings key the cache then holds codeDependent.
func codeFindingsKey(findings cache.Key, code [32]byte) cache.Key {
	w := newKey("segment findings against code")
	w.key(findings)
	w.Raw(code[:])
	return w.sum()
}

// codeDependent is the entry that says a segment's findings depend on the
// application code: they are under codeFindingsKey.
var codeDependent = []byte("findings depend on the application code: see codeFindingsKey")

// positionKey names the place before file t of a segment that starts at
// file a from the schema sigma: what is kept there is the name of the
// schema at t, whose snapshot snapshotKey names.
func positionKey(sigma cache.Key, keys []cache.Key) cache.Key {
	return keysKey("position", sigma, keys)
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
	// n counts the statements added; global is set when a statement of
	// the file may read or change the schema beyond the objects it names
	// (see localStatement): what a carried run needs (see carry.go).
	n      int
	global bool
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
	e.n++
}

// digest is the hash of the statements added so far.
func (e *effect) digest() cache.Key {
	var d cache.Key
	e.h.Sum(d[:0])
	return d
}

// next returns the name of the schema after the file, given the name of
// the schema before it and the engine's transaction number after it.
func (e *effect) next(sigma cache.Key, txAfter int) cache.Key {
	return nextSchema(sigma, e.digest(), txAfter-e.txBase)
}

// nextSchema is the name of the schema after a file whose effect has the
// digest d and which ran tx transactions, given the name sigma before it.
func nextSchema(sigma, d cache.Key, tx int) cache.Key {
	w := newKey("schema")
	w.key(sigma)
	w.key(d)
	w.Int(tx)
	return w.sum()
}
