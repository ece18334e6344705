package rules

import (
	"fmt"
	"strings"
	"testing"

	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/pgparse"
)

func TestParseDirective(t *testing.T) {
	tests := []struct {
		text   string
		ok     bool
		file   bool
		ids    []string
		reason string
	}{
		{"-- migguard:ignore drop-column,rename-column the app stopped reading it in v42", true, false,
			[]string{"drop-column", "rename-column"}, "the app stopped reading it in v42"},
		{"-- migguard:ignore-file require-lock-timeout the runner sets lock_timeout", true, true,
			[]string{"require-lock-timeout"}, "the runner sets lock_timeout"},
		{"/* migguard:ignore a-rule the reason */", true, false, []string{"a-rule"}, "the reason"},
		{"/*migguard:ignore a-rule reason*/", true, false, []string{"a-rule"}, "reason"},
		{"--migguard:ignore a-rule reason", true, false, []string{"a-rule"}, "reason"},
		{"--   migguard:ignore   a-rule    spaced   reason  ", true, false, []string{"a-rule"}, "spaced   reason"},
		{"-- migguard:ignore a, b the reason", true, false, []string{"a", "b"}, "the reason"},
		{"-- migguard:ignore a,b, c reason", true, false, []string{"a", "b", "c"}, "reason"},
		{"-- migguard:ignore a,,b reason", true, false, []string{"a", "b"}, "reason"},
		{"-- migguard:ignore a -- the reason", true, false, []string{"a"}, "the reason"},
		{"-- migguard:ignore a", true, false, []string{"a"}, ""},
		{"-- migguard:ignore a, ", true, false, []string{"a"}, ""},
		{"-- migguard:ignore", true, false, nil, ""},
		{"-- migguard:ignore-file", true, true, nil, ""},
		{"-- migguard:ignore\ta\tthe reason", true, false, []string{"a"}, "the reason"},
		{"/* migguard:ignore a\n   the reason\n   goes on */", true, false, []string{"a"}, "the reason\n   goes on"},
		{"/* migguard:ignore\n a the reason */", true, false, []string{"a"}, "the reason"},
		{"/* migguard:ignore a,\n b the reason */", true, false, []string{"a", "b"}, "the reason"},
		{"-- migguard:ignored a reason", false, false, nil, ""},
		{"-- migguard:ignore-files a reason", false, false, nil, ""},
		{"-- migguard:ignore,a reason", false, false, nil, ""},
		{"-- note: migguard:ignore a reason", false, false, nil, ""},
		{"-- migguard:tx none", false, false, nil, ""},
		{"-- plain comment", false, false, nil, ""},
		{"/* */", false, false, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			d, ok := parseDirective(pgparse.Comment{Start: 7, End: 7 + len(tt.text), Text: tt.text})
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v", ok, tt.ok)
			}
			if !ok {
				return
			}
			if d.file() != tt.file || fmt.Sprint(d.ids()) != fmt.Sprint(tt.ids) || d.d.Reason != tt.reason {
				t.Errorf("got file=%v ids=%q reason=%q, want file=%v ids=%q reason=%q",
					d.file(), d.ids(), d.d.Reason, tt.file, tt.ids, tt.reason)
			}
			if d.offset != 7 {
				t.Errorf("offset = %d, want the comment start 7", d.offset)
			}
			if d.used == nil {
				t.Error("used map not initialised")
			}
		})
	}
}

const cinc = "create-index-non-concurrently"

// directiveRun applies the directives of src to findings of the named
// rules, each placed at the first occurrence of its marker text, and
// returns what is kept and what the directives reported, as
// "line:col rule: message" strings.
func directiveRun(t *testing.T, src string, at map[string]string) []string {
	t.Helper()
	f := &migrations.File{Path: "m.sql", Src: src, Up: src}
	lines := pgparse.NewLines(src)
	stmts := pgparse.Parse(src)
	var findings, reported []Finding
	for marker, rule := range at {
		off := strings.Index(src, marker)
		if off < 0 {
			t.Fatalf("marker %q not in source", marker)
		}
		findings = append(findings, Finding{Rule: rule, Path: f.Path, Pos: lines.Pos(off), Offset: off, Message: marker})
	}
	pass := &Pass{File: f, Lines: lines, Stmts: stmts,
		report: func(fd Finding) { reported = append(reported, fd) },
		once:   map[string]bool{}, scratch: map[*Rule]any{}}
	all := append(applyDirectives(pass, stmts, findings), reported...)
	SortFindings(all)
	out := make([]string, len(all))
	for i, fd := range all {
		out[i] = fmt.Sprintf("%d:%d %s: %s", fd.Pos.Line, fd.Pos.Col, fd.Rule, fd.Message)
	}
	return out
}

