package rules

import (
	"fmt"

	"github.com/migguard/migguard/internal/pgparse"
)

// statementTooComplex is reported by the engine, in place of syntax-error,
// for every statement that nests too deep to be parsed safely.
var statementTooComplex = &Rule{
	ID:       "statement-too-complex",
	Title:    "statement nests too deep to analyse",
	Severity: Error,
	Detects: fmt.Sprintf("A statement whose parse tree would nest deeper than migguard lets the parser go: an estimated "+
		"depth over %d, which a chain of about 2,500 operators or casts (`1+1+…`, `'a' || 'b' || …`, `x::int::int…`) "+
		"or 5,000 JOINs or UNION ALL branches reaches. Long lists (IN lists, multi-row VALUES, CASE branches, AND/OR "+
		"terms) are flat and never count.", pgparse.MaxNesting),
	Why: "PostgreSQL's parser hands its tree over by recursion on the C stack, and deeper chains overflow it, which " +
		"would kill the linter. migguard does not parse the statement, so no other rule checks it; it keeps linting " +
		"the rest of the file. PostgreSQL itself may refuse such a statement with \"stack depth limit exceeded\".",
	Fix: "Split the statement: seed rows as one INSERT … VALUES list instead of a chain of UNION ALL, long " +
		"concatenations as concat() or string_agg(), generated expressions in smaller steps. If the statement must " +
		"stay as it is, say so with an ignore directive and a reason.",
	Help: "split the statement into shorter chains (seed rows belong in one INSERT … VALUES list)",
	// PostgreSQL's "stack depth limit exceeded" is 54001, statement_too_complex.
	Fails:    []Failure{{SQLState: "54001", Fallback: true}},
	byEngine: true,
}

func init() { Register(statementTooComplex) }

// parseErrorRule returns the rule that reports a statement the parser did
// not accept: syntax-error, or statement-too-complex for one it was not
// given.
func parseErrorRule(err *pgparse.SyntaxError) *Rule {
	if err.TooComplex {
		return statementTooComplex
	}
	return syntaxError
}
