package migrationset

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"strings"
)

// piece is a string that Go code builds, with the source position of
// each byte: findings at an offset of the SQL are reported at the
// character of the Go literal that holds it.
type piece struct {
	s  string
	at []token.Pos
}

func (a piece) plus(b piece) piece {
	return piece{a.s + b.s, append(append([]token.Pos(nil), a.at...), b.at...)}
}

// same returns s with every byte at pos.
func same(s string, pos token.Pos) piece {
	at := make([]token.Pos, len(s))
	for i := range at {
		at[i] = pos
	}
	return piece{s, at}
}

// maxDepth bounds how far strings are followed through constants,
// variables and helper functions.
const maxDepth = 12

// stringOf returns the value of a string expression that is known before
// the program runs: literals, constants, concatenations, local variables
// whose value at the use is certain, fmt.Sprintf, strings.Join and
// strings.TrimSpace of such values, and package functions that return
// one. The use of a local variable is the expression's own position.
func (p *goPackage) stringOf(e ast.Expr, body *ast.BlockStmt, depth int) (piece, bool) {
	if depth > maxDepth {
		return piece{}, false
	}
	switch x := ast.Unparen(e).(type) {
	case *ast.BasicLit:
		if x.Kind == token.STRING {
			v := constant.MakeFromLiteral(x.Value, x.Kind, 0)
			if at := litPositions(x); len(at) == len(constant.StringVal(v)) {
				return piece{constant.StringVal(v), at}, true
			}
		}
	case *ast.BinaryExpr:
		if x.Op == token.ADD {
			l, ok1 := p.stringOf(x.X, body, depth+1)
			r, ok2 := p.stringOf(x.Y, body, depth+1)
			if ok1 && ok2 {
				return l.plus(r), true
			}
		}
	case *ast.Ident:
		if c := p.packageConst(x); c != nil {
			if v, ok := p.stringOf(c, nil, depth+1); ok {
				return v, true
			}
		} else if body != nil && p.localVar(x) {
			return p.local(x, body, depth+1)
		}
	case *ast.CallExpr:
		return p.callString(x, body, depth+1)
	}
	// A constant whose bytes cannot be traced to literals (one declared in
	// another package): its value, at the expression.
	if v, ok := p.constValue(e); ok && v.Kind() == constant.String {
		return same(constant.StringVal(v), e.Pos()), true
	}
	return piece{}, false
}

// callString is stringOf for calls.
func (p *goPackage) callString(call *ast.CallExpr, body *ast.BlockStmt, depth int) (piece, bool) {
	pkg, name, _ := p.callee(call)
	switch {
	case pkg == "fmt" && name == "Sprintf" && len(call.Args) > 0 && !call.Ellipsis.IsValid():
		return p.sprintf(call, body, depth)
	case pkg == "strings" && name == "TrimSpace" && len(call.Args) == 1:
		v, ok := p.stringOf(call.Args[0], body, depth)
		if !ok {
			return v, false
		}
		start := len(v.s) - len(strings.TrimLeft(v.s, " \t\r\n\v\f"))
		end := start + len(strings.TrimSpace(v.s))
		return piece{v.s[start:end], v.at[start:end]}, true
	case pkg == "strings" && name == "Join" && len(call.Args) == 2:
		lit, ok := ast.Unparen(call.Args[0]).(*ast.CompositeLit)
		sep, ok2 := p.stringOf(call.Args[1], body, depth)
		if !ok || !ok2 {
			return piece{}, false
		}
		var out piece
		for i, el := range lit.Elts {
			v, ok := p.stringOf(el, body, depth)
			if !ok {
				return piece{}, false
			}
			if i > 0 {
				out = out.plus(sep)
			}
			out = out.plus(v)
		}
		return out, true
	case pkg == p.path && len(call.Args) == 0:
		// A package function that returns a string it knows.
		if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
			if d := p.funcDecl(id); d != nil && len(d.Body.List) == 1 {
				if ret, ok := d.Body.List[0].(*ast.ReturnStmt); ok && len(ret.Results) == 1 {
					return p.stringOf(ret.Results[0], d.Body, depth)
				}
			}
		}
	}
	return piece{}, false
}

