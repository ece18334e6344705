package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/rules"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// Two migrations: the first has CRLF line ends, a tab and wide characters
// on the lines it is flagged at; the second is flagged at its very end.
// A third path has no source, so its finding has no excerpt.
const (
	pathCRLF    = "db/migrations/001_orders.sql"
	pathLF      = "db/migrations/002_lock.sql"
	pathMissing = "db/migrations/003_gone.sql"

	srcCRLF = "-- orders for the café\r\n" +
		"CREATE TABLE \"注文\" (id int, note text);\r\n" +
		"\tCREATE INDEX \"注文_idx\" ON \"注文\" (id);\r\n" +
		"ALTER TABLE orders ADD COLUMN total numeric NOT NULL;\r\n"
	srcLF = "SET lock_timeout = '1s';\n" +
		"LOCK TABLE orders IN ACCESS EXCLUSIVE MODE;\n" +
		"BEGIN;\n"
)

var sources = map[string]string{pathCRLF: srcCRLF, pathLF: srcLF}

var testRules = map[string]*rules.Rule{
	"create-index-non-concurrently": {
		ID: "create-index-non-concurrently", Title: "index built without CONCURRENTLY blocks writes",
		Severity: rules.Error, Lock: "SHARE",
		Detects:  "`CREATE INDEX` without `CONCURRENTLY` on a table that existed before this migration.",
		Why:      "A plain CREATE INDEX holds a SHARE lock for the whole build: every write waits.",
		Fix:      "Use `CREATE INDEX CONCURRENTLY` outside a transaction.",
		Versions: "Concurrent builds on PostgreSQL 14.0–14.3 can corrupt indexes.",
		Help:     "use CREATE INDEX CONCURRENTLY in a migration that runs outside a transaction",
	},
	"prefer-bigint": {
		ID: "prefer-bigint", Title: "int columns overflow at 2^31", Severity: rules.Warning, Optional: true,
		Why: "Ids outgrow int.", Fix: "Use bigint.",
	},
	"add-column-required": {
		ID: "add-column-required", Aliases: []string{"adding-required-field"},
		Title: "NOT NULL column without a default fails on a non-empty table", Severity: rules.Error,
		Lock: "ACCESS EXCLUSIVE", Why: "Existing rows have no value.", Fix: "Add a default.",
		Help: "add a DEFAULT, or add the column nullable and backfill",
	},
	"explicit-lock-table": {
		ID: "explicit-lock-table", Title: "explicit LOCK TABLE", Severity: rules.Warning,
		Lock: "ACCESS EXCLUSIVE", Why: "It blocks everything.", Fix: "Drop it.",
	},
	"transaction-left-open": {
		ID: "transaction-left-open", Title: "transaction left open at end of file", Severity: rules.Info,
		Why: "The runner commits or fails.", Fix: "Close it.",
	},
}

// at builds a finding at the first occurrence of needle in the file,
// ending at the next semicolon, as the engine does.
func at(t *testing.T, path, needle, rule string, sev rules.Severity, msg string) rules.Finding {
	t.Helper()
	src, ok := sources[path]
	if !ok {
		return rules.Finding{Rule: rule, Severity: sev, Path: path, Pos: pgparse.Pos{Line: 7, Col: 3},
			End: pgparse.Pos{Line: 7, Col: 30}, Message: msg}
	}
	lines := pgparse.NewLines(src)
	off := len(src)
	if needle != "" {
		off = strings.Index(src, needle)
		if off < 0 {
			t.Fatalf("%q not in %s", needle, path)
		}
	}
	end := off
	if i := strings.IndexByte(src[off:], ';'); i >= 0 {
		end = off + i
	}
	r := testRules[rule]
	return rules.Finding{Rule: rule, Severity: sev, Path: path, Pos: lines.Pos(off), End: lines.Pos(end),
		Offset: off, Message: msg, Help: r.Help, Lock: r.Lock}
}

