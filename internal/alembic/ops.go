package alembic

import (
	"fmt"
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
	// ignores are `# migguard:ignore …` comments written before the call,
	// as SQL comments.
	ignores []comment
}

// note is a call or statement that was not translated.
type note struct {
	tok token
	msg string
}

// translation is what upgrade() does, as SQL.
type translation struct {
	stmts []sqlStmt
	notes []note
	found bool // the function exists
}

// untranslatable is the reason a value or call cannot be turned into SQL.
type untranslatable struct{ why string }

func (u *untranslatable) Error() string { return u.why }

func failf(format string, args ...any) { panic(&untranslatable{fmt.Sprintf(format, args...)}) }

// interp walks the body of upgrade() and collects SQL.
type interp struct {
	m      *module
	out    *translation
	consts map[string]expr   // names bound to literals
	binds  map[string]bool   // names bound to op.get_bind()
	batch  map[string]string // batch_op name → qualified table
	batchS map[string]string // batch_op name → schema
	auto   bool
}

// translate turns the named function of the module into SQL.
func translate(m *module, fn string) translation {
	var tr translation
	f, ok := m.funcs[fn]
	if !ok {
		return tr
	}
	tr.found = true
	in := &interp{m: m, out: &tr, consts: map[string]expr{}, binds: map[string]bool{}, batch: map[string]string{}, batchS: map[string]string{}}
	for name, as := range m.assigns {
		if len(as) == 1 {
			if isLiteral(as[0].val) {
				in.consts[name] = as[0].val
			}
		}
	}
	in.block(f.body)
	return tr
}

func isLiteral(e expr) bool {
	switch e := e.(type) {
	case *exStr:
		return !e.dynamic
	case *exNum:
		return true
	case *exName:
		return e.tok.text == "None" || e.tok.text == "True" || e.tok.text == "False"
	case *exSeq:
		for _, el := range e.elems {
			if !isLiteral(el) {
				return false
			}
		}
		return !e.other && e.dict == nil
	}
	return false
}

func (in *interp) note(t token, format string, args ...any) {
	in.out.notes = append(in.out.notes, note{tok: t, msg: fmt.Sprintf(format, args...)})
}

// block runs the statements of a body.
func (in *interp) block(lines []logicalLine) {
	for i := 0; i < len(lines); i++ {
		ll := lines[i]
		t0 := ll.toks[0]
		if t0.kind == tName {
			switch t0.text {
			case "with", "for", "while", "if", "try", "def", "class", "async", "match":
				body, next := bodyOf(lines, i)
				// elif/else/except/finally belong to the statement.
				for next < len(lines) && lines[next].indent == ll.indent && lines[next].toks[0].kind == tName &&
					strings.Contains(" elif else except finally case ", " "+lines[next].toks[0].text+" ") {
					var more []logicalLine
					more, next = bodyOf(lines, next)
					body = append(body, more...)
				}
				if t0.text == "with" && in.with(ll, body) {
					i = next - 1
					continue
				}
				in.compound(t0, body)
				i = next - 1
				continue
			}
		}
		for _, st := range splitSemicolons(ll) {
			in.simple(st)
		}
	}
}

