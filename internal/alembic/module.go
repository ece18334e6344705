package alembic

import "strings"

// module is a Python file split into logical lines, with its module-level
// assignments and function definitions.
type module struct {
	src     string
	lines   []logicalLine
	doc     string // the module docstring
	docLine int
	assigns map[string][]assignment // module-level assignments by target name
	funcs   map[string]block        // module-level def by name
	classes map[string]block        // module-level class by name
	// imports are the module-level import statements.
	imports []importStmt
}

// importStmt is one `import a.b` or `from a.b import c` statement.
type importStmt struct {
	tok    token    // the import or from keyword
	module string   // the module imported or imported from; "." prefixes kept
	names  []string // the names bound: the first part of `import a.b`, or the alias
}

type assignment struct {
	line      int
	val       expr
	annotated bool
}

// block is a compound statement: its header line and the lines of its body.
type block struct {
	header logicalLine
	body   []logicalLine
}

// readModule tokenizes src and indexes its top-level statements.
func readModule(src string) (*module, *SyntaxError) {
	lines, err := tokenize(src)
	if err != nil {
		return nil, err
	}
	m := &module{src: src, lines: lines, assigns: map[string][]assignment{}, funcs: map[string]block{}, classes: map[string]block{}}
	for i := 0; i < len(lines); i++ {
		ll := lines[i]
		if ll.indent != 0 {
			continue
		}
		if i == 0 && allStrings(ll.toks) {
			m.doc = (&parser{src: src, toks: ll.toks}).primary().(*exStr).val
			m.docLine = ll.line
			continue
		}
		t0 := ll.toks[0]
		if t0.kind == tName && (t0.text == "def" || t0.text == "async") {
			name := ""
			for _, t := range ll.toks[1:] {
				if t.kind == tName && t.text != "def" {
					name = t.text
					break
				}
			}
			body, next := bodyOf(lines, i)
			m.funcs[name] = block{header: ll, body: body}
			i = next - 1
			continue
		}
		if t0.kind == tName && t0.text == "class" && len(ll.toks) > 1 {
			body, next := bodyOf(lines, i)
			m.classes[ll.toks[1].text] = block{header: ll, body: body}
			i = next - 1
			continue
		}
		for _, st := range splitSemicolons(ll) {
			if ims, ok := readImport(st); ok {
				m.imports = append(m.imports, ims...)
				continue
			}
			if name, a, ok := readAssignment(src, st); ok {
				m.assigns[name] = append(m.assigns[name], a)
			}
		}
	}
	return m, nil
}

func allStrings(toks []token) bool {
	for _, t := range toks {
		if t.kind != tString {
			return false
		}
	}
	return len(toks) > 0
}

// bodyOf returns the body lines of the compound statement at lines[i] and
// the index after it. A body on the header line itself (`if x: y`) is
// returned as a line of its own.
func bodyOf(lines []logicalLine, i int) ([]logicalLine, int) {
	h := lines[i]
	if c := headerColon(h.toks); c >= 0 && c < len(h.toks)-1 {
		rest := logicalLine{indent: h.indent + 1, line: h.toks[c+1].line, toks: h.toks[c+1:]}
		return []logicalLine{rest}, i + 1
	}
	j := i + 1
	for j < len(lines) && lines[j].indent > h.indent {
		j++
	}
	return lines[i+1 : j], j
}

// headerColon returns the index of the colon that ends a compound
// statement header, outside brackets, or -1.
func headerColon(toks []token) int {
	depth := 0
	lambda := 0
	for i, t := range toks {
		if t.kind == tName && t.text == "lambda" && depth == 0 {
			lambda++
		}
		if t.kind != tOp {
			continue
		}
		switch t.text {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			depth--
		case ":":
			if depth == 0 {
				if lambda > 0 {
					lambda--
					continue
				}
				return i
			}
		}
	}
	return -1
}

