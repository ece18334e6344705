package rules

import (
	"bytes"
	"io"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/migguard/migguard/internal/cache"
	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/schema"
)

// A lint run with a cache (Options.Cache) remembers, per segment of files
// (see segments):
//
//   - the name of the schema after the segment, given the name of the
//     schema before it and the keys of its files (a transition). The name
//     of a schema hashes what built it: the name before it and the effect
//     of each file (see effect), not the files' text, so that a file
//     edited without changing what it does to the schema keeps every later
//     name;
//   - the findings of the segment's files, given the name of the schema
//     before it, the keys of its files, the options and which files are
//     reported on, unless a rule asked where the application code uses
//     what a statement drops (Pass.CodeUses): those depend on more than
//     the migrations, and are worked out again each run;
//   - snapshots of the schema, by its name, at some segment boundaries,
//     at the end of a run over a whole set, and before the files that a
//     run over a few files reports on; and the names of the schemas at
//     such places inside a segment (positions).
//
// A segment whose transition and findings are known is not read further:
// its files are neither parsed nor replayed. The first segment that is not
// known is linted from the schema before it, which the engine holds when
// it linted the segment before, else is loaded from the nearest snapshot
// and brought forward by replaying the files in between. When linting
// stops at the last file reported on (Options.SkipCatalog), the files after
// it are not looked at. After an edit that only adds new objects, the
// later segments' findings are carried over from the run before although
// their schemas have new names (see carry.go).

// lintCached lints files [0, limit) of the set with the engine e, filling
// e.findings, and returns the schema after file limit when want is set.
func lintCached(e *engine, files []*migrations.File, report []bool, limit int, want bool) *schema.Catalog {
	r := &cachedRun{e: e, c: e.opts.Cache, files: files, report: report,
		find: findingsKey(e.opts), known: map[int]cache.Key{}, pos: -1}
	reported := 0
	for _, on := range report[:limit] {
		if on {
			reported++
		}
	}
	r.few = reported <= fewFiles
	r.keys = fileKeys(files[:limit])
	start := newKey("schema start")
	start.key(replayKey(e.opts))
	sigma := start.sum()
	r.start = sigma
	r.known[0] = sigma
	segs := segments(r.keys)
	snapAt := snapshotBoundaries(segs)
	carry := r.carryable(limit)
	if carry {
		r.startCarry(segs)
	}
	sigmas := make([]cache.Key, 0, len(segs))
	for i, s := range segs {
		sigmas = append(sigmas, sigma)
		if next, ok := r.carrySegment(i, s, sigma); ok {
			sigma = next
			continue
		}
		sigma = r.segment(s[0], s[1], sigma)
		if e.err != nil {
			return nil
		}
		if snapAt[s[1]] {
			r.keep(s[1], sigma)
		}
	}
	if carry {
		r.finishCarry(segs, sigmas)
	}
	if len(segs) > 0 && limit == len(files) && !e.opts.Draft {
		last := segs[len(segs)-1]
		r.keepPosition(last[0], limit, sigma)
	}
	if !want {
		return nil
	}
	if !r.stateAt(limit, sigma) {
		if e.err != nil {
			return nil
		}
		return schema.New()
	}
	return e.cat
}

// fewFiles is how many files a run reports on at most for the schema
// before each to be kept.
const fewFiles = 8

// cachedFilesRun counts the files that cached runs replayed or linted,
// for the tests.
var cachedFilesRun int64

// fileKeys returns the key of each file (migrations.FileKeyWith: what the
// engine and the rules read of it, as the cache of loaded sets writes it,
// the texts by their hash), hashed on every CPU.
func fileKeys(files []*migrations.File) []cache.Key {
	keys := make([]cache.Key, len(files))
	workers := min(runtime.GOMAXPROCS(0), len(files)/64+1)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			h := newKey("").Hash // FileKeyWith resets it to the kind of file keys
			for i := w; i < len(files); i += workers {
				keys[i] = migrations.FileKeyWith(h, files[i])
			}
		})
	}
	wg.Wait()
	return keys
}

// cachedRun is one lint run with a cache.
type cachedRun struct {
	e      *engine
	c      *cache.Cache
	files  []*migrations.File
	report []bool
	keys   []cache.Key
	find   cache.Key // the options' part of the findings' keys
	start  cache.Key // the name of the empty schema
	// known holds the names of the schemas at the segment boundaries
	// passed, for finding a snapshot to start from.
	known map[int]cache.Key
	// few is set when the run reports on a few files only.
	few bool
	// pos is the file before which the engine holds the schema (e.cat and
	// e.nextTx), named sigma; -1 when it holds none. It only moves on.
	pos   int
	sigma cache.Key
	// positions holds the names of the schemas that stateAtPosition read,
	// by the key of their position.
	positions map[cache.Key]cache.Key
	// freed is how many files, from the first, have had their texts
	// released (Options.Release): those before pos only, which no later
	// replay reads.
	freed int
	w     schema.SnapshotWriter
	// What carrying findings over an edit needs (see carry.go): the facts
	// of the files run (factsRun) and the keys of each segment's, the
	// manifest's key, the manifest of the run before and whether it
	// stands, and the edited file's watch.
	facts     []fileFacts
	factsRun  []bool
	factsKeys []cache.Key
	mKey      cache.Key
	old       *manifest
	mKept     bool
	track     *carryTrack
}

