package alembic

import "strings"

// Call is a statement of a revision's upgrade() that runs SQL, as
// migguard fix needs it to rewrite the revision: where it stands, what it
// calls and the SQL it runs.
type Call struct {
	// Start and End delimit the statement in the Python file: from its
	// first token to the end of its last (a call's closing parenthesis).
	Start, End int
	// Line is the statement's first line; Indent the white space before it.
	Line   int
	Indent string
	// TopLevel is set when the statement stands directly in upgrade()'s
	// body and is the op.* call itself, not a loop, a branch, a with block
	// or a call of a helper that runs the op.* call.
	TopLevel bool
	// Autocommit is set inside `with op.get_context().autocommit_block():`.
	Autocommit bool
	// Op is the name called on op (create_index, execute, …) when the
	// statement is `op.<name>(…)`; "" otherwise.
	Op string
	// Close is the offset of the call's closing parenthesis when Op is set.
	Close int
	// SQL are the statements the call runs, as migguard translates them.
	SQL []string
}

// Calls lists the statements of a revision's upgrade() that run SQL, in
// order, each once.
func (s *Set) Calls(path string) []Call {
	gf := s.files[path]
	if gf == nil || gf.rendered {
		return nil
	}
	top := map[int]logicalLine{}
	if len(gf.upgradeBody) > 0 {
		indent := gf.upgradeBody[0].indent
		for _, ll := range gf.upgradeBody {
			if ll.indent == indent && len(ll.toks) > 0 {
				top[ll.toks[0].off] = ll
			}
		}
	}
	var out []Call
	for _, st := range gf.stmts {
		if n := len(out); n > 0 && out[n-1].Start == st.start.off && out[n-1].End == st.end.off+len(st.end.text) {
			out[n-1].SQL = append(out[n-1].SQL, st.sql)
			continue
		}
		c := Call{Start: st.start.off, End: st.end.off + len(st.end.text), Line: st.start.line, Autocommit: st.autocommit, SQL: []string{st.sql}}
		ls := strings.LastIndexByte(gf.py[:c.Start], '\n') + 1
		c.Indent = gf.py[ls:c.Start]
		if strings.TrimSpace(c.Indent) != "" {
			c.Indent = ""
		}
		if ll, ok := top[c.Start]; ok && ll.toks[len(ll.toks)-1].off == st.end.off {
			c.TopLevel = !st.autocommit
			if t := ll.toks; len(t) >= 4 && t[0].text == "op" && t[1].text == "." && t[2].kind == tName && t[3].text == "(" {
				c.Op, c.Close = t[2].text, st.end.off
			}
		}
		out = append(out, c)
	}
	return out
}

// Body says where the body of a revision's upgrade() is: the offset of
// its first statement (after a docstring), the body's indentation, the
// end of its last line, and whether a return stands directly in it. ok is
// false when the revision has no upgrade() with a body of lines of its
// own.
func (s *Set) Body(path string) (first int, indent string, end int, returns bool, ok bool) {
	gf := s.files[path]
	if gf == nil || len(gf.upgradeBody) == 0 {
		return 0, "", 0, false, false
	}
	body := gf.upgradeBody
	top := body[0].indent
	if body[0].line == gf.defLine.line {
		return 0, "", 0, false, false // def upgrade(): op.execute(…) on one line
	}
	start := 0
	if len(body[0].toks) == 1 && body[0].toks[0].kind == tString && len(body) > 1 {
		start = 1
	}
	first = body[start].toks[0].off
	ls := strings.LastIndexByte(gf.py[:first], '\n') + 1
	indent = gf.py[ls:first]
	last := body[len(body)-1].toks
	end = last[len(last)-1].off + len(last[len(last)-1].text)
	if nl := strings.IndexByte(gf.py[end:], '\n'); nl >= 0 {
		end += nl + 1
	} else {
		end = len(gf.py)
	}
	for _, ll := range body {
		if ll.indent == top && ll.toks[0].kind == tName && ll.toks[0].text == "return" {
			returns = true
		}
	}
	return first, indent, end, returns, true
}
