package alembic

import "strings"

// expr is a Python expression as far as the static reader understands it.
// Anything beyond literals, names, attribute access, calls, subscripts and
// displays is an *exOther holding its source text.
type expr interface{ first() token }

type (
	exName struct{ tok token } // an identifier, including None, True and False
	exStr  struct {
		tok token
		val string // implicitly concatenated value
		// dynamic is true for an f-string part; bytes for b"".
		dynamic, bytes bool
		// parts are the literals implicitly concatenated.
		parts []token
	}
	exNum  struct{ tok token }
	exAttr struct {
		x    expr
		name string
	}
	exCall struct {
		fn   expr
		args []expr
		kw   []kwarg
		// star is true when *args or **kwargs are passed; stars are the
		// indexes of the *args among args.
		star  bool
		stars []int
		end   token // the closing parenthesis
	}
	exIndex struct {
		x   expr
		idx []token
	}
	exSeq struct {
		open  token // "(", "[" or "{"
		elems []expr
		// dict holds key/value pairs of a {k: v} display.
		dict []kwpair
		// other is true for a display the reader does not follow.
		other bool
		// comp is the comprehension of [x for x in y] (and its set, dict
		// and generator forms), nil for a display.
		comp *comprehension
	}
	exOther struct {
		tok  token
		text string
	}
	// exBin is a binary operation; text is its source.
	exBin struct {
		tok  token // the operator
		op   string
		l, r expr
		text string
	}
	// exCond is `then if cond else alt`.
	exCond struct {
		tok             token // the if
		then, cond, alt expr
		text            string
	}
	// exUnary is not, unary minus, plus or inversion.
	exUnary struct {
		tok  token // the operator
		op   string
		x    expr
		text string
	}
)

type kwarg struct {
	name string
	val  expr
	tok  token
}

type kwpair struct{ k, v expr }

func (e *exName) first() token  { return e.tok }
func (e *exStr) first() token   { return e.tok }
func (e *exNum) first() token   { return e.tok }
func (e *exAttr) first() token  { return e.x.first() }
func (e *exCall) first() token  { return e.fn.first() }
func (e *exIndex) first() token { return e.x.first() }
func (e *exSeq) first() token   { return e.open }
func (e *exOther) first() token { return e.tok }
func (e *exBin) first() token   { return e.l.first() }
func (e *exUnary) first() token { return e.tok }
func (e *exCond) first() token  { return e.then.first() }

// parser reads expressions from the tokens of one logical line.
type parser struct {
	src  string
	toks []token
	i    int
}

func (p *parser) peek() *token {
	if p.i < len(p.toks) {
		return &p.toks[p.i]
	}
	return nil
}

func (p *parser) isOp(s string) bool {
	t := p.peek()
	return t != nil && t.kind == tOp && t.text == s
}

// stopAt says whether the next token ends an expression.
func (p *parser) atEnd() bool {
	t := p.peek()
	if t == nil {
		return true
	}
	if t.kind == tOp {
		switch t.text {
		case ",", ")", "]", "}", ":", "=", ";", "+=", "-=", "->", ":=":
			return true
		}
	}
	if t.kind == tName {
		switch t.text {
		case "as", "for", "in":
			return true
		}
	}
	return false
}

// expr parses one expression: operators with Python's precedence
// (exBin, exUnary); a conditional expression, a lambda, a starred or
// awaited expression, or anything the reader does not follow becomes an
// exOther spanning the tokens up to the next delimiter at this depth.
func (p *parser) expr() expr {
	start := p.i
	if p.atEnd() {
		t := token{line: p.lineHere()}
		if pt := p.peek(); pt != nil {
			t = *pt
		}
		return &exOther{tok: t, text: ""}
	}
	var e expr
	if t := p.peek(); !(t.kind == tOp && (t.text == "*" || t.text == "**") ||
		t.kind == tName && (t.text == "lambda" || t.text == "await" || t.text == "yield")) {
		e = p.orTest()
		if t := p.peek(); e != nil && t != nil && t.kind == tName && t.text == "if" {
			e = p.conditional(e, start)
		}
	}
	if e != nil && p.atEnd() {
		return e
	}
	// Something else follows: skip to the end of this expression.
	p.i = start
	for !p.atEnd() || p.isOp(":") && p.lambdaBefore(start) {
		p.skipOne()
	}
	return p.other(start)
}

