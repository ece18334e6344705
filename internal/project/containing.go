package project

import (
	"errors"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/migguard/migguard/internal/alembic"
	"github.com/migguard/migguard/internal/migrations"
)

// SetsContaining returns the sets that hold at least one of the files
// (slash-separated paths relative to the root; they need not exist): the
// configured sets that hold one, or, without configured sets, the
// PostgreSQL sets that Sets would discover and that hold one. It reads only the directories on
// the way to the files, so the git checks stay fast in large
// repositories. An Alembic project is found through an alembic.ini or
// pyproject.toml in a directory above a file, or a versions directory
// holding it; a configuration elsewhere that points at the file's
// directory is found by Sets, not here (name such a project under sets:).
func (p *Project) SetsContaining(files []string) ([]*Set, []error) {
	if len(p.Config.Sets) > 0 {
		sets, errs := p.configured()
		var out []*Set
		for _, s := range sets {
			for _, f := range files {
				if s.Holds(f) {
					out = append(out, s)
					break
				}
			}
		}
		return out, errs
	}
	found, errs := p.discoverFor(files)
	pg, _ := splitByDialect(found)
	return pg, errs
}

// discoverFor is discovery limited to the directories above files.
func (p *Project) discoverFor(files []string) ([]*Set, []error) {
	d := &scoped{p: p, formats: map[string]migrations.Format{}, configs: map[string][]*alembic.Project{}, sets: map[string]*Set{}}
	for _, f := range files {
		d.sqlSet(f)
		d.alembicSet(f)
	}
	out := make([]*Set, 0, len(d.sets))
	for _, s := range d.sets {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Dir < out[j].Dir })
	return out, d.errs
}

// scoped caches what one discoverFor has read of each directory.
type scoped struct {
	p       *Project
	formats map[string]migrations.Format  // directory → detected format, "" for none
	configs map[string][]*alembic.Project // config file → its projects
	sets    map[string]*Set               // Dir + format → set
	errs    []error
}

// ancestors returns the directories from the root down to file's directory,
// or nil when one of them is one discovery does not enter.
func (d *scoped) ancestors(file string) []string {
	dirs := []string{"."}
	dir := path.Dir(path.Clean(file))
	if dir != "." {
		parts := strings.Split(dir, "/")
		for i := range parts {
			dirs = append(dirs, strings.Join(parts[:i+1], "/"))
		}
	}
	for _, a := range dirs {
		if d.p.skipDir(a) {
			return nil
		}
	}
	return dirs
}

// sqlSet adds the SQL set holding file, as the walk of discovery finds
// it: the highest set above it whose tool reads files as deep below it as
// file lies (migrations.Within: a Flyway or Sqitch set anywhere above, a
// diesel or Prisma set one level up), else the set of its own directory;
// a directory that a set above covers is no set of its own.
func (d *scoped) sqlSet(file string) {
	dirs := d.ancestors(file)
	reach := 0 // as in walker.walk
	for i, a := range dirs {
		if reach == 0 {
			if f := d.format(a); f != "" {
				if migrations.Within(f, len(dirs)-1-i) {
					d.add(&Set{Dir: a, Format: f, project: d.p})
					return
				}
				reach = migrations.Depth(f) + 1
			}
		}
		if reach > 0 {
			reach--
		}
	}
}

// format returns the format that directory dir's names show, "" for none
// or a directory that does not exist.
func (d *scoped) format(dir string) migrations.Format {
	if f, ok := d.formats[dir]; ok {
		return f
	}
	f := d.p.detectFormat(dir)
	d.formats[dir] = f
	return f
}

// detectFormat returns the format that directory dir's names show, "" for
// none or a directory that does not exist. With a cache it is kept under
// what it read (see migrations.Memoized): a lint of one file of a
// directory of thousands looks at the directory, by its id, and at the
// few files whose heads told the format, instead of listing it.
func (p *Project) detectFormat(dir string) migrations.Format {
	detect := func(fsys fs.FS) migrations.Format {
		entries, err := fs.ReadDir(fsys, dir)
		if err != nil {
			return ""
		}
		return migrations.DetectEntries(fsys, dir, entries)
	}
	if p.Cache == nil {
		return detect(p.FS)
	}
	out := migrations.Memoized(p.Cache, p.FS, "directory format v1\x00"+dir, func(fsys fs.FS) []byte {
		return []byte("format " + detect(fsys))
	})
	f, ok := strings.CutPrefix(string(out), "format ")
	if !ok {
		return detect(p.FS)
	}
	return migrations.Format(f)
}

// alembicSet adds the Alembic project holding file, if any.
func (d *scoped) alembicSet(file string) {
	if !alembic.IsRevisionName(path.Base(file)) {
		return
	}
	dirs := d.ancestors(file)
	if dirs == nil {
		return
	}
	for i := len(dirs) - 1; i >= 0; i-- {
		for _, name := range []string{"alembic.ini", "pyproject.toml"} {
			for _, ap := range d.config(path.Join(dirs[i], name)) {
				if ap.Holds(file) {
					d.add(&Set{Dir: ap.Dir(), Format: migrations.Alembic, Alembic: ap, project: d.p})
					return
				}
			}
		}
	}
	dir := path.Dir(file)
	if path.Base(dir) == "versions" && alembic.HasRevisionFile(d.p.FS, dir) {
		ap, err := alembic.FindProject(d.p.FS, dir)
		if err != nil {
			d.errs = append(d.errs, err)
			return
		}
		d.add(&Set{Dir: ap.Dir(), Format: migrations.Alembic, Alembic: ap, project: d.p})
	}
}

// config reads an Alembic configuration file once and returns the
// projects it configures; none when there is no such file or it
// configures no Alembic project.
func (d *scoped) config(file string) []*alembic.Project {
	if aps, ok := d.configs[file]; ok {
		return aps
	}
	var aps []*alembic.Project
	if isFile(d.p.FS, file) {
		var err error
		aps, err = alembic.ReadConfigs(d.p.FS, file)
		if err != nil && !errors.Is(err, alembic.ErrNoToolAlembic) {
			d.errs = append(d.errs, err)
		}
	}
	d.configs[file] = aps
	return aps
}

func (d *scoped) add(s *Set) {
	key := s.Dir + "\x00" + string(s.Format)
	if _, ok := d.sets[key]; !ok {
		d.sets[key] = s
	}
}
