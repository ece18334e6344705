// Package report renders migguard's findings and rule documentation.
//
// Write prints findings in one of the formats listed in Formats:
//
//   - text, for people, in the style of rustc and squawk: a header
//     "error[rule-id]: message", a "--> path:line:col" pointer, the
//     offending source line (at most 120 cells of it around the column,
//     with "…" where it is cut) with a caret under the column, the lock
//     taken and the one-line fix; the output ends with a summary such as
//     "2 errors, 1 warning in 3 files" or "no problems found". Colour is
//     used only when Options.Color is set.
//   - compact, one line per finding, "path:line:col: severity rule-id: message",
//     the form editors and grep understand.
//   - json, described below.
//   - sarif, a SARIF 2.1.0 log for GitHub code scanning and other SARIF
//     consumers.
//   - github, GitHub Actions workflow commands (::error, ::warning and
//     ::notice), which become annotations on the pull request.
//   - markdown, the body of a pull-request comment: MarkdownMarker (an
//     HTML comment a bot finds its earlier comment by), a summary line,
//     then for each file a table of severity, rule (linked to its
//     documentation), line and message, with each rule's safe recipe and
//     lock folded under it in a <details> block. Findings are sorted, so
//     the same findings always give the same body.
//   - gitlab, a GitLab Code Quality report (artifacts:reports:codequality):
//     a JSON array of issues with description, check_name, fingerprint,
//     severity (error: major, warning: minor, info: info) and
//     location.path and location.lines.begin/end. A fingerprint hashes the
//     path, rule, message and the count of identical findings before it in
//     the file, not the line, so it is stable across runs and edits above
//     the finding.
//
// List and Explain print the rule catalogue and one rule's documentation,
// for the "rules" and "explain" subcommands.
//
// # Positions
//
// Lines and columns are 1-based and columns count characters (Unicode
// code points), not bytes, in every format. A finding starts at the
// offending node and ends where its statement ends, before the
// semicolon; the end column is exclusive. SARIF declares this with
// run.columnKind "unicodeCodePoints". SARIF and GitHub read paths as
// relative to the repository root, so findings should carry such paths.
//
// # Untrusted text
//
// File names, messages (which quote identifiers and parser errors), locks
// and help lines may hold any character a repository puts there. No
// format writes a control character, a line or paragraph separator or a
// bidirectional formatting character as it is: text and compact write
// them as Go escapes (\n, \x1b, \u202e), so one finding stays one line;
// github writes CR and LF with the runner's own escapes (%0D, %0A) and the
// others as Go escapes; json, sarif and gitlab write them as JSON \u
// escapes, which decode to the original text. markdown writes line breaks
// as spaces and the rest as Go escapes, and escapes HTML and markdown
// punctuation, so a message cannot end a table cell, add markup or
// mention anyone.
//
// # JSON
//
// The json format is an array, "[]" when there are no findings, of
// objects whose members are always all present:
//
//	rule        string  rule id, e.g. "create-index-non-concurrently"
//	severity    string  "error", "warning" or "info"
//	path        string  file path, with forward slashes
//	line        int     line of the offending node
//	column      int     column of the offending node
//	end_line    int     line where the statement ends
//	end_column  int     column just after the statement's last character
//	message     string  what is wrong, naming the object
//	help        string  the one-line fix, "" when none
//	lock        string  the lock the statement takes, "" when none applies
//	url         string  the rule's documentation
//
// Members may be added; none will be removed or change meaning.
package report
