package project

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/migguard/migguard/internal/alembic"
	"github.com/migguard/migguard/internal/config"
	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/wire"
)

// Sets returns the project's migration sets: those named under sets: in
// the configuration when there are any, else every PostgreSQL set found by
// walking the repository (see the package documentation and Set.Dialect).
// They are sorted by Dir. The errors are configured sets that cannot be
// read and directories or Alembic configurations that cannot be; the other
// sets are still returned.
func (p *Project) Sets() ([]*Set, []error) {
	sets, _, errs := p.SetsAndSkipped()
	return sets, errs
}

// SetsAndSkipped returns the sets of Sets and, apart, the discovered sets
// written for another engine than PostgreSQL, which no command lints or
// replays; their Dialect says which engine and why.
func (p *Project) SetsAndSkipped() (sets, skipped []*Set, errs []error) {
	all, errs := p.configuredOrDiscovered()
	if len(p.Config.Sets) > 0 {
		return all, nil, errs
	}
	sets, skipped = splitByDialect(all)
	return sets, skipped, errs
}

// SetDirs returns the directories of every set of SetsAndSkipped, those
// written for another engine included, without judging any set's engine:
// what the application code read beside the migrations leaves out.
func (p *Project) SetDirs() ([]string, []error) {
	sets, errs := p.configuredOrDiscovered()
	var dirs []string
	for _, s := range sets {
		dirs = append(dirs, s.Dirs()...)
	}
	return dirs, errs
}

// configuredOrDiscovered returns the sets the configuration names, else
// every set the walk of the repository finds, of any engine.
func (p *Project) configuredOrDiscovered() ([]*Set, []error) {
	if len(p.Config.Sets) > 0 {
		return p.configured()
	}
	return p.discover()
}

// splitByDialect separates the PostgreSQL sets from the others.
func splitByDialect(all []*Set) (pg, other []*Set) {
	for _, s := range all {
		if s.Dialect().IsPostgreSQL() {
			pg = append(pg, s)
		} else {
			other = append(other, s)
		}
	}
	return pg, other
}

// configured resolves the sets of the configuration.
func (p *Project) configured() ([]*Set, []error) {
	var sets []*Set
	var errs []error
	for i := range p.Config.Sets {
		cs := &p.Config.Sets[i]
		if !isDir(p.FS, cs.Path) {
			errs = append(errs, &config.Error{Path: p.Config.Path, Line: cs.Line, Key: fmt.Sprintf("sets[%d].path", i),
				Msg: fmt.Sprintf("migration set %s: no such directory", cs.Path)})
			continue
		}
		s, err := p.setAt(cs.Path, cs)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		sets = append(sets, s)
	}
	return sets, errs
}

// SetAt returns the set at directory dir (slash-separated, relative to the
// root), as a directory given on the command line is read: the configured
// set of that path when there is one; else an Alembic project when dir is
// one (it holds alembic.ini, a pyproject.toml with [tool.alembic], env.py
// beside versions/, or revision files); else a set of SQL files in the
// format its layout shows; else the set that reads dir as part of it (a
// diesel migration directory is part of its parent's set, whose Dir is
// then not dir); else plain SQL.
func (p *Project) SetAt(dir string) (*Set, error) {
	dir = path.Clean(dir)
	for i := range p.Config.Sets {
		if p.Config.Sets[i].Path == dir {
			return p.setAt(dir, &p.Config.Sets[i])
		}
	}
	return p.setAt(dir, nil)
}

func (p *Project) setAt(dir string, cs *config.Set) (*Set, error) {
	s := &Set{Dir: dir, Config: cs, project: p}
	if cs != nil {
		s.Format = cs.Format
	}
	if s.Format == migrations.Alembic || s.Format == "" && alembic.IsProject(p.FS, dir) {
		ap, err := alembic.FindProject(p.FS, dir)
		if err != nil {
			return nil, err
		}
		s.Format, s.Alembic = migrations.Alembic, ap
		return s, nil
	}
	if s.Format == "" {
		f, err := migrations.Detect(p.FS, dir)
		if err != nil {
			return nil, &migrations.InputError{Path: dir, Err: migrations.UnwrapPathError(err).Error()}
		}
		if f == migrations.Plain && cs == nil {
			if e := p.enclosing(dir); e != nil {
				return e, nil
			}
		}
		s.Format = f
	}
	return s, nil
}