// splitSemicolons splits a logical line into its simple statements.
func splitSemicolons(ll logicalLine) []logicalLine {
	var out []logicalLine
	start := 0
	depth := 0
	for i, t := range ll.toks {
		if t.kind != tOp {
			continue
		}
		switch t.text {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			depth--
		case ";":
			if depth == 0 {
				if i > start {
					out = append(out, logicalLine{indent: ll.indent, line: ll.toks[start].line, toks: ll.toks[start:i]})
				}
				start = i + 1
			}
		}
	}
	if start < len(ll.toks) {
		out = append(out, logicalLine{indent: ll.indent, line: ll.toks[start].line, toks: ll.toks[start:]})
	}
	return out
}

// readAssignment reads `name = value` or `name: annotation = value`.
func readAssignment(src string, ll logicalLine) (string, assignment, bool) {
	toks := ll.toks
	if len(toks) < 3 || toks[0].kind != tName || toks[1].kind != tOp {
		return "", assignment{}, false
	}
	a := assignment{line: toks[0].line}
	i := 2
	switch toks[1].text {
	case "=":
	case ":":
		a.annotated = true
		p := &parser{src: src, toks: toks, i: 2}
		p.expr()
		if !p.isOp("=") {
			return "", assignment{}, false // annotation only
		}
		i = p.i + 1
	default:
		return "", assignment{}, false
	}
	p := &parser{src: src, toks: toks, i: i}
	a.val = p.expr()
	if p.peek() != nil {
		// a = b = c, or a tuple without parentheses: keep the text.
		if p.isOp(",") {
			for p.peek() != nil && !p.isOp("=") {
				p.skipOne()
			}
		}
		if p.peek() != nil {
			rest := strings.TrimSpace(src[toks[i].off:lineEnd(src, toks)])
			a.val = &exOther{tok: toks[i], text: rest}
		} else {
			a.val = &exSeq{open: token{kind: tOp, text: "(", off: toks[i].off, line: toks[i].line}, elems: tupleElems(src, toks[i:])}
		}
	}
	return toks[0].text, a, true
}

// tupleElems parses a bare tuple `a, b, c`.
func tupleElems(src string, toks []token) []expr {
	p := &parser{src: src, toks: toks}
	var out []expr
	for p.peek() != nil {
		out = append(out, p.expr())
		if !p.isOp(",") {
			if p.peek() != nil {
				return []expr{&exOther{tok: toks[0], text: strings.TrimSpace(src[toks[0].off:lineEnd(src, toks)])}}
			}
			break
		}
		p.i++
	}
	return out
}

func lineEnd(src string, toks []token) int {
	t := toks[len(toks)-1]
	return t.off + len(t.text)
}

// readImport reads `import a.b [as c], d` (one importStmt per module) or
// `from a.b import c [as d], e`.
func readImport(ll logicalLine) ([]importStmt, bool) {
	toks := ll.toks
	if len(toks) < 2 || toks[0].kind != tName || toks[0].text != "import" && toks[0].text != "from" {
		return nil, false
	}
	i := 1
	dotted := func() string {
		var b strings.Builder
		for i < len(toks) && (toks[i].kind == tName && toks[i].text != "import" && toks[i].text != "as" || toks[i].text == ".") {
			b.WriteString(toks[i].text)
			i++
		}
		return b.String()
	}
	var out []importStmt
	from := ""
	if toks[0].text == "from" {
		from = dotted()
		if i >= len(toks) || toks[i].text != "import" {
			return nil, false
		}
		i++
		out = append(out, importStmt{tok: toks[0], module: from})
	}
	for i < len(toks) {
		t := toks[i]
		switch {
		case t.kind == tName && t.text == "as" && i+1 < len(toks):
			if len(out) == 0 {
				return nil, false // `import as x`: no module to name
			}
			last := &out[len(out)-1]
			if len(last.names) > 0 {
				last.names[len(last.names)-1] = toks[i+1].text
			}
			i += 2
		case t.kind == tName:
			name := dotted()
			if name == "" {
				i++ // a keyword where a name belongs: `from a import b, import c`
				continue
			}
			if from != "" {
				out[0].names = append(out[0].names, name)
				continue
			}
			first, _, _ := strings.Cut(name, ".")
			out = append(out, importStmt{tok: toks[0], module: name, names: []string{first}})
		case t.text == "*" && from != "":
			out[0].names = append(out[0].names, "*")
			i++
		default:
			i++
		}
	}
	return out, len(out) > 0
}
