package alembic

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/migguard/migguard/internal/directive"
)

// sqlStmt is one SQL statement that an op. call emits.
type sqlStmt struct {
	sql string
	// call is where the op. call starts and ends in the Python file.
	start, end token
	// autocommit is true inside `with op.get_context().autocommit_block():`.
	autocommit bool
	// commit marks op.execute("COMMIT"): it ends the transaction Alembic
	// opened, and the driver opens a new one for what follows.
	commit bool
	// opaque are the type names rendered as migguard names them, not as
	// SQLAlchemy would (types it does not know).
	opaque []string
	// change is the type change of an ALTER COLUMN … TYPE whose
	// alter_column gave existing_type=, nil otherwise.
	change *typeChange
	// ignores are `# migguard:ignore …` comments written before the call,
	// as SQL comments.
	ignores []comment
}

// noteKind says why a piece of upgrade() has no SQL.
type noteKind int

const (
	// noteUntranslated is an op.* call, or an argument of one, that
	// migguard does not translate: its own gap.
	noteUntranslated noteKind = iota
	// noteDynamic is code whose SQL only Python knows at run time:
	// loops and conditions on run-time values, ORM sessions, helpers.
	noteDynamic
	// noteOpaque is a call translated with a part migguard does not know
	// (a column type): the statement is there, that part is a name.
	noteOpaque
)

// note is a call or statement that was not translated, or only in part.
type note struct {
	tok  token
	msg  string
	kind noteKind
	// ops counts the op.* calls the construct holds.
	ops int
	// at is the number of statements translated before it, so that the
	// SQL can say at its place what is missing.
	at int
}

// translation is what upgrade() does, as SQL.
type translation struct {
	stmts []sqlStmt
	notes []note
	found bool // the function exists
	// ops counts the op.* call sites of the function and of the
	// module's helpers it calls.
	ops int
	// imports are the import statements inside the function.
	imports []importStmt
}

// untranslatable is the reason a value or call cannot be turned into SQL.
type untranslatable struct {
	why string
	// dynamic is set when the value is only known at run time (an
	// f-string of a run-time value, a computed name), rather than a
	// construct migguard does not translate.
	dynamic bool
}

func (u *untranslatable) Error() string { return u.why }

// failf stops the translation of the current call: migguard does not
// translate this construct.
func failf(format string, args ...any) { panic(&untranslatable{why: fmt.Sprintf(format, args...)}) }

// dynamicf stops the translation of the current call: a value it needs is
// only known at run time.
func dynamicf(format string, args ...any) {
	panic(&untranslatable{why: fmt.Sprintf(format, args...), dynamic: true})
}

// interp walks the body of upgrade() and collects SQL.
type interp struct {
	m   *module
	out *translation
	// vars are the names bound to values the reader can evaluate:
	// literals and SQLAlchemy constructs (columns, types, sa.table(),
	// sa.text()), evaluated where they are used.
	vars map[string]expr
	// binds are the names bound to the connection (op.get_bind()),
	// contexts those bound to the migration context (op.get_context()),
	// urls those bound to the database URL.
	binds, contexts, urls map[string]bool
	// runtime are the names bound to values only known at run time, with
	// the note that says so: what uses them belongs to that construct.
	runtime map[string]int
	// batch maps a batch_alter_table alias to its batch.
	batch map[string]*batchOp
	auto  bool
	// created are the enum types this revision created, as SQLAlchemy's
	// DDL memo of one migration run remembers them.
	created map[string]bool
	// naming is the naming convention of env.py's target_metadata, and
	// load reads a module of the repository (nil: none is read).
	naming map[string]string
	load   func(module string) *module
	// inlined are the module functions already counted in ops; depth
	// bounds inlining and unrolling.
	inlined map[string]bool
	depth   int
	// returned is set once the function being read returns.
	returned bool
	// steps counts the statements run, nest the depth of evaluation.
	steps, nest int
	// opaque are the types of the call being translated that migguard
	// names without knowing them; change its type change with
	// existing_type.
	opaque []opaqueUse
	change *typeChange
}

// projectEnv is what the translation knows of the project around a
// revision file.
type projectEnv struct {
	// naming is the naming convention of env.py's target_metadata.
	naming map[string]string
	// load reads a module of the repository by its dotted name, nil when
	// it is not there.
	load func(module string) *module
}

