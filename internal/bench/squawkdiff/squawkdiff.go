// Squawkdiff compares what migguard and squawk report on one migration
// set: it reads the JSON output of `migguard lint -format json` and of
// `squawk --reporter json`, prints the findings per rule of each tool,
// and writes the findings that only one of them reports to a file, for a
// reader to judge. .ci/compare-squawk runs it on every layout of the
// corpus in testdata/corpus.
//
// Two findings are the same when they are in the same file, their lines
// overlap (squawk's lines are 0-based and are shifted), and the squawk
// rule is one that the migguard rule covers (Rule.Peers). A squawk rule
// that migguard covers with no rule (rules.PeerRule.None) never matches.
//
// Usage:
//
//	go run ./internal/bench/squawkdiff -layout NAME -migguard M.json -squawk S.json -only OUT.txt
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/migguard/migguard/internal/rules"
)

// finding is a finding of either tool, with 1-based lines.
type finding struct {
	tool, rule, path, message string
	line, endLine, col        int
	matched                   bool
}

func main() {
	layout := flag.String("layout", "", "name of the layout, for the output")
	mg := flag.String("migguard", "", "output of migguard lint -format json")
	sq := flag.String("squawk", "", "output of squawk --reporter json")
	only := flag.String("only", "", "file to write the findings only one tool reports to")
	flag.Parse()
	if *layout == "" || *mg == "" || *sq == "" {
		fmt.Fprintln(os.Stderr, "usage: squawkdiff -layout NAME -migguard M.json -squawk S.json [-only OUT.txt]")
		os.Exit(2)
	}
	ms, err := readMigguard(*mg)
	if err != nil {
		fail(err)
	}
	ss, err := readSquawk(*sq)
	if err != nil {
		fail(err)
	}
	match(ms, ss)
	printCounts(os.Stdout, *layout, ms, ss)
	if *only != "" {
		if err := writeOnly(*only, ms, ss); err != nil {
			fail(err)
		}
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "squawkdiff:", err)
	os.Exit(1)
}

// readMigguard reads migguard's JSON report.
func readMigguard(path string) ([]*finding, error) {
	var raw []struct {
		Rule    string `json:"rule"`
		Path    string `json:"path"`
		Line    int    `json:"line"`
		Column  int    `json:"column"`
		EndLine int    `json:"end_line"`
		Message string `json:"message"`
	}
	if err := readJSON(path, &raw); err != nil {
		return nil, err
	}
	out := make([]*finding, 0, len(raw))
	for _, r := range raw {
		end := max(r.EndLine, r.Line)
		out = append(out, &finding{tool: "migguard", rule: r.Rule, path: r.Path, line: r.Line, endLine: end, col: r.Column, message: r.Message})
	}
	return out, nil
}

// readSquawk reads squawk's JSON report, whose lines and columns are
// 0-based.
func readSquawk(path string) ([]*finding, error) {
	var raw []struct {
		File    string `json:"file"`
		Line    int    `json:"line"`
		LineEnd int    `json:"line_end"`
		Column  int    `json:"column"`
		Rule    string `json:"rule_name"`
		Message string `json:"message"`
	}
	if err := readJSON(path, &raw); err != nil {
		return nil, err
	}
	out := make([]*finding, 0, len(raw))
	for _, r := range raw {
		end := max(r.LineEnd, r.Line)
		out = append(out, &finding{tool: "squawk", rule: r.Rule, path: r.File, line: r.Line + 1, endLine: end + 1, col: r.Column + 1, message: r.Message})
	}
	return out, nil
}

func readJSON(path string, v any) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if strings.TrimSpace(string(data)) == "" {
		return nil // no findings
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	return nil
}

// match marks the findings both tools report.
func match(ms, ss []*finding) {
	for _, s := range ss {
		covering := coveringRules(s.rule)
		for _, m := range ms {
			if m.path == s.path && covering[m.rule] && m.line <= s.endLine && s.line <= m.endLine {
				m.matched, s.matched = true, true
			}
		}
	}
}

// coveringRules returns the migguard rules that cover a squawk rule.
func coveringRules(squawkRule string) map[string]bool {
	out := map[string]bool{}
	if pr := rules.LookupPeer("squawk", squawkRule); pr != nil {
		for _, r := range pr.Covering() {
			out[r.ID] = true
		}
	}
	return out
}

// printCounts prints the findings per rule of both tools side by side,
// with how many of them the other tool reports too.
func printCounts(w io.Writer, layout string, ms, ss []*finding) {
	mc, sc := counts(ms), counts(ss)
	fmt.Fprintf(w, "== %s: migguard %d findings (%d also by squawk), squawk %d findings (%d also by migguard)\n",
		layout, len(ms), matched(ms), len(ss), matched(ss))
	fmt.Fprintf(w, "%-44s %5s %5s   %-40s %5s %5s\n", "migguard rule", "all", "only", "squawk rule", "all", "only")
	for i := 0; i < max(len(mc), len(sc)); i++ {
		left, right := "", ""
		if i < len(mc) {
			left = fmt.Sprintf("%-44s %5d %5d", mc[i].rule, mc[i].all, mc[i].only)
		} else {
			left = fmt.Sprintf("%-44s %5s %5s", "", "", "")
		}
		if i < len(sc) {
			right = fmt.Sprintf("%-40s %5d %5d", sc[i].rule, sc[i].all, sc[i].only)
		}
		fmt.Fprintf(w, "%s   %s\n", left, strings.TrimRight(right, " "))
	}
	fmt.Fprintln(w)
}

// ruleCount is the number of findings of one rule, and of those the
// other tool does not report.
type ruleCount struct {
	rule      string
	all, only int
}

func counts(fs []*finding) []ruleCount {
	byRule := map[string]*ruleCount{}
	for _, f := range fs {
		c := byRule[f.rule]
		if c == nil {
			c = &ruleCount{rule: f.rule}
			byRule[f.rule] = c
		}
		c.all++
		if !f.matched {
			c.only++
		}
	}
	out := make([]ruleCount, 0, len(byRule))
	for _, c := range byRule {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].all != out[j].all {
			return out[i].all > out[j].all
		}
		return out[i].rule < out[j].rule
	})
	return out
}

func matched(fs []*finding) int {
	n := 0
	for _, f := range fs {
		if f.matched {
			n++
		}
	}
	return n
}

// writeOnly writes the findings only one tool reports, one per line:
// tool, position, rule and message, tab-separated.
func writeOnly(path string, ms, ss []*finding) error {
	var b strings.Builder
	for _, f := range append(append([]*finding{}, ms...), ss...) {
		if !f.matched {
			fmt.Fprintf(&b, "only-%s\t%s:%d:%d\t%s\t%s\n", f.tool, f.path, f.line, f.col, f.rule, f.message)
		}
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}
