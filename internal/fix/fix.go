package fix

import (
	"fmt"
	"sort"
	"strings"

	"github.com/migguard/migguard/internal/cache"
	"github.com/migguard/migguard/internal/lint"
	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/project"
	"github.com/migguard/migguard/internal/rules"
)

// The rules Set can fix.
const (
	ruleLockTimeout      = "require-lock-timeout"
	ruleStatementTimeout = "require-statement-timeout"
	ruleCreateIndex      = "create-index-non-concurrently"
	ruleDropIndex        = "drop-index-non-concurrently"
	ruleReindex          = "reindex-non-concurrently"
	ruleForeignKey       = "add-foreign-key-without-not-valid"
	ruleCheck            = "add-check-without-not-valid"
	ruleSetNotNull       = "set-not-null-unproven"
	ruleColumnRequired   = "add-column-required"
)

// Fixable returns the ids of the rules whose findings Set fixes, sorted.
func Fixable() []string {
	out := []string{ruleLockTimeout, ruleStatementTimeout, ruleCreateIndex, ruleDropIndex, ruleReindex,
		ruleForeignKey, ruleCheck, ruleSetNotNull, ruleColumnRequired}
	sort.Strings(out)
	return out
}

// Options configure Set.
type Options struct {
	// Rules limits the fixes to these rule ids (or aliases); empty means
	// every rule of Fixable.
	Rules []string
	// Default is the constant SQL expression that a NOT NULL column added
	// without a default gets (add-column-required): 'free', 0, false. ""
	// adds the column nullable, with the backfill and the NOT NULL steps
	// written out as comments to complete.
	Default string
	// LockTimeout and StatementTimeout are the values of the SETs that the
	// timeout fixes add; "" means 2s and 15min. statement_timeout stays at
	// 10 minutes or more so that it does not cancel a concurrent build.
	LockTimeout, StatementTimeout string
	// PG, when not zero, is the PostgreSQL version instead of the
	// project's pg_version.
	PG rules.Version
	// Cache, when set, is the cache the checks lint with (see
	// lint.Options.Cache).
	Cache *cache.Cache
}

// Change is one fix made, or a finding of a fixable rule left as it was.
type Change struct {
	Rule string
	Line int    // line of the finding in the file as it was
	Text string // what the fix did, or why the finding was left
}

// File is what Set did to one file of the set.
type File struct {
	// Path is relative to the project root, slash-separated.
	Path string
	// Old is the file as it was; New as the fixes leave it (equal to Old
	// when nothing was fixed).
	Old, New string
	Fixed    []Change
	Left     []Change
	// Notes say what the user still has to do (update atlas.sum).
	Notes []string
}

// Changed reports whether a fix changed the file.
func (f *File) Changed() bool { return f.New != f.Old }

// Set fixes the findings of the migrations of set that selected accepts
// (by path relative to the project root). It returns a File for each
// selected migration with a finding of a rule it fixes, changed or not.
// The errors are files of the set that cannot be read; the files that
// can are still fixed.
func Set(set *project.Set, selected func(path string) bool, o Options) ([]*File, []error) {
	o = o.withDefaults()
	l, errs := set.Load()
	if l == nil {
		return nil, errs
	}
	c := &checker{set: set, loaded: l, selected: selected, o: o}
	found := c.lint(l)
	byPath := map[string][]rules.Finding{}
	for _, f := range found {
		if c.wanted(f.Rule) {
			byPath[f.Path] = append(byPath[f.Path], f)
		}
	}
	var out []*File
	for _, mf := range l.Files.Files {
		fs := byPath[mf.Path]
		if len(fs) == 0 || !selected(mf.Path) {
			continue
		}
		var ff *File
		if l.Alembic != nil {
			ff = c.fixAlembic(mf.Path, found, fs)
		} else {
			ff = c.fixSQL(mf, found, fs)
		}
		out = append(out, ff)
	}
	return out, errs
}

func (o Options) withDefaults() Options {
	if o.LockTimeout == "" {
		o.LockTimeout = "2s"
	}
	if o.StatementTimeout == "" {
		o.StatementTimeout = "15min"
	}
	return o
}

// checker lints a set as it is and as a fix would leave it.
type checker struct {
	set      *project.Set
	loaded   *project.Loaded
	selected func(string) bool
	o        Options
}

// wanted reports whether the rule is one Set fixes and the options ask
// for.
func (c *checker) wanted(id string) bool {
	if len(c.o.Rules) == 0 {
		for _, r := range Fixable() {
			if r == id {
				return true
			}
		}
		return false
	}
	for _, r := range c.o.Rules {
		if lr := rules.Lookup(r); lr != nil && lr.ID == id {
			return true
		}
	}
	return false
}

// lint lints a loaded set, reporting on the selected files, with the
// project's configuration.
func (c *checker) lint(l *project.Loaded) []rules.Finding {
	job := lint.Job{Project: l.Project(), Set: l, Files: l.Files, Report: func(f *migrations.File) bool {
		return c.selected(f.Path) && l.Reported(f)
	}}
	// Excerpts keeps the files' text, which the fixes edit. The fixed
	// migration must succeed on tables holding rows, so no statement that
	// fails on rows proves a table empty.
	return lint.Run([]lint.Job{job}, lint.Options{PG: c.o.PG, Excerpts: true, AssumeRows: true, Cache: c.o.Cache}).Findings
}

