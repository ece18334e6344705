package rules

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/pgparse"
)

// The fixtures of a rule live in testdata/<rule-id>/. Every *.sql file there
// is a migration; a line `-- fixture:next-file` splits it into several
// migration files of one set, applied in order (earlier ones build the
// schema). `-- migguard:tx <mode>` sets the transaction model (default:
// wrapped, as most runners do). A fixture whose first line is
// `-- fixture:format <format>` (goose, dbmate, …) is read by that format's
// reader instead, so its format problems and transaction model apply. When
// every part starts with `-- fixture:file <name>`, the parts are written as
// those files of a directory and read with migrations.LoadDir (in that
// format, else the one it detects), so the set's layout is judged as on
// disk: files its tool never runs, a directory no format explains. Files
// under pg<version>/ target that PostgreSQL version (pg11, pg14.3), and so
// does a file with a `-- fixture:pg <version>` line; the others target the
// default.
//
// Expectations sit on the line where a finding starts:
//
//	CREATE INDEX idx ON users (email); -- want "create-index-non-concurrently"
//	ALTER TABLE t ADD COLUMN c int; -- want "rule-id: .*message regexp"
//
// Each quoted regexp must match "<rule-id>: <message>" of one finding of
// the rule under test on that line; a finding without a want and a want
// without a finding both fail. good.sql must have no finding at all. A line
// holding only `-- want-next "..."` expects the finding on the next line,
// for lines that cannot carry a trailing comment (goose annotations).

var wantRx = regexp.MustCompile(`-- want((?:\s+"(?:[^"\\]|\\.)*")+)`)
var quotedRx = regexp.MustCompile(`"((?:[^"\\]|\\.)*)"`)
var wantNextRx = regexp.MustCompile(`^\s*-- want-next((?:\s+"(?:[^"\\]|\\.)*")+)\s*$`)
var fixtureFormatRx = regexp.MustCompile(`^-- fixture:format (\S+)`)
var fixtureFileRx = regexp.MustCompile(`(?m)^-- fixture:file (\S+)`)
var fixturePGRx = regexp.MustCompile(`(?m)^-- fixture:pg (\S+)`)
var fixtureUsesRx = regexp.MustCompile(`(?m)^-- fixture:uses (\S+) (\S+):(\d+) (.+)$`)
var fixtureInsertsRx = regexp.MustCompile(`(?m)^-- fixture:inserts (\S+) (\S+):(\d+) (\S+) (.+)$`)

// fixtureCode is the application code a fixture describes with lines
// `-- fixture:uses <table>[.<column>] <path>:<line> [go:<type>|sql:<type>] <what>` and
// `-- fixture:inserts <table> <path>:<line> <col,col|*> <what>`, for the
// rules that compare a migration with the code that uses what it changes:
// each line is one use, or one insert setting the columns listed (* for an
// INSERT without a column list).
func fixtureCode(t *testing.T, path, src string) Code {
	c := newFakeCode()
	for _, m := range fixtureUsesRx.FindAllStringSubmatch(src, -1) {
		line, err := strconv.Atoi(m[3])
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		u := CodeUse{Path: m[2], Line: line, What: strings.TrimSpace(m[4])}
		// A model's type comes first: go:<type> or sql:<type>.
		if first, rest, ok := strings.Cut(u.What, " "); ok {
			if typ, ok := strings.CutPrefix(first, "go:"); ok {
				u.GoType, u.What = typ, rest
			} else if typ, ok := strings.CutPrefix(first, "sql:"); ok {
				u.SQLType, u.What = typ, rest
			}
		}
		c.uses[m[1]] = append(c.uses[m[1]], u)
	}
	for _, m := range fixtureInsertsRx.FindAllStringSubmatch(src, -1) {
		line, err := strconv.Atoi(m[3])
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		in := CodeInsert{CodeUse: CodeUse{Path: m[2], Line: line, What: strings.TrimSpace(m[5])}}
		if m[4] == "*" {
			in.Positional = true
		} else {
			in.Columns = strings.Split(m[4], ",")
		}
		c.inserts[m[1]] = append(c.inserts[m[1]], in)
	}
	return c
}

// fakeCode holds uses by "table" and "table.column", and inserts by
// table.
type fakeCode struct {
	uses    map[string][]CodeUse
	inserts map[string][]CodeInsert
}

func newFakeCode() fakeCode {
	return fakeCode{uses: map[string][]CodeUse{}, inserts: map[string][]CodeInsert{}}
}

func (c fakeCode) TableUses(schema, table string) []CodeUse { return c.uses[table] }

