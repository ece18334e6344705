// Package sqlwant runs analysistest on packages whose analyzers report
// diagnostics in .sql files, which analysistest cannot check: it leaves the
// Go files' `// want` comments to analysistest and checks the diagnostics
// positioned in .sql files against `-- want "regexp"` comments on their
// lines, with analysistest's rules: every diagnostic must match an
// expectation on its line, and every expectation must be matched.
package sqlwant

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
)

// Run is analysistest.Run, with the diagnostics in .sql files checked
// against their `-- want` comments.
func Run(t *testing.T, dir string, a *analysis.Analyzer, patterns ...string) []*analysistest.Result {
	t.Helper()
	rec := &recorder{t: t}
	results := analysistest.Run(rec, dir, a, patterns...)
	got := map[string][]string{} // "file:line" → messages
	for _, r := range results {
		for _, d := range r.Diagnostics {
			posn := r.Action.Package.Fset.Position(d.Pos)
			if strings.HasSuffix(posn.Filename, ".sql") {
				k := fmt.Sprintf("%s:%d", posn.Filename, posn.Line)
				got[k] = append(got[k], d.Message)
			}
		}
	}
	check(t, dir, got)
	return results
}

// recorder forwards analysistest's errors, except its complaints about
// diagnostics in .sql files, which Run checks itself.
type recorder struct{ t *testing.T }

var sqlUnexpected = regexp.MustCompile(`^\S+\.sql:\d+:\d+: unexpected diagnostic: `)

func (r *recorder) Errorf(format string, args ...any) {
	r.t.Helper()
	if msg := fmt.Sprintf(format, args...); !sqlUnexpected.MatchString(msg) {
		r.t.Error(msg)
	}
}

// check matches the diagnostics of every .sql file below dir with the
// expectations of its `-- want` comments.
func check(t *testing.T, dir string, got map[string][]string) {
	t.Helper()
	want := map[string][]*regexp.Regexp{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".sql") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(data), "\n") {
			_, rest, ok := strings.Cut(line, "-- want ")
			if !ok {
				continue
			}
			rxs, err := expectations(rest)
			if err != nil {
				t.Errorf("%s:%d: in want comment: %v", p, i+1, err)
			}
			want[fmt.Sprintf("%s:%d", p, i+1)] = rxs
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for k, msgs := range got {
	next:
		for _, m := range msgs {
			for i, rx := range want[k] {
				if rx.MatchString(m) {
					want[k] = append(want[k][:i], want[k][i+1:]...)
					continue next
				}
			}
			t.Errorf("%s: unexpected diagnostic: %s", k, m)
		}
	}
	for k, rxs := range want {
		for _, rx := range rxs {
			t.Errorf("%s: no diagnostic was reported matching %#q", k, rx.String())
		}
	}
}

// expectations reads the quoted regular expressions of a want comment.
func expectations(s string) ([]*regexp.Regexp, error) {
	var out []*regexp.Regexp
	for s = strings.TrimSpace(s); s != ""; s = strings.TrimSpace(s) {
		q, err := strconv.QuotedPrefix(s)
		if err != nil {
			return out, fmt.Errorf("%q is not a quoted regular expression", s)
		}
		s = s[len(q):]
		u, _ := strconv.Unquote(q)
		rx, err := regexp.Compile(u)
		if err != nil {
			return out, err
		}
		out = append(out, rx)
	}
	return out, nil
}
