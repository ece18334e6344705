// Package lint lints migration sets: it turns what the command line names
// (nothing, directories, files, stdin) into jobs over the sets of
// internal/project, runs the SQL rules of internal/rules over each (the
// translated SQL of Alembic revisions included), and returns the findings
// with the sources the text report shows. The CLI's lint command and the
// git-side lint (hooks/lintchanges) both run here.
package lint

import (
	"github.com/migguard/migguard/internal/cache"
	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/project"
	"github.com/migguard/migguard/internal/rules"
	"github.com/migguard/migguard/internal/stats"
	"github.com/migguard/migguard/internal/usage"
)

// Job is one set of migration files to lint.
type Job struct {
	// Project is the project the files belong to: its configuration gives
	// the rule severities and the PostgreSQL version.
	Project *project.Project
	// Set is the loaded set, nil for a file linted on its own (stdin, or a
	// file that no set's tool reads).
	Set *project.Loaded
	// Files are the files to replay and lint, in order.
	Files *migrations.Set
	// Report says which files to report on; nil reports on all of them.
	// The others are replayed into the schema only.
	Report func(*migrations.File) bool
	// Prefix is put before the paths of the job's findings: the way from
	// the current directory to the root of a project other than its own.
	Prefix string
}

// Alembic reports whether the job lints an Alembic project.
func (j Job) Alembic() bool { return j.Set != nil && j.Set.Alembic != nil }

// Reports reports whether the job reports on the file at path p: one of
// its migrations, or one of its set's Others (a file its tool never runs).
func (j Job) Reports(p string) bool {
	for _, f := range j.Files.Files {
		if f.Path == p || f.DownFile != nil && f.DownFile.Path == p {
			return j.Report == nil || j.Report(f)
		}
	}
	for _, f := range j.Files.Others {
		if f.Path == p {
			return j.Report == nil || j.Report(f)
		}
	}
	return false
}

// Options configure Run.
type Options struct {
	// PG, when not zero, is the PostgreSQL version for every job instead
	// of each project's pg_version.
	PG rules.Version
	// Excerpts keeps the text of every file for the report's excerpts;
	// without it the rules engine drops each file's text once linted.
	Excerpts bool
	// Cache, when set, keeps and reuses what runs learn (see
	// rules.Options.Cache).
	Cache *cache.Cache
	// AssumeRows: see rules.Options.AssumeRows.
	AssumeRows bool
	// Stats, when set, is the snapshot of table sizes that every job's
	// findings are judged by (stats.Adjust, with the thresholds and the
	// fixed severities of the job's configuration); when nil, the stats:
	// file of each job's configuration, if it names one and it can be
	// read (check with Config.Stats.Snapshot).
	Stats *stats.Snapshot
	// Code compares what the migrations drop, rename or make required
	// with the application code of each job's project, read from the same
	// files (the working tree or the tree git holds) when a file reported
	// on first does (see internal/usage and rules.Options.Code).
	Code bool
	// Draft, Work and Locks: see rules.Options (the language server lints
	// an editor's unsaved text, and asks what each statement locks and
	// does).
	Draft bool
	Work  func(*migrations.File, *pgparse.Stmt, []rules.WorkItem)
	Locks func(*migrations.File, *pgparse.Stmt, []rules.LockItem)
	// Replayed: see rules.Options.Replayed.
	Replayed func()
}

// Result is what Run found.
type Result struct {
	Findings []rules.Finding
	// Sources holds the text of the files that findings point into, when
	// Options.Excerpts is set: SQL files (only those that findings point
	// into), and the Python of Alembic revisions.
	Sources map[string]string
	// Errors are the sets that could not be linted: a set loaded without
	// its texts (see project.Set.LoadLazily) whose texts could not be
	// read.
	Errors []error
}

// Run lints the jobs. Findings are sorted by file and position.
func Run(jobs []Job, o Options) Result {
	res := Result{Sources: map[string]string{}}
	code := map[*project.Project]*usage.Lazy{}
	for _, j := range jobs {
		opts := rules.Options{PG: j.Project.Config.PG, TimeZone: j.Project.Config.TimeZone, Severity: j.Project.Config.Severities(), Lint: j.Report, Release: !o.Excerpts,
			Cache: o.Cache, AssumeRows: o.AssumeRows}
		if o.PG.Major != 0 {
			opts.PG = o.PG
		}
		opts.Draft, opts.Work, opts.Locks, opts.Replayed = o.Draft, o.Work, o.Locks, o.Replayed
		if o.Code {
			if code[j.Project] == nil {
				code[j.Project] = usage.NewLazy(j.Project)
			}
			opts.Code = code[j.Project]
		}
		var found []rules.Finding
		if j.Alembic() {
			a := j.Set.Alembic
			for _, f := range j.Files.Files {
				if src, ok := a.Source(f.Path); ok && o.Excerpts {
					res.Sources[j.Prefix+f.Path] = src
				}
			}
			opts.Release = false
			found = j.Project.Config.Apply(a.Lint(opts))
		} else {
			opts.SkipCatalog = true
			r := rules.LintSet(j.Files, opts)
			if r.Err != nil {
				res.Errors = append(res.Errors, r.Err)
				continue
			}
			found = r.Findings
			if o.Excerpts {
				if err := addSources(res.Sources, j, found); err != nil {
					res.Errors = append(res.Errors, err)
					continue
				}
			}
		}
		sizes := o.Stats
		if sizes == nil {
			// A stats file that cannot be read is left out: the caller
			// reports it (Config.Stats.Snapshot) before linting.
			sizes, _ = j.Project.Config.Stats.Snapshot()
		}
		stats.Adjust(found, sizes, j.Project.Config.StatsOptions())
		for i := range found {
			found[i].Path = j.Prefix + found[i].Path
		}
		if res.Findings == nil {
			// The first set's findings are taken as they are: a copy of
			// tens of thousands runs without a safe point, and a collection
			// that starts meanwhile waits for it.
			res.Findings = found
		} else {
			res.Findings = append(res.Findings, found...)
		}
	}
	rules.SortFindings(res.Findings)
	return res
}

// addSources puts in sources, under their paths with the job's prefix,
// the texts of the job's files that the findings point into: a report on
// one file of a large set taken from the cache reads that file's text
// only (see migrations.Set.Sources).
func addSources(sources map[string]string, j Job, found []rules.Finding) error {
	byPath := map[string]*migrations.File{}
	for _, f := range j.Files.Files {
		byPath[f.Path] = f
		if f.DownFile != nil {
			byPath[f.DownFile.Path] = f.DownFile
		}
	}
	other := map[*migrations.File]bool{}
	for _, f := range j.Files.Others {
		byPath[f.Path] = f
		other[f] = true
	}
	var files []*migrations.File
	seen := map[*migrations.File]bool{}
	for _, fd := range found {
		if f := byPath[fd.Path]; f != nil && !seen[f] {
			seen[f] = true
			files = append(files, f)
		}
	}
	texts, err := j.Files.Sources(files)
	if err != nil {
		return err
	}
	for i, f := range files {
		// An empty migration has an excerpt (its empty first line); a
		// file that is no migration has one only when its text was kept.
		if texts[i] != "" || !other[f] {
			sources[j.Prefix+f.Path] = texts[i]
		}
	}
	return nil
}