func (c fakeCode) ColumnUses(schema, table, column string) []CodeUse { return c.uses[table+"."+column] }

func (c fakeCode) Inserts(schema, table string) []CodeInsert { return c.inserts[table] }

// runFixture lints one fixture file with every rule enabled and returns the
// findings of the rule under test.
func runFixture(t *testing.T, ruleID, path string, pg Version) []Finding {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	set := fixtureSet(path, string(data))
	sev := map[string]Severity{}
	for _, r := range SQL() {
		sev[r.ID] = r.Severity
	}
	res := LintSet(set, Options{PG: pg, Severity: sev, Code: fixtureCode(t, path, string(data))})
	var out []Finding
	for _, f := range res.Findings {
		if f.Rule == ruleID {
			out = append(out, f)
		}
	}
	return out
}

// fixtureSet splits a fixture into migration files. Each part keeps the
// line numbers of the fixture: the other parts are blanked.
func fixtureSet(path, src string) *migrations.Set {
	if fixtureFileRx.MatchString(src) {
		return fixtureLayout(path, src)
	}
	parts := strings.Split(src, "-- fixture:next-file")
	set := &migrations.Set{Dir: filepath.Dir(path), Format: migrations.Plain}
	var format migrations.Format
	if m := fixtureFormatRx.FindStringSubmatch(src); m != nil {
		format = migrations.Format(m[1])
		set.Format = format
	}
	off := 0
	for i, p := range parts {
		text := blankExcept(src, off, off+len(p))
		f := &migrations.File{Path: path, Version: strconv.Itoa(i + 1), Src: text, Up: text, Tx: migrations.TxWrapped}
		if format != "" {
			var err error
			if f, err = migrations.ParseFile(format, path, []byte(text)); err != nil {
				panic(err)
			}
			f.Version = strconv.Itoa(i + 1)
		} else if mode, _, ok := migrations.TxDirective(p); ok {
			f.Tx = mode
		}
		set.Files = append(set.Files, f)
		off += len(p) + len("-- fixture:next-file")
	}
	return set
}

// fixtureLayout writes the parts of a fixture as the files that their
// `-- fixture:file` lines name, in directory m of an in-memory file
// system, and reads them as a set. Each file keeps the fixture's line
// numbers.
func fixtureLayout(path, src string) *migrations.Set {
	fsys := fstest.MapFS{}
	off := 0
	for _, p := range strings.Split(src, "-- fixture:next-file") {
		m := fixtureFileRx.FindStringSubmatch(p)
		if m == nil {
			panic(path + ": every part of a layout fixture needs a -- fixture:file line")
		}
		fsys["m/"+m[1]] = &fstest.MapFile{Data: []byte(blankExcept(src, off, off+len(p)))}
		off += len(p) + len("-- fixture:next-file")
	}
	var format migrations.Format
	if m := fixtureFormatRx.FindStringSubmatch(src); m != nil {
		format = migrations.Format(m[1])
	}
	set, errs := migrations.LoadDir(fsys, "m", format)
	if set == nil || len(errs) > 0 {
		panic(fmt.Sprintf("%s: %v", path, errs))
	}
	return set
}

func blankExcept(src string, start, end int) string {
	b := []byte(src)
	for i := range b {
		if (i < start || i >= end) && b[i] != '\n' {
			b[i] = ' '
		}
	}
	return string(b)
}

type want struct {
	line int
	rx   *regexp.Regexp
	raw  string
}

func parseWants(t *testing.T, path string) []*want {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var wants []*want
	for i, line := range strings.Split(string(data), "\n") {
		m, lineNo := wantRx.FindStringSubmatch(line), i+1
		if next := wantNextRx.FindStringSubmatch(line); next != nil {
			m, lineNo = next, i+2
		}
		if m == nil {
			continue
		}
		for _, q := range quotedRx.FindAllStringSubmatch(m[1], -1) {
			rx, err := regexp.Compile(q[1])
			if err != nil {
				t.Fatalf("%s:%d: bad want regexp: %v", path, i+1, err)
			}
			wants = append(wants, &want{line: lineNo, rx: rx, raw: q[1]})
		}
	}
	return wants
}

