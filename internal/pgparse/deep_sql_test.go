package pgparse

import (
	"fmt"
	"strings"
)

// The kinds of statement deepSQL builds. The chains nest one tree level
// per link without growing the grammar's own stack; the prefixes and
// brackets nest through that stack; the lists are flat.
const (
	chainPlus       = iota // SELECT 1+1+…
	chainConcat            // SELECT 'a'||'b'||…
	chainCast              // SELECT x::int::int…
	chainUnion             // SELECT 1 UNION ALL SELECT 1…
	chainJoin              // SELECT * FROM t JOIN t ON true…
	chainJoinAnd           // … JOIN t ON true AND true JOIN …: AND between the links
	chainCollate           // SELECT x COLLATE "C" COLLATE "C"…
	chainAtTimeZone        // SELECT x AT TIME ZONE 'UTC'…
	chainSetOps            // SELECT 1, 2 EXCEPT SELECT 1, 2 INTERSECT …: commas between the links
	chainMixed             // SELECT 1*2+3-4/5…
	prefixMinus            // SELECT - - - x
	prefixNot              // SELECT NOT NOT x
	nestParens             // SELECT (((1)))
	nestSubquery           // SELECT (SELECT (SELECT 1))
	nestCase               // SELECT CASE WHEN x THEN CASE … END END
	nestFunc               // SELECT f(f(f(1)))
	nestArray              // SELECT ARRAY[ARRAY[1]]
	listIn                 // SELECT 1 WHERE x IN (1, 1, …)
	listValues             // INSERT INTO t VALUES (1, 'a'::text), …
	listCase               // SELECT CASE x WHEN 1 THEN 'a' WHEN …
	listOr                 // SELECT 1 WHERE x = 1 OR x = 1 …
	deepKinds
)

// deepKindNames names the kinds in test output.
var deepKindNames = [deepKinds]string{
	"plus", "concat", "cast", "union", "join", "join-and", "collate", "at-time-zone", "set-ops", "mixed",
	"minus", "not", "parens", "subquery", "case", "func", "array", "in", "values", "case-list", "or",
}

// deepSQL builds one statement of the given kind with count links, levels
// or items, inside nest pairs of parentheses that each add a `1+` link,
// and wrapped by wrap: 0 plain, 1 CREATE VIEW, 2 a CHECK constraint (or an
// INSERT … SELECT for the kinds that are whole queries), 3 a BEGIN ATOMIC
// function body.
func deepSQL(kind, count, nest, wrap int) string {
	var b strings.Builder
	chain := func(first, link string) {
		b.WriteString(first)
		for i := 0; i < count; i++ {
			b.WriteString(link)
		}
	}
	nested := func(open, leaf, close string) {
		b.WriteString(strings.Repeat(open, count) + leaf + strings.Repeat(close, count))
	}
	query := false // the kind builds a whole query, not an expression
	switch kind % deepKinds {
	case chainPlus:
		chain("1", "+1")
	case chainConcat:
		chain("'a'", "||'b'")
	case chainCast:
		chain("x", "::int")
	case chainUnion:
		query = true
		chain("SELECT 1", " UNION ALL SELECT 1")
	case chainJoin:
		query = true
		chain("SELECT * FROM t", " JOIN t ON true")
	case chainJoinAnd:
		query = true
		chain("SELECT * FROM t", " JOIN t ON true AND true")
	case chainCollate:
		chain("x", ` COLLATE "C"`)
	case chainAtTimeZone:
		chain("x", " AT TIME ZONE 'UTC'")
	case chainSetOps:
		query = true
		chain("SELECT 1, 2", " EXCEPT SELECT 1, 2 INTERSECT SELECT 1, 2")
	case chainMixed:
		chain("1", "*2+3-4/5")
	case prefixMinus:
		nested("- ", "x", "")
	case prefixNot:
		nested("NOT ", "x", "")
	case nestParens:
		nested("(", "1", ")")
	case nestSubquery:
		nested("(SELECT ", "1", ")")
	case nestCase:
		nested("CASE WHEN x THEN ", "1", " END")
	case nestFunc:
		nested("f(", "1", ")")
	case nestArray:
		nested("ARRAY[", "1", "]")
	case listIn:
		chain("x IN (1", ", 1")
		b.WriteString(")")
	case listValues:
		query = true
		chain("VALUES (1, 'a'::text)", ", (1, 'a'::text)")
	case listCase:
		chain("CASE x WHEN 0 THEN 'a'", " WHEN 1 THEN 'a'")
		b.WriteString(" END")
	case listOr:
		chain("x = 1", " OR x = 1")
	}
	body := b.String()
	if query {
		body = strings.Repeat("SELECT 1+(", nest) + "SELECT * FROM (" + body + ") s" + strings.Repeat(")", nest)
		return wrapQuery(body, wrap)
	}
	body = strings.Repeat("1+(", nest) + body + strings.Repeat(")", nest)
	return wrapExpr(body, wrap)
}

func wrapQuery(q string, wrap int) string {
	switch wrap % 4 {
	case 1:
		return "CREATE VIEW v AS " + q
	case 2:
		return "INSERT INTO t " + q
	case 3:
		return "CREATE FUNCTION f() RETURNS SETOF int LANGUAGE sql BEGIN ATOMIC SELECT 1; " + q + "; END"
	}
	return q
}

func wrapExpr(e string, wrap int) string {
	switch wrap % 4 {
	case 1:
		return "CREATE VIEW v AS SELECT " + e + " AS c"
	case 2:
		return "CREATE TABLE t (x int CHECK ((" + e + ") IS NOT NULL))"
	case 3:
		return "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT " + e + "; END"
	}
	return "SELECT " + e
}

// deepName names a deepSQL input in test output.
func deepName(kind, count, nest, wrap int) string {
	return fmt.Sprintf("%s×%d/nest%d/wrap%d", deepKindNames[kind%deepKinds], count, nest, wrap%4)
}
