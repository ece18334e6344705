package alembic

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/migguard/migguard/internal/migrations"
)

// corpusProjects are the projects of testdata/corpus, each written after
// the layout and the migrations of public Alembic projects: dir is what
// FindProject is given.
var corpusProjects = []struct{ name, dir string }{
	{"flaskapp", "migrations"},                       // Flask-Migrate: migrations/alembic.ini without script_location
	{"geoapp", "app/backend"},                        // alembic.ini in a sub-project, geoalchemy2, enums, COMMIT idiom
	{"pkgapp", "src/pkgapp/server/database"},         // package-style script_location, two version locations, naming convention
	{"registry", "registry/migrations"},              // env.py and versions/ without a configuration file, app types
	{"tenants", "src/svc/database/revisions/core"},   // named ini sections (alembic -n core|tenant)
	{"tenants", "src/svc/database/revisions/tenant"}, //
	{"toolkit", "."},                                 // pyproject.toml [tool.alembic], batch operations
}

// corpusRevision is a revision of the corpus and its translation.
type corpusRevision struct {
	project, path string
	tr            translation
}

// loadCorpus translates every revision of the corpus.
func loadCorpus(t *testing.T) ([]corpusRevision, map[string]*Project) {
	t.Helper()
	var out []corpusRevision
	projects := map[string]*Project{}
	for _, cp := range corpusProjects {
		root := filepath.Join("testdata", "corpus", cp.name)
		fsys := migrations.Dir(root)
		p, err := FindProject(fsys, cp.dir)
		if err != nil {
			t.Fatalf("%s: %v", cp.name, err)
		}
		projects[cp.name+"/"+cp.dir] = p
		g, mods, errs := p.load(fsys)
		if len(errs) > 0 || len(g.Problems) > 0 {
			t.Fatalf("%s: %v %v", cp.name, errs, g.Problems)
		}
		for _, r := range g.Order() {
			out = append(out, corpusRevision{project: cp.name + "/" + cp.dir, path: r.Path, tr: translate(mods[r.Path], "upgrade", p.env(fsys))})
		}
	}
	return out, projects
}

// TestCorpusCoverage measures how much of the corpus's op.* calls the
// translation leaves out: calls migguard does not translate (its own
// gaps) must stay under 3% of all op.* calls; calls inside code only
// Python can decide (loops over query results, ORM sessions) are counted
// apart.
func TestCorpusCoverage(t *testing.T) {
	revs, _ := loadCorpus(t)
	coverage(t, revs, 3)
}

// coverage logs every note of the revisions and the figures, and fails
// when more than limit percent of the op.* calls are not translated
// (limit < 0: no limit).
func coverage(t *testing.T, revs []corpusRevision, limit int) {
	var ops, untranslated, dynamic, opaque int
	for _, r := range revs {
		ops += r.tr.ops
		for _, n := range r.tr.notes {
			switch n.kind {
			case noteUntranslated:
				untranslated += n.ops
			case noteDynamic:
				dynamic += n.ops
			case noteOpaque:
				opaque++
			}
			if strings.HasPrefix(n.msg, internalNote) {
				t.Errorf("%s:%d: %s", r.path, n.tok.line, n.msg)
			}
			t.Logf("%s:%d: %v %s", r.path, n.tok.line, n.kind, n.msg)
		}
	}
	t.Logf("corpus: %d revisions, %d op.* calls; not translated: %d (%.1f%%); in code only Python decides: %d (%.1f%%); types named without being known: %d",
		len(revs), ops, untranslated, pct(untranslated, ops), dynamic, pct(dynamic, ops), opaque)
	if ops < 200 {
		t.Errorf("the corpus has %d op.* calls, want at least 200", ops)
	}
	if limit >= 0 && untranslated*100 > limit*ops {
		t.Errorf("%d of %d op.* calls (%.1f%%) are not translated, want at most 3%%", untranslated, ops, pct(untranslated, ops))
	}
}

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) * 100 / float64(b)
}

// TestExternalCoverage measures the same figures over Alembic projects
// outside the repository, when MIGGUARD_ALEMBIC_CORPUS lists directories
// (separated by the OS's list separator): every alembic.ini,
// pyproject.toml [tool.alembic] and versions directory beside an env.py
// below them is read. go test ./internal/alembic -run TestExternalCoverage -v
func TestExternalCoverage(t *testing.T) {
	dirs := os.Getenv("MIGGUARD_ALEMBIC_CORPUS")
	if dirs == "" {
		t.Skip("MIGGUARD_ALEMBIC_CORPUS names no directories")
	}
	var revs []corpusRevision
	for _, root := range filepath.SplitList(dirs) {
		fsys := migrations.Dir(root)
		for _, p := range externalProjects(t, root) {
			g, mods, errs := p.load(fsys)
			if g == nil {
				t.Logf("%s: %v", root, errs)
				continue
			}
			env := p.env(fsys)
			for _, r := range g.Order() {
				revs = append(revs, corpusRevision{project: root, path: filepath.Join(root, r.Path), tr: translate(mods[r.Path], "upgrade", env)})
			}
		}
	}
	coverage(t, revs, -1)
}

