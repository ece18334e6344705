package pgparse

import (
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	"github.com/pganalyze/pg_query_go/v5/parser"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// FuzzParse checks that Parse, Comments and Lines never panic and that the
// statements they return are well formed for any input.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"",
		"SELECT 1;",
		"SELECT 1;;SELECT 2",
		"-- c\n/* d */ SELECT 1; -- e",
		"SELECT 'é', é frm t;\nSELECT 3",
		"SELECT 1;\nSELECT 'open",
		"SELECT 1;\nSELECT $$open",
		"SELECT 1;\nSELECT /* open",
		"\uFEFFSELECT 1;\r\nSELEC 2;\r\n",
		"SELECT 1;\x00garbage",
		"CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END; SELEC 1;",
		"SELECT (1;\nSELECT 2;\nSELECT 'x",
		"\xff\xfe\xfd;\x80",
		"CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN RETURN NEW; END $f$;",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src string) {
		stmts := Parse(src)
		checkStmts(t, src, stmts)
		lines := NewLines(src)
		for _, s := range stmts {
			lines.Pos(s.Start)
			lines.Pos(s.End)
			s.Offset(-1)
			s.Offset(int32(len(src)))
		}
		prev := 0
		for _, c := range Comments(src) {
			if c.Start < prev || c.Start > c.End || c.End > len(src) || src[c.Start:c.End] != c.Text {
				t.Fatalf("bad comment %+v after offset %d in %d bytes", c, prev, len(src))
			}
			prev = c.End
		}
	})
}

// FuzzDeepParse builds long and deep statements from a small description
// (see deepSQL) and checks the guard against the C stack overflow: a
// statement is too complex exactly when its estimate is over the limit,
// and the estimate bounds the depth of the parse tree, which is what costs
// stack (twice the estimate, plus the wrappers, is what the 2 MB stack of
// TestAtTheLimitWithAQuarterOfTheStack was measured with). Counts stay
// below 3,000, where estimates fall on both sides of the limit and a
// parse is quick; the inputs that crashed are in TestTooComplexStatements.
// A non-empty link is a chain of the fuzzer's own, `x` followed by count
// copies of it, so that it can find chains that deepSQL does not know.
func FuzzDeepParse(f *testing.F) {
	for _, seed := range []struct {
		kind, nest, wrap uint8
		count            uint16
		link             string
	}{
		{chainPlus, 0, 0, 2600, ""}, {chainConcat, 0, 1, 100, ""}, {chainCast, 0, 2, 2400, ""},
		{chainUnion, 0, 0, 3000, ""}, {chainJoin, 2, 3, 2000, ""}, {chainJoinAnd, 0, 1, 2999, ""},
		{chainCollate, 0, 0, 500, ""}, {chainAtTimeZone, 0, 2, 1300, ""}, {chainSetOps, 1, 0, 2000, ""},
		{chainMixed, 0, 0, 700, ""}, {prefixMinus, 0, 2, 3000, ""}, {prefixNot, 0, 0, 2000, ""},
		{nestParens, 0, 0, 2000, ""}, {nestSubquery, 0, 1, 1700, ""}, {nestCase, 0, 0, 1500, ""},
		{nestFunc, 0, 0, 2000, ""}, {nestArray, 0, 0, 900, ""}, {listIn, 0, 0, 3000, ""},
		{listValues, 0, 2, 3000, ""}, {listCase, 0, 0, 3000, ""}, {listOr, 3, 0, 3000, ""},
		{0, 0, 0, 2000, " -> 'a'"}, {0, 0, 3, 1000, " IS DISTINCT FROM 1"}, {0, 0, 0, 3000, "[1]"},
		{0, 5, 0, 3000, " OVERLAPS (1, 2)"},
	} {
		f.Add(seed.kind, seed.count, seed.nest, seed.wrap, seed.link)
	}
	f.Fuzz(func(t *testing.T, kind uint8, count uint16, nest, wrap uint8, link string) {
		n := int(count) % 3001
		var src string
		if link == "" {
			src = deepSQL(int(kind), n, int(nest%64), int(wrap))
		} else {
			n = min(n, (64<<10)/len(link))
			e := strings.Repeat("1+(", int(nest%64)) + "x" + strings.Repeat(link, n) + strings.Repeat(")", int(nest%64))
			src = wrapExpr(e, int(wrap))
		}
		src = "SELECT 1;\n" + src + ";\nSELECT 2;\n"
		stmts := Parse(src)
		checkStmts(t, src, stmts)
		SyntaxErrors(src)
		tokens, lexErr := scanPrefix(src)
		if lexErr != nil {
			return
		}
		est := nesting(tokens)
		b := nestingBound(src, math.MaxInt)
		if b < est {
			t.Fatalf("nestingBound %d below the estimate %d", b, est)
		}
		if c := countedBound(src); c < b {
			t.Fatalf("countedBound %d below nestingBound's %d", c, b)
		}
		for _, s := range stmts {
			n := nesting(tokensIn(tokens, s.Start, s.End))
			if tooComplex := s.Err != nil && s.Err.TooComplex; tooComplex != (n > MaxNesting) {
				t.Fatalf("statement at %d with an estimate of %d: too complex %v", s.Start, n, tooComplex)
			}
		}
		if est <= MaxNesting && utf8.ValidString(src) { // protobuf rejects other strings
			if d := treeDepth(t, src); d > 2*est+20 {
				t.Fatalf("parse tree %d messages deep for an estimate of %d", d, est)
			}
		}
	})
}

// treeDepth returns how many protobuf messages deep the parser's output
// for src nests, or 0 when src does not parse. It decodes every field,
// unlike the decoder of decode.go, which skips what migguard never reads.
func treeDepth(t *testing.T, src string) int {
	data, err := parser.ParseToProtobuf(src)
	if err != nil {
		return 0
	}
	var tree pg_query.ParseResult
	if err := (proto.UnmarshalOptions{RecursionLimit: math.MaxInt32}).Unmarshal(data, &tree); err != nil {
		t.Fatalf("decoding the parser's output: %v", err)
	}
	return messageDepth(tree.ProtoReflect())
}

func messageDepth(m protoreflect.Message) int {
	d := 0
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case fd.Kind() != protoreflect.MessageKind:
		case fd.IsList():
			for i := 0; i < v.List().Len(); i++ {
				d = max(d, messageDepth(v.List().Get(i).Message()))
			}
		default:
			d = max(d, messageDepth(v.Message()))
		}
		return true
	})
	return d + 1
}
