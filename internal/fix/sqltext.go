package fix

import (
	"strings"

	"github.com/migguard/migguard/internal/pgparse"
)

// token is a token of a statement with its offsets in the file.
type token struct {
	tok        pgparse.Token
	kind       pgparse.KeywordKind
	start, end int
}

// tokens scans src[start:end] with PostgreSQL's scanner; offsets are
// offsets of src. Comments are tokens too.
func tokens(src string, start, end int) []token {
	res, err := pgparse.Scan(src[start:end])
	if err != nil {
		return nil
	}
	out := make([]token, 0, len(res.Tokens))
	for _, t := range res.Tokens {
		out = append(out, token{tok: t.Token, kind: t.KeywordKind, start: start + int(t.Start), end: start + int(t.End)})
	}
	return out
}

// hasComment reports whether the tokens hold a comment.
func hasComment(ts []token) bool {
	for _, t := range ts {
		if t.tok == pgparse.Token_SQL_COMMENT || t.tok == pgparse.Token_C_COMMENT {
			return true
		}
	}
	return false
}

// firstToken returns the index of the first token of kind tok at
// parenthesis depth 0, or -1.
func firstToken(ts []token, tok pgparse.Token) int {
	depth := 0
	for i, t := range ts {
		switch t.tok {
		case pgparse.Token_ASCII_40:
			depth++
		case pgparse.Token_ASCII_41:
			depth--
		case tok:
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// quoteIdent quotes an identifier when PostgreSQL would not read it back
// as written as a column, table or constraint name: anything but a
// lower-case plain name, and reserved keywords.
func quoteIdent(s string) string {
	plain := s != ""
	for i, c := range s {
		if !(c >= 'a' && c <= 'z' || c == '_' || i > 0 && (c >= '0' && c <= '9' || c == '$')) {
			plain = false
			break
		}
	}
	if plain {
		if res, err := pgparse.Scan(s); err == nil && len(res.Tokens) == 1 {
			k := res.Tokens[0].KeywordKind
			if k == pgparse.KeywordKind_NO_KEYWORD || k == pgparse.KeywordKind_UNRESERVED_KEYWORD || k == pgparse.KeywordKind_COL_NAME_KEYWORD {
				return s
			}
		}
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// relName writes a relation's name as SQL, schema-qualified when the
// statement qualified it; ONLY when the statement said so.
func relName(rv *pgparse.RangeVar) string {
	s := quoteIdent(rv.Relname)
	if rv.Schemaname != "" {
		s = quoteIdent(rv.Schemaname) + "." + s
	}
	return s
}

// alterTarget is `ALTER TABLE [ONLY] name` for the table of a statement.
func alterTarget(rv *pgparse.RangeVar) string {
	if !rv.Inh {
		return "ALTER TABLE ONLY " + relName(rv)
	}
	return "ALTER TABLE " + relName(rv)
}

// maxIdentLen is PostgreSQL's NAMEDATALEN-1: longer names are truncated.
const maxIdentLen = 63

// objectName is PostgreSQL's makeObjectName: name1_name2_label, with
// name1 and name2 shortened (the longer first) until it fits in 63 bytes.
func objectName(name1, name2, label string) string {
	overhead := 0
	if label != "" {
		overhead += len(label) + 1
	}
	if name2 != "" {
		overhead++
	}
	avail := maxIdentLen - overhead
	n1, n2 := len(name1), len(name2)
	for n1+n2 > avail {
		if n1 > n2 {
			n1--
		} else {
			n2--
		}
	}
	out := clip(name1, n1)
	if name2 != "" {
		out += "_" + clip(name2, n2)
	}
	if label != "" {
		out += "_" + label
	}
	return out
}

// clip cuts s to at most n bytes without splitting a UTF-8 character, as
// pg_mbcliplen does.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}

// isConstant reports whether a SQL expression is a constant: a literal,
// a typed literal ('x'::text, DATE '2024-01-01'), or a negative number.
// Such a default is only recorded in the catalog on PostgreSQL 11 and
// later, with no rewrite.
func isConstant(expr string) bool {
	stmts := pgparse.Parse("SELECT " + expr)
	if len(stmts) != 1 || stmts[0].Node == nil {
		return false
	}
	sel := stmts[0].Node.GetSelectStmt()
	if sel == nil || len(sel.TargetList) != 1 || sel.FromClause != nil || sel.WhereClause != nil {
		return false
	}
	return constNode(sel.TargetList[0].GetResTarget().GetVal())
}

func constNode(n *pgparse.Node) bool {
	switch {
	case n == nil:
		return false
	case n.GetAConst() != nil:
		return true
	case n.GetTypeCast() != nil:
		return constNode(n.GetTypeCast().GetArg())
	case n.GetAExpr() != nil:
		e := n.GetAExpr()
		return e.Lexpr == nil && len(e.Name) == 1 && e.Name[0].GetString_().GetSval() == "-" && constNode(e.Rexpr)
	}
	return false
}

// lineEnd returns the offset just after the end of the line holding off
// (after its newline), or len(src).
func lineEnd(src string, off int) int {
	if i := strings.IndexByte(src[off:], '\n'); i >= 0 {
		return off + i + 1
	}
	return len(src)
}

// lineStart returns the offset of the start of the line holding off.
func lineStart(src string, off int) int {
	return strings.LastIndexByte(src[:off], '\n') + 1
}

// newline is the line end the file uses.
func newline(src string) string {
	if strings.Contains(src, "\r\n") {
		return "\r\n"
	}
	return "\n"
}

// words returns the first n words of a statement, for messages.
func words(text string, n int) string {
	f := strings.Fields(text)
	if len(f) > n {
		f = append(f[:n], "…")
	}
	return strings.Join(f, " ")
}
