package rules

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// idShape is the shape of a rule id.
var idShape = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)+$`)

// emittedIDs collects, from the module's non-test Go files outside this
// package (whose rule declarations would count every id), the string
// constants that look like rule ids and the rule ids that findings and
// diagnostics are built with: untyped string constants, and the constant
// values of the Rule, ID and Category fields of composite literals. It maps
// each to where it was seen.
func emittedIDs(t *testing.T) map[string]string {
	t.Helper()
	root := filepath.Join("..", "..")
	fset := token.NewFileSet()
	out := map[string]string{}
	add := func(lit *ast.BasicLit) {
		if lit == nil || lit.Kind != token.STRING {
			return
		}
		v, err := strconv.Unquote(lit.Value)
		if err == nil && idShape.MatchString(v) {
			if _, seen := out[v]; !seen {
				out[v] = fset.Position(lit.Pos()).String()
			}
		}
	}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); n == "testdata" || strings.HasPrefix(n, ".") && p != root || p == filepath.Join(root, "internal", "rules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ValueSpec:
				if n.Type != nil && !isIdent(n.Type, "string") {
					return true // a typed constant: a format name, a mode
				}
				for _, v := range n.Values {
					lit, _ := v.(*ast.BasicLit)
					add(lit)
				}
			case *ast.KeyValueExpr:
				if isIdent(n.Key, "Rule") || isIdent(n.Key, "ID") || isIdent(n.Key, "Category") {
					lit, _ := n.Value.(*ast.BasicLit)
					add(lit)
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

// notRuleIDs are kebab-case string constants of the module that are not
// rule ids, each with what it is.
var notRuleIDs = map[string]string{
	"squawk-ignore":      "squawk's suppression comment, read by package directive",
	"squawk-ignore-file": "squawk's file-wide suppression comment, read by package directive",
	"utf-8":              "a position encoding of the Language Server Protocol (package lsp)",
	"utf-16":             "a position encoding of the Language Server Protocol (package lsp)",
	"utf-32":             "a position encoding of the Language Server Protocol (package lsp)",
	"migguard-watch":     "the id of the language server's registration for file events (package lsp)",
}

// Every rule id that any package of migguard reports is in the catalogue,
// and every id of the catalogue that is not an SQL rule is reported by
// some package. (The SQL rules' ids are reported by this package's engine
// from their declarations.)
func TestEveryEmittedIDIsCatalogued(t *testing.T) {
	emitted := emittedIDs(t)
	if len(emitted) < 10 {
		t.Fatalf("found only %d rule ids in the module's source: the scan is broken", len(emitted))
	}
	var missing []string
	for id, where := range emitted {
		if Lookup(id) == nil && notRuleIDs[id] == "" {
			missing = append(missing, id+" ("+where+")")
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("rule id %s is reported but not in the catalogue: document it in internal/rules", m)
	}
	for _, r := range All() {
		if r.Kind == SQLRule {
			continue
		}
		if _, ok := emitted[r.ID]; !ok {
			t.Errorf("%s (%s) is in the catalogue but no package reports it", r.ID, r.Kind)
		}
	}
}

// apply's attribution of failures: at most one fallback rule per SQLSTATE,
// and the fallback comes first.
func TestFailureCodes(t *testing.T) {
	fallbacks := map[string][]string{}
	for _, r := range All() {
		for _, f := range r.Fails {
			if len(f.SQLState) != 5 {
				t.Errorf("%s: SQLSTATE %q is not five characters", r.ID, f.SQLState)
			}
			if f.Fallback {
				fallbacks[f.SQLState] = append(fallbacks[f.SQLState], r.ID)
			}
		}
	}
	for code, ids := range fallbacks {
		if len(ids) > 1 {
			t.Errorf("SQLSTATE %s has several fallback rules: %v", code, ids)
		}
		if got := ForSQLState(code); len(got) == 0 || got[0].ID != ids[0] {
			t.Errorf("ForSQLState(%s) does not start with its fallback %s", code, ids[0])
		}
	}
	// A failure on the data belongs to the hazard of its statement: no
	// fallback names a rule for a statement it does not flag.
	for _, code := range []string{"23502", "23503", "23505", "23514", "23P01", "22P02"} {
		for _, r := range ForSQLState(code) {
			for _, f := range r.Fails {
				if f.SQLState == code && f.Fallback {
					t.Errorf("SQLSTATE %s, a failure on the data, has fallback rule %s", code, r.ID)
				}
			}
		}
	}
}
