// Package rules holds migguard's rule catalogue, its SQL rules and the
// engine that runs them.
//
// The catalogue is the one registry of every finding id that any part of
// migguard reports: the SQL rules of this package, and the ids of the git
// checks (hooks/branch, hooks/models), the Alembic reader and the go vet
// analyzers, whose documentation lives here too (checks_*.go) so that every
// binary that reads a configuration knows every id. `migguard rules`,
// `migguard explain`, the validation of .migguard.yaml, the rule metadata of
// the JSON and SARIF reports and the generated reference (README.md) all
// read it, and a test fails when a package reports an id it lacks.
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
	"slices"
	"sort"
	"strings"
	"sync/atomic"
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

// Kind says which part of migguard reports a rule's findings.
type Kind int

// The kinds of rules.
const (
	// SQLRule findings come from the SQL rules engine of this package.
	SQLRule Kind = iota
	// BranchRule findings come from `migguard branch` (hooks/branch).
	BranchRule
	// ModelsRule findings come from `migguard models` (hooks/models).
	ModelsRule
	// AlembicRule findings come from the Alembic reader (internal/alembic).
	AlembicRule
	// GoRule findings come from the go vet analyzers (analyzers/).
	GoRule
)

func (k Kind) String() string {
	switch k {
	case SQLRule:
		return "sql"
	case BranchRule:
		return "branch"
	case ModelsRule:
		return "models"
	case AlembicRule:
		return "alembic"
	case GoRule:
		return "go"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Describe says where the rule's findings come from, for documentation.
func (k Kind) Describe() string {
	switch k {
	case BranchRule:
		return "reported by `migguard branch` and the migguard-branch hook"
	case ModelsRule:
		return "reported by `migguard models` and the migguard-models hook"
	case AlembicRule:
		return "reported by `migguard lint` on Alembic revisions"
	case GoRule:
		return "reported by the go vet analyzers (migguard-vet, the golangci-lint plugin)"
	}
	return "reported by `migguard lint` and the migrationsql analyzer"
}

// Failure is a way in which a statement that a rule flags fails when it is
// applied to a database that holds rows: `migguard apply` names the rule
// that flags the failing statement and lists the failure's SQLSTATE.
type Failure struct {
	SQLState string
	// Fallback marks the rule that apply names for a failure with this
	// code when no rule that lists the code flags the failing statement;
	// each code has at most one. Only failures that any statement can meet
	// have one (a lock or statement timeout, a syntax error): a failure on
	// the data (NULLs, duplicates, a violated CHECK) belongs to the hazard
	// of its own statement, or to none.
	Fallback bool
}

// Rule is one rule of the catalogue and its documentation.
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
	// Kind says which part of migguard reports the rule; the zero value
	// is an SQL rule, which needs a Check or End (or is reported by the
	// engine itself).
	Kind Kind
	// Peers are the rules of squawk and eugene that this rule covers, as
	// "squawk:<rule-name>" and "eugene:<hint-id>" (peers.go lists them):
	// their suppression comments select this rule, and `migguard explain`
	// accepts their names.
	Peers []string
	// Fails lists the SQLSTATE codes with which a flagged statement fails
	// on rows, for apply.
	Fails []Failure

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
		case strings.HasPrefix(t, "-- want"), strings.HasPrefix(t, "-- fixture:format"), strings.HasPrefix(t, "-- fixture:pg"):
			continue
		case t == "-- fixture:next-file":
			line = "-- (next migration file)"
		case strings.HasPrefix(t, "-- fixture:inserts "):
			// -- fixture:inserts <table> <path>:<line> <col,col|*> <what>
			if f := strings.SplitN(strings.TrimPrefix(t, "-- fixture:inserts "), " ", 4); len(f) == 4 {
				line = "-- (the application code inserts into " + f[0] + " setting " + f[2] + ": " + f[3] + " at " + f[1] + ")"
			}
		case strings.HasPrefix(t, "-- fixture:uses "):
			// -- fixture:uses <table>[.<column>] <path>:<line> <what>
			if f := strings.SplitN(strings.TrimPrefix(t, "-- fixture:uses "), " ", 3); len(f) == 3 {
				line = "-- (the application code uses " + f[0] + ": " + f[2] + " at " + f[1] + ")"
			}
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
		if r.Kind == SQLRule && r.Check == nil && r.End == nil && !r.byEngine {
			panic(fmt.Sprintf("rules: rule %q has no Check", r.ID))
		}
		if r.Kind != SQLRule && (r.Check != nil || r.End != nil) {
			panic(fmt.Sprintf("rules: rule %q of %s has a Check; only SQL rules run in the engine", r.ID, r.Kind))
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
	views.Store(nil)
}

// registryViews is what All and DefaultSeverities make of the registry:
// a run asks for them several times, and the registry changes only as
// the packages' init functions register their rules.
type registryViews struct {
	all        []*Rule
	severities map[string]Severity
}

// views holds the registry's views, made on first use after the last
// Register; nil until then.
var views atomic.Pointer[registryViews]

// registryView returns the registry's views, making them if Register was
// called since they were last made.
func registryView() *registryViews {
	if v := views.Load(); v != nil {
		return v
	}
	v := &registryViews{all: make([]*Rule, 0, len(registry)), severities: map[string]Severity{}}
	for _, r := range registry {
		v.all = append(v.all, r)
	}
	sort.Slice(v.all, func(i, j int) bool { return v.all[i].ID < v.all[j].ID })
	for _, r := range v.all {
		if !r.Optional {
			v.severities[r.ID] = r.Severity
		}
	}
	views.Store(v)
	return v
}

// Lookup returns the rule with the given id or alias, or nil.
func Lookup(id string) *Rule {
	if r, ok := registry[id]; ok {
		return r
	}
	return registry[aliases[id]]
}

// All returns every rule of the catalogue, sorted by id, in a slice of
// the caller's own.
func All() []*Rule { return slices.Clone(registryView().all) }

// SQL returns the SQL rules, those the engine runs, sorted by id.
func SQL() []*Rule {
	var out []*Rule
	for _, r := range All() {
		if r.Kind == SQLRule {
			out = append(out, r)
		}
	}
	return out
}

// AllSeverities returns every SQL rule at its default severity, the
// optional ones included.
func AllSeverities() map[string]Severity {
	m := map[string]Severity{}
	for _, r := range SQL() {
		m[r.ID] = r.Severity
	}
	return m
}

// ForSQLState returns the rules whose flagged statements fail with the
// SQLSTATE code: the fallback rule of the code first, then the others by
// id.
func ForSQLState(code string) []*Rule {
	var out []*Rule
	fallback := -1
	for _, r := range All() {
		for _, f := range r.Fails {
			if f.SQLState != code {
				continue
			}
			if f.Fallback {
				fallback = len(out)
			}
			out = append(out, r)
		}
	}
	if fallback > 0 {
		fb := out[fallback]
		copy(out[1:fallback+1], out[:fallback])
		out[0] = fb
	}
	return out
}