// conditional reads the rest of `then if cond else alt`.
func (p *parser) conditional(then expr, start int) expr {
	tok := p.toks[p.i]
	p.i++
	cond := p.orTest()
	if t := p.peek(); cond == nil || t == nil || t.kind != tName || t.text != "else" {
		return nil
	}
	p.i++
	alt := p.expr()
	if _, bad := alt.(*exOther); bad {
		return nil
	}
	return &exCond{tok: tok, then: then, cond: cond, alt: alt, text: p.spanText(p.toks[start].off)}
}

// other returns the tokens from start to the parser's position as an
// exOther.
func (p *parser) other(start int) *exOther {
	end := len(p.src)
	if p.i < len(p.toks) {
		end = p.toks[p.i].off
	}
	t := p.toks[start]
	return &exOther{tok: t, text: strings.TrimSpace(p.src[t.off:end])}
}

// binaryLevels are Python's binary operators, loosest first, from
// `or` down to the multiplicative ones; comparisons include `in`,
// `not in`, `is` and `is not`.
var binaryLevels = [][]string{
	{"or"}, {"and"}, nil, // not: unary, handled by notTest
	{"<", ">", "==", ">=", "<=", "!=", "in", "not in", "is", "is not"},
	{"|"}, {"^"}, {"&"}, {"<<", ">>"}, {"+", "-"}, {"*", "/", "//", "%", "@"},
}

func (p *parser) orTest() expr { return p.binary(0) }

// binary parses the operators of binaryLevels[level] and tighter.
func (p *parser) binary(level int) expr {
	if level == len(binaryLevels) {
		return p.factor()
	}
	if binaryLevels[level] == nil {
		if t := p.peek(); t != nil && t.kind == tName && t.text == "not" {
			p.i++
			x := p.binary(level)
			if x == nil {
				return nil
			}
			return &exUnary{tok: *t, op: "not", x: x, text: p.spanText(t.off)}
		}
		return p.binary(level + 1)
	}
	start := p.i
	l := p.binary(level + 1)
	for l != nil {
		op, n := p.binaryOp(binaryLevels[level])
		if op == "" {
			break
		}
		tok := p.toks[p.i]
		p.i += n
		r := p.binary(level + 1)
		if r == nil {
			return nil
		}
		l = &exBin{tok: tok, op: op, l: l, r: r, text: p.spanText(p.toks[start].off)}
	}
	return l
}

// binaryOp returns the operator of ops at the parser's position and the
// number of tokens it takes ("not in" and "is not" take two).
func (p *parser) binaryOp(ops []string) (string, int) {
	t := p.peek()
	if t == nil || t.kind != tOp && t.kind != tName {
		return "", 0
	}
	for _, op := range ops {
		switch {
		case op == "not in":
			if t.text == "not" && p.i+1 < len(p.toks) && p.toks[p.i+1].text == "in" {
				return op, 2
			}
		case op == "is not":
			if t.text == "is" && p.i+1 < len(p.toks) && p.toks[p.i+1].text == "not" {
				return op, 2
			}
		case t.text == op && (t.kind == tOp) == (op[0] < 'a' || op[0] > 'z'):
			return op, 1
		}
	}
	return "", 0
}

// factor parses unary minus, plus and inversion, and the power operator.
func (p *parser) factor() expr {
	t := p.peek()
	if t == nil {
		return nil
	}
	if t.kind == tOp && (t.text == "-" || t.text == "+" || t.text == "~") {
		p.i++
		x := p.factor()
		if x == nil {
			return nil
		}
		return &exUnary{tok: *t, op: t.text, x: x, text: p.spanText(t.off)}
	}
	start := p.i
	x := p.postfix(p.primary())
	if x != nil && p.isOp("**") {
		tok := p.toks[p.i]
		p.i++
		r := p.factor()
		if r == nil {
			return nil
		}
		return &exBin{tok: tok, op: "**", l: x, r: r, text: p.spanText(p.toks[start].off)}
	}
	return x
}

