package rules

// unusedIgnore is reported for an ignore directive that suppressed nothing.
var unusedIgnore = &Rule{
	ID:       "unused-ignore",
	Peers:    []string{"squawk:unused-ignore"},
	Title:    "ignore directive matched no finding",
	Severity: Warning,
	Detects:  "A `-- migguard:ignore <rule-id> <reason>` or `-- migguard:ignore-file` directive for a rule that reported nothing in its scope.",
	Why:      "A stale suppression hides the next real finding of that rule in the same statement, and misleads readers about what is dangerous.",
	Fix:      "Delete the directive, or move it onto the statement it was meant for (the statement right after it, or the one it trails on the same line).",
	Help:     "delete the directive or move it to the statement it is for",
	byEngine: true,
}

func init() { Register(unusedIgnore) }
