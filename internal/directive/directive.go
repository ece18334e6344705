// Package directive is the grammar of migguard's suppression comments, the
// one reader of them for SQL files, Go source and Alembic revisions:
//
//	-- migguard:ignore drop-column,rename-column the app stopped reading it in v42
//	//migguard:ignore drop-table the table was replaced by accounts in 2023
//	# migguard:ignore-file require-lock-timeout the runner sets lock_timeout
//
// A directive is a comment whose text, after its marker (--, /* */, //
// or #) and any white space, starts with the keyword migguard:ignore
// (covers one statement) or migguard:ignore-file (covers the file),
// followed by white space or the end of the comment. Then come:
//
//   - the rule ids, separated by commas; white space after a comma is
//     allowed ("a, b"), and empty ids ("a,,b") are dropped;
//   - the reason, the rest of the comment. A "--" in front of it is a
//     separator ("a -- the reason"), and a "//" that starts a word begins a
//     note that is not part of the reason ("a the reason // see #12"), so a
//     Go test's `// want` comment can follow a directive.
//
// A directive without ids or without a reason is malformed: it suppresses
// nothing and is reported as invalid-ignore. What a directive covers (which
// statement, Go node or Alembic call) and which ids exist are the callers'
// business, because they differ between the languages.
//
// In SQL, the suppression comments of squawk and eugene are read too
// (ParsePeer), so that migrations written for them keep their meaning:
//
//	-- squawk-ignore ban-drop-column, renaming-column -- optional note
//	-- squawk-ignore-file require-lock-timeout
//	-- eugene: ignore E2, E9
//
// Their ids are the peer tools' rule names and hint ids, and they need no
// reason, as those tools require none.
package directive

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind says what a directive covers.
type Kind int

const (
	// Ignore covers one statement: migguard:ignore.
	Ignore Kind = iota + 1
	// IgnoreFile covers the whole file: migguard:ignore-file.
	IgnoreFile
)

// Keywords of the two kinds, as written in comments.
const (
	IgnoreKeyword     = "migguard:ignore"
	IgnoreFileKeyword = "migguard:ignore-file"
)

// Directive is one parsed suppression comment.
type Directive struct {
	Kind   Kind
	IDs    []string // rule ids (or "all") as written
	Reason string   // "" when none is given
	// Tool is the tool whose syntax the comment uses: "" for migguard's,
	// Squawk or Eugene for a peer's (ParsePeer), whose IDs are that tool's
	// rule names or hint ids. An empty IDs list then means every rule
	// where the peer reads it so (squawk-ignore-file, eugene: ignore).
	Tool string
}

// The peer tools whose suppression comments ParsePeer reads.
const (
	Squawk = "squawk"
	Eugene = "eugene"
)

// Parse reads one comment, with or without its marker ("-- …", "/* … */",
// "// …", "# …"); ok is false when the comment is not a directive.
// Malformed directives are returned with ok true: see Problem.
func Parse(comment string) (d Directive, ok bool) {
	text := strings.TrimSpace(stripMarker(strings.TrimSpace(comment)))
	var rest string
	switch {
	case strings.HasPrefix(text, IgnoreFileKeyword):
		d.Kind, rest = IgnoreFile, text[len(IgnoreFileKeyword):]
	case strings.HasPrefix(text, IgnoreKeyword):
		d.Kind, rest = Ignore, text[len(IgnoreKeyword):]
	default:
		return Directive{}, false
	}
	// migguard:ignored or migguard:ignore,x are other words.
	if r, _ := utf8.DecodeRuneInString(rest); rest != "" && !unicode.IsSpace(r) {
		return Directive{}, false
	}
	idList, reason := cutSpace(rest)
	// Accept "a, b reason" as well as "a,b reason".
	for strings.HasSuffix(idList, ",") && reason != "" {
		var next string
		next, reason = cutSpace(reason)
		idList += next
	}
	for _, id := range strings.Split(idList, ",") {
		if id = strings.TrimSpace(id); id != "" {
			d.IDs = append(d.IDs, id)
		}
	}
	d.Reason = reasonOf(reason)
	return d, true
}

// stripMarker removes one comment marker from the front (and, for a block
// comment, the back) of a trimmed comment.
func stripMarker(c string) string {
	switch {
	case strings.HasPrefix(c, "--"), strings.HasPrefix(c, "//"):
		return c[2:]
	case strings.HasPrefix(c, "#"):
		return c[1:]
	case strings.HasPrefix(c, "/*"):
		return strings.TrimSuffix(c[2:], "*/")
	}
	return c
}