// checkFixture compares the findings of one fixture with its wants.
func checkFixture(t *testing.T, ruleID, path string, pg Version) int {
	t.Helper()
	findings := runFixture(t, ruleID, path, pg)
	wants := parseWants(t, path)
	for _, f := range findings {
		text := f.Rule + ": " + f.Message
		if r := Lookup(f.Rule); r != nil && r.Lock != "" && f.Lock == "" {
			t.Errorf("%s:%d: %s finding carries no lock, though the rule takes one (%s)", path, f.Pos.Line, f.Rule, r.Lock)
		}
		matched := false
		for i, w := range wants {
			if w != nil && w.line == f.Pos.Line && w.rx.MatchString(text) {
				wants[i] = nil
				matched = true
				break
			}
		}
		if !matched {
			t.Errorf("%s:%d:%d: unexpected finding: %s", path, f.Pos.Line, f.Pos.Col, text)
		}
	}
	for _, w := range wants {
		if w != nil {
			t.Errorf("%s:%d: no finding matched %q", path, w.line, w.raw)
		}
	}
	return len(findings)
}

// fixtureVersion reads the PostgreSQL version from a pg<version> directory.
func fixtureVersion(t *testing.T, dir string) Version {
	base := filepath.Base(dir)
	if !strings.HasPrefix(base, "pg") {
		return DefaultVersion
	}
	v, err := ParseVersion(strings.TrimPrefix(base, "pg"))
	if err != nil {
		t.Fatalf("%s: %v", dir, err)
	}
	return v
}

// fileVersion reads the PostgreSQL version of a fixture from a
// `-- fixture:pg <version>` line, for a bad.sql whose findings need a
// version other than the default; def otherwise.
func fileVersion(t *testing.T, path string, def Version) Version {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m := fixturePGRx.FindSubmatch(data)
	if m == nil {
		return def
	}
	v, err := ParseVersion(string(m[1]))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return v
}

func TestRules(t *testing.T) { checkRules(t) }

// TestRulesInRuns checks every fixture with its files parsed a run of
// statements at a time, as a file longer than pgparse.ChunkBytes is: a
// rule that looked at a later statement, or at an earlier one's parse
// tree, would miss it.
func TestRulesInRuns(t *testing.T) {
	defer func(n int) { pgparse.ChunkBytes = n }(pgparse.ChunkBytes)
	pgparse.ChunkBytes = 40
	checkRules(t)
}

// checkRules checks every rule's fixtures.
func checkRules(t *testing.T) {
	for _, r := range SQL() {
		r := r
		t.Run(r.ID, func(t *testing.T) {
			dir := filepath.Join("testdata", r.ID)
			bad, good := filepath.Join(dir, "bad.sql"), filepath.Join(dir, "good.sql")
			if _, err := os.Stat(bad); err != nil {
				t.Fatalf("rule %s has no bad.sql fixture", r.ID)
			}
			if _, err := os.Stat(good); err != nil {
				t.Fatalf("rule %s has no good.sql fixture", r.ID)
			}
			if n := checkFixture(t, r.ID, bad, fileVersion(t, bad, DefaultVersion)); n == 0 {
				t.Errorf("%s: bad.sql produced no finding", r.ID)
			}
			if len(parseWants(t, good)) > 0 {
				t.Errorf("%s: good.sql must not contain wants", good)
			}
			err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
				if err != nil || d.IsDir() || !strings.HasSuffix(path, ".sql") || path == bad {
					return err
				}
				checkFixture(t, r.ID, path, fileVersion(t, path, fixtureVersion(t, filepath.Dir(path))))
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestRuleDocs(t *testing.T) {
	idRx := regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
	for _, r := range SQL() {
		if !idRx.MatchString(r.ID) {
			t.Errorf("rule id %q is not kebab-case", r.ID)
		}
		if r.Title != strings.ToLower(r.Title[:1])+r.Title[1:] || strings.HasSuffix(r.Title, ".") {
			t.Errorf("%s: title %q must start lower-case and have no period", r.ID, r.Title)
		}
		if r.Detects == "" || r.Help == "" {
			t.Errorf("%s: missing Detects or Help", r.ID)
		}
		if r.Example("bad") == "" || r.Example("good") == "" {
			t.Errorf("%s: examples are not embedded", r.ID)
		}
	}
}

// The timeout rules flag statements that take different locks; each
// finding carries the lock of its statement, a PostgreSQL lock mode.
func TestTimeoutFindingsNameTheLock(t *testing.T) {
	modes := map[string]bool{}
	for _, n := range lockNames[1:] {
		modes[n] = true
	}
	for _, id := range []string{"require-lock-timeout", "require-statement-timeout"} {
		findings := runFixture(t, id, filepath.Join("testdata", id, "bad.sql"), DefaultVersion)
		if len(findings) == 0 {
			t.Fatalf("%s: no findings in bad.sql", id)
		}
		for _, f := range findings {
			if !modes[f.Lock] {
				t.Errorf("%s:%d: lock %q is not a lock mode", id, f.Pos.Line, f.Lock)
			}
		}
	}
}