func testFindings(t *testing.T) []rules.Finding {
	return []rules.Finding{
		at(t, pathCRLF, "int,", "prefer-bigint", rules.Warning, `column "id" of "注文" is int`),
		at(t, pathCRLF, `"注文" (id);`, "create-index-non-concurrently", rules.Error,
			`creating index "注文_idx" on "注文" without CONCURRENTLY blocks writes to the table while it builds`),
		at(t, pathCRLF, "ADD COLUMN", "add-column-required", rules.Error,
			`adding NOT NULL column "total" to "orders" without a default fails when the table has rows`),
		at(t, pathLF, "orders IN", "explicit-lock-table", rules.Warning, `LOCK TABLE "orders" IN ACCESS EXCLUSIVE MODE blocks every query on it`),
		at(t, pathLF, "", "transaction-left-open", rules.Info, "transaction opened by BEGIN at line 3 is never committed"),
		at(t, pathMissing, "", "add-column-required", rules.Error, `adding NOT NULL column "x" to "t" without a default fails when the table has rows`),
	}
}

func testOptions(format string) Options {
	return Options{
		Format:      format,
		Source:      func(p string) (string, bool) { s, ok := sources[p]; return s, ok },
		ToolVersion: "1.2.3",
		Rules:       func(id string) *rules.Rule { return testRules[id] },
	}
}

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/report -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output (go test ./internal/report -update rewrites it)\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func render(t *testing.T, fs []rules.Finding, o Options) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, fs, o); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestFormats(t *testing.T) {
	ext := map[string]string{"json": ".json", "sarif": ".sarif", "markdown": ".md", "gitlab": ".json"}
	for _, format := range Formats {
		t.Run(format, func(t *testing.T) {
			golden(t, format+ext[format]+".golden", render(t, testFindings(t), testOptions(format)))
			golden(t, format+"-empty"+ext[format]+".golden", render(t, nil, testOptions(format)))
		})
	}
}

func TestTextColor(t *testing.T) {
	o := testOptions("text")
	o.Color = true
	got := render(t, testFindings(t), o)
	golden(t, "text-color.golden", got)
	if !bytes.Contains(got, []byte("\x1b[1;31merror[")) {
		t.Error("coloured text has no red error label")
	}
	for _, format := range Formats {
		o := testOptions(format)
		if out := render(t, testFindings(t), o); bytes.ContainsRune(out, 0x1b) {
			t.Errorf("%s output without Color holds an escape code", format)
		}
	}
}

func TestDefaultFormatIsText(t *testing.T) {
	o := testOptions("")
	if got, want := render(t, testFindings(t), o), render(t, testFindings(t), testOptions("text")); !bytes.Equal(got, want) {
		t.Errorf("Format \"\" renders differently from text:\n%s", got)
	}
	if err := Write(&bytes.Buffer{}, nil, Options{Format: "xml"}); err == nil || !strings.Contains(err.Error(), "text, compact") {
		t.Errorf("unknown format: got error %v, want one listing the formats", err)
	}
}

func TestExcerpt(t *testing.T) {
	for _, tc := range []struct {
		line  string
		col   int
		text  string
		caret int
	}{
		{"abc", 1, "abc", 0},
		{"abc", 3, "abc", 2},
		{"abc", 4, "abc", 3}, // just past the end
		{"", 1, "", 0},
		{"abc", 0, "abc", 0}, // no column
		{"\tx", 2, "    x", 4},
		{"a\tb", 3, "a    b", 5},
		{"café x", 6, "café x", 5},
		{`"注文" x`, 5, `"注文" x`, 6},
		{"e\u0301x", 3, "e\u0301x", 1}, // combining accent takes no cell
		{"a\x1b[31mb", 3, "a\uFFFD[31mb", 2},
		{"a\xffb", 3, "a\uFFFDb", 2},
	} {
		text, caret := excerpt(tc.line, tc.col)
		if text != tc.text || caret != tc.caret {
			t.Errorf("excerpt(%q, %d) = %q, %d; want %q, %d", tc.line, tc.col, text, caret, tc.text, tc.caret)
		}
	}
}

func TestTextByteOrderMark(t *testing.T) {
	src := "\uFEFFLOCK TABLE t;\n"
	f := rules.Finding{Rule: "explicit-lock-table", Severity: rules.Warning, Path: "a.sql",
		Pos: pgparse.NewLines(src).Pos(strings.Index(src, "t;")), Message: "m"}
	o := testOptions("text")
	o.Source = func(string) (string, bool) { return src, true }
	got := string(render(t, []rules.Finding{f}, o))
	if want := "1 | LOCK TABLE t;\n  |            ^\n"; !strings.Contains(got, want) {
		t.Errorf("got\n%s\nwant it to contain\n%s", got, want)
	}
}

