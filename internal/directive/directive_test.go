package directive

import (
	"fmt"
	"strings"
	"testing"
	"unicode"
)

func TestParse(t *testing.T) {
	tests := []struct {
		comment string
		ok      bool
		kind    Kind
		ids     []string
		reason  string
	}{
		// SQL comments.
		{"-- migguard:ignore drop-column,rename-column the app stopped reading it in v42", true, Ignore,
			[]string{"drop-column", "rename-column"}, "the app stopped reading it in v42"},
		{"-- migguard:ignore-file require-lock-timeout the runner sets lock_timeout", true, IgnoreFile,
			[]string{"require-lock-timeout"}, "the runner sets lock_timeout"},
		{"/* migguard:ignore a-rule the reason */", true, Ignore, []string{"a-rule"}, "the reason"},
		{"/*migguard:ignore a-rule reason*/", true, Ignore, []string{"a-rule"}, "reason"},
		{"--migguard:ignore a-rule reason", true, Ignore, []string{"a-rule"}, "reason"},
		{"--   migguard:ignore   a-rule    spaced   reason  ", true, Ignore, []string{"a-rule"}, "spaced   reason"},
		{"-- migguard:ignore a, b the reason", true, Ignore, []string{"a", "b"}, "the reason"},
		{"-- migguard:ignore a,b, c reason", true, Ignore, []string{"a", "b", "c"}, "reason"},
		{"-- migguard:ignore a,,b reason", true, Ignore, []string{"a", "b"}, "reason"},
		{"-- migguard:ignore a -- the reason", true, Ignore, []string{"a"}, "the reason"},
		{"-- migguard:ignore a", true, Ignore, []string{"a"}, ""},
		{"-- migguard:ignore a, ", true, Ignore, []string{"a"}, ""},
		{"-- migguard:ignore", true, Ignore, nil, ""},
		{"-- migguard:ignore-file", true, IgnoreFile, nil, ""},
		{"-- migguard:ignore\ta\tthe reason", true, Ignore, []string{"a"}, "the reason"},
		{"-- migguard:ignore\u00a0a reason", true, Ignore, []string{"a"}, "reason"},
		{"/* migguard:ignore a\n   the reason\n   goes on */", true, Ignore, []string{"a"}, "the reason\n   goes on"},
		{"/* migguard:ignore\n a the reason */", true, Ignore, []string{"a"}, "the reason"},
		{"/* migguard:ignore a,\n b the reason */", true, Ignore, []string{"a", "b"}, "the reason"},
		// Go comments, with and without a space after the marker.
		{"//migguard:ignore drop-table the table was replaced", true, Ignore, []string{"drop-table"}, "the table was replaced"},
		{"// migguard:ignore-file all generated", true, IgnoreFile, []string{"all"}, "generated"},
		// A "//" that starts a word begins a note, as a Go test's want.
		{"//migguard:ignore truncate-table // want `gives no reason`", true, Ignore, []string{"truncate-table"}, ""},
		{"//migguard:ignore a nothing here // want `unused`", true, Ignore, []string{"a"}, "nothing here"},
		{"-- migguard:ignore a see https://example.com/x", true, Ignore, []string{"a"}, "see https://example.com/x"},
		{"-- migguard:ignore a -- // only a note", true, Ignore, []string{"a"}, ""},
		// Python comments.
		{"# migguard:ignore drop-table t is replaced by u", true, Ignore, []string{"drop-table"}, "t is replaced by u"},
		{"#migguard:ignore-file a,b reason", true, IgnoreFile, []string{"a", "b"}, "reason"},
		// The text after the marker alone.
		{"migguard:ignore a reason", true, Ignore, []string{"a"}, "reason"},
		// Not directives.
		{"-- migguard:ignored a reason", false, 0, nil, ""},
		{"-- migguard:ignore-files a reason", false, 0, nil, ""},
		{"-- migguard:ignore,a reason", false, 0, nil, ""},
		{"-- note: migguard:ignore a reason", false, 0, nil, ""},
		{"-- migguard:tx none", false, 0, nil, ""},
		{"-- plain comment", false, 0, nil, ""},
		{"-- -- migguard:ignore a reason", false, 0, nil, ""},
		{"/* */", false, 0, nil, ""},
		{"", false, 0, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.comment, func(t *testing.T) {
			d, ok := Parse(tt.comment)
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v", ok, tt.ok)
			}
			if d.Kind != tt.kind || fmt.Sprint(d.IDs) != fmt.Sprint(tt.ids) || d.Reason != tt.reason {
				t.Errorf("got kind=%d ids=%q reason=%q, want kind=%d ids=%q reason=%q",
					d.Kind, d.IDs, d.Reason, tt.kind, tt.ids, tt.reason)
			}
		})
	}
}

func TestProblem(t *testing.T) {
	for comment, want := range map[string]string{
		"-- migguard:ignore a,b reason": "",
		"-- migguard:ignore":            "ignore directive names no rule",
		"-- migguard:ignore ,,":         "ignore directive names no rule",
		"-- migguard:ignore a,b":        "ignore directive for a,b gives no reason",
		"-- migguard:ignore-file a --":  "ignore directive for a gives no reason",
	} {
		d, ok := Parse(comment)
		if !ok {
			t.Fatalf("%q: not a directive", comment)
		}
		if got := d.Problem(); got != want {
			t.Errorf("%q: Problem() = %q, want %q", comment, got, want)
		}
	}
	if got := UnknownRule("x"); got != `ignore directive names unknown rule "x"` {
		t.Errorf("UnknownRule = %q", got)
	}
	if got := Unused("x"); got != "ignore directive for x matched no finding" {
		t.Errorf("Unused = %q", got)
	}
}

