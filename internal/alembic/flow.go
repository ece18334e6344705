package alembic

import (
	"strings"
)

// tri is a truth value that may be unknown until run time.
type tri int

const (
	unknown tri = iota
	yes
	no
)

func triOf(b bool) tri {
	if b {
		return yes
	}
	return no
}

// truth evaluates a condition: literals, names bound to them, and the
// dialect tests of migrations written for several databases
// (op.get_bind().dialect.name == "postgresql", url.startswith("mysql")),
// which are decided for PostgreSQL. Anything else is unknown.
func (in *interp) truth(e expr) tri {
	in.enter()
	defer in.leave()
	e = in.resolve(e)
	switch v := e.(type) {
	case *exName:
		switch v.tok.text {
		case "True":
			return yes
		case "False", "None":
			return no
		}
	case *exNum:
		return triOf(strings.Trim(v.tok.text, "0._") != "")
	case *exStr:
		if s, err := in.str(v); err == nil {
			return triOf(s != "")
		}
	case *exSeq:
		if !v.other {
			return triOf(len(v.elems)+len(v.dict) > 0)
		}
	case *exUnary:
		if v.op == "not" {
			switch in.truth(v.x) {
			case yes:
				return no
			case no:
				return yes
			}
		}
	case *exBin:
		return in.truthBin(v)
	case *exCall:
		return in.truthCall(v)
	}
	return unknown
}

// truthBin evaluates and, or, comparisons and membership.
func (in *interp) truthBin(v *exBin) tri {
	switch v.op {
	case "and":
		l := in.truth(v.l)
		if l == no {
			return no
		}
		r := in.truth(v.r)
		if l == yes {
			return r
		}
		if r == no {
			return no
		}
		return unknown
	case "or":
		l := in.truth(v.l)
		if l == yes {
			return yes
		}
		r := in.truth(v.r)
		if l == no {
			return r
		}
		if r == yes {
			return yes
		}
		return unknown
	case "==", "!=", "is", "is not":
		l, lok := in.scalar(v.l)
		r, rok := in.scalar(v.r)
		if !lok || !rok {
			return unknown
		}
		return triOf((l == r) == (v.op == "==" || v.op == "is"))
	case "in", "not in":
		t := in.member(v.l, v.r)
		if t != unknown && v.op == "not in" {
			return triOf(t == no)
		}
		return t
	}
	return unknown
}

// member evaluates `x in y` for a tuple or list of literals, a string, or
// the database URL.
func (in *interp) member(x, y expr) tri {
	s, ok := in.scalar(x)
	if !ok {
		return unknown
	}
	if in.isURL(y) {
		return urlContains(s)
	}
	switch c := in.resolve(y).(type) {
	case *exSeq:
		if c.other {
			return unknown
		}
		for _, el := range c.elems {
			v, ok := in.scalar(el)
			if !ok {
				return unknown
			}
			if v == s {
				return yes
			}
		}
		return no
	case *exStr:
		if str, err := in.str(c); err == nil {
			return triOf(strings.Contains(str, s))
		}
	}
	return unknown
}

// scalar evaluates a string, number, boolean or None, and the dialect
// name, as text for comparison.
func (in *interp) scalar(e expr) (string, bool) {
	e = in.resolve(e)
	if d, ok := in.dialectName(e); ok {
		return d, true
	}
	switch v := e.(type) {
	case *exName:
		switch v.tok.text {
		case "None", "True", "False":
			return "\x00" + v.tok.text, true
		}
	case *exNum:
		return v.tok.text, true
	}
	s, err := in.str(e)
	return s, err == nil
}

// truthCall evaluates url.startswith(…), s.startswith(…) and endswith.
func (in *interp) truthCall(c *exCall) tri {
	a, ok := c.fn.(*exAttr)
	if !ok || len(c.args) != 1 || a.name != "startswith" && a.name != "endswith" {
		return unknown
	}
	var prefixes []string
	if s, ok := in.scalar(c.args[0]); ok {
		prefixes = []string{s}
	} else if ss, err := in.strs(c.args[0]); err == nil {
		prefixes = ss
	} else {
		return unknown
	}
	if in.isURL(a.x) || isDriverName(in, a.x) {
		if a.name != "startswith" {
			return unknown
		}
		res := no
		for _, p := range prefixes {
			switch urlPrefix(p) {
			case yes:
				return yes
			case unknown:
				res = unknown
			}
		}
		return res
	}
	s, err := in.str(a.x)
	if err != nil {
		return unknown
	}
	for _, p := range prefixes {
		if a.name == "startswith" && strings.HasPrefix(s, p) || a.name == "endswith" && strings.HasSuffix(s, p) {
			return yes
		}
	}
	return no
}

