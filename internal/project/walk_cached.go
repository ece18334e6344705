package project

import (
	"io/fs"

	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/wire"
)

// walkCached walks the repository, or, with a cache, takes what the last
// walk found when nothing it read has changed (see migrations.Memoized):
// each directory it listed is looked at, not read, while it keeps its id,
// and each file whose head it read is asked for its id. The walk's files,
// sets and unreadable directories come from the cache in the order found;
// the Alembic configurations and versions directories it found are read
// again, as finish reads them. A run that lints a directory of a large
// repository is spared a listing of every directory in it.
func (p *Project) walkCached(detect bool) *walker {
	if p.Cache != nil {
		k := wire.NewHash("project walk v1")
		k.Bool(detect)
		k.Uint(len(p.Config.Ignore))
		for _, g := range p.Config.Ignore {
			k.Str(g)
		}
		sum := k.Sum()
		out := migrations.Memoized(p.Cache, p.FS, string(sum[:]), func(fsys fs.FS) []byte {
			w := &walker{p: p.At(fsys), detect: detect, log: &wire.Encoder{}}
			w.run()
			return w.encode()
		})
		if w, ok := p.replayWalk(detect, string(out)); ok {
			return w
		}
	}
	w := &walker{p: p, detect: detect}
	w.run()
	return w
}

// What a walk's log holds, besides the files: a set found (its directory
// and format), a directory that could not be listed (its path and the
// error), an Alembic configuration file and an Alembic versions directory.
const (
	walkSet byte = iota + 1
	walkUnreadable
	walkAlembicConfig
	walkCandidate
)

// encode returns what a logged walk found, for replayWalk: its files,
// then its log.
func (w *walker) encode() []byte {
	var e wire.Encoder
	e.Uint(len(w.files))
	for _, f := range w.files {
		e.Str(f)
	}
	e.B = append(e.B, w.log.B...)
	return e.B
}

// replayWalk rebuilds a walker from what walkCached kept; ok is false for
// a damaged entry.
func (p *Project) replayWalk(detect bool, b string) (*walker, bool) {
	w := &walker{p: p, detect: detect}
	d := wire.Decoder{B: b}
	n := d.Count()
	if d.Err != nil {
		return nil, false
	}
	w.files = make([]string, 0, n)
	for range n {
		w.files = append(w.files, d.Str())
	}
	for d.Err == nil && !d.Done() {
		switch kind := d.Byte(); kind {
		case walkSet:
			dir, format := d.Str(), migrations.Format(d.Str())
			w.found(dir, format)
		case walkUnreadable:
			dir, msg := d.Str(), d.Str()
			w.unreadable(dir, msg)
		case walkAlembicConfig:
			if file := d.Str(); d.Err == nil {
				w.alembicConfig(file)
			}
		case walkCandidate:
			w.candidates = append(w.candidates, d.Str())
		default:
			d.Fail()
		}
	}
	return w, d.Err == nil
}

// found adds the set of a directory the walk found.
func (w *walker) found(dir string, format migrations.Format) {
	w.logged(walkSet, dir, string(format))
	w.sets = append(w.sets, &Set{Dir: dir, Format: format, project: w.p})
}

// unreadable adds the error of a directory that could not be listed.
func (w *walker) unreadable(dir, msg string) {
	w.logged(walkUnreadable, dir, msg)
	w.errs = append(w.errs, &migrations.InputError{Path: dir, Err: msg})
}

// logged records an event of the walk when it is logged.
func (w *walker) logged(kind byte, args ...string) {
	if w.log == nil {
		return
	}
	w.log.Byte(kind)
	for _, a := range args {
		w.log.Str(a)
	}
}
