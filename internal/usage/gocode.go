package usage

import (
	"go/parser"
	"go/scanner"
	"go/token"
	"strconv"
	"strings"

	"github.com/migguard/migguard/internal/modeltag"
	"github.com/migguard/migguard/internal/rules"
)

// goFile adds the models and the SQL strings of a Go file. Only a file
// that may declare a model is parsed; its strings are found with the
// scanner, which costs a fraction of a parse.
func (ix *Index) goFile(name string, src []byte) {
	if modeltag.MayHoldModels(src) {
		ix.goModels(name, src)
	}
	if maySQL(src, goQuotes) {
		ix.goStrings(name, src)
	}
}

// goModels adds the models of a Go file.
func (ix *Index) goModels(name string, src []byte) {
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
// concatenations of literals ("SELECT a " + "FROM t"), which the scanner
// finds without parsing the file.
func (ix *Index) goStrings(name string, src []byte) {
	fset := token.NewFileSet()
	file := fset.AddFile(name, -1, len(src))
	var sc scanner.Scanner
	sc.Init(file, src, nil, 0)
	var cur strings.Builder
	start, open, plus := token.NoPos, false, false
	flush := func() {
		if open {
			ix.sql(name, file.Line(start), cur.String())
		}
		cur.Reset()
		open, plus = false, false
	}
	for {
		pos, tok, lit := sc.Scan()
		switch {
		case tok == token.EOF:
			flush()
			return
		case tok == token.STRING:
			if !plus {
				flush()
			}
			v, err := strconv.Unquote(lit)
			if err != nil {
				flush()
				continue
			}
			if !open {
				if !looksLikeQuery(v) {
					continue
				}
				start, open = pos, true
			}
			cur.WriteString(v)
			plus = false
		case tok == token.ADD && open:
			plus = true
		default:
			flush()
		}
	}
}