// externalProjects finds the Alembic projects below root.
func externalProjects(t *testing.T, root string) []*Project {
	fsys := migrations.Dir(root)
	var out []*Project
	covered := map[string]bool{}
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() && strings.HasPrefix(d.Name(), ".") && p != root {
			return filepath.SkipDir
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		switch {
		case !d.IsDir() && (d.Name() == "alembic.ini" || d.Name() == "pyproject.toml"):
			ps, err := ReadConfigs(fsys, rel)
			if err != nil {
				return nil
			}
			for _, q := range ps {
				for _, l := range q.VersionLocations {
					covered[l] = true
				}
			}
			out = append(out, ps...)
		case d.IsDir() && d.Name() == "versions" && fileExists(fsys, path.Join(path.Dir(rel), "env.py")) && !covered[rel]:
			if q, err := FindProject(fsys, rel); err == nil {
				covered[rel] = true
				out = append(out, q)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestCorpusAgainstAlembic renders every revision of the corpus with
// `alembic upgrade <down>:<rev> --sql` (python3-alembic) and compares its
// statements with migguard's translation. A difference is allowed only
// where migguard says in the SQL that it did not translate something (a
// note, which stands for any statements) or named a type it does not know
// (which stands for any type in that statement): no silent difference.
func TestCorpusAgainstAlembic(t *testing.T) {
	py := alembicPython(t)
	for _, mod := range []string{"geoalchemy2", "sqlalchemy_utils", "sqlmodel"} {
		if err := exec.Command(py, "-c", "import "+mod).Run(); err != nil {
			t.Skipf("the corpus needs %s for Python (.ci/setup.d/alembic installs it): %v", mod, err)
		}
	}
	revs, projects := loadCorpus(t)
	rendered := map[string]map[string]json.RawMessage{}
	for key, p := range projects {
		name, _, _ := strings.Cut(key, "/")
		rendered[key] = renderCorpus(t, py, filepath.Join("testdata", "corpus", name), p)
	}
	compared, marked := 0, 0
	for _, r := range revs {
		raw, ok := rendered[r.project][r.path]
		if !ok {
			t.Errorf("%s: Alembic did not render %s", r.project, r.path)
			continue
		}
		items := corpusItems(r.tr)
		var alembicStmts []string
		if err := json.Unmarshal(raw, &alembicStmts); err != nil {
			if !hasMark(items) {
				t.Errorf("%s: Alembic cannot render it offline (%s), yet migguard marks nothing as not translated", r.path, raw)
			}
			continue
		}
		compared++
		if !matchItems(withoutMarks(items), sortIndexRuns(normalizeAll(alembicStmts))) {
			marked++
		}
		if !matchItems(items, sortIndexRuns(normalizeAll(alembicStmts))) {
			t.Errorf("%s: migguard's SQL differs from Alembic's where migguard marks nothing\nmigguard:\n%s\nalembic:\n%s",
				r.path, showItems(items), strings.Join(sortIndexRuns(normalizeAll(alembicStmts)), "\n"))
		}
	}
	t.Logf("compared %d of %d revisions with alembic upgrade --sql: %d differ only where migguard says it left something out, none silently",
		compared, len(revs), marked)
}

// withoutMarks drops the marks and the opaque names of items: what the
// comparison would be if migguard said nothing.
func withoutMarks(items []corpusItem) []corpusItem {
	var out []corpusItem
	for _, it := range items {
		if !it.mark {
			out = append(out, corpusItem{sql: it.sql})
		}
	}
	return out
}

// renderCorpus runs testdata/offline/upgrade_sql.py over one project.
func renderCorpus(t *testing.T, py, root string, p *Project) map[string]json.RawMessage {
	t.Helper()
	abs, _ := filepath.Abs(root)
	req, _ := json.Marshal(map[string]any{"root": abs, "config": p.Config, "section": p.Section,
		"script_location": p.ScriptLocation, "version_locations": p.VersionLocations})
	cmd := exec.Command(py, "testdata/offline/upgrade_sql.py")
	cmd.Stdin = bytes.NewReader(req)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("upgrade_sql.py %s: %v\n%s", root, err, stderr.String())
	}
	res := map[string]json.RawMessage{}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("upgrade_sql.py %s: %v\n%s", root, err, out)
	}
	return res
}

// corpusItem is a statement of migguard's translation, or a mark where it
// says it left something out.
type corpusItem struct {
	sql    string
	mark   bool
	opaque []string
}

// corpusItems lists a translation as Alembic's offline output orders it:
// statements, COMMIT and BEGIN around autocommit blocks, and the notes at
// their places. An explicit COMMIT is compared as written; the BEGIN that
// migguard puts after it stands for the driver's new transaction, which
// Alembic's offline output does not show.
func corpusItems(tr translation) []corpusItem {
	var out []corpusItem
	next := 0
	marks := func(i int) {
		for next < len(tr.notes) && tr.notes[next].at <= i {
			out = append(out, corpusItem{mark: true, sql: tr.notes[next].msg})
			next++
		}
	}
	inAuto := false
	for i, st := range tr.stmts {
		marks(i)
		if st.autocommit != inAuto {
			if st.autocommit {
				out = append(out, corpusItem{sql: "COMMIT"})
			} else {
				out = append(out, corpusItem{sql: "BEGIN"})
			}
			inAuto = st.autocommit
		}
		out = append(out, corpusItem{sql: normalize(st.sql), opaque: st.opaque})
	}
	if inAuto {
		out = append(out, corpusItem{sql: "BEGIN"})
	}
	marks(len(tr.stmts) + 1)
	return sortItemIndexRuns(out)
}

func hasMark(items []corpusItem) bool {
	for _, it := range items {
		if it.mark || len(it.opaque) > 0 {
			return true
		}
	}
	return false
}

// matchItems reports whether Alembic's statements match migguard's items:
// statements equal (an opaque type matching any type), a mark matching
// any run of statements.
func matchItems(items []corpusItem, stmts []string) bool {
	memo := map[[2]int]bool{}
	seen := map[[2]int]bool{}
	var match func(i, j int) bool
	match = func(i, j int) bool {
		k := [2]int{i, j}
		if seen[k] {
			return memo[k]
		}
		seen[k] = true
		var ok bool
		switch {
		case i == len(items):
			ok = j == len(stmts)
		case items[i].mark:
			ok = match(i+1, j) || j < len(stmts) && match(i, j+1)
		default:
			ok = j < len(stmts) && sameStatement(items[i], stmts[j]) && match(i+1, j+1)
		}
		memo[k] = ok
		return ok
	}
	return match(0, 0)
}

// sameStatement compares a translated statement with Alembic's.
func sameStatement(it corpusItem, stmt string) bool {
	if it.sql == stmt {
		return true
	}
	if len(it.opaque) == 0 {
		return false
	}
	rx := regexp.QuoteMeta(it.sql)
	for _, o := range it.opaque {
		rx = strings.ReplaceAll(rx, regexp.QuoteMeta(quoteIdent(o)), `.+?`)
	}
	ok, _ := regexp.MatchString("^"+rx+"$", stmt)
	return ok
}

func normalizeAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = normalize(s)
	}
	return out
}

