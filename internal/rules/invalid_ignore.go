package rules

// invalidIgnore is reported for an ignore directive that cannot be honoured.
var invalidIgnore = &Rule{
	ID:       "invalid-ignore",
	Peers:    []string{"squawk:unused-ignore"},
	Title:    "ignore directive without reason or with unknown rule",
	Severity: Error,
	Detects:  "A `migguard:ignore` directive that gives no reason, names no rule, or names a rule id that does not exist.",
	Why:      "Suppressions are reviewed like code: the reason tells the next reader why the risk is acceptable. An unknown id usually is a typo that suppresses nothing.",
	Fix:      "Write `-- migguard:ignore <rule-id>[,<rule-id>] <reason>`; `migguard rules` lists the ids.",
	Help:     "write -- migguard:ignore <rule-id> <reason>",
	byEngine: true,
}

func init() { Register(invalidIgnore) }
