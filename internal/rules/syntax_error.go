package rules

// syntaxError is reported by the engine for every statement the parser rejects.
var syntaxError = &Rule{
	ID:       "syntax-error",
	Fails:    []Failure{{SQLState: "42601", Fallback: true}},
	Title:    "statement does not parse",
	Severity: Error,
	Detects:  "A statement that PostgreSQL's own parser (the PostgreSQL 16 grammar) rejects, in the up or the down part of a migration.",
	Why:      "The migration fails when it runs. migguard splits the file at semicolons and keeps linting the statements that do parse, so one error does not hide the others.",
	Fix:      "Correct the statement at the reported position. If it uses syntax newer than PostgreSQL 16, say so with an ignore directive and a reason.",
	Help:     "fix the SQL at the reported position",
	byEngine: true,
}

func init() { Register(syntaxError) }
