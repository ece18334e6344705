package rules

import (
	"maps"
	"runtime"

	"github.com/migguard/migguard/internal/cache"
	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
)

// Options configure a lint run.
type Options struct {
	// PG is the PostgreSQL version the migrations target.
	PG Version
	// TimeZone is the session time zone the migrations run with when they
	// set none (the database's or the role's TimeZone): "UTC" lets a
	// change between timestamp and timestamptz skip the rewrite. "" means
	// unknown.
	TimeZone string
	// Severity gives the severity of each enabled rule by id. A rule that is
	// absent is disabled. Nil means each rule's default (optional rules off).
	Severity map[string]Severity
	// Lint says which files to report on. The others are still replayed
	// into the schema, so later files are judged against what they built.
	// Nil means every file.
	Lint func(*migrations.File) bool
	// Release clears the text of each file of the set once it is linted,
	// which bounds the memory of a run over a large set when the caller
	// needs no source excerpts afterwards.
	Release bool
	// Work, if set, is called for each statement of the files reported on
	// with what it does with the rows of each relation (statementWork):
	// apply's report shows it.
	Work func(f *migrations.File, s *pgparse.Stmt, work []WorkItem)
	// Unsuppressed keeps the findings that ignore directives suppress, and
	// reports no directive problems: apply ties a failure to the hazard of
	// its statement whatever a directive says.
	Unsuppressed bool
	// Locks, if set, is called for each statement of the files reported
	// on with the table locks it takes (sessionLocks): the language
	// server's hover shows them.
	Locks func(f *migrations.File, s *pgparse.Stmt, locks []LockItem)
	// Cache, when set, keeps what a run learns for the next (see
	// cache_run.go): the findings and the replayed schema of runs of
	// files, loaded instead of worked out again when they are unchanged.
	// With Work or Locks, the files reported on are linted even when their
	// findings are kept, so that the callbacks see their statements.
	Cache *cache.Cache
	// Draft says that the text of the files reported on changes from run
	// to run (an editor's unsaved buffer): a cached run keeps no snapshot
	// of the schema after them, which no later run would load.
	Draft bool
	// AssumeRows judges every existing table as holding rows whatever the
	// statements before would prove: an ADD COLUMN … NOT NULL without a
	// value, which fails on a table holding rows, does not make the work
	// after it quick (TxState.EmptiedInTx). migguard fix lints with it,
	// since it writes migrations that must succeed on tables holding rows.
	AssumeRows bool
	// SkipCatalog says that the caller does not use Result.Catalog: the
	// files after the last one reported on are then not replayed.
	SkipCatalog bool
	// Code, when set, says where the application code of the same tree
	// uses tables and columns, for the rules that compare a migration
	// with the code running beside it (drop-still-used, rename-still-used,
	// rename-new-name-unused, not-null-not-inserted,
	// type-change-breaks-code). Rules ask it only about what a statement
	// drops, renames, retypes or makes required.
	Code Code
	// Replayed, when set, is called once the files are replayed and the
	// schema is dropped (with SkipCatalog), before the findings are
	// joined: the caller may give back the memory the schema held.
	Replayed func()
}

// DefaultSeverities returns the default severity of every rule that is on
// by default, in a map of the caller's own.
func DefaultSeverities() map[string]Severity { return maps.Clone(registryView().severities) }

// Result is the outcome of linting a set.
type Result struct {
	Findings []Finding
	// Catalog is the schema after the last file; nil with
	// Options.SkipCatalog.
	Catalog *schema.Catalog
	// Err, when set, says why the set could not be linted: the texts of
	// a set loaded without them could not be read (see
	// migrations.Set.LoadTexts). Nothing else is set then.
	Err error
}

