package fix

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rogpeppe/go-internal/diff"
	"github.com/rogpeppe/go-internal/txtar"

	"github.com/migguard/migguard/internal/config"
	"github.com/migguard/migguard/internal/project"
	"github.com/migguard/migguard/internal/rules"
)

var update = flag.Bool("update", false, "rewrite the want/ sections of testdata/*/*.txtar from what the fixes produce")

// A case of testdata/<kind>/<name>.txtar is a repository: its files, an
// `options` section (`fix:` the paths to fix, relative to the root;
// `default:`, `rules:`, `pg:` as the options of the same names), the
// files as the fixes must leave them (`want/<path>`; a file without one
// must stay as it was) and `want/report`, one line per fix made (fixed),
// finding left (left) and note.
type fixCase struct {
	name    string
	path    string
	ar      *txtar.Archive
	fsys    fstest.MapFS
	fix     []string
	dir     string
	opts    Options
	wants   map[string]string
	report  string
	cfgText string
}

func loadCases(t *testing.T, kind string) []*fixCase {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", kind, "*.txtar"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no cases in testdata/%s: %v", kind, err)
	}
	var out []*fixCase
	for _, p := range paths {
		ar, err := txtar.ParseFile(p)
		if err != nil {
			t.Fatal(err)
		}
		c := &fixCase{name: strings.TrimSuffix(filepath.Base(p), ".txtar"), path: p, ar: ar, fsys: fstest.MapFS{}, wants: map[string]string{}}
		for _, f := range ar.Files {
			switch {
			case f.Name == "options":
				c.options(t, string(f.Data))
			case f.Name == "want/report":
				c.report = string(f.Data)
			case strings.HasPrefix(f.Name, "want/"):
				c.wants[strings.TrimPrefix(f.Name, "want/")] = string(f.Data)
			default:
				c.fsys[f.Name] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
				if f.Name == config.FileName {
					c.cfgText = string(f.Data)
				}
			}
		}
		if len(c.fix) == 0 || c.dir == "" {
			t.Fatalf("%s: options need fix: and dir:", p)
		}
		out = append(out, c)
	}
	return out
}

func (c *fixCase) options(t *testing.T, text string) {
	for _, line := range strings.Split(text, "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		switch strings.TrimSpace(k) {
		case "fix":
			c.fix = strings.Fields(v)
		case "dir":
			c.dir = v
		case "default":
			c.opts.Default = v
		case "rules":
			c.opts.Rules = strings.Fields(v)
		case "pg":
			pg, err := rules.ParseVersion(v)
			if err != nil {
				t.Fatal(err)
			}
			c.opts.PG = pg
		}
	}
}

// project returns the case's repository as a project.
func (c *fixCase) project(t *testing.T) *project.Project {
	t.Helper()
	cfg := config.Default()
	if c.cfgText != "" {
		var err error
		if cfg, err = config.Parse(config.FileName, []byte(c.cfgText)); err != nil {
			t.Fatal(err)
		}
	}
	return project.New(c.fsys, "/repo", cfg)
}

func (c *fixCase) selected(p string) bool {
	for _, f := range c.fix {
		if f == p {
			return true
		}
	}
	return false
}

// run fixes the case's set.
func (c *fixCase) run(t *testing.T) []*File {
	t.Helper()
	set, err := c.project(t).SetAt(c.dir)
	if err != nil {
		t.Fatal(err)
	}
	files, errs := Set(set, c.selected, c.opts)
	if len(errs) > 0 {
		t.Fatalf("Set: %v", errs)
	}
	return files
}

// Report writes what the fixes did, as want/report holds it.
func Report(files []*File) string {
	var b strings.Builder
	for _, f := range files {
		for _, ch := range f.Fixed {
			fmt.Fprintf(&b, "fixed %s:%d: %s: %s\n", f.Path, ch.Line, ch.Rule, ch.Text)
		}
		for _, ch := range f.Left {
			fmt.Fprintf(&b, "left %s:%d: %s: %s\n", f.Path, ch.Line, ch.Rule, ch.Text)
		}
		for _, n := range f.Notes {
			fmt.Fprintf(&b, "note %s: %s\n", f.Path, n)
		}
	}
	return b.String()
}

