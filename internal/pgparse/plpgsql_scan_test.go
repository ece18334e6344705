package pgparse

import (
	"encoding/json"
	"reflect"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/migguard/migguard/internal/treetest"
	"github.com/pganalyze/pg_query_go/v5/parser"
)

// genericPLpgSQL reads the parser's JSON of PL/pgSQL functions as a whole
// tree of maps and slices: what scanPLpgSQL must return, by another road.
func genericPLpgSQL(js string) ([]plpgsqlItem, map[string]bool, error) {
	var tree any
	if err := json.Unmarshal([]byte(js), &tree); err != nil {
		return nil, nil, err
	}
	var collect func(v any, out []plpgsqlItem) []plpgsqlItem
	query := func(v any) string {
		m, _ := v.(map[string]any)
		e, _ := m["PLpgSQL_expr"].(map[string]any)
		q, _ := e["query"].(string)
		return q
	}
	line := func(s map[string]any) int {
		n, _ := s["lineno"].(float64)
		return int(n)
	}
	collect = func(v any, out []plpgsqlItem) []plpgsqlItem {
		switch v := v.(type) {
		case []any:
			for _, e := range v {
				out = collect(e, out)
			}
		case map[string]any:
			if s, ok := v["PLpgSQL_stmt_execsql"].(map[string]any); ok {
				if q := query(s["sqlstmt"]); q != "" {
					out = append(out, plpgsqlItem{line: line(s), query: q})
				}
				return out
			}
			if s, ok := v["PLpgSQL_stmt_dynexecute"].(map[string]any); ok {
				if q := query(s["query"]); q != "" {
					out = append(out, plpgsqlItem{line: line(s), query: q, dynamic: true})
				}
				return out
			}
			keys := make([]string, 0, len(v))
			for k := range v {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				out = collect(v[k], out)
			}
		}
		return out
	}
	items := collect(tree, nil)
	sort.SliceStable(items, func(i, j int) bool { return items[i].line < items[j].line })
	names := map[string]bool{}
	fns, _ := tree.([]any)
	for _, f := range fns {
		fn, _ := f.(map[string]any)
		body, _ := fn["PLpgSQL_function"].(map[string]any)
		datums, _ := body["datums"].([]any)
		for _, d := range datums {
			dm, _ := d.(map[string]any)
			for _, kind := range []string{"PLpgSQL_var", "PLpgSQL_rec"} {
				if v, ok := dm[kind].(map[string]any); ok {
					if name, _ := v["refname"].(string); name != "" {
						names[strings.ToLower(name)] = true
					}
				}
			}
		}
	}
	return items, names, nil
}

// checkScan compares scanPLpgSQL with genericPLpgSQL on the parser's JSON
// of a DO block's body.
func checkScan(t *testing.T, body string) {
	t.Helper()
	js, err := parser.ParsePlPgSqlToJSON("CREATE FUNCTION migguard_do() RETURNS void LANGUAGE plpgsql AS $migguard$" + body + "$migguard$")
	// encoding/json replaces bytes that are not UTF-8 (an E'\xbb' escape
	// in a DO block's string) with U+FFFD; the scanner keeps them, as the
	// body holds them, where readBlock looks for each statement's text.
	if err != nil || strings.Contains(body, "$migguard$") || !utf8.ValidString(js) {
		return
	}
	items, vars, err := scanPLpgSQL(js)
	wantItems, wantVars, wantErr := genericPLpgSQL(js)
	if (err != nil) != (wantErr != nil) {
		t.Fatalf("body %q: error %v, want %v", body, err, wantErr)
	}
	if len(items) != len(wantItems) || len(items) > 0 && !reflect.DeepEqual(items, wantItems) {
		t.Fatalf("body %q: statements\n got %+v\nwant %+v", body, items, wantItems)
	}
	if !reflect.DeepEqual(vars, wantVars) {
		t.Fatalf("body %q: variables %v, want %v", body, vars, wantVars)
	}
}

// scanBodies are DO block bodies with every kind of statement that holds
// SQL, nested, several on a line, in every branch, and variables of each
// kind.
var scanBodies = []string{
	" BEGIN ALTER TABLE t ADD COLUMN c int; END ",
	" DECLARE n int; r record; BEGIN FOR r IN SELECT 1 AS id LOOP UPDATE t SET a = n WHERE id = r.id; END LOOP; END ",
	" BEGIN EXECUTE E'ALTER TABLE t\\n ADD c int'; EXECUTE format('x'); END ",
	" BEGIN IF x THEN DROP TABLE a; ELSE DROP TABLE b; END IF; END ",
	" BEGIN IF x THEN DROP TABLE a; ELSIF y THEN DROP TABLE c; ELSE DROP TABLE b; END IF; UPDATE d SET x = 1; END ",
	" BEGIN\n  CASE WHEN a THEN DELETE FROM t1; WHEN b THEN DELETE FROM t2; ELSE NULL; END CASE;\nEXCEPTION WHEN others THEN INSERT INTO log VALUES ('\"x\\y');\nEND ",
	" DECLARE \"Mixed\" text := 'a'; i int; BEGIN FOR i IN 1..3 LOOP EXECUTE 'CREATE INDEX i' || i || ' ON t (c)'; END LOOP; WHILE false LOOP TRUNCATE t; END LOOP; END ",
	" BEGIN PERFORM 1; RAISE NOTICE 'x'; RETURN; END ",
	" BEGIN BEGIN CREATE TYPE e AS ENUM ('a'); EXCEPTION WHEN duplicate_object THEN NULL; END; END ",
}

func TestScanPLpgSQL(t *testing.T) {
	for _, b := range scanBodies {
		checkScan(t, b)
	}
	// The bodies of the DO blocks of the repository's SQL files: the
	// rules' fixtures and the test data.
	n := 0
	treetest.EachRepoFile(t, func(_ string, src []byte) {
		for _, s := range Parse(string(src)) {
			if do := s.Node.GetDoStmt(); do != nil {
				if body, lang := doArgs(do); body != "" && lang == "plpgsql" {
					checkScan(t, body)
					n++
				}
			}
		}
	}, ".sql")
	if n < 10 {
		t.Fatalf("only %d DO blocks in the fixtures", n)
	}
}

// FuzzScanPLpgSQL checks that scanPLpgSQL reads any body the PL/pgSQL
// parser takes as the generic reading does.
func FuzzScanPLpgSQL(f *testing.F) {
	for _, b := range scanBodies {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, body string) { checkScan(t, body) })
}

// JSON that does not decode is an error of both decoders, with no result,
// whether it breaks off or has text after its value.
func TestDecodersRefuseBrokenJSON(t *testing.T) {
	for _, js := range []string{`{"stmts": [`, `{"stmts": []} x`, `[{"PLpgSQL_function": {"datums": [}}]`} {
		if tree, unsure, err := decodeJSON(js, ""); err == nil || tree != nil || unsure {
			t.Errorf("decodeJSON(%q) = %v, %v, %v", js, tree, unsure, err)
		}
		if items, vars, err := scanPLpgSQL(js); err == nil || items != nil || vars != nil {
			t.Errorf("scanPLpgSQL(%q) = %v, %v, %v", js, items, vars, err)
		}
	}
	if _, _, err := scanPLpgSQL(`[] x`); err == nil || !strings.Contains(err.Error(), "text after the value") {
		t.Errorf("text after the value: %v", err)
	}
}
