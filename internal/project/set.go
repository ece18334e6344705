package project

import (
	"fmt"
	"maps"
	"path"
	"strings"
	"sync"

	"github.com/migguard/migguard/internal/alembic"
	"github.com/migguard/migguard/internal/config"
	"github.com/migguard/migguard/internal/migrations"
)

// Set is one migration set of a project, before its files are read.
type Set struct {
	// Dir names the set: its directory for SQL formats; for Alembic the
	// directory configured or given for it, else the project's (that of
	// alembic.ini or pyproject.toml, else the script location).
	// Slash-separated, relative to the project root.
	Dir    string
	Format migrations.Format
	// Config is the set's entry under sets: in .migguard.yaml, nil for a
	// discovered set.
	Config *config.Set
	// Alembic is the Alembic project of an Alembic set, nil otherwise.
	Alembic *alembic.Project

	project     *Project
	dialectOnce sync.Once
	dialect     Dialect
}

// Project returns the project the set belongs to.
func (s *Set) Project() *Project { return s.project }

// StartAfter returns the set's start_after version: its own, else the
// configuration's global one, else "".
func (s *Set) StartAfter() string { return s.project.Config.StartAfterFor(s.Config) }

// Dirs returns the directories that hold the set's migration files: its
// directory, or an Alembic project's version locations.
func (s *Set) Dirs() []string {
	if s.Alembic != nil {
		return append([]string(nil), s.Alembic.VersionLocations...)
	}
	return []string{s.Dir}
}

// Recursive reports whether the set's files may sit in subdirectories of
// its directories (Flyway, Sqitch, diesel's and Prisma's migration
// directories, Alembic with recursive_version_locations).
func (s *Set) Recursive() bool {
	if s.Alembic != nil {
		return s.Alembic.Recursive
	}
	return migrations.Depth(s.Format) != 0
}

// Holds reports whether a file (a slash-separated path relative to the
// root) lies where the set's tool looks for migrations, whatever its name:
// in one of its directories, or as deep below one as the tool reads (see
// migrations.Depth).
func (s *Set) Holds(file string) bool {
	dir := path.Dir(file)
	for _, d := range s.Dirs() {
		if n, ok := levelsBelow(path.Clean(d), dir); ok && s.reaches(n) {
			return true
		}
	}
	return false
}

// reaches reports whether the set's tool reads files n directory levels
// below one of its directories.
func (s *Set) reaches(n int) bool {
	if s.Alembic != nil {
		return n == 0 || s.Alembic.Recursive
	}
	return migrations.Within(s.Format, n)
}

// levelsBelow returns how many directory levels dir lies below d (0 for d
// itself), and false when it is not below d.
func levelsBelow(d, dir string) (int, bool) {
	switch {
	case dir == d:
		return 0, true
	case d == ".":
		return strings.Count(dir, "/") + 1, true
	case strings.HasPrefix(dir, d+"/"):
		return strings.Count(dir[len(d)+1:], "/") + 1, true
	}
	return 0, false
}

// IsMigration reports whether the set's tool reads the file as one of its
// migrations (up or down), from its path alone.
func (s *Set) IsMigration(file string) bool {
	if s.Alembic != nil {
		return s.Alembic.Holds(file)
	}
	return s.Holds(file) && migrations.IsMigrationPath(s.Format, s.Dir, file)
}

// TemplateValues returns the values of the Go-template actions of the
// set's files: tern.conf's [data] for a tern set, overridden by the
// configuration's template_values, overridden by the set's own.
func (s *Set) TemplateValues() map[string]string {
	values := map[string]string{}
	if s.Format == migrations.Tern {
		maps.Copy(values, migrations.TernData(s.project.FS, s.Dir))
	}
	maps.Copy(values, s.project.Config.TemplateValues)
	if s.Config != nil {
		maps.Copy(values, s.Config.TemplateValues)
	}
	return values
}

// String names the set for messages: "db/migrations (goose)".
func (s *Set) String() string { return fmt.Sprintf("%s (%s)", s.Dir, s.Format) }

// Loaded is a set with its files read, in the order the tool applies them.
type Loaded struct {
	*Set
	// Files are the set's migrations. For Alembic they are the SQL that
	// each revision's upgrade() runs, as migguard translates it, in graph
	// order, named by the revision files.
	Files *migrations.Set
	// Alembic is the translated Alembic project, nil for SQL sets.
	Alembic *alembic.Set

	// startAfter is the start_after predicate, built when loading.
	startAfter func(*migrations.File) bool
}

// Load reads the set's files. The errors are files that cannot be read
// (the rest are still loaded) and an invalid start_after; Loaded is nil
// only when the set itself cannot be read.
func (s *Set) Load() (*Loaded, []error) { return s.load(false, nil) }

// LoadLazily is Load for a caller that reads no file's texts before
// calling LoadTexts on the files: a set taken whole from the cache comes
// without them (see migrations.LoadDirCachedLazy).
func (s *Set) LoadLazily() (*Loaded, []error) { return s.load(true, nil) }

// LoadFor is LoadLazily for a caller that reads only the migrations that
// need names (by path), their down files and the up files that run before
// them: a set taken from the cache is checked without looking at the
// others, whose fields may then be out of date (see
// migrations.LoadDirCachedFor).
func (s *Set) LoadFor(need func(path string) bool) (*Loaded, []error) { return s.load(true, need) }

