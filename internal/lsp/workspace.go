package lsp

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/migguard/migguard/internal/cache"
	"github.com/migguard/migguard/internal/config"
	"github.com/migguard/migguard/internal/fix"
	"github.com/migguard/migguard/internal/lint"
	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/project"
	"github.com/migguard/migguard/internal/rules"
)

// workspace lints documents: one at a time, since runs share the cache
// and the projects.
type workspace struct {
	cache *cache.Cache
	mu    sync.Mutex
	// projects are the projects opened, by root: each is opened again when
	// its configuration file changes.
	projects map[string]*projectEntry
}

// projectEntry is an open project and what was found in it.
type projectEntry struct {
	p     *project.Project // nil when the configuration is invalid
	err   error
	cfg   string // its configuration file, "" when it has none
	stamp string // size and time of the configuration file
	// stats is the stats file the configuration names ("" for none), and
	// statsStamp its size and time: the project is opened again when it
	// changes, as its findings' severities do.
	stats, statsStamp string
	// sets holds the set of each document asked about (nil: none), until
	// files change (forget).
	sets map[string]*project.Set
}

func newWorkspace(c *cache.Cache) *workspace {
	return &workspace{cache: c, projects: map[string]*projectEntry{}}
}

// project returns the project of a directory, opened again when its
// configuration file is not the one it was opened with.
func (w *workspace) project(dir string) *projectEntry {
	file, root := config.Find(dir)
	key := root
	if key == "" {
		key = dir
	}
	stamp := fileStamp(file)
	if e := w.projects[key]; e != nil && e.cfg == file && e.stamp == stamp && fileStamp(e.stats) == e.statsStamp {
		return e
	}
	// The stats file is stamped before the project is opened, which
	// reads it, and even when opening fails because of it (it is
	// missing): the project is opened again once it changes.
	stats := statsFileOf(file)
	statsStamp := fileStamp(stats)
	p, cfg, err := openProject(dir)
	e := &projectEntry{p: p, err: err, cfg: cfg, stamp: stamp, stats: stats, statsStamp: statsStamp, sets: map[string]*project.Set{}}
	if p != nil && p.Config.Stats.File != "" {
		if _, err := p.Config.Stats.Snapshot(); err != nil {
			// A stats file that cannot be read is the configuration's
			// error, as for migguard lint (exit 2): said on the
			// configuration file, and no finding is judged by size
			// meanwhile.
			e.p, e.err = nil, err
		}
	}
	if cfg != file {
		e.cfg, e.stamp = cfg, fileStamp(cfg)
	}
	if p != nil {
		p.Cache = w.cache
		p.FS = newKeptFS(p.FS)
	}
	w.projects[key] = e
	return e
}

// statsFileOf returns the stats file that a configuration file names, ""
// when it names none or cannot be read.
func statsFileOf(cfg string) string {
	if cfg == "" {
		return ""
	}
	data, err := os.ReadFile(cfg)
	if err != nil {
		return ""
	}
	c, err := config.Parse(cfg, data)
	if err != nil {
		return ""
	}
	return c.Stats.File
}

// setOf returns the set that holds a file of the project (a path relative
// to its root), nil when none does.
func (e *projectEntry) setOf(rel string) *project.Set {
	if s, ok := e.sets[rel]; ok {
		return s
	}
	var s *project.Set
	if sets, _ := e.p.SetsContaining([]string{rel}); len(sets) > 0 {
		s = sets[0]
	}
	e.sets[rel] = s
	return s
}

// forget drops what was found in the projects' files: files were saved,
// created or deleted.
func (w *workspace) forget() {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, e := range w.projects {
		e.sets = map[string]*project.Set{}
		if e.p != nil {
			e.p.Forget()
		}
	}
}

// fileStamp identifies the version of a file by its size and time, ""
// when there is none.
func fileStamp(path string) string {
	if path == "" {
		return ""
	}
	st, err := os.Stat(path)
	if err != nil {
		return "missing"
	}
	return fmt.Sprintf("%d %d", st.Size(), st.ModTime().UnixNano())
}

// configState is a configuration file and what is wrong with it (nil:
// nothing).
type configState struct {
	path string
	err  error
}

// lintResult is what linting a document found.
type lintResult struct {
	findings []rules.Finding
	// problems are the errors of reading the document as part of its set.
	problems []error
	// configs are the configuration files of the document's project.
	configs []configState
	// stmts are the statements of the document, for hover and the ignore
	// comment, in order.
	stmts []*statement
	// target is what code actions need to run fixes again.
	target *target
}

// target is a migration document in its set, with the open documents
// laid over the project's files.
type target struct {
	set *project.Set // read through the overlay
	rel string
}

// statement is a statement of a document and what it does: the locks it
// takes and the work it does on each table.
type statement struct {
	start, end int // byte offsets in the document: first token, end
	stmt       *pgparse.Stmt
	locks      []rules.LockItem
	work       []rules.WorkItem
}

// isConfigFile reports whether a path is a migguard configuration.
func isConfigFile(p string) bool { return p != "" && filepath.Base(p) == config.FileName }

