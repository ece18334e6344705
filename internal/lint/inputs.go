package lint

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/migguard/migguard/internal/cache"
	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/project"
)

// SetJobs loads sets of a project into jobs that report on the files the
// configuration does not exclude (ignore, start_after; with all, only
// ignore). A set may come from the cache without its migrations' texts,
// which Run reads when it needs them (see project.Set.LoadLazily). Files
// that cannot be read come back as errors; the rest of each set is still
// linted.
func SetJobs(sets []*project.Set, all bool) ([]Job, []error) {
	var jobs []Job
	var errs []error
	for _, s := range sets {
		l, lerrs := s.LoadLazily()
		errs = append(errs, lerrs...)
		if l == nil {
			continue
		}
		jobs = append(jobs, Job{Project: s.Project(), Set: l, Files: l.Files, Report: reported(l, all)})
	}
	return jobs, errs
}

// reported is the report filter of a set: the configuration's ignores and
// start_after, or only the ignores with all.
func reported(l *project.Loaded, all bool) func(*migrations.File) bool {
	if all {
		ignored := l.Project().Config.Ignored
		return func(f *migrations.File) bool { return !ignored(f.Path) }
	}
	return l.Reported
}

// Paths names what the command line asks to lint.
type Paths struct {
	// Dir is the current directory, which relative paths start from.
	Dir string
	// ConfigFile is the configuration given with -config, "" to find each
	// project's own.
	ConfigFile string
	// Paths are the directories and files named; "-" reads stdin.
	Paths     []string
	Stdin     io.Reader
	StdinName string
	// All reports on files before start_after too.
	All bool
	// Cache, when set, is given to the projects opened (see
	// project.Project.Cache).
	Cache *cache.Cache
	// Skipped, when set, is told of each named path that is not linted
	// because it is written for another database than PostgreSQL (a set
	// skipped as another engine's, pop's file for another database), and
	// why; such a path is never linted as PostgreSQL.
	Skipped func(path, why string)
}

// PathJobs turns the paths into jobs. A directory is linted as a set
// (project.SetAt); a file is judged against the files before it in its set
// and only it is reported on, or linted on its own when no set's tool reads
// it (a README.sql beside goose files); "-" lints stdin as one file. Each
// path belongs to the project around it, found from the path itself, so a
// path into another repository is linted with that repository's
// configuration. Files named in one set are grouped, so the set is read and
// replayed once.
func PathJobs(in Paths) ([]Job, []error) {
	r := &pathResolver{in: in, projects: map[string]*project.Project{}, groups: map[string]*group{}}
	for _, p := range in.Paths {
		if p == "-" {
			r.stdin()
			continue
		}
		r.add(p)
	}
	jobs, errs := r.finish()
	return jobs, distinct(errs)
}

// distinct drops the errors that repeat an earlier one word for word: a
// named file that its set could not load is read again to be linted on its
// own, and fails the same way.
func distinct(errs []error) []error {
	seen := map[string]bool{}
	out := errs[:0]
	for _, err := range errs {
		if msg := err.Error(); !seen[msg] {
			seen[msg] = true
			out = append(out, err)
		}
	}
	return out
}

// pathResolver collects the jobs of PathJobs.
type pathResolver struct {
	in       Paths
	projects map[string]*project.Project // by root
	groups   map[string]*group           // by project root and set directory
	order    []string
	jobs     []Job
	errs     []error
}

// group is one set and the files named in it (nil: the whole set), or
// the directories below the set's directory that were named (a diesel
// migration directory, Sqitch's deploy/), whose files stand for
// themselves.
type group struct {
	set   *project.Set
	files map[string]bool
	dirs  []string
}

func (r *pathResolver) stdin() {
	data, err := io.ReadAll(io.LimitReader(r.in.Stdin, migrations.MaxFileSize+1)) // ParseFile refuses more
	if err != nil {
		r.errs = append(r.errs, fmt.Errorf("reading stdin: %w", err))
		return
	}
	f, err := migrations.ParseFile(migrations.Single, r.in.StdinName, data)
	if err != nil {
		r.errs = append(r.errs, err)
		return
	}
	p, err := r.project(r.in.Dir)
	if err != nil {
		r.errs = append(r.errs, err)
		return
	}
	r.jobs = append(r.jobs, Job{Project: p, Files: &migrations.Set{Dir: ".", Format: migrations.Single, Files: []*migrations.File{f}}})
}