// LintSet lints the files of a set in order, replaying each into the
// schema that the next one sees.
func LintSet(set *migrations.Set, opts Options) Result {
	if opts.PG.Major == 0 {
		opts.PG = DefaultVersion
	}
	if opts.Severity == nil {
		opts.Severity = DefaultSeverities()
	}
	e := &engine{opts: opts, cat: schema.New(), set: set}
	defer e.findings.close() // a run that ends early removes its spill file
	for _, r := range SQL() {
		if _, on := opts.Severity[r.ID]; on {
			e.active = append(e.active, r)
		}
	}
	report := make([]bool, len(set.Files))
	for i, f := range set.Files {
		report[i] = opts.Lint == nil || opts.Lint(f)
	}
	limit := len(set.Files)
	if opts.SkipCatalog {
		// Nothing after the last file reported on changes a finding.
		limit = lastTrue(report) + 1
	}
	var cat *schema.Catalog
	if opts.Cache != nil {
		cat = lintCached(e, set.Files, report, limit, !opts.SkipCatalog)
		if e.err != nil {
			return Result{Err: e.err}
		}
	} else {
		if err := e.loadTexts(); err != nil {
			return Result{Err: err}
		}
		next := parseAhead(set.Files[:limit], report[:limit])
		for i, f := range set.Files[:limit] {
			e.file(f, next(), report[i])
			e.findings.seal()
			if opts.Release {
				f.ReleaseTexts()
			}
		}
		if !opts.SkipCatalog {
			cat = e.cat
		}
	}
	e.others(set.Others)
	e.findings.seal()
	e.cat = nil // the findings are joined without the schema
	if opts.Replayed != nil && cat == nil {
		opts.Replayed()
	}
	all, err := e.findings.all()
	if err != nil {
		return Result{Err: err}
	}
	SortFindings(all)
	return Result{Findings: all, Catalog: cat}
}

// lastTrue returns the index of the last true of bs, -1 when none is.
func lastTrue(bs []bool) int {
	for i := len(bs) - 1; i >= 0; i-- {
		if bs[i] {
			return i
		}
	}
	return -1
}

type engine struct {
	opts   Options
	cat    *schema.Catalog
	active []*Rule
	nextTx int
	// findings are the findings of each file, joined at the end.
	findings keptFindings
	// effect, when set, records what the replay of the current file does
	// (see cache_keys.go).
	effect *effect
	// track, when set, watches the statements of an edited file before
	// they are replayed (see carry.go).
	track *carryTrack
	// codeAsked is set when a rule asked Options.Code: the findings then
	// depend on code outside the migrations and are cached under its
	// digest only.
	codeAsked bool
	// set is the set linted, whose texts are read before the first file
	// is (loadTexts); err stops a cached run whose texts cannot be read.
	set         *migrations.Set
	textsLoaded bool
	err         error
}

// loadTexts reads the texts of the set's migrations when it was loaded
// without them, before the engine reads a file.
func (e *engine) loadTexts() error {
	if !e.textsLoaded {
		if err := e.set.LoadTexts(); err != nil {
			return err
		}
		e.textsLoaded = true
	}
	return nil
}

// apply replays a statement into the schema.
func (e *engine) apply(n *pgparse.Node, at schema.Origin) {
	if e.track != nil {
		e.track.before(e, n)
	}
	e.cat.Apply(n, at)
	if e.effect != nil {
		e.effect.add(n, at)
	}
}

// file lints (when report is set) and replays one file, a statement at a
// time: each statement's parse tree is dropped once the statement is
// checked and replayed, and a file longer than pgparse.ChunkBytes is
// parsed a run of statements at a time as it goes (parsed.stream), so that
// a file's trees are never all in memory. What a rule needs of later
// statements it learns by holding its findings back (see Pass.hold).
func (e *engine) file(f *migrations.File, parsed parsedFile, report bool) {
	lines := pgparse.NewLines(f.Src)
	pass := &Pass{File: f, Lines: lines, Catalog: e.cat, PG: e.opts.PG,
		once: map[string]bool{}, scratch: map[*Rule]any{}, code: e.opts.Code, codeAsked: &e.codeAsked}
	pass.sink = &pass.raw
	pass.report = func(fd Finding) {
		if sev, on := e.opts.Severity[fd.Rule]; on {
			fd.Severity = sev
			*pass.sink = append(*pass.sink, fd)
		}
	}
	var tr *txTracker
	var first []*pgparse.Stmt // the statements before the tracker is made
	each := func(run []*pgparse.Stmt, more bool) bool {
		if tr == nil {
			// A file run as one multi-statement string runs in a
			// transaction when it has more than one statement: until a
			// second one comes (a run may hold none, only comments), the
			// first waits.
			first = append(first, run...)
			if len(first) < 2 && more {
				return true
			}
			tr = newTracker(f, len(first) > 1, &e.nextTx)
			tr.setDefaultZone(isUTCZone(e.opts.TimeZone))
			tr.assumeRows = e.opts.AssumeRows
			pass.Tx = tr.st
			run, first = first, nil
		}
		for _, s := range pgparse.ExpandDo(f.Up, run) { // a DO block's statements follow it
			pass.Stmts = append(pass.Stmts, s)
			e.statement(pass, tr, s, report)
		}
		return true
	}
	if parsed.stream {
		pgparse.Runs(f.Up, each)
	} else {
		each(parsed.up, false)
	}
	if !report {
		return
	}
	stmts := pass.Stmts
	pass.Stmt, pass.Index = nil, len(stmts)
	pass.settleHeld()
	for _, r := range e.active {
		if r.End != nil {
			pass.rule = r
			r.End(pass)
		}
	}
	e.fileProblems(pass, stmts)
	pass.raw = mergeHeld(pass.raw, pass.held)
	if !e.opts.Unsuppressed && hasDirectives(f.Src) {
		// Directive problems are reported through the pass into a fresh list.
		found := pass.raw
		pass.raw = nil
		pass.raw = append(applyDirectives(pass, stmts, found), pass.raw...)
	}
	e.findings.add(pass.raw)
	if f.Down != "" {
		e.syntaxOnly(f, parsed.down, lines)
	}
	if f.DownFile != nil {
		e.syntaxOnly(f.DownFile, parsed.downFile, pgparse.NewLines(f.DownFile.Src))
	}
}

