package schema

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/migguard/migguard/internal/pgparse"
)

// Every kind of statement that (*replay).stmt or (*replay).function
// handles is one that Changes reports.
func TestChangesCoversReplay(t *testing.T) {
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, ".", func(fi os.FileInfo) bool { return !strings.HasSuffix(fi.Name(), "_test.go") }, 0)
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]bool{}
	for _, pkg := range pkgs {
		for _, f := range pkg.Files {
			for _, d := range f.Decls {
				fn, ok := d.(*ast.FuncDecl)
				if !ok || fn.Recv == nil || (fn.Name.Name != "stmt" && fn.Name.Name != "function") {
					continue
				}
				ast.Inspect(fn.Body, func(n ast.Node) bool {
					cc, ok := n.(*ast.CaseClause)
					if !ok {
						return true
					}
					for _, e := range cc.List {
						if star, ok := e.(*ast.StarExpr); ok {
							if sel, ok := star.X.(*ast.SelectorExpr); ok && strings.HasPrefix(sel.Sel.Name, "Node_") {
								cases[sel.Sel.Name] = true
							}
						}
					}
					return true
				})
			}
		}
	}
	if len(cases) < 10 {
		t.Fatalf("found only %d cases in the replay", len(cases))
	}
	known := map[string]bool{}
	for rt := range changing {
		known[rt.Elem().Name()] = true
	}
	var missing []string
	for c := range cases {
		if !known[c] {
			missing = append(missing, c)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("the replay handles %v, which changing (changes.go) does not list", missing)
	}
}

// Applying a statement for which Changes is false leaves the catalog as
// it was.
func TestChangesIgnored(t *testing.T) {
	c := New()
	w := SnapshotWriter{sorted: true}
	ignored := 0
	for _, p := range fixtureSQL(t) {
		data, _ := os.ReadFile(p)
		for _, s := range pgparse.Parse(string(data)) {
			if s.Node == nil {
				continue
			}
			if Changes(s.Node) {
				c.Apply(s.Node, Origin{File: p})
				continue
			}
			before, _ := w.Append(nil, c)
			c.Apply(s.Node, Origin{File: p})
			after, _ := w.Append(nil, c)
			if !bytes.Equal(before, after) {
				t.Fatalf("%s: a %s changed the catalog", p, reflect.TypeOf(s.Node.Node).Elem().Name())
			}
			ignored++
		}
	}
	if ignored < 100 {
		t.Fatalf("only %d statements were ignored", ignored)
	}
}
