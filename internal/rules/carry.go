package rules

import (
	"bytes"
	"slices"
	"sync/atomic"

	"github.com/migguard/migguard/internal/cache"
	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
	"github.com/migguard/migguard/internal/wire"
)

// A cached run over a whole set carries the findings of the segments after
// an edited file over from the run before, instead of linting them again,
// when the edit adds statements at the end of what the file did to the
// schema and what they touch is new: a table added to a migration in the
// middle of a set. Every later schema then has another name (see
// cache_run.go), but the later files' findings, which depend on the
// objects they read, are the same.
//
// For that, each run over a whole set keeps a manifest (its segments, the
// name of the schema before each, and the key of their facts: for each
// file its key, the digest of its effect, the transactions it ran, how
// many statements changed the schema and whether one was not local, see
// localStatement). A run whose files differ from the manifest's in one
// file only lints that file's segment as usual, watching the file:
//
//   - its first statements that change the schema must be those of the
//     file before (as many as the facts count, with the same digest), and
//     the file must hold no statement that is not local;
//   - each statement after those is local, and the words of the names it
//     writes (writtenWords), the added words, clash with the name of no
//     object of the schema before the first of them (clash: equal, or one
//     is a name PostgreSQL makes out of the other), so that the objects
//     they create are the only ones the edit changes, and no older object
//     refers to them;
//   - no later file of the segment has a word that clashes with an added
//     word, or a statement that is not local.
//
// A later segment is then carried over when the same holds for each of
// its files: its findings under the schema name of the run before are
// kept under the new name, with the schema name after it, worked out from
// its facts. A statement can only reach the added objects by a name, or
// through an object that refers to them, which only a statement naming
// them can make; so a segment none of whose words clash read none of them,
// and its findings are those of the run before. At the first segment that
// is not carried over, the run replays the files from the edited segment
// on and lints from there as usual. No snapshot is kept past the edit: a
// later run that needs one replays from the last one before it.

// fileFacts is what a carried run needs of one file (see above).
type fileFacts struct {
	key    cache.Key // the file's key
	digest cache.Key // the digest of its effect
	tx     int       // the transactions it ran
	n      int       // its statements that may change the schema
	global bool      // one of its statements is not local
}

func factsKey(replay cache.Key, keys []cache.Key) cache.Key {
	return keysKey("segment facts v1", replay, keys)
}

func encodeFacts(fs []fileFacts) []byte {
	e := &wire.Encoder{}
	e.Uint(len(fs))
	for _, f := range fs {
		e.B = append(e.B, f.key[:]...)
		e.B = append(e.B, f.digest[:]...)
		e.Uint(f.tx)
		e.Uint(f.n)
		e.Bool(f.global)
	}
	return e.B
}

// decodeFacts reads what encodeFacts wrote for n files.
func decodeFacts(b []byte, n int) ([]fileFacts, bool) {
	d := &wire.Decoder{B: string(b)}
	if b == nil || d.Count() != n {
		return nil, false
	}
	out := make([]fileFacts, n)
	for i := range out {
		f := &out[i]
		copy(f.key[:], d.Raw(len(f.key)))
		copy(f.digest[:], d.Raw(len(f.digest)))
		f.tx, f.n, f.global = d.Uint(), d.Uint(), d.Bool()
	}
	return out, d.Done()
}

// manifest is what a run over a whole set did: its segments, the name of
// the schema before each and the key of their facts.
type manifest struct {
	segs   [][2]int
	sigmas []cache.Key
	facts  []cache.Key
}

// manifestKey names the manifest of the runs over files of these paths,
// in this order, under the options of find.
func manifestKey(find cache.Key, files []*migrations.File) cache.Key {
	w := newKey("carry manifest v1")
	w.key(find)
	w.Int(len(files))
	for _, f := range files {
		w.Str(f.Path)
	}
	return w.sum()
}

func (m *manifest) encode() []byte {
	e := &wire.Encoder{}
	e.Uint(len(m.segs))
	for i, s := range m.segs {
		e.Uint(s[0])
		e.Uint(s[1])
		e.B = append(e.B, m.sigmas[i][:]...)
		e.B = append(e.B, m.facts[i][:]...)
	}
	return e.B
}

