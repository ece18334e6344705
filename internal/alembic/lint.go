package alembic

import (
	"fmt"
	"io/fs"
	"strconv"
	"strings"

	"github.com/migguard/migguard/internal/directive"
	"github.com/migguard/migguard/internal/lazyre"
	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/rules"
)

// The rule ids of the findings this package adds to those of the SQL
// rules; their documentation is in the rule catalogue (internal/rules).
const (
	// RuleGraph is a problem in a revision file or in the revision graph.
	RuleGraph = "alembic-revision-graph"
	// RuleNotAnalysed is a piece of upgrade() that was not turned into SQL.
	RuleNotAnalysed = "alembic-not-analysed"
)

// Set is an Alembic project turned into a lintable migration set.
type Set struct {
	Project *Project
	Graph   *Graph
	// SQL holds one file per revision, in graph order, whose text is the
	// SQL that its upgrade() runs. Paths are the Python files' paths.
	SQL   *migrations.Set
	files map[string]*genFile
}

// genFile is the generated SQL of one revision file and its map back to
// the Python source.
type genFile struct {
	py      string
	pyLines *pgparse.Lines
	// lineMap maps each 1-based line of the SQL to the Python call that
	// produced it; index 0 is unused.
	lineMap []span
	notes   []note
	merge   bool
	defLine token
	// upgradeBody is the body of upgrade().
	upgradeBody []logicalLine
	// rendered is set when the SQL is Alembic's offline rendering, whose
	// first renderedLines lines map to def upgrade.
	rendered      bool
	renderedLines int
	// ops counts the op.* calls of upgrade() and the helpers it calls.
	ops int
	// fromTypes maps a line of the SQL holding ALTER COLUMN … TYPE to the
	// type change, with the type existing_type= gives the column.
	fromTypes map[int]typeChange
	// appImports are the imports of application code; commits the
	// op.execute("COMMIT") calls.
	appImports []appImport
	commits    []token
	// imports are the file's import statements, at the top and inside
	// upgrade().
	imports []importStmt
	// stmts are the statements of the translation, with their calls.
	stmts []sqlStmt
}

type span struct{ start, end token }

// Load reads the project, builds its graph and translates the upgrade()
// of every revision, in graph order.
func Load(fsys fs.FS, p *Project) (*Set, []error) {
	g, mods, errs := p.load(fsys)
	if g == nil {
		return nil, errs
	}
	s := &Set{Project: p, Graph: g, files: map[string]*genFile{},
		SQL: &migrations.Set{Dir: p.Dir(), Format: migrations.Alembic}}
	env := p.env(fsys)
	for _, r := range g.Order() {
		m := mods[r.Path]
		gf, f := generate(r, m, p, env)
		gf.appImports = p.appImports(fsys, gf.imports)
		s.files[r.Path] = gf
		s.SQL.Files = append(s.SQL.Files, f)
	}
	return s, errs
}