// lint lints a document as part of its set, the open documents standing
// in for their files.
func (w *workspace) lint(d *document, open map[string]string) lintResult {
	w.mu.Lock()
	defer w.mu.Unlock()
	var res lintResult
	if d.path == "" || isConfigFile(d.path) {
		return res
	}
	e := w.project(filepath.Dir(d.path))
	if e.cfg != "" {
		res.configs = append(res.configs, configState{path: e.cfg, err: e.err})
	}
	p := e.p
	if p == nil {
		return res
	}
	rel, err := p.Rel(d.path)
	if err != nil || p.Config.Ignored(rel) {
		return res
	}
	set := e.setOf(rel)
	if set == nil {
		return res
	}
	texts := map[string]string{}
	for path, text := range open {
		if r, err := p.Rel(path); err == nil && path != "" {
			texts[r] = text
		}
	}
	texts[rel] = d.text // the text the diagnostics are positioned in
	s := set.At(fix.NewOverlay(p.FS, texts))
	jobs, errs := lint.SetJobs([]*project.Set{s}, false)
	for _, err := range errs {
		var ie *migrations.InputError
		if errors.As(err, &ie) && ie.Path == rel {
			res.problems = append(res.problems, err)
		}
	}
	if len(jobs) == 0 {
		return res
	}
	// The job reports on the document alone, where the set's
	// configuration reports at all (ignore, start_after).
	job := jobs[0]
	l, reported := job.Set, job.Report
	job.Report = func(f *migrations.File) bool {
		return (f.Path == rel || f.DownFile != nil && f.DownFile.Path == rel) && (reported == nil || reported(f))
	}
	if !job.Reports(rel) {
		return res
	}
	res.target = &target{set: s, rel: rel}
	byFile := map[*migrations.File][]*statement{}
	var order []*migrations.File
	note := func(f *migrations.File, st *pgparse.Stmt) *statement {
		list := byFile[f]
		if n := len(list); n > 0 && list[n-1].stmt == st {
			return list[n-1]
		}
		if list == nil {
			order = append(order, f)
		}
		x := &statement{start: pgparse.SkipSpaceAndComments(f.Up, st.Start, st.End), end: st.End, stmt: st}
		byFile[f] = append(list, x)
		return x
	}
	out := lint.Run([]lint.Job{job}, lint.Options{Cache: w.cache, Excerpts: true, Draft: true, Code: true,
		Locks: func(f *migrations.File, st *pgparse.Stmt, locks []rules.LockItem) {
			x := note(f, st)
			x.locks = append(x.locks, locks...)
		},
		Work: func(f *migrations.File, st *pgparse.Stmt, work []rules.WorkItem) {
			x := note(f, st)
			x.work = append(x.work, work...)
		}})
	res.problems = append(res.problems, out.Errors...)
	for _, f := range out.Findings {
		if f.Path == rel {
			res.findings = append(res.findings, f)
		}
	}
	for _, f := range order {
		if f.Path != rel {
			continue // the up file of a down file: its statements are not in this text
		}
		stmts := byFile[f]
		if l.Alembic != nil {
			stmts = alembicStatements(l, f, stmts, d.text)
		}
		res.stmts = append(res.stmts, stmts...)
	}
	sort.SliceStable(res.stmts, func(i, j int) bool { return res.stmts[i].start < res.stmts[j].start })
	return res
}

// alembicStatements moves the statements of a revision's SQL to the op.*
// calls that produce them: each covers the lines of its call in the
// Python text.
func alembicStatements(l *project.Loaded, f *migrations.File, stmts []*statement, py string) []*statement {
	var out []*statement
	sqlLines := pgparse.NewLines(f.Src)
	for _, st := range stmts {
		line := l.Alembic.SourceLine(f.Path, sqlLines.Pos(st.start).Line)
		if line < 1 {
			continue
		}
		start, ok := lineStart(py, line-1)
		if !ok {
			continue
		}
		end := len(py)
		if i := strings.IndexByte(py[start:], '\n'); i >= 0 {
			end = start + i
		}
		start = end - len(strings.TrimLeft(py[start:end], " \t"))
		if n := len(out); n > 0 && out[n-1].start == start {
			out[n-1].locks = append(out[n-1].locks, st.locks...)
			out[n-1].work = append(out[n-1].work, st.work...)
			continue
		}
		out = append(out, &statement{start: start, end: end, locks: st.locks, work: st.work})
	}
	return out
}

// openProject opens the project of a directory from the files on disk.
// It returns the path of its configuration file ("" when there is none)
// and, when that file is invalid, its error.
func openProject(dir string) (*project.Project, string, error) {
	file, _ := config.Find(dir)
	p, err := project.Open(dir, "", "")
	if err != nil {
		var ce *config.Error
		if errors.As(err, &ce) && ce.Path != "" {
			file = ce.Path
		}
		return nil, file, err
	}
	return p, file, nil
}

// configProblem checks the text of a configuration file.
func configProblem(path, text string) error {
	_, err := config.Parse(path, []byte(text))
	return err
}

// configDiagnostics turns the error of a configuration file into its
// diagnostics.
func configDiagnostics(err error) []Diagnostic {
	if err == nil {
		return []Diagnostic{}
	}
	line := 0
	msg := err.Error()
	var ce *config.Error
	if errors.As(err, &ce) {
		line = max(ce.Line-1, 0)
		msg = ce.Msg
		if ce.Key != "" {
			msg = ce.Key + ": " + msg
		}
	}
	return []Diagnostic{{
		Range:    Range{Start: Position{Line: line}, End: Position{Line: line + 1}},
		Severity: severityError,
		Source:   "migguard",
		Message:  "invalid configuration: " + msg,
	}}
}