func checkRun(t *testing.T, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
}

func TestApplyDirectives(t *testing.T) {
	src := `CREATE INDEX a_idx ON a (x); -- migguard:ignore create-index-non-concurrently table a is tiny
-- migguard:ignore create-index-non-concurrently,all table b is new
CREATE INDEX b_idx ON b (x);
CREATE INDEX c_idx ON c (x);
-- migguard:ignore create-index-non-concurrently nothing to suppress here
SELECT 1;
/* migguard:ignore */
SELECT 2;
-- migguard:ignore no-such-rule a typo
SELECT 3;
-- migguard:ignore create-index-non-concurrently
CREATE INDEX d_idx ON d (x);
CREATE INDEX e_idx
    ON e (x); -- migguard:ignore create-index-non-concurrently trails the statement's last line
ALTER TABLE f
    -- migguard:ignore create-index-non-concurrently inside the statement
    ADD COLUMN y int;
-- migguard:ignore create-index-non-concurrently the next statement only
CREATE INDEX g_idx ON g (x);
CREATE INDEX h_idx ON h (x);
`
	got := directiveRun(t, src, map[string]string{
		"a_idx": cinc, "b_idx": cinc, "c_idx": cinc, "d_idx": cinc, "e_idx": cinc,
		"ADD COLUMN y": cinc, "g_idx": cinc, "h_idx": cinc,
		"SELECT 3": "syntax-error",
	})
	checkRun(t, got, []string{
		"4:14 create-index-non-concurrently: c_idx",
		"5:1 unused-ignore: ignore directive for create-index-non-concurrently matched no finding",
		"7:1 invalid-ignore: ignore directive names no rule",
		"9:1 invalid-ignore: ignore directive names unknown rule \"no-such-rule\"",
		"10:1 syntax-error: SELECT 3",
		"11:1 invalid-ignore: ignore directive for create-index-non-concurrently gives no reason",
		"12:14 create-index-non-concurrently: d_idx",
		"20:14 create-index-non-concurrently: h_idx",
	})
}

func TestApplyDirectivesIgnoreFile(t *testing.T) {
	src := `CREATE INDEX a_idx ON a (x);
SELECT 1;
CREATE INDEX b_idx ON b (x);
-- migguard:ignore-file create-index-non-concurrently the tables are empty in every environment
-- migguard:ignore-file syntax-error nothing to suppress
-- migguard:ignore-file all the whole file is vendored
-- migguard:ignore all bad id below
-- migguard:ignore bogus-rule reason
`
	got := directiveRun(t, src, map[string]string{
		"a_idx": cinc, "b_idx": cinc, "SELECT 1": "empty-migration",
	})
	// "all" suppresses every rule but never the findings about directives.
	checkRun(t, got, []string{
		"5:1 unused-ignore: ignore directive for syntax-error matched no finding",
		"7:1 unused-ignore: ignore directive for all matched no finding",
		"8:1 invalid-ignore: ignore directive names unknown rule \"bogus-rule\"",
	})
}

func TestApplyDirectivesAlias(t *testing.T) {
	aliases["old-index-rule"] = cinc
	t.Cleanup(func() { delete(aliases, "old-index-rule") })
	src := "-- migguard:ignore old-index-rule renamed rule id\nCREATE INDEX a_idx ON a (x);\n"
	checkRun(t, directiveRun(t, src, map[string]string{"a_idx": cinc}), nil)
}

func TestApplyDirectivesNone(t *testing.T) {
	src := "-- an ordinary comment\nCREATE INDEX a_idx ON a (x);\n"
	checkRun(t, directiveRun(t, src, map[string]string{"a_idx": cinc}),
		[]string{"2:14 create-index-non-concurrently: a_idx"})
}