// FuzzDirective checks that Parse never panics, yields rule ids without
// white space or commas and a trimmed reason without a note, and reads the
// same directive whichever comment marker surrounds the text.
func FuzzDirective(f *testing.F) {
	for _, seed := range []string{
		"migguard:ignore drop-column,rename-column the app stopped reading it",
		"migguard:ignore-file require-lock-timeout the runner sets it",
		" migguard:ignore a, b reason ",
		"migguard:ignore a,\tb\u00a0c reason",
		"migguard:ignore",
		"migguard:ignore-file*",
		"migguard:ignore ,,, ,",
		"migguard:ignore a -- reason // note",
		"migguard:ignore a see http://x//y",
		"/migguard:ignore a b",
		"-",
		"*/",
		"",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		d, ok := Parse("-- " + text)
		for _, other := range []string{"//" + text, "# " + text, "/*" + text + "*/"} {
			od, ook := Parse(other)
			if ook != ok || fmt.Sprint(od) != fmt.Sprint(d) {
				t.Fatalf("%q reads as %v %+v, but %q as %v %+v", "-- "+text, ok, d, other, ook, od)
			}
		}
		if !ok {
			return
		}
		for _, id := range d.IDs {
			if id == "" || strings.ContainsRune(id, ',') || strings.IndexFunc(id, unicode.IsSpace) >= 0 {
				t.Fatalf("bad id %q in %q", id, text)
			}
		}
		if d.Reason != strings.TrimSpace(d.Reason) || strings.HasPrefix(d.Reason, "//") || strings.Contains(d.Reason, " //") {
			t.Fatalf("reason %q of %q not trimmed or holds a note", d.Reason, text)
		}
		if (d.Problem() == "") != (len(d.IDs) > 0 && d.Reason != "") {
			t.Fatalf("Problem() = %q for ids %q reason %q", d.Problem(), d.IDs, d.Reason)
		}
	})
}

func TestParsePeer(t *testing.T) {
	tests := []struct {
		comment string
		ok      bool
		d       Directive
		problem string // part of Problem(), "" for none
	}{
		{"-- squawk-ignore ban-drop-column", true, Directive{Tool: Squawk, Kind: Ignore, IDs: []string{"ban-drop-column"}}, ""},
		{"-- squawk-ignore prefer-robust-stmts, require-timeout-settings -- the runner retries", true,
			Directive{Tool: Squawk, Kind: Ignore, IDs: []string{"prefer-robust-stmts", "require-timeout-settings"}}, ""},
		{"--squawk-ignore a,b", true, Directive{Tool: Squawk, Kind: Ignore, IDs: []string{"a", "b"}}, ""},
		{"/* squawk-ignore-file renaming-table */", true, Directive{Tool: Squawk, Kind: IgnoreFile, IDs: []string{"renaming-table"}}, ""},
		{"-- squawk-ignore-file", true, Directive{Tool: Squawk, Kind: IgnoreFile}, ""},
		{"-- squawk-ignore", true, Directive{Tool: Squawk, Kind: Ignore}, "names no rule"},
		{"-- eugene: ignore", true, Directive{Tool: Eugene, Kind: Ignore, IDs: []string{}}, ""},
		{"-- eugene: ignore E2, E3", true, Directive{Tool: Eugene, Kind: Ignore, IDs: []string{"E2", "E3"}}, ""},
		{"-- eugene: ignore E9\r", true, Directive{Tool: Eugene, Kind: Ignore, IDs: []string{"E9"}}, ""},
		{"-- eugene: skip E2", true, Directive{Tool: Eugene, Kind: Ignore, Reason: "skip E2"}, "is not an ignore"},
		// Not peer directives.
		{"-- eugene-ignore: E3", false, Directive{}, ""},
		{"--eugene: ignore", false, Directive{}, ""},
		{"-- a note about squawk-ignore", false, Directive{}, ""},
		{"-- migguard:ignore drop-table reason", false, Directive{}, ""},
		{"# squawk-ignore a", false, Directive{}, ""},
	}
	for _, tt := range tests {
		d, ok := ParsePeer(tt.comment)
		if ok != tt.ok || fmt.Sprint(d) != fmt.Sprint(tt.d) {
			t.Errorf("ParsePeer(%q) = %+v, %v; want %+v, %v", tt.comment, d, ok, tt.d, tt.ok)
		}
		if p := d.Problem(); ok && (tt.problem == "") != (p == "") || !strings.Contains(p, tt.problem) {
			t.Errorf("ParsePeer(%q).Problem() = %q, want …%s…", tt.comment, p, tt.problem)
		}
	}
}

// FuzzParsePeer checks that ParsePeer never panics and yields ids without
// commas or surrounding white space.
func FuzzParsePeer(f *testing.F) {
	for _, seed := range []string{"-- squawk-ignore a, b -- note", "/* squawk-ignore-file */", "-- eugene: ignore E2,E3", "-- eugene: ", "/**/", "--"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		d, ok := ParsePeer(text)
		if !ok {
			return
		}
		for _, id := range d.IDs {
			if id == "" || strings.ContainsRune(id, ',') || id != strings.TrimSpace(id) {
				t.Fatalf("bad id %q in %q", id, text)
			}
		}
		_ = d.Problem()
	})
}