// enclosing returns the set whose tool reads directory dir as part of it
// (a diesel or Prisma migration directory, Sqitch's deploy/, a Flyway
// subdirectory): the configured set that holds its files when sets are
// configured, else the one discovery finds above it; nil when there is
// none.
func (p *Project) enclosing(dir string) *Set {
	probe := path.Join(dir, "x.sql")
	if len(p.Config.Sets) > 0 {
		sets, _ := p.configured()
		for _, s := range sets {
			if s.Dir != dir && s.Alembic == nil && s.Holds(probe) {
				return s
			}
		}
		return nil
	}
	found, _ := p.discoverFor([]string{probe})
	for _, s := range found {
		if s.Dir != dir && s.Alembic == nil {
			return s
		}
	}
	return nil
}

// SetsBelow returns the sets of the project (configured, else discovered)
// whose directory is dir or lies below it: what a directory that is no set
// itself, such as the repository's top, stands for.
func (p *Project) SetsBelow(dir string) ([]*Set, []error) {
	sets, _, errs := p.SetsAndSkippedBelow(dir)
	return sets, errs
}

// SetsAndSkippedBelow is SetsBelow with the sets below dir that are
// skipped as written for another engine (see SetsAndSkipped).
func (p *Project) SetsAndSkippedBelow(dir string) (sets, skipped []*Set, errs []error) {
	dir = path.Clean(dir)
	below := func(s *Set) bool { return dir == "." || s.Dir == dir || strings.HasPrefix(s.Dir, dir+"/") }
	all, other, errs := p.SetsAndSkipped()
	for _, s := range all {
		if below(s) {
			sets = append(sets, s)
		}
	}
	for _, s := range other {
		if below(s) {
			skipped = append(skipped, s)
		}
	}
	return sets, skipped, errs
}

// SetOf returns the set that a migration file (slash-separated, relative
// to the root) belongs to: the configured set that holds it, else the set
// of its directory as SetAt reads it, else, for a file below a Flyway
// directory, that Flyway set.
func (p *Project) SetOf(file string) (*Set, error) {
	if len(p.Config.Sets) > 0 {
		sets, _ := p.configured()
		for _, s := range sets {
			if s.Holds(file) {
				return s, nil
			}
		}
	}
	if found, _ := p.discoverFor([]string{file}); len(found) > 0 {
		return found[0], nil
	}
	return p.SetAt(path.Dir(file))
}

// discover walks the repository once and returns every set it finds;
// later calls return the same sets until Forget.
func (p *Project) discover() ([]*Set, []error) {
	found := p.walked(true)
	return slices.Clone(found.sets), slices.Clone(found.errs)
}

// Files returns the regular files of the directories that a walk of the
// repository visits (all but those skipDir leaves alone), in the order of
// fs.WalkDir, as the walk that discovers the sets lists them: a command
// that also reads the application's code walks the repository once.
func (p *Project) Files() []string { return slices.Clone(p.walked(false).files) }

// walked returns what the walk of the repository found, walking it when
// it has not been walked, or when detect asks for the sets and the walk
// only listed the files.
func (p *Project) walked(detect bool) *discovered {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.found == nil || detect && !p.found.detected {
		w := p.walkCached(detect)
		found := &discovered{files: w.files, detected: detect}
		if detect {
			found.sets, found.errs = w.finish()
		}
		p.found = found
	}
	return p.found
}

