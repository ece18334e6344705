package usage

import (
	"bytes"
	"go/parser"
	"go/scanner"
	"go/token"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/migguard/migguard/internal/modeltag"
	"github.com/migguard/migguard/internal/treetest"
)

// litQuery is a string goLiteralQueries finds, with its line.
type litQuery struct {
	line int
	q    string
}

func literalQueries(src []byte) []litQuery {
	var qs []litQuery
	goLiteralQueries(src, func(line int, q string) { qs = append(qs, litQuery{line, q}) })
	return qs
}

// scannerQueries finds what goLiteralQueries finds with go/scanner, and
// reports whether go/scanner read src without error.
func scannerQueries(src []byte) ([]litQuery, bool) {
	fset := token.NewFileSet()
	file := fset.AddFile("x.go", -1, len(src))
	var sc scanner.Scanner
	errs := 0
	sc.Init(file, src, func(token.Position, string) { errs++ }, 0)
	var qs []litQuery
	var cur strings.Builder
	start, open, plus := token.NoPos, false, false
	flush := func() {
		if open {
			qs = append(qs, litQuery{file.Line(start), cur.String()})
		}
		cur.Reset()
		open, plus = false, false
	}
	for {
		pos, tok, lit := sc.Scan()
		switch {
		case tok == token.EOF:
			flush()
			return qs, errs == 0
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

// lexCases are Go sources whose strings, comments, runes and braces are
// where a lexer may go wrong.
var lexCases = []string{
	``,
	`package p; const q = "SELECT a FROM t"`,
	"package p\nvar q = \"SELECT a \" +\n\t\"FROM t\"\nvar r = \"SELECT b FROM u\"\n\t+ \"WHERE c\"\n",
	"package p\nvar q = \"SELECT a \" + // a comment\n\"FROM t\" /* x */ + \"WHERE b = 1\" /* a\nline */ + \"AND c\"",
	"package p\nvar q = \"SELECT a \" + x + \"FROM t\"; var r = `UPDATE t\r\nSET a = 1`\n",
	"package p\nvar a, b = '\"', \"DELETE FROM t WHERE a = '\\\"'\"\nvar c = '\\'' + 1; var d = \"INSERT INTO t VALUES (1)\"",
	"package p\n// \"SELECT a FROM t\"\n/* `SELECT b FROM u` */\nvar q = \"select c from v\" + \"\" + `where d`\n",
	"package p\nvar q = \"\\tSELECT a\\nFROM t\" + \"\\x20WHERE b\"; var r = \"SELECT \\q\"",
	"package p\nvar q = 1e+5 + \"SELECT a FROM t\"; x += \"UPDATE t SET a = 1\"; y++ ; z := \"WITH x AS (SELECT 1) SELECT 2\"",
	"package p\nvar q = \"SELECT é FROM tâble\" + `ünïcode`\n\ufeff",
	"package p\nvar q = \"SELECT a FROM t", // unterminated
	"package p\nvar q = `SELECT a FROM t",
	"package p\nvar q = \"SELECT a\" + /* unterminated",
	"package p\nfunc f() { db.Query(\"SELECT a FROM t WHERE b = $1\", b) }\nfunc g() string { return \"UPDATE t SET a = $1\" +\n\t\" WHERE b = $2\" }",
	"package p\n//line other.go:100\nvar q = \"SELECT a FROM t\"\n/*line x.go:5*/ var r = \"SELECT b FROM u\"",
}

// goLiteralQueries finds what go/scanner finds, on the cases and on every
// Go file of the repository.
func TestGoLiteralQueriesAsScanner(t *testing.T) {
	for _, c := range lexCases {
		want, _ := scannerQueries([]byte(c))
		if got := literalQueries([]byte(c)); !reflect.DeepEqual(got, want) && !strings.Contains(c, "line ") {
			t.Errorf("%q:\n got %+v\nwant %+v", c, got, want)
		}
	}
	// Where go/scanner obeys //line, the lines are the file's own.
	if got, want := literalQueries([]byte(lexCases[len(lexCases)-1])), []litQuery{{3, "SELECT a FROM t"}, {4, "SELECT b FROM u"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("with line directives: got %+v, want %+v", got, want)
	}
	files, found := 0, 0
	eachGoFile(t, func(p string, src []byte) {
		want, _ := scannerQueries(src)
		got := literalQueries(src)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got %+v\nwant %+v", p, got, want)
		}
		files++
		found += len(want)
	})
	if files < 200 || found < 50 {
		t.Fatalf("%d files, %d queries: not a test of the lexer", files, found)
	}
}

// eachGoFile calls f with every Go file of the repository.
func eachGoFile(t *testing.T, f func(p string, src []byte)) {
	t.Helper()
	treetest.EachRepoFile(t, f, ".go")
}

// bodyCases are declarations around function bodies.
var bodyCases = []string{
	"package p\nfunc f() { x := `}` ; y := '}'; z := \"{\" /* } */ // }\n}\ntype T struct{ A int `db:\"a\"` }\n",
	"package p\nfunc f() struct{ a int } { return struct{ a int }{} }\nfunc g(x interface{ M() }) interface {\n\tM()\n} {\n\treturn x\n}\ntype U struct{ B string `gorm:\"column:b\"` }\n",
	"package p\nfunc (t *T[K]) M() {\n\tif true {\n\t\treturn\n\t}\n}\nfunc F[T interface{ ~int }](v T) T { return v }\ntype T[K any] struct{}\ntype V struct{ C int `bun:\"c\"` }\n",
	"package p\nfunc asm(x int) int\n\nvar m = map[string]int{\"a\": 1}\n\ntype W struct{ D int `db:\"d\"` }\n",
	"package p\nvar h = func() int { return 1 }()\nfunc (W) TableName() string { return \"wide_things\" }\nfunc (*X) TableName() string { return name }\nconst name = \"ex_table\"\ntype W struct{ D int `gorm:\"column:d\"` }\ntype X struct{ E int `gorm:\"column:e\"` }\n",
	"package p\nfunc f() func() { return func() { _ = \"}\" } }\nfunc g() (a, b int) {\n\treturn 1, 2\n}\n//migguard:model table=ys\ntype Y struct{ F int }\n",
	"package p\nfunc f() {\n\tx := `\n}\n`\n}\ntype Z struct {\n\tG int `pg:\"g\"`\n}\n",
	"package p\nfunc f() { if x { // unterminated body\ntype Q struct{ H int `db:\"h\"` }\n",
}

// blankBodies leaves what modeltag.ReadFile reads as it was: the same
// models, with the same lines, from every case and every Go file of the
// repository; a file that parses still parses.
func TestBlankBodies(t *testing.T) {
	blanked, models := 0, 0
	check := func(name string, src []byte) {
		t.Helper()
		out := blankBodies(src, "TableName")
		if len(out) != len(src) || bytes.Count(out, []byte("\n")) != bytes.Count(src, []byte("\n")) {
			t.Fatalf("%s: blanking moved bytes or lines", name)
		}
		if !bytes.Equal(out, src) {
			blanked++
		}
		want, wantErr := readModels(name, src)
		got, gotErr := readModels(name, out)
		if wantErr == nil && gotErr != nil {
			t.Errorf("%s: blanked source does not parse: %v", name, gotErr)
		}
		if wantErr == nil && !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got %+v\nwant %+v", name, got, want)
		}
		models += len(want)
	}
	for i, c := range bodyCases {
		check("case"+strconv.Itoa(i), []byte(c))
	}
	// Not blanked: the declaration without a body (its line ends before
	// the map literal's brace) and the unterminated body; no models in
	// the case that does not parse, two in the TableName case.
	if blanked != len(bodyCases)-2 || models != len(bodyCases) {
		t.Errorf("cases: %d blanked, %d models: want %d and %d", blanked, models, len(bodyCases)-2, len(bodyCases))
	}
	// A TableName method keeps its body, and its table.
	if out := string(blankBodies([]byte(bodyCases[4]), "TableName")); !strings.Contains(out, `return "wide_things"`) || strings.Contains(out, "return 1") {
		t.Errorf("TableName's body was blanked, or another kept:\n%s", out)
	}
	// A struct or interface result type is no body.
	if out := string(blankBodies([]byte(bodyCases[1]), "TableName")); !strings.Contains(out, "func f() struct{ a int } {") ||
		!strings.Contains(out, "interface {\n\tM()\n} {") || strings.Contains(out, "return") {
		t.Errorf("a result type was blanked, or a body kept:\n%s", out)
	}
	files := 0
	blanked, models = 0, 0
	eachGoFile(t, func(p string, src []byte) {
		files++
		check(p, src)
	})
	if files < 200 || blanked < files/2 || models < 20 {
		t.Fatalf("%d files, %d blanked, %d models: not a test of blanking", files, blanked, models)
	}
}

// readModels parses Go source and reads its models.
func readModels(name string, src []byte) ([]modeltag.FileModel, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	return modeltag.ReadFile(fset, f), nil
}

// FuzzGoLexer: on any source go/scanner reads without error (and without
// line directives), goLiteralQueries finds what go/scanner finds; on any
// source that parses, the blanked source parses to the same models.
func FuzzGoLexer(f *testing.F) {
	for _, c := range append(lexCases, bodyCases...) {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		got := literalQueries(src)
		if want, ok := scannerQueries(src); ok && !bytes.Contains(src, []byte("line ")) && !reflect.DeepEqual(got, want) {
			t.Fatalf("got %+v, want %+v", got, want)
		}
		out := blankBodies(src, "TableName")
		if len(out) != len(src) {
			t.Fatalf("blanking changed the length")
		}
		want, err := readModels("x.go", src)
		if err != nil {
			return
		}
		got2, err := readModels("x.go", out)
		if err != nil {
			t.Fatalf("blanked source does not parse: %v\n%s", err, out)
		}
		if !reflect.DeepEqual(got2, want) {
			t.Fatalf("got %+v, want %+v", got2, want)
		}
	})
}
