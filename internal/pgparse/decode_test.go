package pgparse

import (
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	"github.com/pganalyze/pg_query_go/v5/parser"
	"google.golang.org/protobuf/proto"
)

// sameTree checks that the generated decoders build the tree that the
// protobuf runtime builds from the parser's output into pg_query_go's
// types: from the protobuf output, and through parseTree from the JSON
// output.
// Input that is not UTF-8 is out of scope: migguard refuses such files
// before parsing, and the protobuf runtime refuses such strings.
func sameTree(t testing.TB, name, sql string) {
	if !utf8.ValidString(sql) {
		return
	}
	sameTokens(t, name, sql)
	data, err := parser.ParseToProtobuf(sql)
	if err != nil {
		return // a syntax error: nothing to decode
	}
	want := upstreamTree(t, data)
	got := &ParseResult{}
	if err := decodeParseResult(data, got); err != nil {
		t.Fatalf("%s: decode: %v", name, err)
	}
	if d := sameAsUpstream(got, want); d != "" {
		t.Errorf("%s: the decoded tree differs from proto.Unmarshal's: %s", name, d)
	}
	viaJSON, err := parseTree(sql)
	if err != nil {
		t.Fatalf("%s: parseTree: %v", name, err)
	}
	if d := sameAsUpstream(viaJSON, want); d != "" {
		t.Errorf("%s: the tree read from the parser's JSON differs from proto.Unmarshal's: %s", name, d)
	}
	sameWalk(t, name, got, want)
	sameEncoding(t, name, got, want)
}

// sameTokens checks that scanTokens reads the scanner's output as
// proto.Unmarshal does.
func sameTokens(t testing.TB, name, sql string) {
	data, err := parser.ScanToProtobuf(sql)
	if err != nil {
		return
	}
	want := &pg_query.ScanResult{}
	if err := proto.Unmarshal(data, want); err != nil {
		t.Fatalf("%s: proto.Unmarshal of the tokens: %v", name, err)
	}
	got, err := scanTokens(sql)
	if err != nil {
		t.Fatalf("%s: scanTokens: %v", name, err)
	}
	if d := sameAsUpstream(got, want); d != "" || len(got.Tokens) != len(want.Tokens) {
		t.Errorf("%s: the tokens differ from proto.Unmarshal's: %s", name, d)
	}
}

// sameEncoding checks that encode.go writes the bytes that proto.Marshal
// writes of the same tree in pg_query_go's types, for the whole tree and
// for each statement's Node, and that the deparser reads them as it
// reads proto.Marshal's.
func sameEncoding(t testing.TB, name string, tree *ParseResult, upstream *pg_query.ParseResult) {
	want, err := proto.MarshalOptions{Deterministic: true}.Marshal(upstream)
	if err != nil {
		t.Fatalf("%s: proto.Marshal: %v", name, err)
	}
	if got := encParseResult(nil, tree); !bytes.Equal(got, want) {
		t.Fatalf("%s: encParseResult wrote %d bytes that differ from proto.Marshal's %d", name, len(got), len(want))
	}
	for i, raw := range tree.Stmts {
		want, _ := proto.MarshalOptions{Deterministic: true}.Marshal(upstream.Stmts[i].Stmt)
		if got := MarshalNode(raw.Stmt); !bytes.Equal(got, want) {
			t.Fatalf("%s: MarshalNode differs from proto.Marshal", name)
		}
	}
	wantSQL, wantErr := pg_query.Deparse(upstream)
	gotSQL, gotErr := Deparse(tree)
	if gotSQL != wantSQL || (gotErr == nil) != (wantErr == nil) {
		t.Fatalf("%s: Deparse gives %q (%v), pg_query.Deparse %q (%v)", name, gotSQL, gotErr, wantSQL, wantErr)
	}
}

