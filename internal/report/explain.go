package report

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/migguard/migguard/internal/lazyre"
	"github.com/migguard/migguard/internal/rules"
)

// List prints one line per rule: its id, the severity it has under the
// configuration and its title. sev maps rule ids to configured
// severities, 0 meaning off; a rule missing from sev keeps its default,
// which is off for optional rules.
func List(w io.Writer, rs []*rules.Rule, sev map[string]rules.Severity) {
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	for _, r := range rs {
		s, ok := sev[r.ID]
		if !ok {
			s = r.Severity
			if r.Optional {
				s = 0
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", r.ID, s, r.Title)
	}
	tw.Flush()
}

// explainWidth is the column Explain wraps prose at.
const explainWidth = 80

// Explain prints the documentation of a rule: what it detects, why it
// matters, the lock, the safe recipe, the PostgreSQL versions concerned,
// a bad and a good example, former ids and the documentation address.
func Explain(w io.Writer, r *rules.Rule) {
	explain(w, r, r.Example)
}

// ExplainPeer prints what migguard has for a rule of squawk or eugene: the
// documentation of each migguard rule that covers it, or why none does.
func ExplainPeer(w io.Writer, pr *rules.PeerRule) {
	cover := pr.Covering()
	fmt.Fprintf(w, "%s %s: %s\n", pr.Tool, pr.ID, pr.Title)
	if len(cover) == 0 {
		fmt.Fprintf(w, "\nmigguard has no rule for it: %s.\n", pr.None)
		return
	}
	var ids []string
	for _, r := range cover {
		ids = append(ids, r.ID)
	}
	fmt.Fprintf(w, "Covered by: %s (%s's ignore comments naming it suppress these)\n", strings.Join(ids, ", "), pr.Tool)
	for _, r := range cover {
		fmt.Fprintln(w)
		Explain(w, r)
	}
}

// explain is Explain with the source of the examples as a parameter.
func explain(w io.Writer, r *rules.Rule, examples func(kind string) string) {
	fmt.Fprintf(w, "%s: %s\n\n", r.ID, r.Title)
	sev := r.Severity.String()
	if r.Optional {
		sev += " (off by default)"
	}
	fmt.Fprintf(w, "Severity: %s\n", sev)
	fmt.Fprintf(w, "Reported: %s\n", r.Kind.Describe())
	if r.Lock != "" {
		fmt.Fprintf(w, "Lock:     %s\n", r.Lock)
	}
	if len(r.Aliases) > 0 {
		fmt.Fprintf(w, "Aliases:  %s\n", strings.Join(r.Aliases, ", "))
	}
	if len(r.Peers) > 0 {
		fmt.Fprintf(w, "Covers:   %s\n", strings.ReplaceAll(strings.Join(r.Peers, ", "), ":", " "))
	}
	prose(w, "Detects", r.Detects)
	prose(w, "Why it matters", r.Why)
	prose(w, "Safe alternative", r.Fix)
	prose(w, "PostgreSQL versions", r.Versions)
	example(w, "Bad", examples("bad"))
	example(w, "Good", examples("good"))
	fmt.Fprintf(w, "\nDocumentation: %s\n", r.URL())
}

// prose prints a titled section with its text wrapped and indented.
func prose(w io.Writer, title, text string) {
	if strings.TrimSpace(text) == "" {
		return
	}
	fmt.Fprintf(w, "\n%s\n", title)
	for i, para := range strings.Split(strings.TrimSpace(text), "\n\n") {
		if i > 0 {
			fmt.Fprintln(w)
		}
		for _, line := range wrap(strings.Fields(para), explainWidth-2) {
			fmt.Fprintf(w, "  %s\n", line)
		}
	}
}

// wrap joins words into lines of at most n bytes; a longer word gets a
// line of its own.
func wrap(words []string, n int) []string {
	var lines []string
	var cur strings.Builder
	for _, word := range words {
		if cur.Len() > 0 && cur.Len()+1+len(word) > n {
			lines = append(lines, cur.String())
			cur.Reset()
		}
		if cur.Len() > 0 {
			cur.WriteByte(' ')
		}
		cur.WriteString(word)
	}
	if cur.Len() > 0 {
		lines = append(lines, cur.String())
	}
	return lines
}

// wantComment matches the test expectations the rule fixtures carry,
// which mean nothing to a reader of the example.
var wantComment = lazyre.New(`\s*-- want .*$`)

// example prints a fixture file indented, without its test expectations.
func example(w io.Writer, title, sql string) {
	if strings.TrimSpace(sql) == "" {
		return
	}
	fmt.Fprintf(w, "\n%s\n", title)
	for _, line := range strings.Split(strings.TrimRight(strings.ReplaceAll(sql, "\r\n", "\n"), "\n"), "\n") {
		line = strings.TrimRight(wantComment.ReplaceAllString(line, ""), " \t")
		if line == "" {
			fmt.Fprintln(w)
			continue
		}
		fmt.Fprintf(w, "  %s\n", line)
	}
}