// generate writes the SQL file of one revision: its statements in
// transaction blocks as Alembic runs them, and at its place a comment for
// each piece of upgrade() that was not translated, so the SQL never
// looks complete when it is not.
func generate(r *Revision, m *module, p *Project, env *projectEnv) (*genFile, *migrations.File) {
	tr := translate(m, "upgrade", env)
	gf := &genFile{py: m.src, pyLines: pgparse.NewLines(m.src), notes: tr.notes, merge: len(r.Down) > 1, lineMap: []span{{}},
		ops: tr.ops, fromTypes: map[int]typeChange{}, imports: append(append([]importStmt(nil), m.imports...), tr.imports...), stmts: tr.stmts}
	if f, ok := m.funcs["upgrade"]; ok {
		gf.defLine = f.header.toks[0]
		gf.upgradeBody = f.body
	} else {
		gf.notes = append(gf.notes, note{tok: token{line: r.Line}, msg: "not analysed: the revision has no upgrade() function", kind: noteDynamic})
	}
	w := &sqlWriter{gf: gf}
	def := span{gf.defLine, gf.defLine}
	if len(tr.stmts) > 0 || len(gf.notes) > 0 {
		w.emit("-- SQL of upgrade() in "+r.Path+", as migguard translates it", def)
		for _, c := range fileIgnores(m.src) {
			w.emit(c.text, span{c.tok, c.tok})
		}
	}
	inTx := false
	next := 0 // the next note to place
	for i, st := range tr.stmts {
		next = w.notesBefore(i, next)
		if !st.autocommit && !inTx {
			w.emit("BEGIN;", def)
			inTx = true
		} else if st.autocommit && inTx {
			w.emit("COMMIT;", def)
			inTx = false
		}
		w.statement(st)
		if st.commit {
			// The COMMIT ended Alembic's transaction; the driver opens
			// a new one for what follows.
			w.emit("BEGIN;", span{st.start, st.end})
		}
	}
	if inTx {
		w.emit("COMMIT;", def)
	}
	w.notesBefore(len(tr.stmts)+1, next)
	src := w.b.String()
	tx := "Alembic: a transaction per migration, left by autocommit_block()"
	if !p.TransactionPerMigration {
		tx = "Alembic: one transaction around the run, left by autocommit_block()"
	}
	f := &migrations.File{Path: r.Path, Version: r.ID, Name: r.Message, Src: src, Up: src, Tx: migrations.TxNone, TxSource: tx}
	return gf, f
}

// sqlWriter writes a revision's SQL and its map back to Python lines.
type sqlWriter struct {
	gf    *genFile
	b     strings.Builder
	notes int
}

// emit writes text, each of its lines mapped to sp.
func (w *sqlWriter) emit(text string, sp span) {
	for _, line := range strings.Split(text, "\n") {
		w.b.WriteString(line)
		w.b.WriteByte('\n')
		w.gf.lineMap = append(w.gf.lineMap, sp)
	}
}

// statement writes one statement with the ignore comments before it.
func (w *sqlWriter) statement(st sqlStmt) {
	sp := span{st.start, st.end}
	for _, ig := range st.ignores {
		w.emit(ig.text, span{ig.tok, ig.tok})
	}
	text := strings.TrimRight(strings.TrimSpace(st.sql), ";")
	if lastLine := text[strings.LastIndexByte(text, '\n')+1:]; strings.Contains(lastLine, "--") {
		text += "\n"
	}
	if st.change != nil {
		w.gf.fromTypes[len(w.gf.lineMap)] = *st.change
	}
	if st.commit {
		w.gf.commits = append(w.gf.commits, st.start)
	}
	w.emit(text+";", sp)
}

// notesBefore writes, as comments, the notes placed before statement i,
// from note next on, and returns the next note to place.
func (w *sqlWriter) notesBefore(i, next int) int {
	for next < len(w.gf.notes) && w.gf.notes[next].at <= i {
		n := w.gf.notes[next]
		msg := strings.ReplaceAll(n.msg, "\n", " ")
		w.emit(fmt.Sprintf("-- line %d: %s", n.tok.line, msg), span{n.tok, n.tok})
		next++
	}
	return next
}

// dedupNotes drops the repeats of a note that an unrolled loop or an
// inlined helper made more than once.
func dedupNotes(ns []note) []note {
	seen := map[string]bool{}
	var out []note
	for _, n := range ns {
		k := fmt.Sprintf("%d\x00%s", n.tok.off, n.msg)
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, n)
	}
	return out
}

