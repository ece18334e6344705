package alembic

import (
	"strings"
)

// sqlModules are the import roots whose calls build SQLAlchemy constructs
// (types, columns, clauses) rather than run anything.
var sqlModules = map[string]bool{"sa": true, "sqlalchemy": true, "postgresql": true, "pg": true, "psql": true, "postgres": true,
	"geoalchemy2": true, "ga": true, "sqlalchemy_utils": true, "su": true, "sqlmodel": true, "sqltypes": true, "types": true,
	"dialects": true, "sql": true, "schema": true, "expression": true, "func": true, "op": true}

// runtimeCalls are SQLAlchemy calls that talk to the database or build
// sessions: their results are only known at run time.
var runtimeCalls = map[string]bool{"Session": true, "sessionmaker": true, "scoped_session": true, "inspect": true,
	"from_engine": true, "create_engine": true, "reflect": true, "execute": true, "scalar": true, "scalars": true,
	"fetchall": true, "fetchone": true, "first": true, "all": true, "one": true, "query": true, "connect": true, "begin": true,
	"get_bind": true, "get_context": true, "has_table": true, "get_columns": true, "get_indexes": true, "get_table_names": true}

// bindModule binds a module-level name when its value is static.
func (in *interp) bindModule(name string, val expr) {
	in.safely(func() {
		if in.static(val) {
			in.vars[name] = val
		}
	})
}

// safely runs f, and reports false when a value it evaluates cannot be
// followed (the panic of failf, dynamicf or too deep an evaluation).
func (in *interp) safely(f func()) (ok bool) {
	defer func() {
		if r := recover(); r != nil {
			if _, isU := r.(*untranslatable); !isU {
				panic(r)
			}
			ok = false
		}
	}()
	f()
	return true
}

// resolve follows names bound to static values, and evaluates
// comprehensions and subscripts of literal values.
func (in *interp) resolve(e expr) expr {
	for i := 0; i < 20; i++ {
		switch v := e.(type) {
		case *exName:
			b, ok := in.vars[v.tok.text]
			if !ok {
				return e
			}
			e = b
		case *exSeq:
			if v.comp == nil {
				return e
			}
			x, ok := in.expandComp(v)
			if !ok {
				return e
			}
			return x
		case *exIndex:
			x := in.index(v)
			if x == nil {
				return e
			}
			e = x
		case *exCond:
			switch in.truth(v.cond) {
			case yes:
				e = v.then
			case no:
				e = v.alt
			default:
				return e
			}
		default:
			return e
		}
	}
	return e
}

// static reports whether the reader can evaluate e where it is used:
// literals, f-strings of such, SQLAlchemy constructs (calls of the
// sqlalchemy modules, of imported classes such as types, and methods of
// static values), and operations on them. A call that reads the database,
// or an argument that is the connection or a run-time value, is not.
func (in *interp) static(e expr) bool {
	in.enter()
	defer in.leave()
	switch v := e.(type) {
	case *exStr:
		if !v.dynamic {
			return true
		}
		_, err := in.fstring(v)
		return err == nil
	case *exNum:
		return true
	case *exName:
		switch v.tok.text {
		case "None", "True", "False":
			return true
		}
		_, ok := in.vars[v.tok.text]
		_, class := in.m.classes[v.tok.text]
		return ok || class || in.imported(v.tok.text) && isClassName(v.tok.text)
	case *exSeq:
		if v.comp != nil {
			_, ok := in.expandComp(v)
			return ok
		}
		if v.other {
			return false
		}
		for _, el := range v.elems {
			if !in.static(el) {
				return false
			}
		}
		for _, kv := range v.dict {
			if !in.static(kv.k) || !in.static(kv.v) {
				return false
			}
		}
		return true
	case *exBin:
		return in.static(v.l) && in.static(v.r)
	case *exUnary:
		return in.static(v.x)
	case *exAttr:
		return in.staticRoot(v)
	case *exCall:
		return in.staticCall(v)
	case *exIndex:
		return in.index(v) != nil && in.static(in.index(v))
	case *exCond:
		r := in.resolve(v)
		_, still := r.(*exCond)
		return !still && in.static(r)
	}
	return false
}