// isDriverName reports whether e is url.drivername of the database URL.
func isDriverName(in *interp, e expr) bool {
	a, ok := e.(*exAttr)
	return ok && a.name == "drivername" && in.isURL(a.x)
}

// otherDialects are the URL schemes of the databases other than
// PostgreSQL that migrations test for.
var otherDialects = []string{"mysql", "mariadb", "sqlite", "mssql", "oracle", "cockroach", "firebird", "sybase"}

// urlPrefix says whether a PostgreSQL URL starts with p.
func urlPrefix(p string) tri {
	switch {
	case strings.HasPrefix("postgresql", p), strings.HasPrefix("postgres", p):
		return yes
	case strings.HasPrefix(p, "postgresql+") || strings.HasPrefix(p, "postgresql:"):
		return unknown // the driver or the rest of the URL
	}
	for _, o := range otherDialects {
		if strings.HasPrefix(p, o) {
			return no
		}
	}
	return unknown
}

// urlContains says whether a PostgreSQL URL contains s.
func urlContains(s string) tri {
	if s == "postgres" || s == "postgresql" {
		return yes
	}
	for _, o := range otherDialects {
		if s == o {
			return no
		}
	}
	return unknown
}

// ifStmt runs the branch of an if/elif/else chain whose condition is
// decided statically; false when a condition is only known at run time.
func (in *interp) ifStmt(cs []clause) bool {
	for _, c := range cs {
		kw := c.header.toks[0].text
		if kw == "else" {
			in.block(c.body)
			return true
		}
		if kw != "if" && kw != "elif" {
			return false
		}
		colon := headerColon(c.header.toks)
		if colon < 0 {
			return false
		}
		p := &parser{src: in.m.src, toks: c.header.toks[1:colon]}
		cond := p.expr()
		switch in.truth(cond) {
		case unknown:
			return false
		case yes:
			in.block(c.body)
			return true
		}
	}
	return true
}

// maxUnrolled bounds the iterations of the loops the reader unrolls.
const maxUnrolled = 256

// forStmt unrolls `for x in <literal values>:` (a tuple or list of
// literals, a name bound to one, dict.items(), range(), enumerate(),
// zip()) whose body neither breaks nor returns; false for other loops.
func (in *interp) forStmt(header logicalLine, body []logicalLine) bool {
	colon := headerColon(header.toks)
	inAt := -1
	for i, t := range header.toks[:max(colon, 0)] {
		if t.kind == tName && t.text == "in" {
			inAt = i
			break
		}
	}
	if colon < 0 || inAt < 2 || in.depth > 8 || hasJump(body) {
		return false
	}
	targets := loopTargets(header.toks[1:inAt])
	p := &parser{src: in.m.src, toks: header.toks[inAt+1 : colon]}
	items, ok := in.iterate(p.expr())
	if !ok || targets == nil || len(items) > maxUnrolled {
		return false
	}
	for _, it := range items {
		vals := []expr{it}
		if len(targets) > 1 {
			seq, ok := in.resolve(it).(*exSeq)
			if !ok || len(seq.elems) != len(targets) {
				return false
			}
			vals = seq.elems
		}
		for i, t := range targets {
			in.unbind(t)
			in.vars[t] = in.materialize(vals[i])
		}
		in.depth++
		in.block(body)
		in.depth--
	}
	return true
}

// loopTargets returns the names a for loop binds: `x`, `a, b`, `(a, b)`.
func loopTargets(toks []token) []string {
	var out []string
	for _, t := range toks {
		switch {
		case t.kind == tName:
			out = append(out, t.text)
		case t.kind == tOp && (t.text == "," || t.text == "(" || t.text == ")"):
		default:
			return nil
		}
	}
	return out
}

