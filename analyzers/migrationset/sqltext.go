package migrationset

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/tools/go/analysis"
)

// sqlText is SQL assembled from Go string constants, with the Go position
// of every byte, so that a finding at an offset of the SQL is reported at
// the character of the Go literal that holds it.
type sqlText struct {
	text string
	at   []token.Pos // len(text)+1 entries
}

func (t *sqlText) pos(off int) token.Pos {
	if len(t.at) == 0 {
		return token.NoPos
	}
	if off < 0 {
		off = 0
	}
	if off >= len(t.at) {
		off = len(t.at) - 1
	}
	return t.at[off]
}

// add appends s, whose bytes sit at the given positions (nil: all at pos).
func (t *sqlText) add(s string, at []token.Pos, pos token.Pos) {
	t.text += s
	for i := range len(s) {
		if at != nil {
			t.at = append(t.at, at[i])
		} else {
			t.at = append(t.at, pos)
		}
	}
}

// finish adds the end position.
func (t *sqlText) finish(end token.Pos) {
	t.at = append(t.at, end)
}

// consts maps the constants declared in the package to their value
// expressions, so that positions inside a constant's literal can be found
// from a use of it in another file.
type consts map[*types.Const]ast.Expr

func constDecls(pass *analysis.Pass) consts {
	m := consts{}
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			gd, ok := n.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				return true
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, name := range vs.Names {
					if c, ok := pass.TypesInfo.Defs[name].(*types.Const); ok && i < len(vs.Values) {
						m[c] = vs.Values[i]
					}
				}
			}
			return true
		})
	}
	return m
}

// stringConst returns the value of a constant string expression and the
// position of each of its bytes; ok is false when e is not a constant.
func stringConst(pass *analysis.Pass, cs consts, e ast.Expr) (val string, at []token.Pos, ok bool) {
	tv, found := pass.TypesInfo.Types[e]
	if !found || tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", nil, false
	}
	val = constant.StringVal(tv.Value)
	at = make([]token.Pos, len(val))
	for i := range at {
		at[i] = e.Pos()
	}
	if m := positions(pass, cs, e, 0); len(m) == len(val) {
		at = m
	}
	return val, at, true
}

// positions maps the bytes of a constant expression to source positions:
// literals, parentheses, concatenations and constants declared in the
// package. It returns nil for anything else.
func positions(pass *analysis.Pass, cs consts, e ast.Expr, depth int) []token.Pos {
	if depth > 10 {
		return nil
	}
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind == token.STRING {
			return litPositions(e)
		}
	case *ast.ParenExpr:
		return positions(pass, cs, e.X, depth+1)
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return nil
		}
		l := positions(pass, cs, e.X, depth+1)
		r := positions(pass, cs, e.Y, depth+1)
		if l == nil || r == nil {
			return nil
		}
		return append(l, r...)
	case *ast.Ident:
		if c, ok := pass.TypesInfo.Uses[e].(*types.Const); ok && cs[c] != nil {
			return positions(pass, cs, cs[c], depth+1)
		}
	case *ast.SelectorExpr:
		if c, ok := pass.TypesInfo.Uses[e.Sel].(*types.Const); ok && cs[c] != nil {
			return positions(pass, cs, cs[c], depth+1)
		}
	}
	return nil
}

// litPositions maps the bytes of a string literal's value to the positions
// of the source characters that produce them.
func litPositions(lit *ast.BasicLit) []token.Pos {
	src := lit.Value
	var at []token.Pos
	if strings.HasPrefix(src, "`") {
		for i := 1; i < len(src)-1; i++ {
			if src[i] != '\r' {
				at = append(at, lit.Pos()+token.Pos(i))
			}
		}
		return at
	}
	body := src[1 : len(src)-1]
	for off := 0; off < len(body); {
		v, _, tail, err := strconv.UnquoteChar(body[off:], '"')
		if err != nil {
			return nil
		}
		n := utf8.RuneLen(v)
		if strings.HasPrefix(body[off:], `\x`) || isOctalEscape(body[off:]) {
			n = 1 // a byte escape
		}
		for range n {
			at = append(at, lit.Pos()+1+token.Pos(off))
		}
		off = len(body) - len(tail)
	}
	return at
}

func isOctalEscape(s string) bool {
	return len(s) > 1 && s[0] == '\\' && s[1] >= '0' && s[1] <= '7'
}
