// Package docx extracts one analyzer's documentation from a package doc
// comment, so that doc.go is the single source of what pkg.go.dev, `go vet
// help <name>` and editors show.
//
// The convention is the one of golang.org/x/tools passes: a heading
// "# Analyzer <name>", then a line "<name>: <one-line summary>", then the
// long description, up to the next heading or the end of the comment.
package docx

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
)

// Extract returns the section of the doc comment of the Go source content
// (a doc.go file) for analyzer name, with the "<name>: " prefix removed
// from its first line, as analysis.Analyzer.Doc wants it.
func Extract(content, name string) (string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", content, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		return "", err
	}
	if f.Doc == nil {
		return "", fmt.Errorf("doc.go has no package doc comment")
	}
	return section(f.Doc, name)
}

// MustExtract is Extract for package initialisation: a missing section is
// a programming error caught by every test of the package.
func MustExtract(content, name string) string {
	doc, err := Extract(content, name)
	if err != nil {
		panic(err)
	}
	return doc
}

func section(cg *ast.CommentGroup, name string) (string, error) {
	text := cg.Text()
	heading := "# Analyzer " + name
	_, rest, ok := strings.Cut(text, "\n"+heading+"\n")
	if !ok && strings.HasPrefix(text, heading+"\n") {
		rest, ok = text[len(heading)+1:], true
	}
	if !ok {
		return "", fmt.Errorf("doc.go has no %q section", heading)
	}
	if i := strings.Index(rest, "\n# "); i >= 0 {
		rest = rest[:i]
	}
	rest = strings.TrimSpace(rest)
	summary, ok := strings.CutPrefix(rest, name+": ")
	if !ok {
		return "", fmt.Errorf("section %q does not start with %q", heading, name+": ")
	}
	return summary, nil
}