// project returns the project that directory dir belongs to, opening each
// once.
func (r *pathResolver) project(dir string) (*project.Project, error) {
	p, err := project.Open(dir, r.in.ConfigFile, "")
	if err != nil {
		return nil, err
	}
	if q, ok := r.projects[p.Root]; ok {
		return q, nil
	}
	p.UseCache(r.in.Cache)
	r.projects[p.Root] = p
	return p, nil
}

// prefix returns what findings in p's files are prefixed with: "" for the
// project of the current directory, whose paths are printed relative to its
// root as everywhere else, and the way from the current directory to the
// root of another project.
func (r *pathResolver) prefix(p *project.Project) string {
	if p.Contains(r.in.Dir) {
		return ""
	}
	rel, err := filepath.Rel(r.in.Dir, p.Root)
	if err != nil {
		return filepath.ToSlash(p.Root) + "/"
	}
	return filepath.ToSlash(rel) + "/"
}

func (r *pathResolver) add(name string) {
	full := name
	if !filepath.IsAbs(full) {
		full = filepath.Join(r.in.Dir, name)
	}
	st, err := os.Stat(full)
	if err != nil {
		r.errs = append(r.errs, fmt.Errorf("%s: %w", name, migrations.UnwrapPathError(err)))
		return
	}
	dir := full
	if !st.IsDir() {
		dir = filepath.Dir(full)
	}
	p, err := r.project(dir)
	if err != nil {
		r.errs = append(r.errs, err)
		return
	}
	rel, err := p.Rel(full)
	if err != nil {
		r.errs = append(r.errs, err)
		return
	}
	var s *project.Set
	if st.IsDir() {
		s, err = p.SetAt(rel)
	} else {
		s, err = p.SetOf(rel)
	}
	if err != nil {
		r.errs = append(r.errs, err)
		return
	}
	if st.IsDir() && s.Format == migrations.Plain && s.Config == nil && r.addSetsBelow(p, rel) {
		return
	}
	if d := s.Dialect(); !d.IsPostgreSQL() {
		r.skip(r.prefix(p)+rel, d.Skipped())
		return
	}
	r.addSet(p, s, rel, st.IsDir())
}

// skip tells Paths.Skipped that a named path is not linted.
func (r *pathResolver) skip(path, why string) {
	if r.in.Skipped != nil {
		r.in.Skipped(path, why)
	}
}

// addSetsBelow adds, for a directory that is no migration set itself, the
// sets below it (`migguard lint .` at the top of a repository lints every
// set, as `migguard lint` does). It reports whether there were any.
func (r *pathResolver) addSetsBelow(p *project.Project, rel string) bool {
	below, skipped, errs := p.SetsAndSkippedBelow(rel)
	if len(below)+len(skipped) == 0 {
		return false
	}
	r.errs = append(r.errs, errs...)
	for _, s := range skipped {
		r.skip(r.prefix(p)+s.Dir, s.Dialect().Skipped())
	}
	for _, s := range below {
		r.addSet(p, s, s.Dir, true)
	}
	return true
}

// addSet adds a named directory or file of set s to its group.
func (r *pathResolver) addSet(p *project.Project, s *project.Set, rel string, isDir bool) {
	key := p.Root + "\x00" + s.Dir
	g := r.groups[key]
	if g == nil {
		g = &group{set: s, files: map[string]bool{}}
		r.groups[key] = g
		r.order = append(r.order, key)
	}
	switch {
	case isDir && s.Alembic == nil && s.Dir != path.Clean(rel):
		// A directory that the set reads as part of it.
		g.dirs = append(g.dirs, path.Clean(rel))
	case isDir:
		g.files = nil
	case g.files != nil:
		g.files[rel] = true
	}
}