// unorderedRx matches the statements SQLAlchemy and Alembic emit from a
// set, in an order that varies between runs: a table's indexes, and the
// constraints a batch copy drops first.
var unorderedRx = regexp.MustCompile(`^(CREATE (UNIQUE )?INDEX |ALTER TABLE \S+ DROP CONSTRAINT )`)

// sortIndexRuns sorts each run of such statements.
func sortIndexRuns(ss []string) []string {
	out := append([]string(nil), ss...)
	for i := 0; i < len(out); {
		j := i
		for j < len(out) && unorderedRx.MatchString(out[j]) {
			j++
		}
		sort.Strings(out[i:j])
		i = max(j, i+1)
	}
	return out
}

func sortItemIndexRuns(items []corpusItem) []corpusItem {
	isIdx := func(it corpusItem) bool { return !it.mark && unorderedRx.MatchString(it.sql) }
	for i := 0; i < len(items); {
		j := i
		for j < len(items) && isIdx(items[j]) {
			j++
		}
		sort.SliceStable(items[i:j], func(a, b int) bool { return items[i+a].sql < items[i+b].sql })
		i = max(j, i+1)
	}
	return items
}

func showItems(items []corpusItem) string {
	var b strings.Builder
	for _, it := range items {
		if it.mark {
			fmt.Fprintf(&b, "  [mark] %s\n", it.sql)
			continue
		}
		fmt.Fprintf(&b, "  %s\n", it.sql)
	}
	return b.String()
}