func TestSummary(t *testing.T) {
	e, w, i := Summary(testFindings(t))
	if e != 3 || w != 2 || i != 1 {
		t.Errorf("Summary = %d, %d, %d; want 3, 2, 1", e, w, i)
	}
	for _, tc := range []struct {
		fs   []rules.Finding
		want string
	}{
		{nil, "no problems found"},
		{testFindings(t), "3 errors, 2 warnings, 1 info in 3 files"},
		{testFindings(t)[:1], "1 warning in 1 file"},
		{testFindings(t)[3:5], "1 warning, 1 info in 1 file"},
	} {
		if got := summaryLine(tc.fs); got != tc.want {
			t.Errorf("summaryLine = %q, want %q", got, tc.want)
		}
	}
}

func TestGitHubEscaping(t *testing.T) {
	f := rules.Finding{Rule: "explicit-lock-table", Severity: rules.Info, Path: `dir:a,b/50%.sql`,
		Pos: pgparse.Pos{Line: 2, Col: 1}, Message: "100% blocked,\r\nreally: yes", Help: "a, b: c"}
	got := string(render(t, []rules.Finding{f}, testOptions("github")))
	want := "::notice file=dir%3Aa%2Cb/50%25.sql,line=2,col=1,endLine=2,title=explicit-lock-table::" +
		"100% blocked,%0D%0Areally: yes%0Ahelp: a, b: c\n"
	want = strings.Replace(want, "100%", "100%25", 1)
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if strings.ContainsAny(strings.TrimSuffix(got, "\n"), "\r\n") {
		t.Error("a workflow command spans lines")
	}
}

func TestJSONShape(t *testing.T) {
	var got []map[string]any
	if err := json.Unmarshal(render(t, testFindings(t), testOptions("json")), &got); err != nil {
		t.Fatal(err)
	}
	keys := []string{"rule", "severity", "path", "line", "column", "end_line", "end_column", "message", "help", "lock", "url"}
	for i, f := range got {
		if len(f) != len(keys) {
			t.Errorf("finding %d has %d members, want %d", i, len(f), len(keys))
		}
		for _, k := range keys {
			if _, ok := f[k]; !ok {
				t.Errorf("finding %d lacks %q", i, k)
			}
		}
	}
	if s := strings.TrimSpace(string(render(t, nil, testOptions("json")))); s != "[]" {
		t.Errorf("no findings: got %s, want []", s)
	}
}

// sarifLog is the part of SARIF 2.1.0 that GitHub code scanning reads.
type sarifLog struct {
	Version string `json:"version"`
	Schema  string `json:"$schema"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name           string `json:"name"`
				Version        string `json:"version"`
				InformationURI string `json:"informationUri"`
				Rules          []struct {
					ID               string                           `json:"id"`
					ShortDescription *struct{ Text string }           `json:"shortDescription"`
					FullDescription  *struct{ Text string }           `json:"fullDescription"`
					Help             *struct{ Text, Markdown string } `json:"help"`
					HelpURI          string                           `json:"helpUri"`
					Default          *struct{ Level string }          `json:"defaultConfiguration"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		ColumnKind string `json:"columnKind"`
		Results    *[]struct {
			RuleID    string                `json:"ruleId"`
			RuleIndex *int                  `json:"ruleIndex"`
			Level     string                `json:"level"`
			Message   struct{ Text string } `json:"message"`
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct{ URI string } `json:"artifactLocation"`
					Region           struct {
						StartLine, StartColumn, EndLine, EndColumn int
					} `json:"region"`
				} `json:"physicalLocation"`
			} `json:"locations"`
		} `json:"results"`
	} `json:"runs"`
}