// staticRoot reports whether an attribute chain starts at a static value
// or a SQLAlchemy module (sa.Integer, t.c.name).
func (in *interp) staticRoot(e expr) bool {
	for {
		switch v := e.(type) {
		case *exAttr:
			e = v.x
			continue
		case *exName:
			if sqlModules[v.tok.text] && !in.binds[v.tok.text] {
				return true
			}
			_, ok := in.vars[v.tok.text]
			return ok || in.imported(v.tok.text) && isClassName(v.tok.text)
		case *exCall:
			return in.staticCall(v)
		}
		return false
	}
}

// staticCall reports whether a call builds a construct.
func (in *interp) staticCall(c *exCall) bool {
	if c.star {
		return false
	}
	for _, a := range c.args {
		if !in.static(a) && !isLambda(a) {
			return false
		}
	}
	for _, k := range c.kw {
		if !in.static(k.val) && !isLambda(k.val) && k.name != "bind" {
			return false
		}
	}
	name := dotted(c.fn)
	last := lastName(c.fn)
	if runtimeCalls[last] {
		return false
	}
	switch name {
	case "op.f", "op.inline_literal", "conv", "str", "int", "list", "tuple", "sorted", "dict", "range", "len", "enumerate", "zip":
		return true
	}
	if name == "" {
		// A method of a construct: t.update().where(…), sa.text(…).bindparams(…).
		if a, ok := c.fn.(*exAttr); ok {
			return in.static(a.x)
		}
		return false
	}
	root, _, _ := strings.Cut(name, ".")
	if in.binds[root] || in.contexts[root] || in.urls[root] {
		return false
	}
	if _, ok := in.runtime[root]; ok {
		return false
	}
	if sqlModules[root] || in.sqlImport(root) {
		return true
	}
	if _, ok := in.vars[root]; ok && strings.Contains(name, ".") {
		return true // a method of a construct bound to a name
	}
	if _, ok := in.m.classes[root]; ok {
		return true
	}
	return in.imported(root) && isClassName(last)
}

func isLambda(e expr) bool {
	o, ok := e.(*exOther)
	return ok && strings.HasPrefix(o.text, "lambda")
}

// isClassName reports whether a name looks like a class (TZDateTime,
// Geometry): a constructor, not a function that computes something.
func isClassName(n string) bool { return n != "" && n[0] >= 'A' && n[0] <= 'Z' }

// imported reports whether the module imports the name (at its top or in
// the function being read).
func (in *interp) imported(name string) bool {
	for _, im := range in.allImports() {
		for _, n := range im.names {
			if n == name {
				return true
			}
		}
	}
	return false
}

// sqlImport reports whether the name is imported from a SQLAlchemy module
// (from sqlalchemy import Column, from sqlalchemy.dialects import
// postgresql).
func (in *interp) sqlImport(name string) bool {
	for _, im := range in.allImports() {
		root, _, _ := strings.Cut(im.module, ".")
		if !sqlModules[root] && root != "alembic" {
			continue
		}
		for _, n := range im.names {
			if n == name && !runtimeCalls[n] {
				return true
			}
		}
	}
	return false
}

// importedFrom returns the module a name is imported from, "" if none.
func (in *interp) importedFrom(name string) string {
	for _, im := range in.allImports() {
		for _, n := range im.names {
			if n == name {
				return im.module
			}
		}
	}
	return ""
}

func (in *interp) allImports() []importStmt {
	if in.out == nil {
		return in.m.imports
	}
	return append(in.m.imports[:len(in.m.imports):len(in.m.imports)], in.out.imports...)
}