// Lint lints the set: the SQL rules over the translated files (findings
// mapped to the Python line of each op. call), the graph's problems, and a
// note for each piece of upgrade() that was not translated. lint, when
// not nil, says which files to report on; the others are still replayed.
func (s *Set) Lint(opts rules.Options) []rules.Finding {
	res := rules.LintSet(s.SQL, opts)
	var out []rules.Finding
	for _, f := range res.Findings {
		gf := s.files[f.Path]
		if gf == nil {
			out = append(out, f)
			continue
		}
		if f.Rule == "empty-migration" && (gf.merge || len(gf.notes) > 0) {
			continue
		}
		f, keep := gf.withExistingType(f)
		if !keep {
			continue
		}
		out = append(out, gf.remap(f))
	}
	report := func(path string) bool {
		if opts.Lint == nil {
			return true
		}
		for _, f := range s.SQL.Files {
			if f.Path == path {
				return opts.Lint(f)
			}
		}
		return opts.Lint(&migrations.File{Path: path})
	}
	out = append(out, s.headFindings(report)...)
	for _, p := range s.Graph.Problems {
		if !report(p.Path) {
			continue
		}
		sev := rules.Error
		if p.Kind.Note() {
			sev = rules.Info
		}
		out = append(out, s.finding(p.Path, RuleGraph, sev, p.Line, p.Msg))
	}
	for path, gf := range s.files {
		if !report(path) {
			continue
		}
		out = append(out, s.pythonFindings(path, gf)...)
		for _, n := range gf.notes {
			f := s.finding(path, RuleNotAnalysed, rules.Info, n.tok.line, n.msg)
			if n.tok.text != "" {
				f.Pos, f.Offset = gf.pos(n.tok.off), n.tok.off
			}
			out = append(out, f)
		}
	}
	rules.SortFindings(out)
	return out
}

// finding makes a finding at the start of a line of a Python file.
func (s *Set) finding(path, rule string, sev rules.Severity, line int, msg string) rules.Finding {
	f := rules.Finding{Rule: rule, Severity: sev, Path: path, Message: msg, Pos: pgparse.Pos{Line: max(line, 1), Col: 1}}
	if r := rules.Lookup(rule); r != nil {
		f.Help = r.Help
	}
	if gf := s.files[path]; gf != nil && line > 0 && line <= gf.pyLines.Count() {
		off := gf.pyLines.Offset(line)
		text := gf.pyLines.Line(line)
		ind := len(text) - len(strings.TrimLeft(text, " \t"))
		f.Offset = off + ind
		f.Pos = gf.pos(off + ind)
	}
	f.End = f.Pos
	return f
}

// remap moves a finding from the generated SQL to the op. call.
func (gf *genFile) remap(f rules.Finding) rules.Finding {
	line := f.Pos.Line
	if line < 1 || line >= len(gf.lineMap) {
		line = len(gf.lineMap) - 1
	}
	sp := gf.lineMap[line]
	f.Message = gf.remapMessage(f.Message)
	if gf.rendered && line <= gf.renderedLines {
		f.Message += " (line " + strconv.Itoa(line) + " of the SQL Alembic rendered)"
	}
	if h, ok := alembicHelp[f.Rule]; ok {
		f.Help = h
	}
	f.Offset = sp.start.off
	f.Pos = gf.pos(sp.start.off)
	f.End = gf.pos(sp.end.off + len(sp.end.text))
	if sp.end.text == "" {
		f.End = f.Pos
	}
	return f
}

func (gf *genFile) pos(off int) pgparse.Pos {
	if off > len(gf.py) {
		off = len(gf.py)
	}
	return gf.pyLines.Pos(off)
}

// Source returns the Python source of a revision file of the set, for
// report excerpts.
func (s *Set) Source(path string) (string, bool) {
	if gf := s.files[path]; gf != nil {
		return gf.py, true
	}
	return "", false
}

// SQLOf returns the generated SQL of a revision file.
func (s *Set) SQLOf(path string) (string, bool) {
	for _, f := range s.SQL.Files {
		if f.Path == path {
			return f.Src, true
		}
	}
	return "", false
}

var (
	beginRx = lazyre.New(`the transaction block opened by BEGIN on line \d+`)
	lineRx  = lazyre.New(`\b(on|from|since) line (\d+)\b`)
)

// remapMessage rewrites the SQL line numbers that rule messages mention
// into the Python lines of the op. calls.
func (gf *genFile) remapMessage(msg string) string {
	if gf.rendered {
		return lineRx.ReplaceAllString(msg, "$1 line $2 of the rendered SQL")
	}
	msg = beginRx.ReplaceAllString(msg, "the transaction Alembic runs the migration in")
	return lineRx.ReplaceAllStringFunc(msg, func(s string) string {
		m := lineRx.FindStringSubmatch(s)
		n, err := strconv.Atoi(m[2])
		if err != nil || n < 1 || n >= len(gf.lineMap) || gf.lineMap[n].start.line == 0 {
			return s
		}
		return m[1] + " line " + strconv.Itoa(gf.lineMap[n].start.line)
	})
}

