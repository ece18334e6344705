package usage

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"

	"github.com/migguard/migguard/internal/modeltag"
	"github.com/migguard/migguard/internal/rules"
)

// goFile adds the models and the SQL strings of a Go file.
func (ix *Index) goFile(name string, src []byte) {
	if !mayHoldModels(src) && !maySQL(src) {
		return
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return
	}
	for _, m := range modeltag.ReadFile(fset, f) {
		if m.Table == "" {
			continue // a table named at run time
		}
		sch, tbl := splitTable(m.Table)
		kind := string(m.Convention)
		ix.addTable(sch, tbl, rules.CodeUse{Path: name, Line: m.Line, What: describe(kind, m.Name, "")})
		for _, c := range m.Columns {
			ix.addColumn(sch, tbl, c.Column, rules.CodeUse{Path: name, Line: c.Line, What: describe(kind, m.Name, c.Path)})
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch e := n.(type) {
		case *ast.BinaryExpr:
			if s, ok := constString(e); ok {
				ix.sql(name, fset.Position(e.Pos()).Line, s)
				return false
			}
		case *ast.BasicLit:
			if s, ok := constString(e); ok {
				ix.sql(name, fset.Position(e.Pos()).Line, s)
			}
		}
		return true
	})
}

// constString folds a string literal, or a concatenation of them.
func constString(e ast.Expr) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(e.Value)
		return s, err == nil
	case *ast.ParenExpr:
		return constString(e.X)
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return "", false
		}
		a, ok := constString(e.X)
		if !ok {
			return "", false
		}
		b, ok := constString(e.Y)
		return a + b, ok
	}
	return "", false
}

// mayHoldModels reports whether a Go file may declare a model: a struct
// tag of an ORM, an ORM's base model, a TableName method or a
// //migguard:model comment.
func mayHoldModels(src []byte) bool {
	for _, s := range [][]byte{[]byte("gorm:"), []byte("bun:"), []byte("pg:"), []byte("db:"), []byte("orm:"), []byte("sql:"),
		[]byte("gorm.Model"), []byte("BaseModel"), []byte("TableName"), []byte("migguard:model")} {
		if bytes.Contains(src, s) {
			return true
		}
	}
	return false
}