// statement lints (when report is set) and replays statement s, the last
// of pass.Stmts, then drops its parse tree.
func (e *engine) statement(pass *Pass, tr *txTracker, s *pgparse.Stmt, report bool) {
	if e.effect != nil && !e.effect.global && !localStatement(s) {
		e.effect.global = true
	}
	if report {
		pass.Index, pass.Stmt = len(pass.Stmts)-1, s
		pass.watchHeld(s)
	}
	if s.Err != nil {
		if report {
			var msg string
			pass.rule, msg = syntaxFinding(e.opts.PG, pass.File.Up[s.Start:s.End], s.Err)
			pass.ReportAt(s.Err.Offset, "%s", msg)
		}
		if n := newerReplay(e.opts.PG, pass.File.Up[s.Start:s.End], s.Err); n != nil {
			// What a statement in newer syntax creates is known after it.
			origin := tr.origin()
			tr.step(pass, &pgparse.Stmt{Node: n, Start: s.Start, End: s.End})
			e.apply(n, origin)
		}
		return
	}
	markUnread(pass, s)
	if report {
		if e.opts.Work != nil {
			e.opts.Work(pass.File, s, workItems(statementWork(pass, s.Node)))
		}
		if e.opts.Locks != nil {
			e.opts.Locks(pass.File, s, lockItems(pass, s.Node))
		}
		for _, r := range e.active {
			if r.Check != nil {
				pass.rule = r
				r.Check(pass)
			}
		}
	}
	origin := tr.origin()
	tr.step(pass, s)
	if s.Block == nil { // a DO block is replayed statement by statement
		e.apply(s.Node, origin)
	}
	if report {
		pass.objs.read(pass, s.Node)
	}
	s.Node = nil
}

// fileProblems reports format problems, what was not analysed, and empty
// files.
func (e *engine) fileProblems(pass *Pass, stmts []*pgparse.Stmt) {
	pass.Stmt = nil
	for _, p := range pass.File.Problems {
		pass.rule = migrationFormat
		pass.ReportAt(p.Offset, "%s", p.Message)
	}
	for _, p := range pass.File.Notes {
		pass.rule = notAnalysed
		pass.ReportAt(p.Offset, "%s", p.Message)
	}
	if len(stmts) == 0 && len(pass.File.Problems) == 0 && len(pass.File.Notes) == 0 && !migrations.EmptyExplained(pass.File) {
		pass.rule = emptyMigration
		pass.ReportAt(0, "migration has no statements")
	}
}

