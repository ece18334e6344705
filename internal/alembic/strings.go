package alembic

// StringLiteral is a constant string literal of Python source: adjacent
// literals ("SELECT a " "FROM t") joined, as Python joins them.
type StringLiteral struct {
	Value string
	Line  int // the line of the first literal
}

// StringLiterals returns the constant string literals of Python source,
// read with the tokenizer that reads revisions: f-strings and bytes are
// left out. It returns nil when the source does not tokenize.
func StringLiterals(src string) []StringLiteral {
	var out []StringLiteral
	open := false
	z := &tokenizer{src: src, visit: func(t token, starts bool) {
		switch {
		case t.kind != tString || t.dynamic || t.bytes:
			open = false
		case open && !starts:
			out[len(out)-1].Value += t.val
		default:
			out = append(out, StringLiteral{Value: t.val, Line: t.line})
			open = true
		}
	}}
	if err := z.run(); err != nil {
		return nil
	}
	return out
}
