package usage

import (
	"io/fs"
	"maps"
	"slices"

	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/project"
	"github.com/migguard/migguard/internal/rules"
	"github.com/migguard/migguard/internal/wire"
)

// The index of a project's code, and the code's digest, are kept in the
// project's cache (migrations.Memoized): a run that finds every directory
// listed and every file read by the last build as that build found them
// takes the index from the cache and reads none of the code. The commits
// of a branch whose migration drops a column, and the runs after an edit
// of a migration, find it; after a change to a code file, the files that
// did not change are taken from the cache too (see fileMemo), and only
// the changed ones are read.

// codeKey names the build of a project's index besides its files: what
// decides which files it reads (the directories the configuration
// ignores and the sets it names).
func codeKey(kind string, p *project.Project) string {
	h := wire.NewHash(kind)
	for _, g := range p.Config.Ignore {
		h.Str(g)
	}
	for _, s := range p.Config.Sets {
		h.Str(s.Path)
		h.Str(string(s.Format))
	}
	sum := h.Sum()
	return string(sum[:])
}

// buildKept is Build(p, nil), taken from the cache when it holds it.
func buildKept(p *project.Project) *Index {
	if p.Cache == nil {
		return buildWith(p, nil, "", false) // nothing is kept under its digest
	}
	var built *Index
	kind := migrations.ContentKind(p.FS)
	out := migrations.Memoized(p.Cache, p.FS, codeKey("code index v1", p), func(fsys fs.FS) []byte {
		built = buildWith(p.At(fsys), nil, kind, true)
		return built.encode()
	})
	if built != nil {
		return built
	}
	if ix, ok := decodeIndex(out); ok {
		return ix
	}
	return Build(p, nil)
}

// digestKept is Digest(p, nil), taken from the cache when it holds it.
func digestKept(p *project.Project) [32]byte {
	if p.Cache == nil {
		return Digest(p, nil)
	}
	kind := migrations.ContentKind(p.FS)
	out := migrations.Memoized(p.Cache, p.FS, codeKey("code digest v1", p), func(fsys fs.FS) []byte {
		d := digestWith(p.At(fsys), nil, kind)
		return d[:]
	})
	var d [32]byte
	if len(out) != len(d) {
		return Digest(p, nil)
	}
	copy(d[:], out)
	return d
}

// encode writes the index: its digest, the number of files read, and
// each table's uses, columns' uses and inserts, tables and columns in
// name order.
func (ix *Index) encode() []byte {
	var e wire.Encoder
	e.Bytes(ix.digest[:])
	e.Uint(ix.Files)
	names := slices.Sorted(maps.Keys(ix.tables))
	e.Uint(len(names))
	for _, name := range names {
		t := ix.tables[name]
		e.Str(name)
		encodeUses(&e, t.uses)
		cols := slices.Sorted(maps.Keys(t.columns))
		e.Uint(len(cols))
		for _, c := range cols {
			e.Str(c)
			encodeUses(&e, t.columns[c])
		}
		e.Uint(len(t.inserts))
		for _, in := range t.inserts {
			e.Str(in.schema)
			encodeUse(&e, in.CodeUse)
			e.Bool(in.Columns != nil)
			e.Uint(len(in.Columns))
			for _, c := range in.Columns {
				e.Str(c)
			}
			e.Bool(in.Positional)
		}
	}
	return e.B
}

func encodeUses(e *wire.Encoder, us []use) {
	e.Uint(len(us))
	for _, u := range us {
		e.Str(u.schema)
		encodeUse(e, u.CodeUse)
	}
}

func encodeUse(e *wire.Encoder, u rules.CodeUse) {
	e.Str(u.Path)
	e.Int(u.Line)
	e.Str(u.What)
	e.Str(u.GoType)
	e.Str(u.SQLType)
}

// decodeIndex reads what encode wrote; false when it does not read whole.
func decodeIndex(b []byte) (*Index, bool) {
	d := wire.Decoder{B: string(b)}
	ix := newIndex()
	if sum := d.Raw(d.Count()); len(sum) == len(ix.digest) {
		copy(ix.digest[:], sum)
	} else {
		return nil, false
	}
	ix.Files = d.Uint()
	for n := d.Count(); n > 0 && d.Err == nil; n-- {
		t := ix.table(d.Str())
		t.uses = decodeUses(&d)
		for c := d.Count(); c > 0 && d.Err == nil; c-- {
			col := d.Str()
			t.columns[col] = decodeUses(&d)
		}
		for k := d.Count(); k > 0 && d.Err == nil; k-- {
			in := insert{schema: d.Str()}
			in.CodeUse = decodeUse(&d)
			listed := d.Bool()
			cols := d.Count()
			if listed {
				in.Columns = make([]string, 0, cols)
			}
			for ; cols > 0 && d.Err == nil; cols-- {
				in.Columns = append(in.Columns, d.Str())
			}
			in.Positional = d.Bool()
			t.inserts = append(t.inserts, in)
		}
	}
	if !d.Done() {
		return nil, false
	}
	return ix, true
}

func decodeUses(d *wire.Decoder) []use {
	var us []use
	for n := d.Count(); n > 0 && d.Err == nil; n-- {
		u := use{schema: d.Str()}
		u.CodeUse = decodeUse(d)
		us = append(us, u)
	}
	return us
}

func decodeUse(d *wire.Decoder) rules.CodeUse {
	return rules.CodeUse{Path: d.Str(), Line: d.Int(), What: d.Str(), GoType: d.Str(), SQLType: d.Str()}
}