// sameWalk checks that Inspect visits as many messages, and as many Nodes,
// as the protobuf runtime's traversal of the same tree in pg_query_go's
// types, and that Walk visits the Nodes that Inspect visits, each once.
// The order may differ: Walk and Inspect go by field declaration, while
// the runtime does not promise an order.
func sameWalk(t testing.TB, name string, tree *ParseResult, upstream *pg_query.ParseResult) {
	for i, raw := range tree.Stmts {
		want := map[*Node]int{}
		messages := 0
		Inspect(raw.Stmt, func(m any) bool {
			messages++
			if n, ok := m.(*Node); ok {
				want[n]++
			}
			return true
		})
		if wantMessages, wantNodes := upstreamMessages(upstream.Stmts[i].Stmt.ProtoReflect()); messages != wantMessages || len(want) != wantNodes {
			t.Fatalf("%s: Inspect visits %d messages and %d nodes, the protobuf runtime %d and %d", name, messages, len(want), wantMessages, wantNodes)
		}
		got := map[*Node]int{}
		Walk(raw.Stmt, func(n *Node) bool {
			got[n]++
			return true
		})
		if !maps.Equal(got, want) {
			t.Fatalf("%s: Walk visits %d nodes, Inspect %d, not the same ones", name, len(got), len(want))
		}
	}
}

// Every SQL file of the repository's fixtures decodes to the same tree.
func TestDecodeMatchesProtobuf(t *testing.T) {
	eachFixtureSQL(t, func(name, sql string) { sameTree(t, name, sql) })
}

// eachFixtureSQL calls f with every SQL file of the repository's fixtures
// and with SQL that holds every kind of node the grammar builds.
func eachFixtureSQL(t *testing.T, f func(name, sql string)) {
	n := 0
	for _, root := range []string{"../rules/testdata", "../../testdata", "../alembic/testdata", "../apply/testdata"} {
		filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".sql") {
				return nil
			}
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			f(p, string(data))
			n++
			return nil
		})
	}
	if n < 100 {
		t.Fatalf("only %d SQL files found", n)
	}
	// Every kind of node the grammar builds, a few at a time.
	for _, sql := range []string{
		"SELECT 1.5e10::float8, B'101', X'1F', true, NULL, 'x' COLLATE \"C\"",
		"CREATE TABLE t (a int4[] DEFAULT '{}', b numeric(10,2), c text GENERATED ALWAYS AS (upper(d)) STORED, d text) PARTITION BY RANGE (a)",
		"WITH RECURSIVE r AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3) SELECT * FROM r WINDOW w AS (PARTITION BY 1 ORDER BY 2)",
		"MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET v = s.v WHEN NOT MATCHED THEN INSERT VALUES (s.id, s.v)",
		"CREATE FUNCTION f(a int, OUT b text) RETURNS SETOF record LANGUAGE sql AS $$ SELECT 1 $$",
		"SELECT json_object('a': 1), xmlelement(name x), CASE WHEN a THEN b ELSE c END, a IS DISTINCT FROM b FROM t FOR UPDATE SKIP LOCKED",
		// Integers that the JSON output writes as zero, and zeros it keeps.
		"CREATE SEQUENCE s INCREMENT BY -1 MINVALUE -100 CACHE 0; ALTER TABLE t ALTER c SET STATISTICS -1, ADD d int[][3] DEFAULT - 5",
		"SELECT 0, 0x0, -0, - 0, -1.5, a[-1], '{}'::int[], 1 - 1; DROP AGGREGATE a(*)",
		`SELECT E'\x01\n\t\\ \' " <> é', U&'\0041', $$ \ " $$, '' AS "a""b"`,
		// Names and constants longer than the names kept once (maxName).
		"CREATE TABLE " + strings.Repeat("long_name_", 7) + " (" + strings.Repeat("c", 70) + " text DEFAULT '" + strings.Repeat("v", 100) + "', n numeric DEFAULT 123456789012345678901234567890.5)",
	} {
		f(sql, sql)
	}
}

func FuzzDecode(f *testing.F) {
	f.Add("CREATE INDEX CONCURRENTLY i ON t (lower(a)) WHERE b IS NOT NULL")
	f.Add("ALTER TABLE t ADD COLUMN c int NOT NULL DEFAULT 0, ADD CONSTRAINT k CHECK (c > 0) NOT VALID")
	f.Fuzz(func(t *testing.T, sql string) {
		sameTree(t, "fuzz input", sql)
	})
}