// spanText returns the source from offset from to the end of the last
// token read.
func (p *parser) spanText(from int) string {
	last := p.toks[p.i-1]
	return p.src[from : last.off+len(last.text)]
}

func (p *parser) lineHere() int {
	if len(p.toks) == 0 {
		return 0
	}
	return p.toks[len(p.toks)-1].line
}

// lambdaBefore reports whether a lambda keyword opens the expression, so a
// colon belongs to it.
func (p *parser) lambdaBefore(start int) bool {
	for j := start; j < p.i; j++ {
		if p.toks[j].kind == tName && p.toks[j].text == "lambda" {
			return true
		}
	}
	return false
}

// skipOne skips one token, or a whole bracketed group.
func (p *parser) skipOne() {
	t := p.toks[p.i]
	p.i++
	if t.kind != tOp || (t.text != "(" && t.text != "[" && t.text != "{") {
		return
	}
	depth := 1
	for p.i < len(p.toks) && depth > 0 {
		switch p.toks[p.i].text {
		case "(", "[", "{":
			if p.toks[p.i].kind == tOp {
				depth++
			}
		case ")", "]", "}":
			if p.toks[p.i].kind == tOp {
				depth--
			}
		}
		p.i++
	}
}

func (p *parser) primary() expr {
	t := p.peek()
	switch {
	case t.kind == tName:
		p.i++
		return &exName{tok: *t}
	case t.kind == tNumber:
		p.i++
		return &exNum{tok: *t}
	case t.kind == tString:
		s := &exStr{tok: *t}
		for p.peek() != nil && p.peek().kind == tString {
			st := p.peek()
			s.val += st.val
			s.parts = append(s.parts, *st)
			s.dynamic = s.dynamic || st.dynamic
			s.bytes = s.bytes || st.bytes
			p.i++
		}
		return s
	case t.kind == tOp && (t.text == "(" || t.text == "[" || t.text == "{"):
		return p.display()
	}
	return nil
}

var closer = map[string]string{"(": ")", "[": "]", "{": "}"}

func (p *parser) display() expr {
	open := p.toks[p.i]
	p.i++
	d := &exSeq{open: open}
	cl := closer[open.text]
	tuple := false
	for !p.isOp(cl) && p.peek() != nil {
		e := p.expr()
		if p.isOp(":") && open.text == "{" {
			p.i++
			d.dict = append(d.dict, kwpair{e, p.expr()})
		} else {
			d.elems = append(d.elems, e)
		}
		if t := p.peek(); t != nil && t.kind == tName && t.text == "for" && len(d.elems)+len(d.dict) == 1 {
			d.comp = p.comprehension(cl)
			if d.comp == nil {
				d.other = true
			}
			for p.peek() != nil && !p.isOp(cl) {
				p.skipOne()
			}
			break
		}
		if p.isOp(",") {
			p.i++
			tuple = true
			continue
		}
		if !p.isOp(cl) {
			d.other = true
			for p.peek() != nil && !p.isOp(cl) {
				p.skipOne()
			}
		}
	}
	if p.peek() != nil {
		p.i++
	}
	if open.text == "(" && !tuple && len(d.elems) == 1 && !d.other && d.comp == nil {
		return d.elems[0] // a parenthesised expression
	}
	return d
}

// comprehension is `for targets in iter [if cond]` of a comprehension.
type comprehension struct {
	targets []string
	iter    expr
	cond    expr // nil without an if
}

