package ignore

import (
	"go/ast"
	"go/parser"
	"go/token"
	"testing"
)

// TestCommentForms checks that the Go reader takes the comment forms that
// SQL files take: a space after // and a /* */ comment.
func TestCommentForms(t *testing.T) {
	src := `package p

func f() {
	// migguard:ignore drop-table a space after the marker
	a()
	/* migguard:ignore drop-table a block comment */
	b()
	//migguard:ignore drop-table the usual form
	c()
	// a comment that mentions migguard:ignore drop-table
	d()
}

func a() {}
func b() {}
func c() {}
func d() {}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	calls := map[string]token.Pos{}
	ast.Inspect(f, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			calls[c.Fun.(*ast.Ident).Name] = c.Pos()
		}
		return true
	})
	s := Parse(fset, []*ast.File{f})
	for name, want := range map[string]bool{"a": true, "b": true, "c": true, "d": false} {
		if got := s.Suppressed(calls[name], "drop-table"); got != want {
			t.Errorf("drop-table at %s(): suppressed = %v, want %v", name, got, want)
		}
	}
	all := func(string) bool { return true }
	if ps := s.Problems(all, all, true); len(ps) != 0 {
		t.Errorf("problems %+v, want none", ps)
	}
}