// isBind reports whether e is the connection: op.get_bind(),
// op.get_context().bind or .connection, context.get_bind(), or a name
// bound to one of these.
func (in *interp) isBind(e expr) bool {
	switch v := e.(type) {
	case *exName:
		return in.binds[v.tok.text]
	case *exCall:
		n := dotted(v.fn)
		if n == "op.get_bind" || n == "context.get_bind" {
			return true
		}
		if a, ok := v.fn.(*exAttr); ok && (a.name == "connect" || a.name == "get_bind") && in.isBind(a.x) {
			return true
		}
	case *exAttr:
		if v.name == "bind" || v.name == "connection" {
			return in.isContext(v.x)
		}
	}
	return false
}

// isContext reports whether e is the migration context: op.get_context(),
// context.get_context(), or a name bound to one.
func (in *interp) isContext(e expr) bool {
	switch v := e.(type) {
	case *exName:
		return in.contexts[v.tok.text] || v.tok.text == "context"
	case *exCall:
		n := dotted(v.fn)
		return n == "op.get_context" || n == "context.get_context"
	case *exAttr:
		return v.name == "migration_context" && dotted(v.x) == "op"
	}
	return false
}

// isURL reports whether e is the database URL: bind.engine.url, bind.url,
// str() of one, or a name bound to one.
func (in *interp) isURL(e expr) bool {
	switch v := e.(type) {
	case *exName:
		return in.urls[v.tok.text]
	case *exCall:
		if dotted(v.fn) == "str" && len(v.args) == 1 {
			return in.isURL(v.args[0])
		}
		if a, ok := v.fn.(*exAttr); ok && a.name == "render_as_string" {
			return in.isURL(a.x)
		}
	case *exAttr:
		if v.name == "url" {
			if a, ok := v.x.(*exAttr); ok && a.name == "engine" {
				return in.isBind(a.x)
			}
			return in.isBind(v.x)
		}
	}
	return false
}

// dialectName returns "postgresql" for the name of the dialect
// migguard reads for: bind.dialect.name, bind.engine.name,
// op.get_context().dialect.name, bind.engine.dialect.name.
func (in *interp) dialectName(e expr) (string, bool) {
	a, ok := e.(*exAttr)
	if !ok || a.name != "name" {
		return "", false
	}
	switch x := a.x.(type) {
	case *exAttr:
		switch x.name {
		case "dialect":
			if in.isBind(x.x) || in.isContext(x.x) {
				return "postgresql", true
			}
			if e, ok := x.x.(*exAttr); ok && e.name == "engine" && in.isBind(e.x) {
				return "postgresql", true
			}
		case "engine":
			if in.isBind(x.x) {
				return "postgresql", true
			}
		}
	}
	return "", false
}

// str evaluates a string argument: a literal, a name bound to one, an
// f-string, concatenation and formatting of those, op.f("name").
func (in *interp) str(e expr) (string, error) {
	in.enter()
	defer in.leave()
	e = in.resolve(e)
	switch v := e.(type) {
	case nil:
		return "", &untranslatable{why: "a required argument is missing"}
	case *exStr:
		if v.bytes {
			return "", &untranslatable{why: "a bytes literal"}
		}
		if v.dynamic {
			return in.fstring(v)
		}
		return v.val, nil
	case *exName:
		if _, ok := in.runtime[v.tok.text]; ok {
			return "", &untranslatable{why: "the name " + v.tok.text + " holds a value computed at run time", dynamic: true}
		}
		return "", &untranslatable{why: "the name " + v.tok.text + " is not a literal", dynamic: true}
	case *exBin:
		return in.strOp(v)
	case *exCall:
		if s, ok, err := in.strCall(v); ok {
			return s, err
		}
	}
	return "", &untranslatable{why: describe(in.m.src, e) + " is not a literal", dynamic: true}
}

// strOp evaluates "a" + "b" and "…%s…" % value.
func (in *interp) strOp(v *exBin) (string, error) {
	switch v.op {
	case "+":
		l, err := in.str(v.l)
		if err != nil {
			return "", err
		}
		r, err := in.str(v.r)
		return l + r, err
	case "%":
		f, err := in.str(v.l)
		if err != nil {
			return "", err
		}
		var args []expr
		if s, ok := in.resolve(v.r).(*exSeq); ok && s.open.text == "(" && !s.other {
			args = s.elems
		} else {
			args = []expr{v.r}
		}
		return in.percent(f, args)
	}
	return "", &untranslatable{why: "`" + v.text + "` is not a literal", dynamic: true}
}