// comprehension reads one `for … in … [if …]` clause; nil for nested
// clauses and targets the reader does not follow.
func (p *parser) comprehension(cl string) *comprehension {
	p.i++ // for
	start := p.i
	for p.peek() != nil && !(p.peek().kind == tName && p.peek().text == "in") {
		p.skipOne()
	}
	targets := loopTargets(p.toks[start:p.i])
	if p.peek() == nil || targets == nil {
		return nil
	}
	p.i++ // in
	c := &comprehension{targets: targets, iter: p.orTest()}
	if t := p.peek(); t != nil && t.kind == tName && t.text == "if" {
		p.i++
		c.cond = p.orTest()
	}
	if c.iter == nil || !p.isOp(cl) {
		return nil
	}
	return c
}

func (p *parser) postfix(e expr) expr {
	if e == nil {
		return nil
	}
	for {
		switch {
		case p.isOp("."):
			p.i++
			t := p.peek()
			if t == nil || t.kind != tName {
				return nil
			}
			p.i++
			e = &exAttr{x: e, name: t.text}
		case p.isOp("("):
			e = p.call(e)
		case p.isOp("["):
			start := p.i
			p.skipOne()
			e = &exIndex{x: e, idx: p.toks[start:p.i]}
		default:
			return e
		}
	}
}

func (p *parser) call(fn expr) expr {
	p.i++ // (
	c := &exCall{fn: fn}
	for p.peek() != nil && !p.isOp(")") {
		if p.isOp("*") {
			c.star = true
			p.i++
			c.stars = append(c.stars, len(c.args))
			c.args = append(c.args, p.expr())
		} else if p.isOp("**") {
			c.star = true
			p.i++
			p.expr()
		} else if t := p.peek(); t.kind == tName && p.i+1 < len(p.toks) && p.toks[p.i+1].kind == tOp && p.toks[p.i+1].text == "=" {
			p.i += 2
			c.kw = append(c.kw, kwarg{name: t.text, val: p.expr(), tok: *t})
		} else {
			c.args = append(c.args, p.expr())
			if p.peek() != nil && p.peek().kind == tName && p.peek().text == "for" {
				// A generator argument: f(x for x in y).
				first := c.args[len(c.args)-1]
				g := &exSeq{open: token{kind: tOp, text: "(", off: first.first().off, line: first.first().line}, elems: []expr{first}}
				if g.comp = p.comprehension(")"); g.comp == nil {
					g.other = true
				}
				for p.peek() != nil && !p.isOp(")") {
					p.skipOne()
				}
				c.args[len(c.args)-1] = g
			}
		}
		if p.isOp(",") {
			p.i++
		} else if !p.isOp(")") {
			for p.peek() != nil && !p.isOp(")") && !p.isOp(",") {
				p.skipOne()
			}
			if p.isOp(",") {
				p.i++
			}
		}
	}
	if t := p.peek(); t != nil {
		c.end = *t
		p.i++
	}
	return c
}

// dotted returns the dotted name of a chain of attributes on a name
// ("sa.Column", "op.batch_alter_table"), or "".
func dotted(e expr) string {
	switch e := e.(type) {
	case *exName:
		return e.tok.text
	case *exAttr:
		if x := dotted(e.x); x != "" {
			return x + "." + e.name
		}
	}
	return ""
}

// isStarred reports whether positional argument i is passed as *arg.
func (c *exCall) isStarred(i int) bool {
	for _, s := range c.stars {
		if s == i {
			return true
		}
	}
	return false
}

// kwArg returns the keyword argument name of a call, or nil.
func (c *exCall) kwArg(name string) expr {
	for _, k := range c.kw {
		if k.name == name {
			return k.val
		}
	}
	return nil
}

// arg returns positional argument i, or keyword argument name when there
// are fewer positional arguments.
func (c *exCall) arg(i int, name string) expr {
	if i >= 0 && i < len(c.args) {
		return c.args[i]
	}
	return c.kwArg(name)
}

// exprText returns the source text of an expression in src.
func exprText(src string, e expr) string {
	switch e := e.(type) {
	case *exOther:
		return e.text
	case *exBin:
		return e.text
	case *exUnary:
		return e.text
	case *exCond:
		return e.text
	case *exCall:
		if e.end.text != "" {
			return src[e.first().off : e.end.off+1]
		}
	}
	t := e.first()
	return t.text
}