// TestAlembic runs the cases of testdata/alembic, as TestSQL does.
func TestAlembic(t *testing.T) { runCases(t, "alembic") }

// TestSQL runs the cases of testdata/sql: every fix is checked by linting
// its output inside Set already; the cases pin what the output is.
func TestSQL(t *testing.T) { runCases(t, "sql") }

func runCases(t *testing.T, kind string) {
	for _, c := range loadCases(t, kind) {
		t.Run(c.name, func(t *testing.T) {
			files := c.run(t)
			got := map[string]string{}
			for _, f := range files {
				if f.Changed() {
					got[f.Path] = f.New
				}
			}
			report := Report(files)
			c.relint(t, files)
			if *update {
				c.write(t, got, report)
				return
			}
			c.compare(t, got, report)
		})
	}
}

func (c *fixCase) compare(t *testing.T, got map[string]string, report string) {
	t.Helper()
	for p, want := range c.wants {
		if d := diff.Diff("want/"+p, []byte(want), "got/"+p, []byte(got[p])); d != nil {
			t.Errorf("%s:\n%s", p, d)
		}
	}
	for p := range got {
		if _, ok := c.wants[p]; !ok {
			t.Errorf("%s changed, but the case has no want/%s:\n%s", p, p, got[p])
		}
	}
	if d := diff.Diff("want/report", []byte(c.report), "got/report", []byte(report)); d != nil {
		t.Errorf("report:\n%s", d)
	}
}

// write rewrites the case's want/ sections.
func (c *fixCase) write(t *testing.T, got map[string]string, report string) {
	var files []txtar.File
	for _, f := range c.ar.Files {
		if !strings.HasPrefix(f.Name, "want/") {
			files = append(files, f)
		}
	}
	var paths []string
	for p := range got {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		files = append(files, txtar.File{Name: "want/" + p, Data: []byte(got[p])})
	}
	files = append(files, txtar.File{Name: "want/report", Data: []byte(report)})
	c.ar.Files = files
	if err := os.WriteFile(c.path, txtar.Format(c.ar), 0o644); err != nil {
		t.Fatal(err)
	}
}

// relint lints the case's set before and after the fixes and requires,
// for each changed file, that no rule finds more than before and that
// every rule with a fix made finds less.
func (c *fixCase) relint(t *testing.T, files []*File) {
	t.Helper()
	fixed := map[string]string{}
	for _, f := range files {
		if f.Changed() {
			fixed[f.Path] = f.New
		}
	}
	if len(fixed) == 0 {
		return
	}
	p := c.project(t)
	count := func(p *project.Project) map[string]map[string]int {
		set, err := p.SetAt(c.dir)
		if err != nil {
			t.Fatal(err)
		}
		l, _ := set.Load()
		ck := &checker{set: set, selected: c.selected, o: c.opts.withDefaults()}
		out := map[string]map[string]int{}
		for _, f := range ck.lint(l) {
			if out[f.Path] == nil {
				out[f.Path] = map[string]int{}
			}
			out[f.Path][f.Rule]++
		}
		return out
	}
	before, after := count(p), count(p.At(NewOverlay(c.fsys, fixed)))
	for _, f := range files {
		if !f.Changed() {
			continue
		}
		for rule, n := range after[f.Path] {
			if n > before[f.Path][rule] {
				t.Errorf("%s: %s finds %d after the fixes, %d before", f.Path, rule, n, before[f.Path][rule])
			}
		}
		for _, ch := range f.Fixed {
			if before[f.Path][ch.Rule] > 0 && after[f.Path][ch.Rule] >= before[f.Path][ch.Rule] {
				t.Errorf("%s: %s was fixed but finds %d, as before", f.Path, ch.Rule, after[f.Path][ch.Rule])
			}
		}
	}
}