// segment handles the files [a, b), which start from the schema named
// sigma, and returns the name of the schema after them.
func (r *cachedRun) segment(a, b int, sigma cache.Key) cache.Key {
	keys, report := r.keys[a:b], r.report[a:b]
	lint := slices.Contains(report, true)
	tk := transitionKey(sigma, keys)
	next, okT := r.getKey(tk)
	var fk cache.Key
	var found []Finding
	okF := !lint
	if lint {
		fk = segmentFindingsKey(r.find, sigma, keys, report)
		found, okF = r.getFindings(fk)
		// Callbacks on the statements linted need them linted.
		okF = okF && r.e.opts.Work == nil && r.e.opts.Locks == nil
	}
	if okT && okF {
		r.e.findings.addRead(found)
		// The texts of the segment stay: a later segment that is not
		// known may start from a snapshot before this one and replay it.
		r.known[b] = next
		return next
	}
	// Whatever follows reads the texts of files.
	if err := r.e.loadTexts(); err != nil {
		r.e.err = err
		return sigma
	}
	first := a
	if lint {
		// Start at the first file reported on if the schema there is kept.
		first = a + slices.Index(report, true)
	}
	if !r.stateAtPosition(a, first, sigma) && !r.stateAt(a, sigma) {
		return sigma // no state: nothing kept, nothing reported
	}
	mark := r.e.findings.mark()
	r.e.codeAsked = false
	next = r.replay(r.pos, b, lint && !okF, a)
	if !okT {
		r.c.Put(tk, next[:])
	}
	if lint && !okF {
		r.putFindings(fk, r.e.findings.since(mark), r.e.codeAsked)
		r.e.findings.seal()
	} else {
		r.e.findings.addRead(found)
	}
	r.known[b] = next
	return next
}

// replay runs files [from, to) through the engine, linting those reported
// on when lint is set, and returns the name of the schema after them. a is
// the start of their segment: in a run that reports on a few files (an
// editor's, a pre-commit hook's), the schema before each is kept under
// its position there, for the next such run.
func (r *cachedRun) replay(from, to int, lint bool, a int) cache.Key {
	e := r.e
	report := make([]bool, to-from)
	if lint {
		copy(report, r.report[from:to])
	}
	next := parseAhead(r.files[from:to], report)
	for i := from; i < to; i++ {
		if r.few && report[i-from] {
			r.keepPosition(a, i, r.sigma)
		}
		atomic.AddInt64(&cachedFilesRun, 1)
		eff := newEffect(e.nextTx)
		e.effect = eff
		if r.track != nil && r.track.file == i {
			e.track = r.track
		}
		e.file(r.files[i], next(), report[i-from])
		e.effect, e.track = nil, nil
		d, tx := eff.digest(), e.nextTx-eff.txBase
		if r.facts != nil {
			r.facts[i] = fileFacts{key: r.keys[i], digest: d, tx: tx, n: eff.n, global: eff.global}
			r.factsRun[i] = true
		}
		if r.track != nil {
			r.track.after(i, eff, r.files[i])
		}
		r.sigma = nextSchema(r.sigma, d, tx)
		r.pos = i + 1
		r.releaseBefore(r.pos)
	}
	return r.sigma
}

// stateAt makes the engine hold the schema before file a, named sigma: it
// goes on from the schema it holds, or loads the nearest snapshot before
// a and replays the files from there. It reports false when neither is
// possible, which does not happen: the empty schema before file 0 is
// always at hand.
func (r *cachedRun) stateAt(a int, sigma cache.Key) bool {
	if r.pos == a {
		return true
	}
	if r.pos < 0 || r.pos > a {
		if !r.load(a, sigma) {
			r.fromNearest(a)
		}
	}
	if r.pos < a {
		if err := r.e.loadTexts(); err != nil {
			r.e.err = err
			return false
		}
		r.replay(r.pos, a, false, r.pos)
	}
	return r.pos == a
}

// stateAtPosition makes the engine hold the schema before file t of the
// segment that starts at a with the schema sigma, when it is kept there.
func (r *cachedRun) stateAtPosition(a, t int, sigma cache.Key) bool {
	if t == a || r.pos == t {
		return r.pos == t
	}
	k := positionKey(sigma, r.keys[a:t])
	b := r.c.Get(k)
	if len(b) != len(cache.Key{}) {
		return false
	}
	if r.positions == nil {
		r.positions = map[cache.Key]cache.Key{}
	}
	r.positions[k] = cache.Key(b)
	return r.load(t, cache.Key(b))
}