// translate turns the named function of the module into SQL; env may be
// nil.
func translate(m *module, fn string, env *projectEnv) translation {
	if env == nil {
		env = &projectEnv{}
	}
	var tr translation
	f, ok := m.funcs[fn]
	if !ok {
		return tr
	}
	tr.found = true
	in := &interp{m: m, out: &tr, vars: map[string]expr{}, binds: map[string]bool{}, contexts: map[string]bool{},
		urls: map[string]bool{}, runtime: map[string]int{}, batch: map[string]*batchOp{}, created: map[string]bool{},
		naming: env.naming, load: env.load, inlined: map[string]bool{fn: true}}
	for name, as := range m.assigns {
		if len(as) == 1 {
			in.bindModule(name, as[0].val)
		}
	}
	tr.ops = countOps(f.body)
	// Parameters of upgrade() (projects that call it with their own
	// arguments) are run-time values, noted where they are first used.
	if params, ok := funcParams(m.src, f.header); ok {
		for _, p := range params {
			if p.name != "op" {
				in.runtime[p.name] = -1
			}
		}
	}
	func() {
		defer func() {
			if r := recover(); r != nil {
				u, ok := r.(*untranslatable)
				if !ok {
					panic(r)
				}
				in.note(f.header.toks[0], noteDynamic, 0, "not analysed: the rest of upgrade(): %s", u.why)
			}
		}()
		in.block(f.body)
	}()
	tr.notes = dedupNotes(tr.notes)
	return tr
}

// Bounds on what the reader evaluates, so that no file makes it run
// for long: statements run (unrolled loops and helpers included) and the
// depth of nested evaluation (names bound to each other).
const (
	maxSteps = 20000
	maxNest  = 400
)

// enter counts a level of nested evaluation; past maxNest the value is
// not followed. leave, deferred, undoes it.
func (in *interp) enter() {
	in.nest++
	if in.nest > maxNest {
		in.nest--
		panic(&untranslatable{why: "values nested too deeply to follow", dynamic: true})
	}
}

func (in *interp) leave() { in.nest-- }

// runtimeIn returns a name bound to a run-time value that the call uses,
// "" when it uses none.
func (in *interp) runtimeIn(c *exCall) string {
	found := ""
	var walk func(e expr)
	walk = func(e expr) {
		if found != "" || e == nil {
			return
		}
		switch v := e.(type) {
		case *exName:
			if _, ok := in.runtime[v.tok.text]; ok {
				found = v.tok.text
			}
		case *exAttr:
			walk(v.x)
		case *exCall:
			walk(v.fn)
			for _, a := range v.args {
				walk(a)
			}
			for _, k := range v.kw {
				walk(k.val)
			}
		case *exSeq:
			for _, el := range v.elems {
				walk(el)
			}
			for _, kv := range v.dict {
				walk(kv.k)
				walk(kv.v)
			}
		case *exBin:
			walk(v.l)
			walk(v.r)
		case *exUnary:
			walk(v.x)
		case *exIndex:
			walk(v.x)
		case *exCond:
			walk(v.then)
			walk(v.cond)
			walk(v.alt)
		}
	}
	walk(c)
	return found
}

// useRuntime adds a call that uses the run-time value of name to the
// construct that bound it; a parameter of upgrade() gets its note here,
// at its first use.
func (in *interp) useRuntime(name string, at token, ops int) {
	i := in.runtime[name]
	if i < 0 {
		i = in.note(at, noteDynamic, 0, "not analysed: upgrade() uses its parameter %s, which the project's env.py passes at run time; what uses it is not linted", name)
		in.runtime[name] = i
	}
	in.out.notes[i].ops += ops
}

// note records a piece of upgrade() without SQL.
func (in *interp) note(t token, kind noteKind, ops int, format string, args ...any) int {
	in.out.notes = append(in.out.notes, note{tok: t, msg: fmt.Sprintf(format, args...), kind: kind, ops: ops, at: len(in.out.stmts)})
	return len(in.out.notes) - 1
}