func decodeManifest(b []byte) (*manifest, bool) {
	d := &wire.Decoder{B: string(b)}
	n := d.Count()
	m := &manifest{segs: make([][2]int, n), sigmas: make([]cache.Key, n), facts: make([]cache.Key, n)}
	for i := range n {
		m.segs[i] = [2]int{d.Uint(), d.Uint()}
		copy(m.sigmas[i][:], d.Raw(len(cache.Key{})))
		copy(m.facts[i][:], d.Raw(len(cache.Key{})))
	}
	return m, d.Done()
}

// carryTrack watches the edited file and the rest of its segment.
type carryTrack struct {
	file  int       // the edited file
	seg   [2]int    // its segment
	old   fileFacts // its facts in the run before
	added [][]byte  // the added words
	names [][]byte  // the words of the names of the schema before the first added statement
	done  bool      // the edited file was run
	fail  bool
}

// before looks at a statement of the edited file before the engine
// replays it.
func (t *carryTrack) before(e *engine, n *pgparse.Node) {
	if t.fail || !schema.Changes(n) || e.effect.n < t.old.n {
		return
	}
	if e.effect.n == t.old.n && e.effect.digest() != t.old.digest || !localNode(n) {
		t.fail = true
		return
	}
	if t.names == nil {
		t.names = [][]byte{}
		e.cat.EachName(func(name string) {
			forWords(name, func(w []byte) bool {
				t.names = append(t.names, slices.Clone(w))
				return true
			})
		})
	}
	known := func(name string) bool {
		found := false
		forWords(name, func(w []byte) bool {
			found = hasWord(t.names, w) || hasWord(t.added, w)
			return !found
		})
		return found
	}
	for _, w := range writtenWords(n, known) {
		b := []byte(w)
		if hasWord(t.added, b) {
			continue
		}
		for _, x := range t.names {
			if clash(b, x) {
				t.fail = true
				return
			}
		}
		t.added = append(t.added, b)
	}
}

// hasWord reports whether ws holds w.
func hasWord(ws [][]byte, w []byte) bool {
	return slices.ContainsFunc(ws, func(x []byte) bool { return bytes.Equal(x, w) })
}

// after looks at file i of the edited segment once the engine ran it.
func (t *carryTrack) after(i int, eff *effect, f *migrations.File) {
	switch {
	case t.fail || i < t.file || i >= t.seg[1]:
	case i == t.file:
		t.done = true
		t.fail = eff.global || eff.n < t.old.n || eff.n == t.old.n && eff.digest() != t.old.digest
	default:
		t.fail = eff.global || t.clashes(f.Up)
	}
}

// clashes reports whether a word of text clashes with an added word, or
// text spells words in escapes.
func (t *carryTrack) clashes(text string) bool {
	found := false
	whole := forWords(text, func(w []byte) bool {
		for _, a := range t.added {
			if clash(w, a) {
				found = true
				return false
			}
		}
		return true
	})
	return found || !whole
}

// carryable reports whether a run may carry findings over: a run over a
// whole set, reporting on every file, with nothing asked of each statement.
func (r *cachedRun) carryable(limit int) bool {
	o := r.e.opts
	return !r.few && limit == len(r.files) && o.Work == nil && o.Locks == nil && !o.Draft &&
		!slices.Contains(r.report[:limit], false)
}

