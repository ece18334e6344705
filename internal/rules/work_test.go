package rules

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/pgparse"
)

// claimRx finds a message that says what the statement itself does with
// a table's rows. Rules whose messages speak of other statements (a later
// widening, later lookups or deletes) are listed in otherStatements.
var claimRx = regexp.MustCompile(`\b(scans|scanned|scan runs|validation scan|rewrites|rewritten|builds (its|an|the)? ?(unique )?index|copies every row|reads every row|checks every (row|stored value))\b`)

// otherStatements are the rules whose messages say what later statements
// will do, not what the flagged one does.
var otherStatements = map[string]string{
	"prefer-bigint":             "widening the column later rewrites the table",
	"prefer-text-field":         "changing the limit later scans the table",
	"drop-constraint":           "lookups after the drop fall back to full scans",
	"foreign-key-without-index": "each later DELETE or key UPDATE scans the referencing table",
	"multiple-alter-same-table": "speaks of the scans of the whole run of statements, each checked on its own",
}

// stmtWork is what statementWork said about one statement.
type stmtWork struct {
	path       string
	start, end int
	kinds      map[Work]bool
}

// TestWorkClaimsAgree runs every statement of the rule fixtures through
// all rules and fails when a finding says a statement scans or rewrites a
// table while statementWork, the one place that decides it, says it does
// not, or when a finding says so without taking the answer from there:
// two rules can then never make opposite claims about one statement.
func TestWorkClaimsAgree(t *testing.T) {
	files, err := filepath.Glob("testdata/*/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	more, _ := filepath.Glob("testdata/*/*/*.sql")
	files = append(files, more...)
	sev := map[string]Severity{}
	for _, r := range SQL() {
		sev[r.ID] = r.Severity
	}
	checked := 0
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var stmts []stmtWork
		record := func(f *migrations.File, s *pgparse.Stmt, work []WorkItem) {
			sw := stmtWork{path: f.Path, start: s.Start, end: s.End, kinds: map[Work]bool{}}
			for _, w := range work {
				sw.kinds[w.Kind] = true
			}
			stmts = append(stmts, sw)
		}
		set := fixtureSet(path, string(data))
		res := LintSet(set, Options{PG: fileVersion(t, path, fixtureVersion(t, filepath.Dir(path))), Severity: sev, Work: record})
		for _, f := range res.Findings {
			checked += checkClaim(t, f, stmts)
		}
	}
	if checked < 50 {
		t.Fatalf("only %d findings make a claim about a statement's work: the test sees too little", checked)
	}
}

// checkClaim checks one finding against statementWork's answer for its
// statement, and returns 1 when the finding makes a claim.
func checkClaim(t *testing.T, f Finding, stmts []stmtWork) int {
	t.Helper()
	var sw *stmtWork
	for i := range stmts {
		if stmts[i].path == f.Path && f.Offset >= stmts[i].start && f.Offset <= stmts[i].end {
			sw = &stmts[i]
		}
	}
	says := claimRx.MatchString(f.Message)
	if _, ok := otherStatements[f.Rule]; ok || sw == nil {
		return 0
	}
	switch {
	case f.Work != WorkNone && !sw.kinds[f.Work]:
		t.Errorf("%s:%d: %s says the statement does %s work, statementWork says %v: %s", f.Path, f.Pos.Line, f.Rule, f.Work, keys(sw.kinds), f.Message)
	case says && f.Work == WorkNone:
		t.Errorf("%s:%d: %s says what the statement does with a table's rows without taking it from statementWork (report it with ReportWork): %s", f.Path, f.Pos.Line, f.Rule, f.Message)
	case f.Work != WorkNone:
		return 1
	}
	return 0
}

func keys(m map[Work]bool) string {
	var out []string
	for k := range m {
		out = append(out, k.String())
	}
	if len(out) == 0 {
		return "catalog only"
	}
	return strings.Join(out, ", ")
}