// reasonOf trims the text after the ids to the reason: without a leading
// "--" separator and without a trailing "// note".
func reasonOf(s string) string {
	s = strings.TrimPrefix(strings.TrimSpace(s), "--")
	for from := 0; ; {
		i := strings.Index(s[from:], "//")
		if i < 0 {
			break
		}
		i += from
		// A "//" inside a word, as in https://…, is part of the reason.
		if r, _ := utf8.DecodeLastRuneInString(s[:i]); i == 0 || unicode.IsSpace(r) {
			s = s[:i]
			break
		}
		from = i + 2
	}
	return strings.TrimSpace(s)
}

// cutSpace returns the first word of s and the rest, split at white space
// (a tab or a line break in a block comment as well as a space).
func cutSpace(s string) (word, rest string) {
	s = strings.TrimSpace(s)
	if i := strings.IndexFunc(s, unicode.IsSpace); i >= 0 {
		return s[:i], s[i:]
	}
	return s, ""
}

// Problem says why the directive is malformed, in the words of the
// invalid-ignore finding; "" when it names rules and gives a reason (a
// peer's directive needs no reason).
func (d Directive) Problem() string {
	switch {
	case d.Tool == Squawk && d.Kind == Ignore && len(d.IDs) == 0:
		return "squawk-ignore names no rule: squawk suppresses nothing with it (squawk-ignore-file without names covers every rule)"
	case d.Tool == Eugene && d.IDs == nil && d.Reason != "":
		return "eugene comment \"" + d.Reason + "\" is not an ignore: eugene expects `-- eugene: ignore` or `-- eugene: ignore E2, E3` and fails on anything else"
	case d.Tool != "":
		return ""
	case len(d.IDs) == 0:
		return "ignore directive names no rule"
	case d.Reason == "":
		return "ignore directive for " + strings.Join(d.IDs, ",") + " gives no reason"
	}
	return ""
}

// UnknownRule is the invalid-ignore message for an id that names no rule.
func UnknownRule(id string) string {
	return "ignore directive names unknown rule \"" + id + "\""
}

// Unused is the unused-ignore message for an id that matched no finding.
func Unused(id string) string {
	return "ignore directive for " + id + " matched no finding"
}

// The keywords of the peers' comments.
const (
	squawkIgnore     = "squawk-ignore"
	squawkIgnoreFile = "squawk-ignore-file"
	eugenePrefix     = "-- eugene: "
)

// ParsePeer reads a SQL comment, with its marker, in the syntax of a peer
// tool; ok is false when it is none. squawk reads `--` and `/* */`
// comments whose text, after white space, starts with squawk-ignore or
// squawk-ignore-file, then a comma-separated list of rule names up to an
// optional `--` note (crates/squawk_linter/src/ignore.rs). eugene reads
// `-- eugene: ignore` and `-- eugene: ignore <id>, <id>`
// (eugene/src/comments.rs); another instruction after `-- eugene: ` is
// returned as a malformed directive whose Reason holds it.
func ParsePeer(comment string) (d Directive, ok bool) {
	if strings.HasPrefix(comment, eugenePrefix) {
		return parseEugene(strings.TrimRight(comment[len(eugenePrefix):], " \t\r\n")), true
	}
	var body string
	switch {
	case strings.HasPrefix(comment, "--"):
		body = comment[2:]
	case strings.HasPrefix(comment, "/*") && strings.HasSuffix(comment, "*/") && len(comment) >= 4:
		body = comment[2 : len(comment)-2]
	default:
		return Directive{}, false
	}
	body = strings.TrimSpace(body)
	if i := strings.Index(body, "--"); i >= 0 {
		body = strings.TrimSpace(body[:i])
	}
	d = Directive{Tool: Squawk}
	switch {
	case strings.HasPrefix(body, squawkIgnoreFile):
		d.Kind, body = IgnoreFile, body[len(squawkIgnoreFile):]
	case strings.HasPrefix(body, squawkIgnore):
		d.Kind, body = Ignore, body[len(squawkIgnore):]
	default:
		return Directive{}, false
	}
	for _, id := range strings.Split(body, ",") {
		if id = strings.TrimSpace(id); id != "" {
			d.IDs = append(d.IDs, id)
		}
	}
	return d, true
}

// parseEugene reads the instruction after "-- eugene: ".
func parseEugene(cmd string) Directive {
	d := Directive{Tool: Eugene, Kind: Ignore}
	switch {
	case cmd == "ignore":
		d.IDs = []string{}
	case strings.HasPrefix(cmd, "ignore "):
		d.IDs = []string{}
		for _, id := range strings.Split(cmd[len("ignore "):], ",") {
			if id = strings.TrimSpace(id); id != "" {
				d.IDs = append(d.IDs, id)
			}
		}
	default:
		d.Reason = cmd // not an ignore: see Problem
	}
	return d
}

// UnknownPeerRule is the invalid-ignore message for a peer's id that names
// none of its rules.
func UnknownPeerRule(tool, id string) string {
	return tool + " ignore names unknown " + tool + " rule \"" + id + "\""
}