// walker collects the sets of one walk of the repository.
type walker struct {
	p *Project
	// detect looks for sets; without it the walk lists the files only.
	detect bool
	sets   []*Set
	errs   []error
	// files are the regular files visited, in the order of fs.WalkDir.
	files []string
	// alembic are the Alembic projects of configuration files, and
	// candidates the versions directories of revision files found.
	alembic    []*alembic.Project
	candidates []string
	// log, when set, records what the walk found besides the files, in
	// the order found, for walkCached.
	log *wire.Encoder
	// lister lists the directories ahead of the walk.
	lister *lister
}

// run walks the repository from its top, the listings read ahead.
func (w *walker) run() {
	w.lister = newLister(w.p.FS, w.p.skipByName)
	defer w.lister.close()
	w.walk(".", 0)
}

// walk visits directory rel. reach is how many more levels below rel a
// set above it covers (-1: all): its tool reads them as part of it
// (Flyway, Sqitch, the migration directories of diesel and Prisma; see
// migrations.Depth), so no set is looked for there.
func (w *walker) walk(rel string, reach int) {
	entries, err := w.lister.list(rel)
	if err != nil {
		w.unreadable(rel, migrations.UnwrapPathError(err).Error())
		return
	}
	// skipDir's look for pyvenv.cfg, from the listing at hand: a Stat
	// of it in every directory was most of a walk.
	if rel != "." && isVenv(entries) {
		return
	}
	if !w.detect {
		w.list(rel, entries)
		return
	}
	if reach == 0 {
		if f := migrations.DetectEntries(w.p.FS, rel, entries); f != "" {
			w.found(rel, f)
			reach = migrations.Depth(f) + 1
			if migrations.Depth(f) < 0 {
				reach = -1
			}
		}
	}
	if reach > 0 {
		reach--
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		switch e.Name() {
		case "alembic.ini", "pyproject.toml":
			w.logged(walkAlembicConfig, path.Join(rel, e.Name()))
			w.alembicConfig(path.Join(rel, e.Name()))
		}
	}
	if path.Base(rel) == "versions" && alembic.HasRevisionFile(w.p.FS, rel) {
		w.logged(walkCandidate, rel)
		w.candidates = append(w.candidates, rel)
	}
	w.descend(rel, entries, reach)
}

// list visits a directory without looking for sets.
func (w *walker) list(rel string, entries []fs.DirEntry) { w.descend(rel, entries, 0) }

// descend records the regular files of a directory and walks its
// subdirectories that skipDir does not leave alone, in the order of the
// entries.
func (w *walker) descend(rel string, entries []fs.DirEntry, reach int) {
	for _, e := range entries {
		sub := path.Join(rel, e.Name())
		switch {
		case e.IsDir():
			if !w.p.skipByName(sub) {
				w.walk(sub, reach)
			}
		case e.Type().IsRegular():
			w.files = append(w.files, sub)
		}
	}
}

// alembicConfig reads an alembic.ini or pyproject.toml found by the walk.
func (w *walker) alembicConfig(file string) {
	aps, err := alembic.ReadConfigs(w.p.FS, file)
	switch {
	case errors.Is(err, alembic.ErrNoToolAlembic):
	case err != nil:
		w.errs = append(w.errs, err)
	default:
		w.alembic = append(w.alembic, aps...)
	}
}

// finish adds the Alembic projects: those of configuration files, then a
// project for each versions directory that none of them covers.
func (w *walker) finish() ([]*Set, []error) {
	covered := map[string]bool{}
	for _, ap := range w.alembic {
		for _, l := range ap.VersionLocations {
			covered[l] = true
		}
	}
	for _, c := range w.candidates {
		if covered[c] {
			continue
		}
		ap, err := alembic.FindProject(w.p.FS, c)
		if err != nil {
			w.errs = append(w.errs, err)
			continue
		}
		w.alembic = append(w.alembic, ap)
	}
	for _, ap := range w.alembic {
		w.sets = append(w.sets, &Set{Dir: ap.Dir(), Format: migrations.Alembic, Alembic: ap, project: w.p})
	}
	sort.SliceStable(w.sets, func(i, j int) bool { return w.sets[i].Dir < w.sets[j].Dir })
	return w.sets, w.errs
}