// alembicHelp replaces the help of SQL rules whose fix is spelled
// differently in an Alembic migration.
var alembicHelp = map[string]string{
	"concurrently-in-transaction":   "run the call inside `with op.get_context().autocommit_block():`",
	"create-index-non-concurrently": "pass postgresql_concurrently=True inside `with op.get_context().autocommit_block():`",
	"drop-index-non-concurrently":   "pass postgresql_concurrently=True inside `with op.get_context().autocommit_block():`",
	"require-lock-timeout":          "op.execute(\"SET lock_timeout = '5s'\") before the call",
	"require-statement-timeout":     "op.execute(\"SET statement_timeout = '15min'\") before the call",
}

type comment struct {
	tok  token
	text string
}

// fileIgnores returns the `# migguard:ignore-file …` comments of a file as
// SQL comments, each with its position.
func fileIgnores(src string) []comment {
	var out []comment
	off := 0
	for i, line := range strings.SplitAfter(src, "\n") {
		if d, text, ok := pyDirective(line); ok && d.Kind == directive.IgnoreFile {
			ind := len(line) - len(strings.TrimLeft(line, " \t"))
			out = append(out, comment{tok: token{text: strings.TrimSpace(line), off: off + ind, line: i + 1}, text: "-- " + text})
		}
		off += len(line)
	}
	return out
}

// pyDirective reads a line of Python that is a `#` comment holding a
// migguard:ignore or migguard:ignore-file directive, malformed ones
// included (the SQL side reports them). text is the comment after its #,
// which the SQL side reads as package directive reads it here.
func pyDirective(line string) (d directive.Directive, text string, ok bool) {
	t := strings.TrimSpace(line)
	if !strings.HasPrefix(t, "#") {
		return d, "", false
	}
	d, ok = directive.Parse(t)
	return d, strings.TrimSpace(t[1:]), ok
}

// SourceLine returns the line of the revision file whose op.* call
// produced a line of its SQL, 0 when the path is no revision of the set.
func (s *Set) SourceLine(path string, sqlLine int) int {
	gf := s.files[path]
	if gf == nil {
		return 0
	}
	if sqlLine < 1 || sqlLine >= len(gf.lineMap) {
		sqlLine = len(gf.lineMap) - 1
	}
	if l := gf.lineMap[sqlLine].start.line; l > 0 {
		return l
	}
	return gf.defLine.line
}

// Note is a part of a revision's upgrade() that has no SQL, or only in
// part.
type Note struct {
	Line    int
	Message string
}

// Notes lists what the translation of a revision left out, in order.
func (s *Set) Notes(path string) []Note {
	gf := s.files[path]
	if gf == nil {
		return nil
	}
	var out []Note
	for _, n := range gf.notes {
		out = append(out, Note{Line: n.tok.line, Message: n.msg})
	}
	return out
}

// headFindings reports each head of a graph with several, at the head's
// down_revision: `alembic upgrade head` refuses to run. A project whose
// heads each lie on a labelled branch of its own (branch_labels) means to
// have several heads and is left alone; so is a graph that is broken
// (a missing parent, a cycle), whose heads say nothing.
func (s *Set) headFindings(report func(string) bool) []rules.Finding {
	g := s.Graph
	heads := g.Heads()
	if len(heads) < 2 || !g.Complete() || g.labelledHeads(heads) {
		return nil
	}
	var out []rules.Finding
	for _, h := range heads {
		r := g.ByID[h]
		if !report(r.Path) {
			continue
		}
		line := r.DownLine
		if line == 0 {
			line = r.Line
		}
		out = append(out, s.finding(r.Path, RuleGraph, rules.Error, line, fmt.Sprintf(
			"revision %s is one of %d heads (%s): alembic upgrade head refuses to run; set down_revision to the revision it comes after, or merge the heads (alembic merge heads)",
			h, len(heads), strings.Join(heads, ", "))))
	}
	return out
}