// fromNearest loads the latest snapshot kept at a boundary before a, or
// starts from the empty schema.
func (r *cachedRun) fromNearest(a int) {
	var bounds []int
	for p := range r.known {
		if p < a && p > 0 {
			bounds = append(bounds, p)
		}
	}
	slices.Sort(bounds)
	for i := len(bounds) - 1; i >= 0; i-- {
		if r.load(bounds[i], r.known[bounds[i]]) {
			return
		}
	}
	r.e.cat, r.e.nextTx = schema.New(), 0
	r.pos, r.sigma = 0, r.start
}

// load makes the engine hold the snapshot of the schema named sigma, the
// schema before file p, if it is kept.
func (r *cachedRun) load(p int, sigma cache.Key) bool {
	if p < r.freed {
		return false // the files after p could not be replayed
	}
	b := r.c.Get(snapshotKey(sigma))
	if b == nil {
		return false
	}
	tx, cat, err := loadState(b)
	if err != nil {
		return false
	}
	r.e.cat, r.e.nextTx = cat, tx
	r.pos, r.sigma = p, sigma
	r.releaseBefore(p)
	return true
}

// keep keeps a snapshot of the schema before file p, named sigma, unless
// one is kept already. The engine must hold that schema or be able to
// reach it.
func (r *cachedRun) keep(p int, sigma cache.Key) {
	k := snapshotKey(sigma)
	if r.c.Has(k) || r.pos != p {
		return
	}
	r.c.PutWith(k, func(out io.Writer) error {
		return writeState(out, &r.w, r.e.nextTx, r.e.cat)
	})
}

// keepPosition keeps the name of the schema before file t of the segment
// that starts at a, and its snapshot.
func (r *cachedRun) keepPosition(a, t int, sigma cache.Key) {
	if r.pos != t {
		return
	}
	// An editor's keystrokes and a commit's hook lint the same file again
	// and again from the same position: what stateAtPosition read there is
	// not written again.
	if k := positionKey(r.known[a], r.keys[a:t]); r.positions[k] != sigma {
		r.c.Put(k, sigma[:])
	}
	r.keep(t, sigma)
}

// snapshotBoundaries chooses the segment boundaries where a snapshot is
// kept: the first at or after 256 files, 512, 1024 and so on, so that the
// snapshots of a set cost about twice the size of its last schema, and a
// run that must lint a segment finds one no further back than half the
// files before it.
func snapshotBoundaries(segs [][2]int) map[int]bool {
	out := map[int]bool{}
	next := 256
	for _, s := range segs {
		if b := s[1]; b >= next {
			out[b] = true
			for next <= b {
				next *= 2
			}
		}
	}
	return out
}

func (r *cachedRun) getKey(k cache.Key) (cache.Key, bool) {
	b := r.c.Get(k)
	if len(b) != len(cache.Key{}) {
		return cache.Key{}, false
	}
	return cache.Key(b), true
}

func (r *cachedRun) getFindings(k cache.Key) ([]Finding, bool) {
	b := r.c.Get(k)
	if bytes.Equal(b, codeDependent) {
		ck, ok := r.againstCode(k)
		if !ok {
			return nil, false
		}
		b = r.c.Get(ck)
	}
	if b == nil {
		return nil, false
	}
	rd := newEntryReader(b)
	fs := rd.findings()
	if !rd.Done() {
		return nil, false
	}
	return fs, true
}

// againstCode returns the key of the findings that k names as found
// against the application code of this run, false when its Code has no
// digest.
func (r *cachedRun) againstCode(k cache.Key) (cache.Key, bool) {
	code, ok := r.e.opts.Code.(DigestedCode)
	if !ok {
		return cache.Key{}, false
	}
	return codeFindingsKey(k, code.Digest()), true
}

// putFindings keeps the findings of a segment under k. Findings that asked
// the application code are kept under the code's digest, or not at all
// when the code has none.
func (r *cachedRun) putFindings(k cache.Key, all []Finding, askedCode bool) {
	if askedCode {
		ck, ok := r.againstCode(k)
		if !ok {
			return
		}
		r.c.Put(k, codeDependent)
		k = ck
	}
	w := &entryWriter{}
	w.findings(all)
	r.c.Put(k, w.B)
}

// releaseBefore clears the text of the files before p not cleared yet,
// when the options ask for it. The engine must hold the schema at p or
// later: no replay reads those files again.
func (r *cachedRun) releaseBefore(p int) {
	if !r.e.opts.Release || p <= r.freed {
		return
	}
	for _, f := range r.files[r.freed:p] {
		f.ReleaseTexts()
	}
	r.freed = p
}
