package usage

import (
	"go/parser"
	"go/token"

	"github.com/migguard/migguard/internal/modeltag"
	"github.com/migguard/migguard/internal/rules"
)

// goFile adds the models and the SQL strings of a Go file. Only a file
// that may declare a model is parsed, without its function bodies; its
// strings are found by goLexer, which costs a fraction of a parse.
func (ix *Index) goFile(name string, src []byte) {
	if modeltag.MayHoldModels(src) {
		ix.goModels(name, src)
	}
	if maySQL(src, goQuotes) {
		ix.goStrings(name, src)
	}
}

// goModels adds the models of a Go file. Its function bodies are blanked
// before it is parsed (see blankBodies): models are read from
// declarations, and a syntax error inside a body does not hide the
// file's models.
func (ix *Index) goModels(name string, src []byte) {
	fset := token.NewFileSet()
	// Only the declarations matter, and a TableName method's body.
	f, err := parser.ParseFile(fset, name, blankBodies(src, "TableName"), parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return
	}
	for _, m := range modeltag.ReadFile(fset, f) {
		if m.Table == "" {
			continue // a table named at run time
		}
		sch, tbl := splitTable(m.Table)
		kind := string(m.Convention)
		model := rules.CodeUse{Path: name, Line: m.Line, What: describe(kind, m.Name, "")}
		ix.addTable(sch, tbl, model)
		cols, whole := []string{}, !m.Partial
		for _, c := range m.Columns {
			ix.addColumn(sch, tbl, c.Column, rules.CodeUse{Path: name, Line: c.Line, What: describe(kind, m.Name, c.Path), GoType: c.Type})
			cols = append(cols, c.Column)
			whole = whole && c.Column != "" // an embedded struct of another package is opaque
		}
		if whole {
			ix.addInsert(sch, tbl, rules.CodeInsert{CodeUse: model, Columns: cols})
		}
	}
}

// goStrings adds the queries of the string literals of a Go file, and of
// concatenations of literals ("SELECT a " + "FROM t"), found without
// parsing the file (see goLiteralQueries).
func (ix *Index) goStrings(name string, src []byte) {
	goLiteralQueries(src, func(line int, q string) { ix.sql(name, line, q) })
}