// percent formats "…%s…" % args with %s and %d only.
func (in *interp) percent(f string, args []expr) (string, error) {
	var b strings.Builder
	for i := 0; i < len(f); i++ {
		if f[i] != '%' || i+1 >= len(f) {
			b.WriteByte(f[i])
			continue
		}
		i++
		switch f[i] {
		case '%':
			b.WriteByte('%')
		case 's', 'd', 'r':
			if len(args) == 0 {
				return "", &untranslatable{why: "a %-format with too few values"}
			}
			s, err := in.text(args[0])
			if err != nil {
				return "", err
			}
			if f[i] == 'r' {
				s = "'" + s + "'"
			}
			b.WriteString(s)
			args = args[1:]
		default:
			return "", &untranslatable{why: "a %-format migguard does not evaluate", dynamic: true}
		}
	}
	return b.String(), nil
}

// text evaluates a value as Python's str() would: strings and numbers.
func (in *interp) text(e expr) (string, error) {
	if n, ok := in.resolve(e).(*exNum); ok {
		return n.tok.text, nil
	}
	return in.str(e)
}

// strCall evaluates op.f("x"), conv("x"), sa.text("x"), str("x"),
// "…".format(…), "sep".join([…]) and .lower()/.upper()/.strip().
func (in *interp) strCall(v *exCall) (string, bool, error) {
	switch n := dotted(v.fn); n {
	case "op.f", "conv", "sa.text", "text", "sqlalchemy.text", "sa.sql.text", "str", "sa.literal_column", "literal_column", "op.inline_literal":
		if len(v.args) == 1 {
			s, err := in.text(v.args[0])
			return s, true, err
		}
	}
	a, ok := v.fn.(*exAttr)
	if !ok {
		return "", false, nil
	}
	switch a.name {
	case "format":
		f, err := in.str(a.x)
		if err != nil {
			return "", true, err
		}
		s, err := in.format(f, v)
		return s, true, err
	case "join":
		sep, err := in.str(a.x)
		if err != nil || len(v.args) != 1 {
			return "", true, err
		}
		parts, err := in.strs(v.args[0])
		return strings.Join(parts, sep), true, err
	case "lower", "upper", "strip":
		s, err := in.str(a.x)
		switch a.name {
		case "lower":
			s = strings.ToLower(s)
		case "upper":
			s = strings.ToUpper(s)
		default:
			s = strings.TrimSpace(s)
		}
		return s, true, err
	}
	return "", false, nil
}

// format evaluates "{} {name}".format(args, name=…) without format specs.
func (in *interp) format(f string, c *exCall) (string, error) {
	var b strings.Builder
	next := 0
	for i := 0; i < len(f); i++ {
		switch {
		case strings.HasPrefix(f[i:], "{{"):
			b.WriteByte('{')
			i++
		case strings.HasPrefix(f[i:], "}}"):
			b.WriteByte('}')
			i++
		case f[i] == '{':
			j := strings.IndexByte(f[i:], '}')
			if j < 0 {
				return "", &untranslatable{why: "a format string with an unclosed {"}
			}
			field := f[i+1 : i+j]
			var arg expr
			switch {
			case field == "":
				arg = c.arg(next, "")
				next++
			case field[0] >= '0' && field[0] <= '9':
				arg = c.arg(int(field[0]-'0'), "")
			default:
				arg = c.kwArg(field)
			}
			if arg == nil {
				return "", &untranslatable{why: "a format field {" + field + "} migguard does not evaluate", dynamic: true}
			}
			s, err := in.text(arg)
			if err != nil {
				return "", err
			}
			b.WriteString(s)
			i += j
		default:
			b.WriteByte(f[i])
		}
	}
	return b.String(), nil
}

