package rules

import (
	"strings"

	"github.com/migguard/migguard/internal/lazyre"
	"github.com/migguard/migguard/internal/pgparse"
)

// This file rewrites statements in syntax newer than the parser into
// PostgreSQL 16's for the schema replay, so that what a statement that was
// not analysed creates (a table with a virtual generated column, a NOT
// ENFORCED foreign key) is known to the statements after it: an index on
// that table is on a new table, not an existing one. The rewrite is only
// replayed; no rule looks at it.

// newerReplay returns the statement to replay for a statement that the
// parser rejected, when the target version accepts its newer syntax and
// every marker it uses can be rewritten: nil otherwise.
func newerReplay(pg Version, text string, err *pgparse.SyntaxError) *pgparse.Node {
	if pg.Major < 17 || parseErrorRule(err) != syntaxError {
		return nil
	}
	plain := stripComments(text)
	rewritten, used := plain, false
	for _, m := range newerMarkers {
		if pg.Major < m.since || !m.matches(rewritten) {
			continue
		}
		if m.older == nil {
			return nil
		}
		rewritten, used = m.older(rewritten), true
	}
	if !used {
		return nil
	}
	stmts := pgparse.Parse(rewritten)
	if len(stmts) != 1 || stmts[0].Node == nil {
		return nil
	}
	return stmts[0].Node
}

// generatedRx finds the start of a generated column's expression.
var generatedRx = lazyre.New(`(?i)\bGENERATED\s+ALWAYS\s+AS\s*\(`)

// afterGenerated calls fn with the offset just after the closing
// parenthesis of each GENERATED ALWAYS AS (…) expression in text, and
// returns text with what fn returns inserted there.
func afterGenerated(text string, fn func(rest string) (insert string, skip int)) string {
	var b strings.Builder
	last := 0
	for _, loc := range generatedRx.FindAllStringIndex(text, -1) {
		end := closingParen(text, loc[1]-1)
		if end < 0 || end < last {
			continue
		}
		insert, skip := fn(text[end:])
		b.WriteString(text[last:end])
		b.WriteString(insert)
		last = end + skip
	}
	b.WriteString(text[last:])
	return b.String()
}

// closingParen returns the offset after the parenthesis that closes the
// one at text[open], -1 when there is none. Quotes are skipped.
func closingParen(text string, open int) int {
	depth := 0
	for i := open; i < len(text); i++ {
		switch text[i] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i + 1
			}
		case '\'', '"':
			j := strings.IndexByte(text[i+1:], text[i])
			if j < 0 {
				return -1
			}
			i += j + 1
		}
	}
	return -1
}

// storedWordRx matches the word after a generated column's expression.
var storedWordRx = lazyre.New(`(?i)^\s*(STORED|VIRTUAL)\b`)

// hasDefaultVirtual reports whether a generated column's expression is
// followed by neither STORED nor VIRTUAL.
func hasDefaultVirtual(text string) bool {
	found := false
	afterGenerated(text, func(rest string) (string, int) {
		if !storedWordRx.MatchString(rest) {
			found = true
		}
		return "", 0
	})
	return found
}

// storedGenerated rewrites every generated column as STORED, the only
// kind PostgreSQL 16 knows: the replay learns the column exists.
func storedGenerated(text string) string {
	return afterGenerated(text, func(rest string) (string, int) {
		m := storedWordRx.FindStringSubmatchIndex(rest)
		if m == nil {
			return " STORED", 0
		}
		return rest[:m[2]] + "STORED", m[3]
	})
}

// notEnforcedOlder replays NOT ENFORCED as NOT VALID, which PostgreSQL 16
// accepts on CHECK and FOREIGN KEY table constraints: like an unenforced
// constraint, a NOT VALID one proves nothing about existing rows. A lone
// ENFORCED (the default) is dropped.
func notEnforcedOlder(text string) string {
	text = notEnforcedRx.ReplaceAllString(text, "NOT VALID")
	return enforcedRx.ReplaceAllString(text, "")
}

var (
	notEnforcedRx     = lazyre.New(`(?i)\bNOT\s+ENFORCED\b`)
	enforcedRx        = lazyre.New(`(?i)\bENFORCED\b`)
	withoutOverlapsRx = lazyre.New(`(?i)\s+WITHOUT\s+OVERLAPS\b`)
	periodRx          = lazyre.New(`(?i)\bPERIOD\s+([a-z_"])`)
	notNullConRx      = lazyre.New(`(?is)\b(CONSTRAINT\s+\S+\s+)NOT\s+NULL\s+("[^"]+"|[a-z_][a-z0-9_$]*)`)
)

// notNullConstraintOlder replays a named NOT NULL constraint, which
// PostgreSQL 18 accepts as a table constraint (NOT VALID too), as the
// CHECK (col IS NOT NULL) that PostgreSQL 16 knows.
func notNullConstraintOlder(text string) string {
	return notNullConRx.ReplaceAllString(text, "${1}CHECK ($2 IS NOT NULL)")
}
