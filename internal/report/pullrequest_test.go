package report

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/rules"
)

// The pull-request formats must not depend on the order findings come in,
// so that a bot that updates one comment (or GitLab, which compares
// fingerprints between pipelines) sees the same report for the same
// findings.
func TestPullRequestFormatsIgnoreInputOrder(t *testing.T) {
	for _, format := range []string{"markdown", "gitlab"} {
		fs := testFindings(t)
		want := render(t, fs, testOptions(format))
		slices.Reverse(fs)
		if got := render(t, fs, testOptions(format)); !bytes.Equal(got, want) {
			t.Errorf("%s: reversed findings render differently:\n%s", format, got)
		}
	}
}

func TestMarkdownComment(t *testing.T) {
	got := string(render(t, testFindings(t), testOptions("markdown")))
	if !strings.HasPrefix(got, MarkdownMarker+"\n### migguard: 3 errors, 2 warnings, 1 info in 3 files\n") {
		t.Errorf("the comment does not start with the marker and the summary line:\n%s", got)
	}
	if n := strings.Count(got, "\n#### "); n != 3 {
		t.Errorf("%d file sections, want one table per file (3)", n)
	}
	// add-column-required appears in two files: its recipe is folded
	// under each file's table, once per file.
	if n := strings.Count(got, "<summary>Safe recipe for <code>add-column-required</code></summary>\n\nAdd a default.\n\nLock: ACCESS EXCLUSIVE."); n != 2 {
		t.Errorf("add-column-required's recipe appears %d times, want 2:\n%s", n, got)
	}
	empty := string(render(t, nil, testOptions("markdown")))
	if empty != MarkdownMarker+"\n### migguard: no problems found\n" {
		t.Errorf("no findings: got %q", empty)
	}
}

// Text from the repository cannot break the table, inject HTML or
// mention people.
func TestMarkdownEscaping(t *testing.T) {
	f := rules.Finding{Rule: "explicit-lock-table", Severity: rules.Warning, Path: "db/a|`b`.sql",
		Pos: pgparse.Pos{Line: 2, Col: 1}, Message: "table \"x|y\" <script>\nnext @team *bold*"}
	got := string(render(t, []rules.Finding{f}, testOptions("markdown")))
	for _, want := range []string{
		"#### ``db/a\\|`b`.sql``\n",
		`| warning | ` + "[`explicit-lock-table`]" + `(https://github.com/migguard/migguard/blob/main/internal/rules/README.md#explicit-lock-table) | 2 | table "x\|y" &lt;script&gt; next @` + "\u200b" + `team \*bold\* |`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	for _, line := range strings.Split(got, "\n") {
		if strings.HasPrefix(line, "| warning") && strings.Count(strings.ReplaceAll(line, `\|`, ""), "|") != 5 {
			t.Errorf("row has extra cells: %s", line)
		}
	}
}

// validate checks a report against a JSON schema file of testdata.
func validate(t *testing.T, schemaFile string, report []byte) error {
	t.Helper()
	c := jsonschema.NewCompiler()
	sch, err := c.Compile(filepath.Join("testdata", schemaFile))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(report))
	if err != nil {
		t.Fatal(err)
	}
	return sch.Validate(doc)
}

// TestGitLabSchema checks the gitlab format against GitLab's own schema
// for an issue (testdata/gitlab-codeclimate.schema.json, vendored from
// GitLab's repository: app/validators/json_schemas/codeclimate.json,
// https://gitlab.com/gitlab-org/gitlab/-/blob/master/app/validators/json_schemas/codeclimate.json,
// which its Code Climate report parser applies to each issue) and against
// a stricter schema of the fields GitLab documents, which the parser's
// schema does not require.
func TestGitLabSchema(t *testing.T) {
	for _, fs := range [][]rules.Finding{testFindings(t), nil} {
		out := render(t, fs, testOptions("gitlab"))
		if err := validate(t, "gitlab-codequality-documented.schema.json", out); err != nil {
			t.Errorf("the report does not follow GitLab's documented format: %v\n%s", err, out)
		}
		var issues []json.RawMessage
		if err := json.Unmarshal(out, &issues); err != nil {
			t.Fatal(err)
		}
		if len(issues) != len(fs) {
			t.Errorf("%d issues, want %d", len(issues), len(fs))
		}
		for _, issue := range issues {
			if err := validate(t, "gitlab-codeclimate.schema.json", issue); err != nil {
				t.Errorf("GitLab's parser would reject %s: %v", issue, err)
			}
		}
	}
	if err := validate(t, "gitlab-codequality-documented.schema.json", []byte(`[{"description":"x","check_name":"r","fingerprint":"f","severity":"error","location":{"path":"a.sql","lines":{"begin":1}}}]`)); err == nil {
		t.Error("the documented schema accepts severity \"error\"; the test would miss a wrong mapping")
	}
}

// Fingerprints are unique within a report and stay the same when the
// finding moves to another line, so that GitLab does not report a known
// finding as fixed and new again.
func TestGitLabFingerprints(t *testing.T) {
	type issue struct {
		Fingerprint string `json:"fingerprint"`
		CheckName   string `json:"check_name"`
	}
	read := func(fs []rules.Finding) []issue {
		var out []issue
		if err := json.Unmarshal(render(t, fs, testOptions("gitlab")), &out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	fs := testFindings(t)
	twin := fs[1]
	twin.Pos.Line, twin.End.Line = 9, 9
	fs = append(fs, twin) // the same finding twice in one file
	first := read(fs)
	seen := map[string]bool{}
	for _, is := range first {
		if seen[is.Fingerprint] {
			t.Errorf("fingerprint %s appears twice", is.Fingerprint)
		}
		seen[is.Fingerprint] = true
	}
	moved := slices.Clone(fs)
	for i := range moved {
		moved[i].Pos.Line += 3
		moved[i].End.Line += 3
	}
	if again := read(moved); !slices.Equal(again, first) {
		t.Errorf("fingerprints changed when the findings moved down 3 lines:\n%v\n%v", first, again)
	}
}