func (s *Set) load(lazy bool, need func(string) bool) (*Loaded, []error) {
	l := &Loaded{Set: s}
	var errs []error
	if s.Alembic != nil {
		as, aerrs := alembic.Load(s.project.FS, s.Alembic)
		errs = aerrs
		if as == nil {
			return nil, errs
		}
		as.SQL.Dir = s.Dir
		l.Files, l.Alembic = as.SQL, as
	} else {
		var ms *migrations.Set
		var lerrs []error
		switch {
		case need != nil:
			ms, lerrs = migrations.LoadDirCachedFor(s.project.Cache, s.project.FS, s.Dir, s.Format, need)
		case lazy:
			ms, lerrs = migrations.LoadDirCachedLazy(s.project.Cache, s.project.FS, s.Dir, s.Format)
		default:
			ms, lerrs = migrations.LoadDirCached(s.project.Cache, s.project.FS, s.Dir, s.Format)
		}
		errs = lerrs
		if ms == nil {
			return nil, errs
		}
		l.Files = ms
		s.ApplyTx(ms)
		if values := s.TemplateValues(); len(values) > 0 {
			if err := ms.LoadTexts(); err != nil {
				return nil, append(errs, err)
			}
			for _, f := range ms.Files {
				f.SetTemplateValues(values)
			}
		}
	}
	if sa := s.StartAfter(); sa != "" {
		after, err := l.After(sa)
		if err != nil {
			errs = append(errs, s.startAfterError(err))
			after = nil
		}
		l.startAfter = after
	}
	return l, errs
}

// ApplyTx applies the tx: setting of the set's configuration to every file
// of ms (the set's files, however they were read) that no `-- migguard:tx`
// line overrides itself.
func (s *Set) ApplyTx(ms *migrations.Set) {
	cs := s.Config
	if cs == nil || !cs.HasTx {
		return
	}
	for _, f := range ms.Files {
		if !strings.HasPrefix(f.TxSource, "-- migguard:tx") {
			f.Tx, f.TxSource = cs.Tx, fmt.Sprintf("%s:%d sets tx: %s", config.FileName, cs.Line, cs.Tx)
		}
	}
}

// startAfterError names where the bad start_after is configured.
func (s *Set) startAfterError(err error) error {
	c := s.project.Config
	where := c.Path
	if s.Config != nil && s.Config.StartAfter != "" {
		where = fmt.Sprintf("%s:%d", c.Path, s.Config.Line)
	}
	return &config.Error{Path: where, Key: "start_after", Msg: err.Error()}
}

// After returns a predicate that says whether a file of the set comes
// after version mark in the set's order: by migrations.CompareVersions for
// the formats ordered by name (a repeatable Flyway file always comes
// after), for Alembic when the revision is neither mark nor one of its
// ancestors, and for Sqitch when sqitch.plan names its change after the
// change mark (a change name, or name@tag for the scripts of a reworked
// change). The error says that mark names no revision of an Alembic set
// or no change of a Sqitch set.
func (l *Loaded) After(mark string) (func(*migrations.File) bool, error) {
	if l.Alembic != nil {
		before, ok := l.Alembic.Graph.Ancestors(mark)
		if !ok {
			return nil, fmt.Errorf("%q names no revision of %s", mark, l.Dir)
		}
		return func(f *migrations.File) bool { return !before[f.Version] }, nil
	}
	if l.Files.Format == migrations.Sqitch {
		return l.afterChange(mark)
	}
	return After(l.Files.Format, mark), nil
}

// afterChange is After for a Sqitch set, whose order is its plan's.
func (l *Loaded) afterChange(mark string) (func(*migrations.File) bool, error) {
	at := -1
	for i, f := range l.Files.Files {
		if f.Version == mark {
			at = i
			break
		}
		if at < 0 && f.Name == mark {
			at = i
		}
	}
	if at < 0 {
		return nil, fmt.Errorf("%q names no change of %s", mark, path.Join(l.Dir, migrations.SqitchPlan))
	}
	before := map[*migrations.File]bool{}
	for _, f := range l.Files.Files[:at+1] {
		before[f] = true
	}
	return func(f *migrations.File) bool { return !before[f] }, nil
}

// After returns a predicate that says whether a file of a set of a format
// ordered by name comes after version mark: by migrations.CompareVersions,
// with Flyway's repeatable files always after.
func After(format migrations.Format, mark string) func(*migrations.File) bool {
	return func(f *migrations.File) bool {
		return f.Repeatable || migrations.CompareVersions(format, f.Version, mark) > 0
	}
}

// Reported reports whether lint reports on a file of the set: its path is
// not ignored by the configuration, and it comes after start_after (which
// does not apply to the set's Others, the paths that are no migrations).
func (l *Loaded) Reported(f *migrations.File) bool {
	if l.project.Config.Ignored(f.Path) {
		return false
	}
	return f.Kind != migrations.Migration || l.startAfter == nil || l.startAfter(f)
}

// File returns the set's migration at a path, or nil.
func (l *Loaded) File(p string) *migrations.File {
	for _, f := range l.Files.Files {
		if f.Path == p {
			return f
		}
	}
	return nil
}

// Other returns the entry of the set's Others at a path (a file its tool
// never runs, sqitch.plan), or nil.
func (l *Loaded) Other(p string) *migrations.File {
	for _, f := range l.Files.Others {
		if f.Path == p {
			return f
		}
	}
	return nil
}

// LiveFirst returns the sets in the order in which a model's table is
// looked up in the schemas they build, the first that has it deciding:
// the sets that Go code embeds, then the others, each group in the order
// given. A project may keep a stale copy of old migrations beside the
// live ones (ory/kratos keeps its legacy pop set); the live set is the
// one the application ships.
func LiveFirst(sets []*Set) []*Set {
	out := make([]*Set, 0, len(sets))
	var rest []*Set
	for _, s := range sets {
		if s.Embedded() {
			out = append(out, s)
		} else {
			rest = append(rest, s)
		}
	}
	return append(out, rest...)
}