// hasJump reports whether a loop body breaks, continues, returns or
// yields: the reader does not unroll such loops.
func hasJump(body []logicalLine) bool {
	for _, ll := range body {
		for _, t := range ll.toks {
			if t.kind == tName && (t.text == "break" || t.text == "continue" || t.text == "return" || t.text == "yield") {
				return true
			}
		}
	}
	return false
}

// iterate evaluates what a for loop iterates over, as expressions.
func (in *interp) iterate(e expr) ([]expr, bool) {
	in.enter()
	defer in.leave()
	e = in.resolve(e)
	switch v := e.(type) {
	case *exSeq:
		if v.other {
			return nil, false
		}
		if v.dict != nil {
			var keys []expr
			for _, kv := range v.dict {
				keys = append(keys, kv.k)
			}
			return keys, true
		}
		return v.elems, true
	case *exCall:
		return in.iterateCall(v)
	}
	return nil, false
}

// iterateCall evaluates d.items(), d.keys(), d.values(), range(),
// enumerate(), zip(), sorted(), list() and tuple() over literal values.
func (in *interp) iterateCall(c *exCall) ([]expr, bool) {
	if a, ok := c.fn.(*exAttr); ok && len(c.args) == 0 {
		d, ok := in.resolve(a.x).(*exSeq)
		if !ok || d.other || d.open.text != "{" {
			return nil, false
		}
		var out []expr
		for _, kv := range d.dict {
			switch a.name {
			case "items":
				out = append(out, &exSeq{open: d.open, elems: []expr{kv.k, kv.v}})
			case "keys":
				out = append(out, kv.k)
			case "values":
				out = append(out, kv.v)
			default:
				return nil, false
			}
		}
		return out, true
	}
	switch dotted(c.fn) {
	case "range":
		return in.rangeOf(c)
	case "sorted", "list", "tuple", "reversed":
		if len(c.args) != 1 || len(c.kw) > 0 {
			return nil, false
		}
		items, ok := in.iterate(c.args[0])
		if ok && dotted(c.fn) == "reversed" {
			for i, j := 0, len(items)-1; i < j; i, j = i+1, j-1 {
				items[i], items[j] = items[j], items[i]
			}
		}
		if ok && dotted(c.fn) == "sorted" {
			return in.sorted(items)
		}
		return items, ok
	case "enumerate", "zip":
		return in.zipOf(c)
	}
	return nil, false
}

// rangeOf evaluates range(n) and range(a, b).
func (in *interp) rangeOf(c *exCall) ([]expr, bool) {
	var bounds []int
	for _, a := range c.args {
		n, ok := in.resolve(a).(*exNum)
		if !ok {
			return nil, false
		}
		v := 0
		for _, ch := range n.tok.text {
			if ch < '0' || ch > '9' {
				return nil, false
			}
			v = v*10 + int(ch-'0')
		}
		bounds = append(bounds, v)
	}
	lo, hi := 0, 0
	switch len(bounds) {
	case 1:
		hi = bounds[0]
	case 2:
		lo, hi = bounds[0], bounds[1]
	default:
		return nil, false
	}
	if hi-lo > maxUnrolled {
		return nil, false
	}
	var out []expr
	for i := lo; i < hi; i++ {
		out = append(out, &exNum{tok: token{kind: tNumber, text: itoa(i), off: c.first().off, line: c.first().line}})
	}
	return out, true
}

// zipOf evaluates enumerate(seq) and zip(a, b, …).
func (in *interp) zipOf(c *exCall) ([]expr, bool) {
	var cols [][]expr
	if dotted(c.fn) == "enumerate" {
		if len(c.args) != 1 {
			return nil, false
		}
		items, ok := in.iterate(c.args[0])
		if !ok {
			return nil, false
		}
		idx, _ := in.rangeOf(&exCall{fn: c.fn, args: []expr{&exNum{tok: token{kind: tNumber, text: itoa(len(items))}}}})
		cols = [][]expr{idx, items}
	} else {
		for _, a := range c.args {
			items, ok := in.iterate(a)
			if !ok {
				return nil, false
			}
			cols = append(cols, items)
		}
	}
	n := -1
	for _, col := range cols {
		if n < 0 || len(col) < n {
			n = len(col)
		}
	}
	var out []expr
	for i := 0; i < n; i++ {
		t := &exSeq{open: token{kind: tOp, text: "("}}
		for _, col := range cols {
			t.elems = append(t.elems, col[i])
		}
		out = append(out, t)
	}
	return out, true
}

