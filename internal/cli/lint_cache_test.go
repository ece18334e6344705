package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/migguard/migguard/internal/racytest"
)

// fixtureRepo writes every SQL fixture of the rule tests, and those of
// the end-to-end tests, as the migrations of one plain directory.
func fixtureRepo(t *testing.T) (root string, last string) {
	t.Helper()
	var paths []string
	for _, glob := range []string{"../rules/testdata/*/*.sql", "../rules/testdata/*/*/*.sql", "../apply/testdata/*/*.sql"} {
		p, err := filepath.Glob(glob)
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p...)
	}
	sort.Strings(paths)
	if len(paths) < 200 {
		t.Fatalf("only %d fixtures", len(paths))
	}
	files := map[string]string{}
	for i, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		last = fmt.Sprintf("db/migrations/%05d_%s.sql", i+1, strings.ReplaceAll(filepath.Base(filepath.Dir(p)), "-", "_"))
		files[last] = string(data)
	}
	return repo(t, files), last
}

// Linting with the cache prints what linting without it prints, byte for
// byte and in every format: cold, warm, with the set but not its findings
// in the cache, after an edit, and for one file.
func TestLintCachedOutput(t *testing.T) {
	root, last := fixtureRepo(t)
	// Files changed too recently are not trusted to keep their ids, and a
	// set holding one is never taken whole from the cache: let them age,
	// so that the warm runs take it.
	racytest.Settle(t, root)
	cacheDir := t.TempDir()
	lintAll := func(name string, args ...string) {
		t.Helper()
		t.Setenv("MIGGUARD_CACHE", "off")
		wantCode, want, wantErr := run(t, root, "", args...)
		for _, round := range []string{"cold", "warm"} {
			t.Setenv("MIGGUARD_CACHE", cacheDir)
			code, got, gotErr := run(t, root, "", args...)
			if code != wantCode || got != want || gotErr != wantErr {
				t.Fatalf("%s, %s: with the cache: exit %d, %d bytes of output (%q…); without: exit %d, %d bytes",
					name, round, code, len(got), head(got), wantCode, len(want))
			}
		}
		if want == "" {
			t.Fatalf("%s: no output", name)
		}
	}
	// text comes last: its excerpts read the texts of a set and findings
	// that the cache holds.
	for _, format := range []string{"compact", "json", "sarif", "github", "markdown", "gitlab", "text"} {
		lintAll(format, "lint", "-format", format, "-color", "never")
	}
	// The set from the cache, its findings not: the texts are read for
	// the replay.
	lintAll("another PostgreSQL", "lint", "-format", "compact", "-pg-version", "13")
	lintAll("one file", "lint", "-format", "json", last)
	migration := func(n string) string {
		t.Helper()
		matches, _ := filepath.Glob(filepath.Join(root, "db", "migrations", n+"_*.sql"))
		if len(matches) != 1 {
			t.Fatalf("no single migration %s: %v", n, matches)
		}
		return matches[0]
	}
	early, mid := migration("00050"), migration("00100")
	oneEarly := []string{"lint", "-format", "text", "-color", "never", early}
	lintAll("one file before others", oneEarly...)
	data, err := os.ReadFile(mid)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(mid, append([]byte("-- reviewed\nSET lock_timeout = '1s';\n"), data...), 0o644); err != nil {
		t.Fatal(err)
	}
	// A file that runs after the one linted is not looked at.
	lintAll("one file, a later one edited", oneEarly...)
	lintAll("edited", "lint", "-format", "compact")
	if err := os.WriteFile(mid, append(data, "\nCREATE TABLE cache_added (id bigint PRIMARY KEY);\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	lintAll("schema changed", "lint", "-format", "compact")
	code, _, stderr := run(t, root, "", "lint", "-no-cache", "-format", "compact")
	if code > 1 || stderr != "" {
		t.Fatalf("-no-cache: exit %d, %s", code, stderr)
	}
}

func head(s string) string {
	if len(s) > 80 {
		return s[:80]
	}
	return s
}

// With MIGGUARD_CACHE naming a directory, lint keeps its results there.
func TestLintCacheDir(t *testing.T) {
	root, _ := fixtureRepo(t)
	dir := filepath.Join(t.TempDir(), "cache")
	t.Setenv("MIGGUARD_CACHE", dir)
	run(t, root, "", "lint", "-no-cache", "-format", "compact")
	if _, err := os.Stat(dir); err == nil {
		t.Fatal("-no-cache wrote the cache")
	}
	run(t, root, "", "lint", "-format", "compact")
	entries, _ := filepath.Glob(filepath.Join(dir, "v1", "*", "*"))
	if len(entries) == 0 {
		t.Fatal("lint kept nothing in MIGGUARD_CACHE")
	}
}

// chainRepo writes a set of n migrations in which each file sets NOT NULL
// on columns of tables that files far before it create, each with a
// validated CHECK that proves the column has no NULL: a run that replays
// those earlier files wrongly (without their text, or from the wrong
// snapshot) reports set-not-null-unproven where a correct one is silent.
// Every tenth file alters a table nobody created, which is reported.
func chainRepo(t *testing.T, n int) (root string, paths []string) {
	t.Helper()
	files := map[string]string{}
	for i := 1; i <= n; i++ {
		var b strings.Builder
		b.WriteString("SET lock_timeout = '1s';\n")
		fmt.Fprintf(&b, "CREATE TABLE t_%d (id bigint PRIMARY KEY, c int, CONSTRAINT t_%d_c CHECK (c IS NOT NULL));\n", i, i)
		for _, back := range []int{1, 90, 300} {
			if j := i - back; j >= 1 {
				fmt.Fprintf(&b, "ALTER TABLE t_%d ALTER COLUMN c SET NOT NULL;\n", j)
			}
		}
		if i%10 == 0 {
			fmt.Fprintf(&b, "ALTER TABLE elsewhere_%d ALTER COLUMN c SET NOT NULL;\n", i)
		}
		p := fmt.Sprintf("db/migrations/%05d_chain.sql", i)
		files[p] = b.String()
		paths = append(paths, p)
	}
	return repo(t, files), paths
}

// cachedAsUncached runs migguard in root without the cache, then with the
// cache in cacheDir, fails the test unless both exit alike and print the
// same, and returns the output.
func cachedAsUncached(t *testing.T, root, cacheDir, name string, args ...string) string {
	t.Helper()
	t.Setenv("MIGGUARD_CACHE", "off")
	wantCode, want, wantErr := run(t, root, "", args...)
	t.Setenv("MIGGUARD_CACHE", cacheDir)
	code, got, gotErr := run(t, root, "", args...)
	if code != wantCode || got != want || gotErr != wantErr {
		t.Fatalf("%s: with the cache: exit %d, output\n%s%s\nwithout: exit %d, output\n%s%s", name, code, got, gotErr, wantCode, want, wantErr)
	}
	return want
}

// A cached run over files whose results come from the cache, followed by
// runs that must replay some of them (one file linted on its own, a file
// in the middle changed), prints what an uncached run prints.
func TestLintCachedReplaysEarlierFiles(t *testing.T) {
	root, paths := chainRepo(t, 700)
	cacheDir := t.TempDir()
	same := func(name string, args ...string) {
		t.Helper()
		want := cachedAsUncached(t, root, cacheDir, name, args...)
		if !strings.Contains(want, "elsewhere_") {
			t.Fatalf("%s: the unknown tables are not reported:\n%s", name, want)
		}
		if strings.Contains(want, `"t_`) {
			t.Fatalf("%s: a proven SET NOT NULL is reported:\n%s", name, want)
		}
	}
	same("all, cold", "lint", "-format", "compact", "db/migrations")
	same("all, warm", "lint", "-format", "compact", "db/migrations")
	for _, i := range []int{649, 419, 699} {
		same(fmt.Sprintf("file %d alone", i+1), "lint", "-format", "compact", paths[i])
	}
	mid := filepath.Join(root, filepath.FromSlash(paths[500]))
	data, err := os.ReadFile(mid)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(mid, append(data, "CREATE TABLE added_in_the_middle (id int);\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	same("middle file changed", "lint", "-format", "compact", "db/migrations")
	same("a file after it alone", "lint", "-format", "compact", paths[679])
}

// One file linted with the cache, after a down file of an earlier
// migration or a later migration changed, prints what an uncached run
// prints: neither is looked at, and neither changes its findings, also
// when its findings are not in the cache and the earlier files are
// replayed. A lint of the whole set then sees both changes.
func TestLintOneFileUnneededEdited(t *testing.T) {
	files := map[string]string{}
	for i := 1; i <= 20; i++ {
		up := fmt.Sprintf("CREATE TABLE t_%d (id bigint PRIMARY KEY, c int);\n", i)
		if i > 1 {
			up += fmt.Sprintf("CREATE INDEX t_%d_c ON t_%d (c);\n", i-1, i-1)
		}
		files[fmt.Sprintf("db/migrations/%06d_t.up.sql", i)] = up
		files[fmt.Sprintf("db/migrations/%06d_t.down.sql", i)] = fmt.Sprintf("DROP TABLE t_%d;\n", i)
	}
	root := repo(t, files)
	// Let the files age: a set holding files changed too recently (see
	// above) is not taken whole from the cache.
	racytest.Settle(t, root)
	cacheDir := t.TempDir()
	one := "db/migrations/000010_t.up.sql"
	same := func(name string, args ...string) string {
		t.Helper()
		return cachedAsUncached(t, root, cacheDir, name, args...)
	}
	text := []string{"lint", "-format", "text", "-color", "never"}
	for range 2 {
		same("whole set", append(text, "db/migrations")...)
	}
	before := same("one file", append(text, one)...)
	if !strings.Contains(before, "000010_t.up.sql") {
		t.Fatalf("no finding in %s:\n%s", one, before)
	}
	edit := func(p, content string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(root, filepath.FromSlash(p)), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	edit("db/migrations/000004_t.down.sql", "DROP TABLE t_4 CASCADE oops;\n")
	edit("db/migrations/000015_t.up.sql", "ALTER TABLE t_1 ADD d int NOT NULL;\n")
	if got := same("one file, others edited", append(text, one)...); got != before {
		t.Errorf("the findings of %s changed:\n%s\nwere\n%s", one, got, before)
	}
	same("one file, others edited, findings not cached", append(text, "-pg-version", "13", one)...)
	whole := same("whole set, edited", append(text, "db/migrations")...)
	for _, p := range []string{"000004_t.down.sql", "000015_t.up.sql"} {
		if !strings.Contains(whole, p) {
			t.Errorf("the lint of the whole set does not report the edited %s:\n%s", p, whole)
		}
	}
}