// compound reports the calls inside a statement the reader does not follow.
func (in *interp) compound(kw token, body []logicalLine) {
	what := map[string]string{"for": "a for loop", "while": "a while loop", "if": "an if statement", "try": "a try statement",
		"def": "a nested function", "class": "a class", "async": "async code", "match": "a match statement", "with": "a with block"}[kw.text]
	n := 0
	for _, ll := range body {
		if t := firstCall(ll.toks); t != nil {
			in.note(*t, "not analysed: `%s` inside %s (line %d) runs only as Python decides; migguard does not guess the SQL", snippet(in.m.src, ll), what, kw.line)
			n++
		}
	}
	if n == 0 && len(body) > 0 && !onlyPass(body) {
		in.note(kw, "not analysed: %s", what)
	}
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

// with handles autocommit and batch blocks; it returns false for other
// context managers.
func (in *interp) with(ll logicalLine, body []logicalLine) bool {
	c := headerColon(ll.toks)
	if c < 0 {
		return false
	}
	p := &parser{src: in.m.src, toks: ll.toks[1:c]}
	e := p.expr()
	alias := ""
	if p.peek() != nil && p.peek().text == "as" {
		p.i++
		if t := p.peek(); t != nil && t.kind == tName {
			alias = t.text
			p.i++
		}
	}
	if p.peek() != nil {
		return false // several context managers
	}
	call, ok := e.(*exCall)
	if !ok {
		return false
	}
	switch name := dotted(call.fn); {
	case isAutocommitBlock(call.fn):
		saved := in.auto
		in.auto = true
		in.block(body)
		in.auto = saved
		return true
	case name == "op.batch_alter_table":
		if alias == "" {
			return false
		}
		table, err := in.str(call.arg(0, "table_name"))
		schema, err2 := in.optStr(call.kwArg("schema"))
		if err != nil || err2 != nil {
			in.note(call.first(), "not analysed: op.batch_alter_table with a table name that is not a literal")
			in.compound(token{text: "with", line: ll.line}, body)
			return true
		}
		in.batch[alias], in.batchS[alias] = table, schema
		in.block(body)
		delete(in.batch, alias)
		return true
	}
	return false
}

// isAutocommitBlock reports whether e is op.get_context().autocommit_block
// or context.autocommit_block.
func isAutocommitBlock(e expr) bool {
	a, ok := e.(*exAttr)
	if !ok || a.name != "autocommit_block" {
		return false
	}
	if c, ok := a.x.(*exCall); ok {
		return dotted(c.fn) == "op.get_context"
	}
	return dotted(a.x) == "context"
}

// simple runs one simple statement.
func (in *interp) simple(ll logicalLine) {
	t0 := ll.toks[0]
	if allStrings(ll.toks) {
		return // a docstring
	}
	if t0.kind == tName {
		switch t0.text {
		case "pass", "import", "from", "global", "nonlocal", "assert":
			return
		case "return":
			if len(ll.toks) == 1 || len(ll.toks) == 2 && ll.toks[1].text == "None" {
				return
			}
		}
	}
	if name, a, ok := readAssignment(in.m.src, ll); ok {
		switch v := a.val.(type) {
		case *exCall:
			if n := dotted(v.fn); n == "op.get_bind" || n == "op.get_context().bind" {
				in.binds[name] = true
				return
			}
			if strings.HasPrefix(dotted(v.fn), "op.") {
				in.call(v)
				return
			}
		}
		if isLiteral(a.val) {
			in.consts[name] = a.val
			return
		}
		delete(in.consts, name)
		if firstCall(ll.toks) != nil {
			in.note(t0, "not analysed: `%s` computes a value at run time (%s)", snippet(in.m.src, ll), runtimeKind(in.m.src, ll))
		}
		return
	}
	p := &parser{src: in.m.src, toks: ll.toks}
	e := p.expr()
	if c, ok := e.(*exCall); ok && p.peek() == nil {
		in.call(c)
		return
	}
	if firstCall(ll.toks) != nil {
		in.note(t0, "not analysed: `%s`", snippet(in.m.src, ll))
	}
}

// runtimeKind names what a computed assignment looks like it does.
func runtimeKind(src string, ll logicalLine) string {
	s := snippet(src, ll)
	switch {
	case strings.Contains(s, "Session(") || strings.Contains(s, "sessionmaker"):
		return "an ORM session, whose queries migguard cannot see"
	case strings.Contains(s, ".execute(") || strings.Contains(s, ".query("):
		return "a query result"
	}
	return "a Python value"
}

// call translates one call statement.
func (in *interp) call(c *exCall) {
	name := dotted(c.fn)
	start := c.first()
	defer func() {
		if r := recover(); r != nil {
			u, ok := r.(*untranslatable)
			if !ok {
				in.note(start, "%s %s: %v", internalNote, orText(name, "this call"), r)
				return
			}
			if strings.HasPrefix(name, "op.") || in.isBatch(name) {
				in.note(start, "not analysed: %s: %s", name, u.why)
			} else {
				in.note(start, "not analysed: %s", u.why)
			}
		}
	}()
	var sqls []string
	switch {
	case strings.HasPrefix(name, "op."):
		sqls = in.op(strings.TrimPrefix(name, "op."), c, "", "")
	case strings.Count(name, ".") == 1 && in.batch[strings.Split(name, ".")[0]] != "":
		alias := strings.Split(name, ".")[0]
		sqls = in.op(strings.TrimPrefix(name, alias+"."), c, in.batch[alias], in.batchS[alias])
	case strings.HasSuffix(name, ".execute") && in.binds[strings.TrimSuffix(name, ".execute")] || isBindCall(c.fn):
		sqls = []string{in.sqlText(c.arg(0, "statement"))}
		if len(c.args) > 1 || len(c.kw) > 0 {
			failf("the statement has bound parameters, whose values are only known at run time")
		}
	case name == "print" || strings.HasPrefix(name, "logger.") || strings.HasPrefix(name, "logging.") || strings.HasPrefix(name, "log."):
		return
	case name == "":
		failf("a call migguard does not follow")
	default:
		failf("a call of %s, whose SQL migguard cannot see without running Python", name)
	}
	for _, s := range sqls {
		in.out.stmts = append(in.out.stmts, sqlStmt{sql: s, start: start, end: c.end, autocommit: in.auto, ignores: ignoresBefore(in.m.src, start)})
	}
}

// internalNote starts the note for a call the reader failed on; tests
// check it never appears.
const internalNote = "not analysed: migguard failed to read"

// isBatch reports whether name is a method of a batch_alter_table alias.
func (in *interp) isBatch(name string) bool {
	alias, _, ok := strings.Cut(name, ".")
	return ok && in.batch[alias] != ""
}

// isBindCall reports whether e is op.get_bind().execute.
func isBindCall(e expr) bool {
	a, ok := e.(*exAttr)
	if !ok {
		return false
	}
	c, ok := a.x.(*exCall)
	return ok && a.name == "execute" && dotted(c.fn) == "op.get_bind"
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

// str evaluates a string argument: a literal, a module or local constant,
// or op.f("name").
func (in *interp) str(e expr) (string, error) {
	switch v := e.(type) {
	case nil:
		return "", &untranslatable{"a required argument is missing"}
	case *exStr:
		if v.dynamic {
			return "", &untranslatable{"an f-string, known only at run time"}
		}
		return v.val, nil
	case *exName:
		if c, ok := in.consts[v.tok.text]; ok {
			return in.str(c)
		}
		return "", &untranslatable{"the name " + v.tok.text + " is not a literal"}
	case *exCall:
		if n := dotted(v.fn); (n == "op.f" || n == "sa.text" || n == "text" || n == "sqlalchemy.text" || n == "conv") && len(v.args) == 1 {
			return in.str(v.args[0])
		}
	}
	return "", &untranslatable{describe(in.m.src, e) + " is not a literal"}
}

func (in *interp) mustStr(e expr, what string) string {
	s, err := in.str(e)
	if err != nil {
		failf("%s: %v", what, err)
	}
	return s
}

// optStr evaluates an optional string argument; None and absence give "".
func (in *interp) optStr(e expr) (string, error) {
	if e == nil || isNone(e) {
		return "", nil
	}
	return in.str(e)
}

func (in *interp) mustOptStr(e expr, what string) string {
	s, err := in.optStr(e)
	if err != nil {
		failf("%s: %v", what, err)
	}
	return s
}

func isNone(e expr) bool {
	n, ok := e.(*exName)
	return ok && n.tok.text == "None"
}

// boolArg evaluates an optional boolean; absent or None is def.
func (in *interp) boolArg(e expr, what string, def bool) bool {
	if e == nil || isNone(e) {
		return def
	}
	if n, ok := e.(*exName); ok {
		switch n.tok.text {
		case "True":
			return true
		case "False":
			return false
		}
		if c, ok := in.consts[n.tok.text]; ok {
			return in.boolArg(c, what, def)
		}
	}
	failf("%s is %s, not True or False", what, describe(in.m.src, e))
	return false
}

// strList evaluates a list or tuple of strings (or one string).
func (in *interp) strList(e expr, what string) []string {
	if n, ok := e.(*exName); ok {
		if c, ok := in.consts[n.tok.text]; ok {
			e = c
		}
	}
	switch v := e.(type) {
	case *exSeq:
		if v.other || v.dict != nil {
			failf("%s is not a list of names", what)
		}
		var out []string
		for _, el := range v.elems {
			out = append(out, in.mustStr(el, what))
		}
		return out
	case nil:
		failf("%s is missing", what)
	}
	return []string{in.mustStr(e, what)}
}

// sqlText evaluates the argument of execute: a string or sa.text(string).
func (in *interp) sqlText(e expr) string {
	if c, ok := e.(*exCall); ok {
		n := dotted(c.fn)
		if n == "sa.text" || n == "text" || n == "sqlalchemy.text" || n == "sa.sql.text" {
			if len(c.args) != 1 || len(c.kw) > 0 {
				failf("sa.text with more than the SQL string")
			}
			return in.mustStr(c.args[0], "the SQL")
		}
		failf("the statement is built by %s at run time", orText(n, "a call"))
	}
	return in.mustStr(e, "the SQL")
}
