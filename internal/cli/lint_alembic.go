package cli

import (
	"io/fs"

	"github.com/migguard/migguard/internal/alembic"
	"github.com/migguard/migguard/internal/config"
	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/rules"
)

// alembicSets remembers which sets of a lint run are Alembic projects,
// keyed by their generated SQL set.
type alembicSets map[*migrations.Set]*alembic.Set

// loadAlembic reads dir as an Alembic project when the configuration says
// so or the directory is one (alembic.ini, pyproject.toml [tool.alembic],
// env.py beside versions/, revision files). ok is false for other
// directories; set is nil when the project cannot be read.
func (as alembicSets) loadAlembic(fsys fs.FS, dir string, cs *config.Set, errs *[]error) (set *migrations.Set, ok bool) {
	if cs != nil && cs.Format != "" && cs.Format != migrations.Alembic {
		return nil, false
	}
	if (cs == nil || cs.Format == "") && !alembic.IsProject(fsys, dir) {
		return nil, false
	}
	p, err := alembic.FindProject(fsys, dir)
	if err != nil {
		*errs = append(*errs, err)
		return nil, true
	}
	return as.load(fsys, p, errs), true
}

func (as alembicSets) load(fsys fs.FS, p *alembic.Project, errs *[]error) *migrations.Set {
	s, loadErrs := alembic.Load(fsys, p)
	*errs = append(*errs, loadErrs...)
	if s == nil {
		return nil
	}
	as[s.SQL] = s
	return s.SQL
}

// discoverAlembic adds a job for every Alembic project of the repository
// that the source asks to read.
func (as alembicSets) discoverAlembic(src lintSource, cfg *config.Config, jobs *[]lintJob, errs *[]error, filter func(*migrations.File) bool) {
	projects, derrs := alembic.Discover(src.fsys, cfg.Ignored)
	*errs = append(*errs, derrs...)
	for _, p := range projects {
		if src.loadProject != nil && !src.loadProject(p) {
			continue
		}
		if set := as.load(src.fsys, p, errs); set != nil {
			*jobs = append(*jobs, lintJob{set: set, lint: filter})
		}
	}
}

// attach marks the jobs whose sets are Alembic projects.
func (as alembicSets) attach(jobs []lintJob) {
	for i := range jobs {
		jobs[i].alembic = as[jobs[i].set]
	}
}

// lint lints an Alembic job: findings sit on the Python files, whose
// sources the report shows.
func (j lintJob) lintAlembic(opts rules.Options, sources map[string]string) []rules.Finding {
	for _, f := range j.set.Files {
		if src, ok := j.alembic.Source(f.Path); ok {
			sources[f.Path] = src
		}
	}
	return j.alembic.Lint(opts)
}

// lookupRule finds the documentation of any rule id: SQL rules, the
// git-side checks, and the Alembic reader's.
func lookupRule(id string) *rules.Rule {
	if r := lookupAnyRule(id); r != nil {
		return r
	}
	return alembic.Lookup(id)
}
