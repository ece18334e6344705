// Package rules holds migguard's SQL rules and the engine that runs them.
//
// Each rule lives in its own file (named after its id) and declares one
// Rule value: its documentation (what it detects, why it is dangerous, the
// lock it takes, the PostgreSQL versions it concerns, the safe recipe) and
// a Check function. Its bad and good examples are the fixture files
// testdata/<id>/bad.sql and good.sql, which the tests run: every finding in
// bad.sql must be announced by a `-- want "<id>"` comment on its line and
// good.sql must stay silent.
//
// The engine (Lint) walks the statements of a migration set in order. For
// each statement it gives the rules a Pass that knows the file's
// transaction model, the transaction state built by the statements before
// (open transaction, objects created in it, timeouts in effect, NOT VALID
// constraints, enum values added) and the schema replayed from every
// earlier migration.
package rules

import (
	"embed"
	"fmt"
	"sort"
	"strings"
)

// Severity is how serious a finding is.
type Severity int

// Severities, from least to most serious. Findings at Error make lint exit 1.
const (
	Info Severity = iota + 1
	Warning
	Error
)

func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return "off"
}

// ParseSeverity reads a severity as written in configuration.
func ParseSeverity(s string) (Severity, bool) {
	switch strings.ToLower(s) {
	case "info", "note":
		return Info, true
	case "warning", "warn":
		return Warning, true
	case "error":
		return Error, true
	}
	return 0, false
}

// Rule is one SQL rule and its documentation.
type Rule struct {
	// ID is the stable kebab-case identifier used in configuration,
	// suppressions and output.
	ID string
	// Aliases are former ids that still select this rule.
	Aliases []string
	// Title is one lower-case line without a period.
	Title string
	// Severity is the default severity.
	Severity Severity
	// Optional rules (hygiene) are off unless enabled in configuration.
	Optional bool
	// Lock is the strongest lock the flagged statement takes, "" when none applies.
	Lock string
	// Detects says which statements the rule flags.
	Detects string
	// Why says what goes wrong in production.
	Why string
	// Fix is the safe recipe.
	Fix string
	// Versions says how the verdict depends on the PostgreSQL version, "" when it does not.
	Versions string
	// Help is the one-line fix printed under each finding.
	Help string
	// Check inspects one statement. It is nil for rules that only have End.
	Check func(*Pass)
	// End, if set, runs once at the end of each file, with Pass.Stmt nil.
	End func(*Pass)

	// byEngine marks the rules the engine reports itself (syntax errors,
	// format problems, suppressions), which have no Check.
	byEngine bool
}

// URL returns the documentation address of the rule.
func (r *Rule) URL() string { return DocsBase + r.ID }

// DocsBase is where rule documentation is published; each rule appends its id.
const DocsBase = "https://github.com/migguard/migguard/blob/main/internal/rules/README.md#"

//go:embed testdata
var examples embed.FS

// Example returns the rule's bad or good fixture ("bad" or "good") as a
// reader sees it: without the test expectations, and with the fixture's
// file separators as plain comments.
func (r *Rule) Example(kind string) string {
	b, err := examples.ReadFile("testdata/" + r.ID + "/" + kind + ".sql")
	if err != nil {
		return ""
	}
	lines := strings.Split(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n")
	out := lines[:0]
	for _, line := range lines {
		t := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(t, "-- want"), strings.HasPrefix(t, "-- fixture:format"):
			continue
		case t == "-- fixture:next-file":
			line = "-- (next migration file)"
		default:
			if i := strings.Index(line, "-- want "); i >= 0 {
				line = strings.TrimRight(line[:i], " \t")
			}
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}

var registry = map[string]*Rule{}
var aliases = map[string]string{}

// Register adds rules to the registry. It panics on a duplicate id or
// alias, and on a rule without documentation, so mistakes fail at start-up.
func Register(rs ...*Rule) {
	for _, r := range rs {
		if r.ID == "" || r.Title == "" || r.Why == "" || r.Fix == "" || r.Severity == 0 {
			panic(fmt.Sprintf("rules: rule %q is missing documentation", r.ID))
		}
		if r.Check == nil && r.End == nil && !r.byEngine {
			panic(fmt.Sprintf("rules: rule %q has no Check", r.ID))
		}
		for _, name := range append([]string{r.ID}, r.Aliases...) {
			if _, dup := registry[name]; dup {
				panic("rules: duplicate rule id " + name)
			}
			if _, dup := aliases[name]; dup {
				panic("rules: duplicate rule id " + name)
			}
		}
		registry[r.ID] = r
		for _, a := range r.Aliases {
			aliases[a] = r.ID
		}
	}
}

// Lookup returns the rule with the given id or alias, or nil.
func Lookup(id string) *Rule {
	if r, ok := registry[id]; ok {
		return r
	}
	return registry[aliases[id]]
}

// All returns every registered rule, sorted by id.
func All() []*Rule {
	out := make([]*Rule, 0, len(registry))
	for _, r := range registry {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