func TestSARIFShape(t *testing.T) {
	for _, fs := range [][]rules.Finding{testFindings(t), nil} {
		var log sarifLog
		if err := json.Unmarshal(render(t, fs, testOptions("sarif")), &log); err != nil {
			t.Fatal(err)
		}
		if log.Version != "2.1.0" || !strings.HasSuffix(log.Schema, "sarif-schema-2.1.0.json") {
			t.Errorf("version %q, schema %q", log.Version, log.Schema)
		}
		if len(log.Runs) != 1 {
			t.Fatalf("%d runs, want 1", len(log.Runs))
		}
		run := log.Runs[0]
		d := run.Tool.Driver
		if d.Name != "migguard" || d.Version != "1.2.3" || d.InformationURI != InformationURI {
			t.Errorf("driver %q %q %q", d.Name, d.Version, d.InformationURI)
		}
		if run.ColumnKind != "unicodeCodePoints" {
			t.Errorf("columnKind %q", run.ColumnKind)
		}
		for _, r := range d.Rules {
			if r.ID == "" || r.ShortDescription == nil || r.ShortDescription.Text == "" || r.HelpURI == "" ||
				r.Help == nil || r.Help.Text == "" || r.Help.Markdown == "" || r.Default == nil {
				t.Errorf("rule %q lacks a required member", r.ID)
			}
		}
		if run.Results == nil {
			t.Fatal("results is null or missing")
		}
		if len(*run.Results) != len(fs) {
			t.Errorf("%d results, want %d", len(*run.Results), len(fs))
		}
		for _, r := range *run.Results {
			if r.RuleIndex == nil || *r.RuleIndex >= len(d.Rules) || d.Rules[*r.RuleIndex].ID != r.RuleID {
				t.Errorf("result for %s has a wrong ruleIndex", r.RuleID)
			}
			if r.Level != "error" && r.Level != "warning" && r.Level != "note" {
				t.Errorf("level %q", r.Level)
			}
			if r.Message.Text == "" || len(r.Locations) != 1 {
				t.Errorf("result for %s lacks a message or location", r.RuleID)
				continue
			}
			loc := r.Locations[0].PhysicalLocation
			if u := loc.ArtifactLocation.URI; u == "" || strings.HasPrefix(u, "/") || strings.Contains(u, `\`) {
				t.Errorf("uri %q is not a relative slash path", u)
			}
			if loc.Region.StartLine < 1 || loc.Region.StartColumn < 1 {
				t.Errorf("region %+v", loc.Region)
			}
		}
	}
}

func TestURI(t *testing.T) {
	for in, want := range map[string]string{
		"db/a.sql":     "db/a.sql",
		"./db/a b.sql": "db/a%20b.sql",
		"/abs/a.sql":   "file:///abs/a.sql",
		"db/100%.sql":  "db/100%25.sql",
		"db/café.sql":  "db/caf%C3%A9.sql",
	} {
		if got := uri(in); got != want {
			t.Errorf("uri(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestList(t *testing.T) {
	rs := []*rules.Rule{testRules["add-column-required"], testRules["create-index-non-concurrently"],
		testRules["explicit-lock-table"], testRules["prefer-bigint"], testRules["transaction-left-open"]}
	sev := map[string]rules.Severity{"explicit-lock-table": rules.Error, "transaction-left-open": 0}
	var b bytes.Buffer
	List(&b, rs, sev)
	golden(t, "list.golden", b.Bytes())
}

// testExamples stands for a rule's fixtures, with the test expectations
// Explain must drop.
var testExamples = map[string]string{
	"bad": "-- A plain CREATE INDEX blocks writes.\r\n" +
		"CREATE INDEX users_email_idx ON users (email); -- want \"create-index-non-concurrently\"\r\n" +
		"\r\n" +
		"CREATE UNIQUE INDEX orders_ref_idx\r\n" +
		"\tON orders (reference);   -- want \"create-index-non-concurrently\"\r\n",
	"good": "-- migguard:tx none\nCREATE INDEX CONCURRENTLY users_email_idx ON users (email);\n",
}

func TestExplain(t *testing.T) {
	for _, id := range []string{"create-index-non-concurrently", "prefer-bigint", "add-column-required"} {
		examples := func(string) string { return "" }
		if id == "create-index-non-concurrently" {
			examples = func(kind string) string { return testExamples[kind] }
		}
		var b bytes.Buffer
		explain(&b, testRules[id], examples)
		golden(t, "explain-"+id+".golden", b.Bytes())
	}
}

// TestExplainRegistered explains every registered rule: the examples come
// from the rule fixtures, without their test expectations.
func TestExplainRegistered(t *testing.T) {
	for _, r := range rules.All() {
		var b bytes.Buffer
		Explain(&b, r)
		out := b.String()
		if !strings.HasPrefix(out, r.ID+": "+r.Title+"\n") || !strings.Contains(out, r.URL()) {
			t.Errorf("%s: explanation lacks its title or URL:\n%s", r.ID, out)
		}
		if strings.Contains(out, "-- want") {
			t.Errorf("%s: explanation shows test expectations:\n%s", r.ID, out)
		}
		if bad := r.Example("bad"); strings.TrimSpace(bad) != "" && !strings.Contains(out, "\nBad\n") {
			t.Errorf("%s: explanation lacks the bad example", r.ID)
		}
	}
}