// sorted sorts literal strings; other values are not sorted.
func (in *interp) sorted(items []expr) ([]expr, bool) {
	keys := make([]string, len(items))
	for i, it := range items {
		s, err := in.str(it)
		if err != nil {
			return nil, false
		}
		keys[i] = s
	}
	out := append([]expr(nil), items...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out, true
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	neg := i < 0
	if neg {
		i = -i
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	if neg {
		b = append([]byte{'-'}, b...)
	}
	return string(b)
}

// inline runs a module-level helper function called with arguments the
// reader evaluates (literals, the connection), as if its body were
// written at the call; false when it cannot.
func (in *interp) inline(name string, f block, c *exCall) bool {
	if in.depth > 8 || c.star {
		return false
	}
	params, ok := funcParams(in.m.src, f.header)
	if !ok || len(c.args) > len(params) {
		return false
	}
	bound := map[string]expr{}
	for i, a := range c.args {
		bound[params[i].name] = in.materialize(a)
	}
	for _, k := range c.kw {
		bound[k.name] = in.materialize(k.val)
	}
	for _, p := range params {
		if _, ok := bound[p.name]; !ok {
			if p.def == nil {
				return false
			}
			bound[p.name] = p.def
		}
	}
	binds := map[string]bool{}
	for n, v := range bound {
		switch {
		case in.isBind(v):
			binds[n] = true
		case !in.static(v):
			return false
		}
	}
	if !in.inlined[name] {
		in.inlined[name] = true
		in.out.ops += countOps(f.body)
	}
	in.scope(func() {
		for n, v := range bound {
			in.unbind(n)
			if binds[n] {
				in.binds[n] = true
			} else {
				in.vars[n] = v
			}
		}
		in.block(f.body)
		in.returned = false // the helper's return ends the helper only
	})
	return true
}

// param is a parameter of a def, with its default.
type param struct {
	name string
	def  expr
}

// funcParams reads the parameters of `def name(a, b=1, *, c=None):`;
// false for *args and **kwargs.
func funcParams(src string, header logicalLine) ([]param, bool) {
	toks := header.toks
	open := -1
	for i, t := range toks {
		if t.kind == tOp && t.text == "(" {
			open = i
			break
		}
	}
	if open < 0 {
		return nil, false
	}
	p := &parser{src: src, toks: toks, i: open + 1}
	var out []param
	for p.peek() != nil && !p.isOp(")") {
		t := p.peek()
		switch {
		case p.isOp("*") && p.i+1 < len(toks) && toks[p.i+1].text == ",":
			p.i += 2 // keyword-only marker
			continue
		case p.isOp("/"):
			p.i++
		case t.kind != tName:
			return nil, false
		default:
			p.i++
			pr := param{name: t.text}
			if p.isOp(":") {
				p.i++
				p.expr()
			}
			if p.isOp("=") {
				p.i++
				pr.def = p.expr()
			}
			out = append(out, pr)
		}
		if p.isOp(",") {
			p.i++
		}
	}
	return out, true
}

// with runs the with blocks Alembic defines: autocommit_block() of the
// migration context (however it is named) and batch_alter_table(); false
// for other context managers.
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
	if a, ok := call.fn.(*exAttr); ok && a.name == "autocommit_block" && in.isContext(a.x) {
		saved := in.auto
		in.auto = true
		in.block(body)
		in.auto = saved
		return true
	}
	if dotted(call.fn) == "op.batch_alter_table" {
		return in.batchBlock(call, alias, ll, body)
	}
	return false
}

// isExecute reports whether fn is the execute method of the connection
// or of the migration context.
func (in *interp) isExecute(fn expr) bool {
	a, ok := fn.(*exAttr)
	return ok && (a.name == "execute" || a.name == "exec_driver_sql") && (in.isBind(a.x) || in.isContext(a.x))
}
