package report

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/rules"
)

// A finding whose file name, message, lock and help carry what a hostile
// repository can put there: a newline that would start a forged finding,
// terminal escape sequences (ESC, BEL, the C1 CSI), a right-to-left
// override and invalid UTF-8.
const (
	evilPath = "db/evil\n.sql:9:9: error forged-rule: pwned\x1b[2J.sql"
	evilMsg  = "table \"a\nb\" \x1b]0;title\x07 \u202egnp.exe \u009b31m \xff end"
)

func evilFinding() rules.Finding {
	return rules.Finding{Rule: "explicit-lock-table", Severity: rules.Error, Path: evilPath,
		Pos: pgparse.Pos{Line: 1, Col: 3}, End: pgparse.Pos{Line: 1, Col: 9},
		Message: evilMsg, Lock: "ACCESS\x1bEXCLUSIVE", Help: "drop\r\nit\x00"}
}

// checkNoRaw fails when out holds a control character other than the
// newlines in want, or a rune that reorders or drives a terminal.
func checkNoRaw(t *testing.T, format, out string, wantLines int) {
	t.Helper()
	if n := strings.Count(out, "\n"); n != wantLines {
		t.Errorf("%s: %d lines, want %d:\n%s", format, n, wantLines, out)
	}
	for i, r := range out {
		if r != '\n' && (unsafeRune(r) || r == utf8.RuneError && !strings.HasPrefix(out[i:], "\uFFFD")) {
			t.Errorf("%s: raw %U at byte %d of %q", format, r, i, out)
			return
		}
	}
}

func TestEscapeText(t *testing.T) {
	for _, c := range []struct{ in, want, keepNL string }{
		{"plain text, café 注文", "plain text, café 注文", "plain text, café 注文"},
		{"a\nb\rc\td", `a\nb\rc\td`, "a\nb\rc\\td"},
		{"\x1b[31m\x07\x00\x7f", `\x1b[31m\x07\x00\x7f`, `\x1b[31m\x07\x00\x7f`},
		{"\u009b\u0085\u2028\u202e\u2066x", `\u009b\u0085\u2028\u202e\u2066x`, `\u009b\u0085\u2028\u202e\u2066x`},
		{"a\xffb\xc3", `a\xffb\xc3`, `a\xffb\xc3`},
	} {
		if got := escapeText(c.in, false); got != c.want {
			t.Errorf("escapeText(%q) = %q, want %q", c.in, got, c.want)
		}
		if got := escapeText(c.in, true); got != c.keepNL {
			t.Errorf("escapeText(%q, keepNewlines) = %q, want %q", c.in, got, c.keepNL)
		}
	}
}

func TestCompactEscapes(t *testing.T) {
	out := string(render(t, []rules.Finding{evilFinding()}, testOptions("compact")))
	checkNoRaw(t, "compact", out, 1)
	want := `db/evil\n.sql:9:9: error forged-rule: pwned\x1b[2J.sql:1:3: error explicit-lock-table: ` +
		`table "a\nb" \x1b]0;title\x07 \u202egnp.exe \u009b31m \xff end` + "\n"
	if out != want {
		t.Errorf("got  %q\nwant %q", out, want)
	}
}

func TestTextEscapes(t *testing.T) {
	o := testOptions("text")
	o.Source = func(string) (string, bool) { return "\x1b[2JLOCK\u202e t;\n", true }
	out := string(render(t, []rules.Finding{evilFinding()}, o))
	// Header, pointer, three excerpt lines, lock, help, blank line, summary.
	checkNoRaw(t, "text", out, 9)
	for _, want := range []string{
		`error[explicit-lock-table]: table "a\nb" \x1b]0;title\x07 \u202egnp.exe \u009b31m \xff end` + "\n",
		` --> db/evil\n.sql:9:9: error forged-rule: pwned\x1b[2J.sql:1:3` + "\n",
		"1 | \uFFFD[2JLOCK\uFFFD t;\n  |   ^\n",
		`= lock: ACCESS\x1bEXCLUSIVE` + "\n",
		`= help: drop\r\nit\x00` + "\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text output lacks %q:\n%s", want, out)
		}
	}
}

func TestGitHubEscapesControls(t *testing.T) {
	out := string(render(t, []rules.Finding{evilFinding()}, testOptions("github")))
	checkNoRaw(t, "github", out, 1)
	want := `::error file=db/evil%0A.sql%3A9%3A9%3A error forged-rule%3A pwned\x1b[2J.sql,line=1,col=3,endLine=1,` +
		`title=explicit-lock-table::table "a%0Ab" \x1b]0;title\x07 \u202egnp.exe \u009b31m \xff end%0Ahelp: drop%0D%0Ait\x00` + "\n"
	if out != want {
		t.Errorf("got  %q\nwant %q", out, want)
	}
}

func TestJSONEscapes(t *testing.T) {
	out := string(render(t, []rules.Finding{evilFinding()}, testOptions("json")))
	checkNoRaw(t, "json", out, strings.Count(out, "\n"))
	var got []jsonFinding
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	// encoding/json stands U+FFFD in for the invalid byte; the rest comes
	// back as it was.
	wantMsg := strings.Replace(evilMsg, "\xff", "\uFFFD", 1)
	if len(got) != 1 || got[0].Path != evilPath || got[0].Message != wantMsg || got[0].Help != "drop\r\nit\x00" {
		t.Errorf("decoded %+v", got)
	}
	for _, esc := range []string{`\u001b`, `\u202e`, `\u009b`, `\n`} {
		if !strings.Contains(out, esc) {
			t.Errorf("json output lacks %s", esc)
		}
	}
}

func TestSARIFEscapes(t *testing.T) {
	out := string(render(t, []rules.Finding{evilFinding()}, testOptions("sarif")))
	checkNoRaw(t, "sarif", out, strings.Count(out, "\n"))
	var log struct {
		Runs []struct {
			Results []struct {
				Message   struct{ Text string }
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
					}
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	r := log.Runs[0].Results[0]
	if want := strings.Replace(evilMsg, "\xff", "\uFFFD", 1); r.Message.Text != want {
		t.Errorf("message %q, want %q", r.Message.Text, want)
	}
	if uri := r.Locations[0].PhysicalLocation.ArtifactLocation.URI; strings.ContainsAny(uri, "\n\x1b ") {
		t.Errorf("uri %q is not percent-encoded", uri)
	}
}

// TestEscapeJSONKeepsDocuments checks that escapeJSON changes how a
// document is written, not what it says.
func TestEscapeJSONKeepsDocuments(t *testing.T) {
	in := map[string]string{"k\u202e": "a\u009b\u007f\u2066b é 注"}
	raw, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var back map[string]string
	if err := json.Unmarshal(escapeJSON(raw), &back); err != nil || back["k\u202e"] != in["k\u202e"] {
		t.Errorf("round trip: %v, %q", err, back)
	}
	if got := string(escapeJSON([]byte(`{"a":"é"}`))); got != `{"a":"é"}` {
		t.Errorf("escapeJSON changed safe text: %s", got)
	}
}