// sprintf formats fmt.Sprintf's arguments into its format as fmt does,
// when the format and every argument are known: %s and %v of a string
// keep the positions of the argument's bytes.
func (p *goPackage) sprintf(call *ast.CallExpr, body *ast.BlockStmt, depth int) (piece, bool) {
	format, ok := p.stringOf(call.Args[0], body, depth)
	if !ok {
		return piece{}, false
	}
	args := call.Args[1:]
	var out piece
	used := 0
	f := format.s
	for i := 0; i < len(f); {
		if f[i] != '%' {
			out = out.plus(piece{f[i : i+1], format.at[i : i+1]})
			i++
			continue
		}
		if i+1 < len(f) && f[i+1] == '%' {
			out = out.plus(piece{"%", format.at[i : i+1]})
			i += 2
			continue
		}
		j := i + 1
		for j < len(f) && strings.IndexByte("+-# 0123456789.", f[j]) >= 0 {
			j++
		}
		if j >= len(f) || used >= len(args) {
			return piece{}, false
		}
		spec, arg := f[i:j+1], args[used]
		used++
		if s, ok := p.stringOf(arg, body, depth); ok && (spec == "%s" || spec == "%v") {
			out = out.plus(s)
		} else if v, ok := p.argValue(arg, body, depth); ok {
			out = out.plus(same(fmt.Sprintf(spec, v), arg.Pos()))
		} else {
			return piece{}, false
		}
		i = j + 1
	}
	return out, used == len(args)
}

// argValue returns the value of a known argument of fmt.Sprintf.
func (p *goPackage) argValue(e ast.Expr, body *ast.BlockStmt, depth int) (any, bool) {
	if s, ok := p.stringOf(e, body, depth); ok {
		return s.s, true
	}
	v, ok := p.constValue(e)
	if !ok {
		return nil, false
	}
	switch v.Kind() {
	case constant.Int:
		if n, exact := constant.Int64Val(v); exact {
			return n, true
		}
	case constant.Float:
		f, _ := constant.Float64Val(v)
		return f, true
	case constant.Bool:
		return constant.BoolVal(v), true
	}
	return nil, false
}

// assignment is one write of a local variable.
type assignment struct {
	pos   token.Pos
	add   bool     // += rather than = or :=
	rhs   ast.Expr // nil: the zero value ("") when zero is set, else unknown
	zero  bool
	scope ast.Node // the innermost block, case or if that holds the write
}

// local returns the value of a local variable at the place it is used:
// the writes before the use, each in a block that holds the use, the last
// = or := followed by any +=; a write in a branch that does not hold the
// use, an address taken or a write in a closure makes it unknown.
func (p *goPackage) local(id *ast.Ident, body *ast.BlockStmt, depth int) (piece, bool) {
	var writes []assignment
	unknown := false
	var stack []ast.Node
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		if n.Pos() >= id.Pos() {
			return false
		}
		stack = append(stack, n)
		scope := func() ast.Node {
			for i := len(stack) - 2; i >= 0; i-- {
				switch stack[i].(type) {
				case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause, *ast.IfStmt, *ast.ForStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt:
					return stack[i]
				case *ast.FuncLit:
					return nil
				}
			}
			return body
		}
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				if li, ok := l.(*ast.Ident); ok && p.sameVar(li, id) {
					a := assignment{pos: n.Pos(), add: n.Tok == token.ADD_ASSIGN, scope: scope()}
					if len(n.Rhs) == len(n.Lhs) && (n.Tok == token.ASSIGN || n.Tok == token.DEFINE || n.Tok == token.ADD_ASSIGN) {
						a.rhs = n.Rhs[i]
					}
					writes = append(writes, a)
				}
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				if p.sameVar(name, id) {
					a := assignment{pos: n.Pos(), scope: scope(), zero: len(n.Values) == 0}
					if i < len(n.Values) && len(n.Values) == len(n.Names) {
						a.rhs = n.Values[i]
					}
					writes = append(writes, a)
				}
			}
		case *ast.UnaryExpr:
			if x, ok := n.X.(*ast.Ident); ok && n.Op == token.AND && p.sameVar(x, id) {
				unknown = true
			}
		case *ast.RangeStmt:
			for _, e := range []ast.Expr{n.Key, n.Value} {
				if x, ok := e.(*ast.Ident); ok && p.sameVar(x, id) {
					unknown = true
				}
			}
		}
		return true
	})
	if unknown || len(writes) == 0 {
		return piece{}, false
	}
	var val piece
	set := false
	for _, w := range writes {
		if w.scope == nil || id.Pos() < w.scope.Pos() || id.Pos() >= w.scope.End() {
			return piece{}, false // in a closure, or in a branch the use is not in
		}
		var v piece
		switch {
		case w.rhs != nil:
			var ok bool
			if v, ok = p.stringOf(w.rhs, body, depth); !ok {
				return piece{}, false
			}
		case !w.zero:
			return piece{}, false
		}
		if w.add {
			if !set {
				return piece{}, false
			}
			val = val.plus(v)
		} else {
			val, set = v, true
		}
	}
	return val, set
}