// strs evaluates a list or tuple of strings.
func (in *interp) strs(e expr) ([]string, error) {
	s, ok := in.resolve(e).(*exSeq)
	if !ok || s.other || s.dict != nil {
		return nil, &untranslatable{why: describe(in.m.src, e) + " is not a list of strings", dynamic: true}
	}
	var out []string
	for _, el := range s.elems {
		v, err := in.text(el)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// fstring evaluates an f-string whose fields are names or expressions
// the reader evaluates, without format specs.
func (in *interp) fstring(s *exStr) (string, error) {
	var b strings.Builder
	for _, part := range s.parts {
		if !part.dynamic {
			b.WriteString(part.val)
			continue
		}
		v := part.val
		for i := 0; i < len(v); i++ {
			switch {
			case strings.HasPrefix(v[i:], "{{"):
				b.WriteByte('{')
				i++
			case strings.HasPrefix(v[i:], "}}"):
				b.WriteByte('}')
				i++
			case v[i] == '{':
				j := matchingBrace(v, i)
				if j < 0 {
					return "", &untranslatable{why: "an f-string migguard does not read"}
				}
				val, err := in.fstringField(v[i+1 : j])
				if err != nil {
					return "", err
				}
				b.WriteString(val)
				i = j
			default:
				b.WriteByte(v[i])
			}
		}
	}
	return b.String(), nil
}

// matchingBrace returns the index of the } that closes the { at i.
func matchingBrace(s string, i int) int {
	depth := 0
	for j := i; j < len(s); j++ {
		switch s[j] {
		case '{', '[', '(':
			depth++
		case '}', ']', ')':
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}

// fstringField evaluates the expression of one f-string field.
func (in *interp) fstringField(field string) (string, error) {
	if i := strings.LastIndexAny(field, "!:"); i >= 0 && !strings.ContainsAny(field[i:], "'\"()[]") {
		return "", &untranslatable{why: "an f-string field with a conversion or format spec", dynamic: true}
	}
	lines, err := tokenize(field)
	if err != nil || len(lines) != 1 {
		return "", &untranslatable{why: "an f-string field migguard does not read", dynamic: true}
	}
	p := &parser{src: field, toks: lines[0].toks}
	e := p.expr()
	if p.peek() != nil {
		return "", &untranslatable{why: "an f-string field migguard does not read", dynamic: true}
	}
	s, serr := in.text(e)
	if serr != nil {
		return "", &untranslatable{why: "an f-string whose field {" + field + "} is only known at run time", dynamic: true}
	}
	return s, nil
}

func (in *interp) mustStr(e expr, what string) string {
	s, err := in.str(e)
	if err != nil {
		in.fail(err, what)
	}
	return s
}

// fail stops the call for an evaluation error, keeping whether it was a
// run-time value.
func (in *interp) fail(err error, what string) {
	if u, ok := err.(*untranslatable); ok && u.dynamic {
		dynamicf("%s: %v", what, err)
	}
	failf("%s: %v", what, err)
}

// optStr evaluates an optional string argument; None and absence give "".
func (in *interp) optStr(e expr) (string, error) {
	if e == nil || isNone(in.resolve(e)) {
		return "", nil
	}
	return in.str(e)
}

func (in *interp) mustOptStr(e expr, what string) string {
	s, err := in.optStr(e)
	if err != nil {
		in.fail(err, what)
	}
	return s
}

func isNone(e expr) bool {
	n, ok := e.(*exName)
	return ok && n.tok.text == "None"
}

// boolArg evaluates an optional boolean; absent or None is def.
func (in *interp) boolArg(e expr, what string, def bool) bool {
	if e == nil {
		return def
	}
	e = in.resolve(e)
	if isNone(e) {
		return def
	}
	switch in.truth(e) {
	case yes:
		return true
	case no:
		return false
	}
	failf("%s is %s, not True or False", what, describe(in.m.src, e))
	return false
}

// strList evaluates a list or tuple of strings (or one string).
func (in *interp) strList(e expr, what string) []string {
	e = in.resolve(e)
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
