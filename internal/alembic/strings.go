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
	lines, err := tokenize(src)
	if err != nil {
		return nil
	}
	var out []StringLiteral
	for _, ll := range lines {
		open := false
		for _, t := range ll.toks {
			if t.kind != tString || t.dynamic || t.bytes {
				open = false
				continue
			}
			if open {
				out[len(out)-1].Value += t.val
				continue
			}
			out = append(out, StringLiteral{Value: t.val, Line: t.line})
			open = true
		}
	}
	return out
}