// startCarry reads the manifest of the run before and, when the files
// differ from its files in one file only, watches that file.
func (r *cachedRun) startCarry(segs [][2]int) {
	r.facts = make([]fileFacts, len(r.keys))
	r.factsRun = make([]bool, len(r.keys))
	r.mKey = manifestKey(r.find, r.files)
	replay := replayKey(r.e.opts)
	r.factsKeys = make([]cache.Key, len(segs))
	for i, s := range segs {
		r.factsKeys[i] = factsKey(replay, r.keys[s[0]:s[1]])
	}
	m, ok := decodeManifest(r.c.Get(r.mKey))
	if !ok || !slices.Equal(m.segs, segs) {
		return
	}
	r.old = m
	changed := -1
	for i, k := range r.factsKeys {
		if k != m.facts[i] {
			if changed >= 0 {
				return
			}
			changed = i
		}
	}
	if changed < 0 {
		// The same files make the same schemas: the manifest stands.
		r.mKept = true
		return
	}
	s := segs[changed]
	fs, ok := decodeFacts(r.c.Get(m.facts[changed]), s[1]-s[0])
	if !ok {
		return
	}
	file := -1
	for i, f := range fs {
		if f.key != r.keys[s[0]+i] {
			if file >= 0 {
				return
			}
			file = s[0] + i
		}
	}
	if file < 0 || fs[file-s[0]].global {
		return
	}
	r.track = &carryTrack{file: file, seg: s, old: fs[file-s[0]]}
}

// carrySegment carries the findings of segment s, the index-th, over from
// the run before, when the edit allows it (see above), and returns the
// name of the schema after it. The schema before it is named sigma.
func (r *cachedRun) carrySegment(index int, s [2]int, sigma cache.Key) (cache.Key, bool) {
	t := r.track
	if t == nil || !t.done || t.fail || s[0] < t.seg[1] {
		return cache.Key{}, false
	}
	next, ok := r.carried(index, s, sigma)
	t.fail = !ok
	return next, ok
}

// carried does carrySegment's work once the edited segment is linted.
func (r *cachedRun) carried(index int, s [2]int, sigma cache.Key) (cache.Key, bool) {
	keys, report := r.keys[s[0]:s[1]], r.report[s[0]:s[1]]
	fs, ok := decodeFacts(r.c.Get(r.old.facts[index]), len(keys))
	if !ok {
		return cache.Key{}, false
	}
	for i, f := range fs {
		if f.key != keys[i] || f.global || r.track.clashes(r.files[s[0]+i].Up) {
			return cache.Key{}, false
		}
	}
	// Findings that asked the application code are kept under its digest
	// (see putFindings): those against this run's code are carried over.
	oldKey := segmentFindingsKey(r.find, r.old.sigmas[index], keys, report)
	newKey := segmentFindingsKey(r.find, sigma, keys, report)
	raw, codeKey := r.c.Get(oldKey), newKey
	code := bytes.Equal(raw, codeDependent)
	if code {
		var ok1, ok2 bool
		oldKey, ok1 = r.againstCode(oldKey)
		if codeKey, ok2 = r.againstCode(newKey); !ok1 || !ok2 {
			return cache.Key{}, false
		}
		raw = r.c.Get(oldKey)
	}
	if raw == nil {
		return cache.Key{}, false
	}
	rd := newEntryReader(raw)
	found := rd.findings()
	if !rd.Done() {
		return cache.Key{}, false
	}
	next := sigma
	for _, f := range fs {
		next = nextSchema(next, f.digest, f.tx)
	}
	r.c.Put(transitionKey(sigma, keys), next[:])
	r.c.Put(codeKey, raw)
	if code {
		r.c.Put(newKey, codeDependent)
	}
	r.e.findings.addRead(found)
	r.known[s[1]] = next
	atomic.AddInt64(&carriedSegments, 1)
	return next, true
}

// carriedSegments counts the segments carried over, for the tests.
var carriedSegments int64

// finishCarry keeps the facts of the segments whose files all ran, and
// the manifest of this run.
func (r *cachedRun) finishCarry(segs [][2]int, sigmas []cache.Key) {
	for i, s := range segs {
		k := r.factsKeys[i]
		if !slices.Contains(r.factsRun[s[0]:s[1]], false) && !r.c.Has(k) {
			r.c.Put(k, encodeFacts(r.facts[s[0]:s[1]]))
		}
	}
	if !r.mKept {
		m := &manifest{segs: segs, sigmas: sigmas, facts: r.factsKeys}
		r.c.Put(r.mKey, m.encode())
	}
}