// finish loads each group's set once. A named file that the set's tool
// does not read is linted on its own (and, when the tool never runs it
// although it sits among its migrations, reported as such).
func (r *pathResolver) finish() ([]Job, []error) {
	for _, key := range r.order {
		g := r.groups[key]
		var l *project.Loaded
		var errs []error
		if g.files != nil && len(g.dirs) == 0 {
			// Only the named files are reported on: the migrations that
			// run after all of them, and the down files of the earlier
			// ones, are neither read nor looked at.
			l, errs = g.set.LoadFor(func(p string) bool { return g.files[p] })
		} else {
			l, errs = g.set.LoadLazily()
		}
		if l == nil {
			r.errs = append(r.errs, errs...)
			continue
		}
		p := g.set.Project()
		job := Job{Project: p, Set: l, Files: l.Files, Report: reported(l, r.in.All), Prefix: r.prefix(p)}
		if g.files == nil {
			r.errs = append(r.errs, errs...)
			r.jobs = append(r.jobs, job)
			continue
		}
		only := r.named(p, l, g)
		r.errs = append(r.errs, neededErrors(l, only, errs)...)
		if len(only) == 0 {
			continue
		}
		job.Report = func(f *migrations.File) bool { return only[f.Path] }
		r.jobs = append(r.jobs, job)
	}
	return r.jobs, r.errs
}

// named returns the paths of a group's set that the command line names:
// the named files, and the files below its named directories. A named
// file that the set's tool does not read is linted on its own.
func (r *pathResolver) named(p *project.Project, l *project.Loaded, g *group) map[string]bool {
	only := map[string]bool{}
	for f := range g.files {
		switch o := l.Other(f); {
		case l.File(f) != nil:
			only[f] = true
		case o != nil:
			only[f] = true
			if o.Kind == migrations.NotRun {
				r.alone(p, f)
			}
		case l.Alembic != nil:
			// A revision file the reader could not place in the graph: the
			// set reports why (alembic-revision-graph), on this file.
			only[f] = true
		case migrations.ForOtherDatabase(l.Files.Format, path.Base(f)):
			r.skip(r.prefix(p)+f, fmt.Sprintf("%s runs it on another database than PostgreSQL", l.Files.Format))
		default:
			r.alone(p, f)
		}
	}
	for _, d := range g.dirs {
		for _, f := range append(append([]*migrations.File(nil), l.Files.Files...), l.Files.Others...) {
			if strings.HasPrefix(f.Path, d+"/") {
				only[f.Path] = true
			}
		}
	}
	return only
}

// neededErrors keeps the errors of loading a set that concern the files
// named in it: all but the input errors of migrations that the set's tool
// runs after every named one, which linting the named files never reads.
// A broken file later in the directory does not fail the lint of an
// earlier one.
func neededErrors(l *project.Loaded, only map[string]bool, errs []error) []error {
	if l.Alembic != nil || l.Files.Format == migrations.Sqitch {
		return errs
	}
	var last *migrations.File
	for _, f := range l.Files.Files {
		if only[f.Path] || f.DownFile != nil && only[f.DownFile.Path] {
			last = f
		}
	}
	var out []error
	for _, err := range errs {
		var ie *migrations.InputError
		if errors.As(err, &ie) && !only[ie.Path] && runsAfter(l.Files, last, ie.Path) {
			continue
		}
		out = append(out, err)
	}
	return out
}

// runsAfter reports whether the tool runs the file at p (a migration that
// could not be read) after last, or is not a migration of the set; with
// no last, nothing is replayed, and every file is after.
func runsAfter(set *migrations.Set, last *migrations.File, p string) bool {
	if last == nil {
		return true
	}
	ups, downs := migrations.OrderNames(set.Format, set.Dir, []string{last.Path, p})
	for i, f := range ups {
		if f.Path == p {
			return i > 0
		}
	}
	for _, f := range downs {
		if f.Path == p {
			return !f.Repeatable && migrations.CompareVersions(set.Format, f.Version, last.Version) > 0
		}
	}
	return true
}

// alone adds a job that lints one file outside any set.
func (r *pathResolver) alone(p *project.Project, rel string) {
	data, err := migrations.ReadFile(p.FS, rel)
	if err != nil {
		r.errs = append(r.errs, fmt.Errorf("%s: %w", rel, migrations.UnwrapPathError(err)))
		return
	}
	f, err := migrations.ParseFile(migrations.Single, rel, data)
	if err != nil {
		r.errs = append(r.errs, err)
		return
	}
	f.SetTemplateValues(p.Config.TemplateValues)
	r.jobs = append(r.jobs, Job{Project: p, Files: &migrations.Set{Dir: path.Dir(rel), Format: migrations.Single, Files: []*migrations.File{f}}, Prefix: r.prefix(p)})
}