// emit adds the statements of one call, with what the call's types and
// existing_type say, and a note for each type migguard names without
// knowing it.
func (in *interp) emit(c *exCall, sqls []string) {
	start := c.first()
	var opaque []string
	for _, o := range in.opaque {
		opaque = append(opaque, o.name)
	}
	at := len(in.out.stmts)
	for _, s := range sqls {
		st := sqlStmt{sql: s, start: start, end: c.end, autocommit: in.auto, opaque: opaque, ignores: ignoresBefore(in.m.src, start)}
		if in.change != nil && strings.Contains(s, " ALTER COLUMN ") && strings.Contains(s, " TYPE ") {
			st.change = in.change
		}
		in.out.stmts = append(in.out.stmts, st)
	}
	for _, o := range in.opaque {
		i := in.note(start, noteOpaque, 0, "not analysed in full: the type %s is not one migguard knows; the column is replayed with the type name %s, "+
			"and the rules that depend on its type may be wrong", o.why, o.name)
		in.out.notes[i].at = at // before the statements it is about
	}
}

// block runs the statements of a body, up to a return.
func (in *interp) block(lines []logicalLine) {
	for i := 0; i < len(lines) && !in.returned; i++ {
		ll := lines[i]
		if in.steps++; in.steps > maxSteps {
			in.returned = true
			in.note(ll.toks[0], noteDynamic, 0, "not analysed: the rest of upgrade(): more than %d statements to follow", maxSteps)
			return
		}
		t0 := ll.toks[0]
		if t0.kind == tName {
			switch t0.text {
			case "with", "for", "while", "if", "try", "def", "class", "async", "match":
				body, next := bodyOf(lines, i)
				var clauses []clause
				clauses = append(clauses, clause{header: ll, body: body})
				// elif/else/except/finally belong to the statement.
				for next < len(lines) && lines[next].indent == ll.indent && lines[next].toks[0].kind == tName &&
					strings.Contains(" elif else except finally case ", " "+lines[next].toks[0].text+" ") {
					var more []logicalLine
					h := lines[next]
					more, next = bodyOf(lines, next)
					clauses = append(clauses, clause{header: h, body: more})
				}
				in.compound(clauses)
				i = next - 1
				continue
			}
		}
		for _, st := range splitSemicolons(ll) {
			in.simple(st)
		}
	}
}

// clause is one part of a compound statement: its header line (if, elif,
// else, except, …) and its body.
type clause struct {
	header logicalLine
	body   []logicalLine
}

// compound runs a compound statement the reader can follow (a with block
// of Alembic's, an if on the dialect, a for over literal values) and
// notes the others once.
func (in *interp) compound(cs []clause) {
	kw := cs[0].header.toks[0]
	switch kw.text {
	case "with":
		if len(cs) == 1 && in.with(cs[0].header, cs[0].body) {
			return
		}
	case "if":
		if in.ifStmt(cs) {
			return
		}
	case "for":
		if len(cs) == 1 && in.forStmt(cs[0].header, cs[0].body) {
			return
		}
	case "def", "class":
		return // a definition runs nothing by itself
	}
	in.dynamicConstruct(cs)
}

// dynamicConstruct notes a compound statement whose SQL only Python
// decides, once, with the op.* calls it holds. A statement that only uses
// names bound to run-time values belongs to the construct that bound them.
func (in *interp) dynamicConstruct(cs []clause) {
	kw := cs[0].header.toks[0]
	var all []logicalLine
	for _, c := range cs {
		all = append(all, c.header)
		all = append(all, c.body...)
	}
	if onlyPass(all[1:]) {
		return
	}
	ops := countOps(all)
	if ops == 0 && in.usesRuntime(all) {
		return
	}
	what := map[string]string{"for": "a for loop", "while": "a while loop", "if": "an if statement", "try": "a try statement",
		"async": "async code", "match": "a match statement", "with": "a with block"}[kw.text]
	last := all[len(all)-1].toks
	msg := fmt.Sprintf("not analysed: %s (lines %d–%d) runs as Python decides at run time", what, kw.line, last[len(last)-1].line)
	if ops > 0 {
		msg += fmt.Sprintf("; its %d op.* call(s) are not linted", ops)
	}
	in.note(kw, noteDynamic, ops, "%s", msg)
}

// usesRuntime reports whether lines use a name bound to a run-time value.
func (in *interp) usesRuntime(lines []logicalLine) bool {
	for _, ll := range lines {
		for _, t := range ll.toks {
			if _, ok := in.runtime[t.text]; ok && t.kind == tName {
				return true
			}
		}
	}
	return false
}

