package rules

import (
	"fmt"
	"strings"

	"github.com/migguard/migguard/internal/lazyre"
	"github.com/migguard/migguard/internal/pgparse"
)

// newerSyntax is reported by the engine, instead of syntax-error, for a
// statement that the parser (PostgreSQL 16's grammar) rejects when the
// migrations target PostgreSQL 17 or later and the statement uses syntax
// that those versions added: it is not analysed, and the run does not fail
// on it.
var newerSyntax = &Rule{
	ID:       "newer-syntax-not-analysed",
	Title:    "statement uses syntax newer than migguard's parser and is not analysed",
	Severity: Warning,
	Detects: "When the target version (`pg_version`, `--pg-version`) is 17 or later, a statement the parser (the " +
		"PostgreSQL 16 grammar) rejects that uses syntax of the target version: REPACK (19), ALTER COLUMN … SET " +
		"EXPRESSION, JSON_TABLE and MERGE … RETURNING (17), virtual generated columns (VIRTUAL, or neither STORED nor " +
		"VIRTUAL, which 18 makes virtual), NOT ENFORCED, WITHOUT OVERLAPS and PERIOD, and NOT NULL … NOT VALID " +
		"constraints (18). Any other statement that does not parse stays a syntax-error. The rest of the file is linted, " +
		"and the tables and columns such a statement creates are replayed into the schema (as PostgreSQL 16 would write " +
		"them: a virtual column as a stored one, NOT ENFORCED as NOT VALID), so the statements after it see them as new.",
	Why: "migguard reads statements with PostgreSQL 16's grammar, so it cannot analyse these: their locks, scans and " +
		"rewrites are not checked. They are valid on the target version, so failing the run on them would be wrong.",
	Fix: "Check the statement yourself (REPACK CONCURRENTLY takes no lock that blocks reads or writes; REPACK without " +
		"it rewrites the table under ACCESS EXCLUSIVE), or put it in a migration of its own. If the target version is " +
		"wrong, fix pg_version: then the statement is a syntax error.",
	Help:     "check the statement by hand: migguard's parser does not read this newer syntax",
	byEngine: true,
}

func init() { Register(newerSyntax) }

// newerMarker is syntax that a PostgreSQL version added, as it shows in
// the statement's text.
type newerMarker struct {
	since int
	what  string
	rx    *lazyre.Regexp
	// match, when set, replaces rx.
	match func(text string) bool
	// older, when set, rewrites the syntax in the statement's text into
	// PostgreSQL 16's for the schema replay (newerReplay): what the
	// statement creates is then known to the statements after it.
	older func(text string) string
}

// matches reports whether a statement's text, without comments, uses the
// marker's syntax.
func (m newerMarker) matches(text string) bool {
	if m.match != nil {
		return m.match(text)
	}
	return m.rx.MatchString(text)
}

// newerMarkers are the syntax the PostgreSQL 16 grammar rejects that later
// versions accept, matched on the statement's text without comments.
var newerMarkers = []newerMarker{
	{since: 19, what: "REPACK", rx: lazyre.New(`(?i)^\s*REPACK\b`)},
	{since: 17, what: "ALTER COLUMN … SET EXPRESSION", rx: lazyre.New(`(?is)\bALTER\b.*\bSET\s+EXPRESSION\b`)},
	{since: 17, what: "JSON_TABLE", rx: lazyre.New(`(?i)\bJSON_TABLE\s*\(`)},
	{since: 17, what: "MERGE … RETURNING", rx: lazyre.New(`(?is)^\s*(WITH\b.*)?\bMERGE\b.*\bRETURNING\b`)},
	{since: 18, what: "a virtual generated column", rx: lazyre.New(`(?is)\bGENERATED\s+ALWAYS\s+AS\s*\(.*\)\s*VIRTUAL\b`),
		older: storedGenerated},
	// PostgreSQL 18 makes a generated column virtual when neither STORED
	// nor VIRTUAL follows its expression; 16 and 17 reject that.
	{since: 18, what: "a virtual generated column", match: hasDefaultVirtual, older: storedGenerated},
	{since: 18, what: "NOT ENFORCED", rx: lazyre.New(`(?i)\bNOT\s+ENFORCED\b`), older: notEnforcedOlder},
	{since: 18, what: "WITHOUT OVERLAPS", rx: withoutOverlapsRx, older: func(t string) string { return withoutOverlapsRx.ReplaceAllString(t, "") }},
	{since: 18, what: "PERIOD in a foreign key", rx: periodRx, older: func(t string) string { return periodRx.ReplaceAllString(t, "$1") }},
	{since: 18, what: "NOT NULL … NOT VALID", rx: lazyre.New(`(?is)\bCONSTRAINT\s+\S+\s+NOT\s+NULL\s+\S+\s+NOT\s+VALID\b`),
		older: notNullConstraintOlder},
}

// syntaxFinding returns the rule and the message for a statement the
// parser rejects: statement-too-complex, newer-syntax-not-analysed for
// syntax of a target version of 17 or later, else syntax-error with the
// parser's message. text is the statement's text.
func syntaxFinding(pg Version, text string, err *pgparse.SyntaxError) (*Rule, string) {
	if r := parseErrorRule(err); r != syntaxError || pg.Major < 17 {
		return r, err.Message
	}
	plain := stripComments(text)
	for _, m := range newerMarkers {
		if pg.Major >= m.since && m.matches(plain) {
			return newerSyntax, fmt.Sprintf("statement not analysed: it uses %s, PostgreSQL %d syntax that migguard's parser "+
				"(the PostgreSQL %d grammar) does not read (%s)", m.what, m.since, pgparse.ParserMajor, err.Message)
		}
	}
	return syntaxError, err.Message
}

// stripComments blanks the comments of a statement's text.
func stripComments(text string) string {
	b := []byte(text)
	for _, c := range pgparse.Comments(text) {
		for i := c.Start; i < c.End && i < len(b); i++ {
			if b[i] != '\n' {
				b[i] = ' '
			}
		}
	}
	return strings.TrimSpace(string(b))
}