// others reports the paths of a set that are no migrations (see
// migrations.FileKind): .sql files the tool never runs, the problems and
// notes of the files the tool reads to run the set, and a directory that
// no format explains.
func (e *engine) others(others []*migrations.File) {
	for _, o := range others {
		if e.opts.Lint != nil && !e.opts.Lint(o) {
			continue
		}
		lines := pgparse.NewLines(o.Src)
		var out []Finding
		add := func(r *Rule, off int, msg string) {
			if sev, on := e.opts.Severity[r.ID]; on {
				pos := lines.Pos(off)
				out = append(out, Finding{Rule: r.ID, Severity: sev, Path: o.Path, Pos: pos, End: pos, Offset: off, Message: msg, Help: r.Help})
			}
		}
		switch o.Kind {
		case migrations.NotRun:
			add(migrationFileNotRun, migrations.FirstText(o.Src), o.Why)
		case migrations.Unexplained:
			add(migrationLayoutUnknown, 0, o.Why)
		}
		for _, p := range o.Problems {
			add(migrationFormat, p.Offset, p.Message)
		}
		for _, p := range o.Notes {
			add(notAnalysed, p.Offset, p.Message)
		}
		e.findings.add(out)
	}
}

// syntaxOnly reports the syntax errors of a parsed down part.
func (e *engine) syntaxOnly(f *migrations.File, stmts []*pgparse.Stmt, lines *pgparse.Lines) {
	for _, s := range stmts {
		if s.Err == nil {
			continue
		}
		r, msg := syntaxFinding(e.opts.PG, f.Src[s.Start:s.End], s.Err)
		sev, on := e.opts.Severity[r.ID]
		if !on {
			continue
		}
		e.findings.add([]Finding{{
			Rule: r.ID, Severity: sev, Path: f.Path,
			Pos: lines.Pos(s.Err.Offset), End: lines.Pos(s.End), Offset: s.Err.Offset,
			Message: msg + " (in the down migration)", Help: r.Help,
		}})
	}
}

// downText is the text of a down file as its tool reads it: its down
// part (where Go-template actions and psql's meta-commands are handled),
// else the file.
func downText(f *migrations.File) string {
	if f.Down != "" {
		return f.Down
	}
	return f.Src
}

// parsedFile is a file's up part, parsed, and the statements of its down
// parts that do not parse.
type parsedFile struct {
	up, down, downFile []*pgparse.Stmt
	// stream says that up is not parsed ahead: the file is longer than
	// pgparse.ChunkBytes and is parsed a run at a time as it is linted.
	stream bool
}

// parseAhead parses the files a bounded number of files ahead of the
// caller, and returns a function that yields the parsed files in order.
// Parsing is most of the cost of a lint run and is independent per file,
// while the replay that uses the results must go in order: the two
// overlap, and only the window's parse trees are in memory at once. When
// most files are linted, the replay and the rules are the longest path and
// keep a CPU to themselves (one parser per CPU as well measured 3-5 %
// slower on two CPUs); when most are only replayed, parsing is, and runs
// on every CPU.
// The down parts are checked for syntax only in the files reported on
// (report[i]); the others are only replayed. The caller must take every
// file.
func parseAhead(files []*migrations.File, report []bool) func() parsedFile {
	workers, linted := runtime.GOMAXPROCS(0), 0
	for _, r := range report {
		if r {
			linted++
		}
	}
	if 2*linted > len(files) {
		workers = max(1, workers-1)
	}
	slots := make([]chan parsedFile, len(files))
	for i := range slots {
		slots[i] = make(chan parsedFile, 1)
	}
	// Four files per parser: parsing and the replay take about as long
	// each, so the window absorbs the files that are slow on either side;
	// 2 and 8 measured slower on the 10,000-file corpus.
	window := make(chan struct{}, 4*workers)
	jobs := make(chan int)
	go func() {
		for i := range files {
			window <- struct{}{}
			jobs <- i
		}
		close(jobs)
	}()
	for w := 0; w < workers; w++ {
		go func() {
			for i := range jobs {
				f := files[i]
				var p parsedFile
				if len(f.Up) > pgparse.ChunkBytes {
					p.stream = true
				} else {
					p.up = pgparse.Parse(f.Up)
				}
				if !report[i] {
					slots[i] <- p
					continue
				}
				if f.Down != "" {
					p.down = pgparse.SyntaxErrors(f.Down)
				}
				if f.DownFile != nil {
					p.downFile = pgparse.SyntaxErrors(downText(f.DownFile))
				}
				slots[i] <- p
			}
		}()
	}
	next := 0
	return func() parsedFile {
		p := <-slots[next]
		slots[next] = nil
		next++
		<-window
		return p
	}
}