func onlyPass(body []logicalLine) bool {
	for _, ll := range body {
		if !(len(ll.toks) == 1 && ll.toks[0].text == "pass") && !allStrings(ll.toks) {
			return false
		}
	}
	return true
}

// firstCall returns the first token of a line that contains a call.
func firstCall(toks []token) *token {
	for i := 1; i < len(toks); i++ {
		if toks[i].kind == tOp && toks[i].text == "(" && (toks[i-1].kind == tName || toks[i-1].text == ")" || toks[i-1].text == "]") {
			return &toks[0]
		}
	}
	return nil
}

// snippet returns the first source line of a logical line, shortened.
func snippet(src string, ll logicalLine) string {
	s := src[ll.toks[0].off:]
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimSpace(s)
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return s
}

// simple runs one simple statement.
func (in *interp) simple(ll logicalLine) {
	t0 := ll.toks[0]
	if allStrings(ll.toks) {
		return // a docstring
	}
	if ims, ok := readImport(ll); ok {
		in.out.imports = append(in.out.imports, ims...)
		for _, im := range ims {
			for _, n := range im.names {
				delete(in.vars, n)
			}
		}
		return
	}
	if t0.kind == tName {
		switch t0.text {
		case "pass", "global", "nonlocal", "assert", "del", "break", "continue":
			return
		case "return":
			// The function ends here; a call it returns still runs.
			in.returned = true
			if len(ll.toks) > 1 {
				p := &parser{src: in.m.src, toks: ll.toks[1:]}
				if c, ok := p.expr().(*exCall); ok && p.peek() == nil {
					in.call(c)
				}
			}
			return
		}
	}
	if name, a, ok := readAssignment(in.m.src, ll); ok {
		in.assign(name, a.val, ll)
		return
	}
	p := &parser{src: in.m.src, toks: ll.toks}
	e := p.expr()
	if c, ok := e.(*exCall); ok && p.peek() == nil {
		in.call(c)
		return
	}
	if firstCall(ll.toks) != nil && !in.usesRuntime([]logicalLine{ll}) {
		in.note(t0, noteDynamic, countOps([]logicalLine{ll}), "not analysed: `%s`", snippet(in.m.src, ll))
	}
}

// assign binds a name: to the connection, the migration context or the
// URL; to a value the reader evaluates where it is used; to what an op.*
// call returns (op.create_table's table); else to a run-time value.
func (in *interp) assign(name string, val expr, ll logicalLine) {
	in.unbind(name)
	switch {
	case in.isBind(val):
		in.binds[name] = true
		return
	case in.isContext(val):
		in.contexts[name] = true
		return
	case in.isURL(val):
		in.urls[name] = true
		return
	}
	if d, ok := in.dialectName(val); ok {
		in.vars[name] = &exStr{tok: val.first(), val: d}
		return
	}
	if c, ok := val.(*exCall); ok {
		n := dotted(c.fn)
		if strings.HasPrefix(n, "op.") || in.isBatch(n) {
			in.call(c)
			if n == "op.create_table" {
				in.vars[name] = c
			}
			return
		}
	}
	if in.static(val) {
		in.vars[name] = val
		return
	}
	if in.usesRuntime([]logicalLine{ll}) {
		// A value computed from a run-time value belongs to its construct.
		for _, t := range ll.toks {
			if i, ok := in.runtime[t.text]; ok && t.kind == tName {
				in.runtime[name] = i
				break
			}
		}
		return
	}
	if firstCall(ll.toks) != nil || ll.toks[len(ll.toks)-1].kind == tName {
		in.runtime[name] = in.note(ll.toks[0], noteDynamic, countOps([]logicalLine{ll}),
			"not analysed: `%s` computes a value at run time (%s); what uses it is not linted", snippet(in.m.src, ll), runtimeKind(in.m.src, ll))
	}
}

// unbind forgets what a name was bound to.
func (in *interp) unbind(name string) {
	delete(in.vars, name)
	delete(in.binds, name)
	delete(in.contexts, name)
	delete(in.urls, name)
	delete(in.runtime, name)
}

// runtimeKind names what a computed assignment looks like it does.
func runtimeKind(src string, ll logicalLine) string {
	s := snippet(src, ll)
	switch {
	case strings.Contains(s, "Session(") || strings.Contains(s, "sessionmaker"):
		return "an ORM session, whose queries migguard cannot see"
	case strings.Contains(s, ".execute(") || strings.Contains(s, ".query(") || strings.Contains(s, "fetch"):
		return "a query result"
	case strings.Contains(s, "inspect(") || strings.Contains(s, "Inspector"):
		return "what the database holds, read by the inspector"
	}
	return "a Python value"
}