// lintWith lints the set as it would be with the file at path holding src.
func (c *checker) lintWith(path, src string) ([]rules.Finding, error) {
	p := c.set.Project()
	s := c.set.At(NewOverlay(p.FS, map[string]string{path: src}))
	l, errs := s.Load()
	if l == nil {
		return nil, fmt.Errorf("the fixed set cannot be read: %v", errs)
	}
	return c.lint(l), nil
}

// verdict compares the findings of a file before and after a set of
// fixes: "" when each fixed finding is gone and no rule finds more than
// before, else what went wrong. Rules are compared by their counts: a
// rule reported once per file (require-lock-timeout) moves to the next
// statement when the fix answers the first, which is no new finding.
func verdict(path string, before, after []rules.Finding, fixed map[string]int) string {
	was := map[string]int{}
	for _, f := range before {
		if f.Path == path {
			was[f.Rule]++
		}
	}
	for rule, n := range fixed {
		was[rule] -= n
	}
	for _, f := range after {
		if f.Path != path {
			continue
		}
		if was[f.Rule]--; was[f.Rule] < 0 {
			if fixed[f.Rule] > 0 {
				return fmt.Sprintf("the fixed file still raises %s: %s", f.Rule, f.Message)
			}
			return fmt.Sprintf("the fixed file would raise %s: %s", f.Rule, f.Message)
		}
	}
	return ""
}

func countRule(fs []rules.Finding, path, rule string) int {
	n := 0
	for _, f := range fs {
		if f.Path == path && f.Rule == rule {
			n++
		}
	}
	return n
}

// candidate is one fix that a file may get, as the planners of SQL files
// and Alembic revisions propose it.
type candidate interface {
	change() Change
	// isHeader is set for a fix of the whole file (a SET before its first
	// statement), which the fixes of its statements may make unneeded.
	isHeader() bool
}

// planAll plans a fix for each finding of fs with plan, which says why
// when it cannot: the reasons are returned by the finding's index. A fix
// of the whole file (header gives its text, "" for others) is planned
// once, however many findings ask for it.
func planAll[F candidate](fs []rules.Finding, plan func(rules.Finding) (F, string), header func(F) string) ([]candidate, map[int]string) {
	var cands []candidate
	why := map[int]string{}
	seen := map[string]bool{}
	for i, f := range fs {
		cd, reason := plan(f)
		if reason != "" {
			why[i] = reason
			continue
		}
		if h := header(cd); h != "" {
			if seen[h] {
				continue
			}
			seen[h] = true
		}
		cands = append(cands, cd)
	}
	return cands, why
}

// renderFunc turns a set of candidates into the file's new text and the
// candidates it could not place, with the reason.
type renderFunc func([]candidate) (string, map[candidate]string)

// settle keeps, in order, each candidate whose rendering together with
// those kept before it passes the check: the statements' fixes first,
// then the file's, each of which is left out when the finding it answers
// is gone already. It returns the file and the candidates kept.
func (c *checker) settle(path, old string, found []rules.Finding, cands []candidate, render renderFunc) (*File, []candidate) {
	sort.SliceStable(cands, func(i, j int) bool { return !cands[i].isHeader() && cands[j].isHeader() })
	ff := &File{Path: path, Old: old, New: old}
	var kept []candidate
	current := found
	for _, cd := range cands {
		ch := cd.change()
		if cd.isHeader() && countRule(current, path, ch.Rule) == 0 {
			ch.Text = "answered by the fixes of its statements"
			ff.Fixed = append(ff.Fixed, ch)
			continue
		}
		trial := append(kept[:len(kept):len(kept)], cd)
		src, refused := render(trial)
		if why := firstRefusal(trial, refused, cd); why != "" {
			ch.Text = why
			ff.Left = append(ff.Left, ch)
			continue
		}
		after, err := c.lintWith(path, src)
		why := ""
		if err != nil {
			why = err.Error()
		} else {
			fixed := map[string]int{}
			for _, k := range trial {
				fixed[k.change().Rule]++
			}
			why = verdict(path, found, after, fixed)
		}
		if why != "" {
			ch.Text = why
			ff.Left = append(ff.Left, ch)
			continue
		}
		kept, current, ff.New = trial, after, src
		ff.Fixed = append(ff.Fixed, ch)
	}
	if len(kept) == 0 {
		ff.Fixed = nil
	}
	return ff, kept
}

// firstRefusal returns why the rendering refused cd, or another
// candidate of the set (which cd's company made impossible).
func firstRefusal(set []candidate, refused map[candidate]string, cd candidate) string {
	if why := refused[cd]; why != "" {
		return why
	}
	for _, k := range set {
		if why := refused[k]; why != "" {
			return why
		}
	}
	return ""
}

// left returns the findings of a file that no candidate answers, each as
// a Change with the reason why.
func left(fs []rules.Finding, why map[int]string) []Change {
	var out []Change
	for i, f := range fs {
		if w, ok := why[i]; ok {
			out = append(out, Change{Rule: f.Rule, Line: f.Pos.Line, Text: w})
		}
	}
	return out
}

// sortChanges orders changes by line and rule.
func sortChanges(cs []Change) {
	sort.SliceStable(cs, func(i, j int) bool {
		if cs[i].Line != cs[j].Line {
			return cs[i].Line < cs[j].Line
		}
		return cs[i].Rule < cs[j].Rule
	})
}

// sentence makes a message start with a capital: "Create index …".
func sentence(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