// call translates one call statement.
func (in *interp) call(c *exCall) {
	name := dotted(c.fn)
	start := c.first()
	savedOpaque, savedChange := in.opaque, in.change
	in.opaque, in.change = nil, nil
	defer func() {
		in.opaque, in.change = savedOpaque, savedChange
	}()
	if rt := in.runtimeIn(c); rt != "" {
		ops := 0
		if strings.HasPrefix(name, "op.") && !noSQLOps[strings.TrimPrefix(name, "op.")] || in.isBatch(name) {
			ops = 1
		}
		in.useRuntime(rt, start, ops)
		return
	}
	defer func() {
		if r := recover(); r != nil {
			u, ok := r.(*untranslatable)
			if !ok {
				in.note(start, noteUntranslated, 1, "%s %s: %v", internalNote, orText(name, "this call"), r)
				return
			}
			kind := noteUntranslated
			if u.dynamic {
				kind = noteDynamic
			}
			ops := 0
			if strings.HasPrefix(name, "op.") || in.isBatch(name) {
				ops = 1
				in.note(start, kind, ops, "not analysed: %s: %s", name, u.why)
			} else {
				in.note(start, kind, ops, "not analysed: %s", u.why)
			}
		}
	}()
	var sqls []string
	switch {
	case strings.HasPrefix(name, "op."):
		sqls = in.op(strings.TrimPrefix(name, "op."), c, nil)
	case in.isBatch(name):
		alias, method, _ := strings.Cut(name, ".")
		sqls = in.op(method, c, in.batch[alias])
	case in.isExecute(c.fn):
		sqls = in.executeSQL(c)
	case isLogging(name):
		return
	default:
		if in.otherCall(c) {
			return
		}
		in.unknownCall(c, name)
		return
	}
	if len(sqls) == 1 && isCommit(sqls[0]) && strings.HasSuffix(name, "execute") {
		in.out.stmts = append(in.out.stmts, sqlStmt{sql: "COMMIT", start: start, end: c.end, commit: true, ignores: ignoresBefore(in.m.src, start)})
		return
	}
	in.emit(c, sqls)
}

// otherCall translates the calls on constructs that emit SQL themselves:
// enum.create(bind) and .drop(bind), sa.Sequence(…).create(bind); false
// for other calls.
func (in *interp) otherCall(c *exCall) bool {
	a, ok := c.fn.(*exAttr)
	if !ok || a.name != "create" && a.name != "drop" || len(c.args)+len(c.kw) == 0 {
		return false
	}
	if b := c.arg(0, "bind"); b == nil || !in.isBind(b) {
		return false
	}
	target, ok := in.resolve(a.x).(*exCall)
	if !ok {
		return false
	}
	switch lastName(target.fn) {
	case "Enum", "ENUM":
		t := in.enumType(target)
		e := t.enum
		if e == nil {
			return false
		}
		q := qualified(e.schema, e.name)
		if a.name == "drop" {
			in.emit(c, []string{"DROP TYPE " + q})
			delete(in.created, q)
			return true
		}
		in.emit(c, []string{in.createEnum(e)})
		return true
	case "Sequence":
		kind := map[string]string{"create": "CreateSequence", "drop": "DropSequence"}[a.name]
		in.emit(c, []string{in.sequenceDDL(kind, target)})
		return true
	}
	return false
}

// unknownCall notes a call whose SQL the reader cannot see: a method of a
// run-time value belongs to its construct; a function of the module is
// followed when it can be (helpers); others are dynamic.
func (in *interp) unknownCall(c *exCall, name string) {
	root, _, _ := strings.Cut(name, ".")
	if _, ok := in.runtime[root]; ok && root != "" {
		return
	}
	if f, ok := in.m.funcs[name]; ok && in.inline(name, f, c) {
		return
	}
	if _, ok := in.vars[root]; ok && slices.ContainsFunc(c.args, in.isBind) {
		// meta.reflect(bind): what the name holds now comes from the
		// database.
		delete(in.vars, root)
		in.runtime[root] = in.note(c.first(), noteDynamic, 0, "not analysed: %s reads the database at run time; what uses %s is not linted", name, root)
		return
	}
	if name == "" {
		dynamicf("a call migguard does not follow")
	}
	dynamicf("a call of %s, whose SQL migguard cannot see without running Python", name)
}

// isLogging reports whether a call only prints or logs.
func isLogging(name string) bool {
	return name == "print" || strings.HasPrefix(name, "logger.") || strings.HasPrefix(name, "logging.") ||
		strings.HasPrefix(name, "log.") || strings.HasPrefix(name, "LOGGER.") || strings.HasPrefix(name, "warnings.")
}

// isCommit reports whether SQL is a bare COMMIT (or END).
func isCommit(sql string) bool {
	s := strings.ToUpper(strings.TrimRight(strings.TrimSpace(sql), "; "))
	return s == "COMMIT" || s == "COMMIT TRANSACTION" || s == "COMMIT WORK" || s == "END"
}

// internalNote starts the note for a call the reader failed on; tests
// check it never appears.
const internalNote = "not analysed: migguard failed to read"

// isBatch reports whether name is a method of a batch_alter_table alias.
func (in *interp) isBatch(name string) bool {
	alias, _, ok := strings.Cut(name, ".")
	return ok && in.batch[alias] != nil
}

// ignoresBefore returns the `# migguard:ignore` comments on the lines just
// above the call, as SQL comments with their own positions. ignore-file
// comments there are left to fileIgnores.
func ignoresBefore(src string, t token) []comment {
	lineStart := strings.LastIndexByte(src[:t.off], '\n') + 1
	line := t.line
	var out []comment
	end := lineStart
	for end > 0 {
		prevStart := strings.LastIndexByte(src[:end-1], '\n') + 1
		text := src[prevStart : end-1]
		trimmed := strings.TrimSpace(text)
		line--
		if !strings.HasPrefix(trimmed, "#") {
			break
		}
		if d, c, ok := pyDirective(text); ok && d.Kind == directive.Ignore {
			ind := len(text) - len(strings.TrimLeft(text, " \t"))
			out = append([]comment{{tok: token{text: trimmed, off: prevStart + ind, line: line}, text: "-- " + c}}, out...)
		}
		end = prevStart
	}
	return out
}

// scope runs f with the bindings of the current scope saved, and
// restores them after: an inlined function's or a loop iteration's
// bindings do not leak.
func (in *interp) scope(f func()) {
	vars, binds, ctxs, urls, rt := maps.Clone(in.vars), maps.Clone(in.binds), maps.Clone(in.contexts), maps.Clone(in.urls), maps.Clone(in.runtime)
	in.depth++
	defer func() {
		in.depth--
		in.vars, in.binds, in.contexts, in.urls, in.runtime = vars, binds, ctxs, urls, rt
	}()
	f()
}

// countOps counts the op.* calls of lines (and batch_op.* calls of the
// with blocks among them): `NAME.method(` where NAME is op or the alias of
// a batch_alter_table. Calls that emit no SQL themselves (op.f,
// op.get_bind, …) are not counted.
func countOps(lines []logicalLine) int {
	aliases := map[string]bool{"op": true}
	for _, ll := range lines {
		for i := 0; i+1 < len(ll.toks); i++ {
			if ll.toks[i].text == "as" && ll.toks[i].kind == tName && strings.Contains(tokText(ll.toks[:i]), "batch_alter_table") {
				aliases[ll.toks[i+1].text] = true
			}
		}
	}
	n := 0
	for _, ll := range lines {
		t := ll.toks
		for i := 0; i+3 < len(t); i++ {
			if t[i].kind == tName && aliases[t[i].text] && t[i+1].text == "." && t[i+2].kind == tName && t[i+3].text == "(" &&
				(i == 0 || t[i-1].text != ".") && !noSQLOps[t[i+2].text] {
				n++
			}
		}
	}
	return n
}

// noSQLOps are the op.* functions that emit no SQL themselves.
var noSQLOps = map[string]bool{"f": true, "get_bind": true, "get_context": true, "inline_literal": true, "batch_alter_table": true,
	"implementation_for": true, "register_operation": true, "invoke": true}

func tokText(toks []token) string {
	var b strings.Builder
	for _, t := range toks {
		b.WriteString(t.text)
	}
	return b.String()
}
