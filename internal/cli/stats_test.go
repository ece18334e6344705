package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/migguard/migguard/internal/exitcode"
	"github.com/migguard/migguard/internal/pgtest"
	"github.com/migguard/migguard/internal/stats"
)

// statsJSON writes a stats file holding tables of the given total sizes in
// bytes (no indexes) into dir, and returns its path.
func statsJSON(t *testing.T, dir, name string, sizes map[string]int64) string {
	t.Helper()
	s := &stats.Snapshot{Version: stats.Version, ServerVersion: "15.4"}
	for table, size := range sizes {
		rows := size / 100
		s.Tables = append(s.Tables, stats.Table{Schema: "public", Name: table, Kind: "table", Rows: &rows, TotalBytes: size, TableBytes: size})
	}
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := s.Write(f); err != nil {
		t.Fatal(err)
	}
	return f.Name()
}

// statsRepo is a repository whose second migration builds an index on
// orders without CONCURRENTLY (create-index-non-concurrently, an error),
// sets its timeouts so that no other rule reports it, and creates and
// indexes a table of its own, audit. With attach, the second migration
// attaches events_2024 to events instead, which scans it
// (attach-partition-scan, a warning).
func statsRepo(t *testing.T, config string, attach bool) string {
	files := map[string]string{
		"db/0001_init.up.sql": "CREATE TABLE orders (id bigint PRIMARY KEY, total int);\n" +
			"CREATE TABLE events (id bigint, at date) PARTITION BY RANGE (at);\nCREATE TABLE events_2024 (id bigint, at date);\n",
		"db/0002_change.up.sql": "SET lock_timeout = '2s';\nSET statement_timeout = '10min';\n" +
			"CREATE INDEX orders_total_idx ON orders (total);\n" +
			"CREATE TABLE audit (id int, note text);\nCREATE INDEX audit_note_idx ON audit (note);\n",
	}
	if attach {
		files["db/0002_change.up.sql"] = "SET lock_timeout = '2s';\nSET statement_timeout = '10min';\n" +
			"ALTER TABLE events ATTACH PARTITION events_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\n"
	}
	if config != "" {
		files[".migguard.yaml"] = config
	}
	return repo(t, files)
}

// TestLintStatsExitCodes lints one migration by the size of its table: on
// a table under stats.small its finding is info, between the thresholds
// it keeps the rule's severity, from stats.large (or with a lock held
// long_lock or longer) it is an error, and lint's exit code follows. A
// table the stats lack keeps the rule's severity; the table the migration
// creates is new and empty, however big the stats say a table of its name
// is (a dump of another environment); a severity the team set in rules:
// wins. The stats come from stats: in the configuration.
func TestLintStatsExitCodes(t *testing.T) {
	const mb = stats.MB
	thresholds := "stats:\n  file: prod.json\n  small: 10MB\n  large: 1GB\n  long_lock: 1h\n"
	for _, tc := range []struct {
		name   string
		attach bool  // the warning on events_2024, else the error on orders
		size   int64 // of the table; 0: not in the stats
		config string
		code   int
		want   string
	}{
		// An error rule on both sides of small.
		{"error below small", false, 10*mb - 1, thresholds, exitcode.Clean, `info create-index-non-concurrently: `},
		{"error at small", false, 10 * mb, thresholds, exitcode.Findings, `error create-index-non-concurrently: `},
		// A warning rule on both sides of small and of large.
		{"warning below small", true, 10*mb - 1, thresholds, exitcode.Clean, `info attach-partition-scan: `},
		{"warning at small", true, 10 * mb, thresholds, exitcode.Clean, `warning attach-partition-scan: `},
		{"warning below large", true, 1024*mb - 1, thresholds, exitcode.Clean, `warning attach-partition-scan: `},
		{"warning at large", true, 1024 * mb, thresholds, exitcode.Findings,
			`error attach-partition-scan: attaching "events_2024" to "events" scans all of "events_2024" under ACCESS EXCLUSIVE to check its rows fit the bound: no validated CHECK constraint on it limits "at"; "events_2024" holds 1.0 GB, about 10,737,418 rows: the scan holds the lock for about 10s (at 100 MB/s)`},
		// Default thresholds: a scan at 100 MB/s reaches long_lock's 5s at 500 MB.
		{"warning under long lock", true, 499 * mb, "stats: prod.json\n", exitcode.Clean, `warning attach-partition-scan: `},
		{"warning at long lock", true, 500 * mb, "stats: prod.json\n", exitcode.Findings, `error attach-partition-scan: `},
		{"absent", false, 0, thresholds, exitcode.Findings,
			`error create-index-non-concurrently: creating index "orders_total_idx" on "orders" without CONCURRENTLY blocks writes to the table while it builds; "orders" is not in `},
		{"absent warning", true, 0, thresholds, exitcode.Clean, `warning attach-partition-scan: `},
		{"team severity wins, huge", false, 50 << 30, "stats: prod.json\nrules:\n  create-index-non-concurrently: warning\n", exitcode.Clean,
			`warning create-index-non-concurrently: creating index "orders_total_idx" on "orders" without CONCURRENTLY blocks writes to the table while it builds; "orders" holds 50 GB, about 536,870,912 rows: the index build holds the lock for about 17m (at 50 MB/s)`},
		{"team severity wins, tiny", false, 8192, "stats: prod.json\nrules:\n  create-index-non-concurrently: error\n", exitcode.Findings,
			`error create-index-non-concurrently: `},
		{"on is no severity", true, 8192, "stats: prod.json\nrules:\n  attach-partition-scan: on\n", exitcode.Clean, `info attach-partition-scan: `},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := statsRepo(t, tc.config, tc.attach)
			sizes := map[string]int64{"audit": 50 << 30}
			if tc.size > 0 {
				sizes[map[bool]string{false: "orders", true: "events_2024"}[tc.attach]] = tc.size
			}
			statsJSON(t, dir, "prod.json", sizes)
			code, out, errs := run(t, dir, "", "lint", "-format", "compact", "db")
			if code != tc.code || !strings.Contains(out, tc.want) {
				t.Errorf("exit %d, want %d; stdout lacks %q:\n%s%s", code, tc.code, tc.want, out, errs)
			}
			if strings.Contains(out, "audit") {
				t.Errorf("a finding on the table the migration creates was judged by the stats:\n%s", out)
			}
			if n := strings.Count(out, "\n"); n != 1 {
				t.Errorf("%d findings, want 1:\n%s", n, out)
			}
		})
	}
}

// TestLintStatsFlag: -stats FILE judges the findings by FILE, over the
// configuration's stats: file; without either nothing changes.
func TestLintStatsFlag(t *testing.T) {
	dir := statsRepo(t, "", false)
	small := statsJSON(t, dir, "small.json", map[string]int64{"orders": 1 * stats.MB})
	large := statsJSON(t, dir, "large.json", map[string]int64{"orders": 5 << 30})
	if code, out, errs := run(t, dir, "", "lint", "-format", "compact", "--stats", small, "db"); code != exitcode.Clean || !strings.Contains(out, "info create-index-non-concurrently") {
		t.Errorf("small: exit %d\n%s%s", code, out, errs)
	}
	if code, out, errs := run(t, dir, "", "lint", "-format", "compact", "--stats", large, "db"); code != exitcode.Findings ||
		!strings.Contains(out, `error create-index-non-concurrently: `) || !strings.Contains(out, `"orders" holds 5.0 GB, about 53,687,091 rows: the index build holds the lock for about 1m40s (at 50 MB/s)`) {
		t.Errorf("large: exit %d\n%s%s", code, out, errs)
	}
	if code, out, errs := run(t, dir, "", "lint", "-format", "compact", "db"); code != exitcode.Findings || strings.Contains(out, "holds") {
		t.Errorf("no stats: exit %d\n%s%s", code, out, errs)
	}
	os.WriteFile(filepath.Join(dir, ".migguard.yaml"), []byte("stats: large.json\n"), 0o644)
	if code, out, errs := run(t, dir, "", "lint", "-format", "compact", "--stats", small, "db"); code != exitcode.Clean {
		t.Errorf("-stats over stats:: exit %d\n%s%s", code, out, errs)
	}
	if code, out, errs := run(t, dir, "", "lint", "-format", "compact", "db"); code != exitcode.Findings || !strings.Contains(out, "5.0 GB") {
		t.Errorf("stats: alone: exit %d\n%s%s", code, out, errs)
	}
}

// TestLintStatsBadFile: a stats file that cannot be used stops lint with
// exit 2 and a message naming the file, given with -stats or in the
// configuration.
func TestLintStatsBadFile(t *testing.T) {
	dir := statsRepo(t, "", false)
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(content), 0o644)
		return p
	}
	huge := filepath.Join(dir, "huge.json")
	f, _ := os.Create(huge)
	f.Truncate(stats.MaxFileSize + 1)
	f.Close()
	for path, want := range map[string]string{
		write("bad.json", "{\"version\": 1,\n  \"tables\": [}"): "invalid JSON at line 2, column 14",
		write("v9.json", `{"version": 9, "tables": []}`):        "version 9, but this migguard reads version 1",
		huge:                            "more than the 64 MiB a stats file may hold",
		filepath.Join(dir, "none.json"): "no such file or directory",
	} {
		code, out, errs := run(t, dir, "", "lint", "--stats", path, "db")
		if code != exitcode.Usage || !strings.Contains(errs, "migguard: --stats: stats file "+path+": "+want) || out != "" {
			t.Errorf("--stats %s: exit %d\nstdout %s\nstderr %s", filepath.Base(path), code, out, errs)
		}
	}
	write(".migguard.yaml", "stats: bad.json\n")
	code, _, errs := run(t, dir, "", "lint", "db")
	if want := "migguard: invalid configuration: " + filepath.Join(dir, ".migguard.yaml") + ":1: stats: stats file " + filepath.Join(dir, "bad.json") + ": invalid JSON at line 2"; code != exitcode.Usage || !strings.Contains(errs, want) {
		t.Errorf("stats: in the configuration: exit %d\n%s\nwant %s", code, errs, want)
	}
}

// TestStatsDumpCommand writes the stats of a database to a file and to
// stdout; a database that cannot be reached is exit 2 with a message that
// hides the password.
func TestStatsDumpCommand(t *testing.T) {
	u := pgtest.Clone(t, "")
	conn := pgtest.Connect(t, u)
	if _, err := conn.Exec(context.Background(), "CREATE TABLE orders (id int PRIMARY KEY); INSERT INTO orders SELECT generate_series(1, 2000); ANALYZE orders"); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "prod.json")
	code, out, errs := run(t, dir, "", "stats", "dump", "--database-url", u, "-o", file)
	if code != exitcode.Clean || out != "" || !strings.Contains(errs, "wrote the sizes of 1 table to "+file) {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	s, err := stats.Load(file)
	if err != nil || s.Lookup("public.orders") == nil || *s.Lookup("public.orders").Rows != 2000 || len(s.Lookup("public.orders").Indexes) != 1 {
		t.Fatalf("%+v, %v", s, err)
	}
	data, _ := os.ReadFile(file)
	code, out, _ = run(t, dir, "", "stats", "dump", "--database-url", u)
	if code != exitcode.Clean || out != string(data) {
		t.Errorf("stdout %q, want the file's %q", out, data)
	}

	code, out, errs = run(t, dir, "", "stats", "dump", "--database-url", "postgres://someone:s3cret@127.0.0.1:1/prod?connect_timeout=5", "-o", filepath.Join(dir, "x.json"))
	if code != exitcode.Usage || out != "" || !strings.Contains(errs, "migguard: stats dump: cannot connect to someone@127.0.0.1:1/prod") || strings.Contains(errs, "s3cret") {
		t.Errorf("unreachable: exit %d\n%s%s", code, out, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "x.json")); err == nil {
		t.Errorf("a file was written for an unreachable database")
	}
	for _, args := range [][]string{{"stats"}, {"stats", "dump"}, {"stats", "load"}, {"stats", "dump", "--database-url", u, "extra"}} {
		if code, _, _ := run(t, dir, "", args...); code != exitcode.Usage {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	if code, out, _ := run(t, dir, "", "help", "stats"); code != exitcode.Clean || !strings.Contains(out, "never reads a row") {
		t.Errorf("help stats: exit %d\n%s", code, out)
	}
}

// TestApplyStats proves a migration with --stats: the report ends with its
// lint findings at production size, an error for the index on a 5 GB
// table, and the JSON report holds them as size_risk; the exit code is
// still the proof's.
func TestApplyStats(t *testing.T) {
	_, roleURL := pgtest.Role(t, "CREATEDB CREATEROLE")
	dir := applyRepo(t, map[string]string{
		"0002_nick.up.sql":   "CREATE INDEX users_nickname_idx ON users (nickname);\n",
		"0002_nick.down.sql": "DROP INDEX users_nickname_idx;\n",
	})
	file := statsJSON(t, dir, "prod.json", map[string]int64{"users": 5 << 30})
	code, out, errs := runIn(t, dir, "apply", "--database-url", roleURL, "--rows", "20", "--no-round-trip", "--stats", file)
	want := fmt.Sprintf("\nat production size (%s):\n  db/0002_nick.up.sql:1:36: error create-index-non-concurrently: ", file)
	if code != exitcode.Clean || !strings.Contains(out, want) || !strings.Contains(out, `"users" holds 5.0 GB, about 53,687,091 rows: the index build holds the lock for about 1m40s (at 50 MB/s)`) {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}

	code, out, errs = runIn(t, dir, "apply", "--database-url", roleURL, "--rows", "20", "--no-round-trip", "--stats", file, "--format", "json")
	var rep struct {
		Files    []json.RawMessage `json:"files"`
		SizeRisk []struct {
			Rule     string `json:"rule"`
			Severity string `json:"severity"`
			Message  string `json:"message"`
		} `json:"size_risk"`
	}
	if err := json.Unmarshal([]byte(out), &rep); code != exitcode.Clean || err != nil || len(rep.Files) != 1 || len(rep.SizeRisk) == 0 ||
		rep.SizeRisk[0].Severity != "error" || !strings.Contains(rep.SizeRisk[0].Message, `"users" holds 5.0 GB`) {
		t.Errorf("json: exit %d, %v\n%s\n%s", code, err, out, errs)
	}

	if code, _, errs := runIn(t, dir, "apply", "--runner", "true", "--stats", file); code != exitcode.Usage || !strings.Contains(errs, "--stats judges the SQL") {
		t.Errorf("--stats with --runner: exit %d\n%s", code, errs)
	}
	// A stats: file that cannot be read stops apply before any database.
	os.WriteFile(filepath.Join(dir, "bad.json"), []byte(`{"version": 1, "tables": [`), 0o644)
	os.WriteFile(filepath.Join(dir, ".migguard.yaml"), []byte("stats: bad.json\n"), 0o644)
	if code, out, errs := runIn(t, dir, "apply", "--database-url", roleURL); code != exitcode.Usage ||
		!strings.Contains(errs, "migguard: invalid configuration: "+filepath.Join(dir, ".migguard.yaml")+":1: stats: stats file "+filepath.Join(dir, "bad.json")+": invalid JSON") ||
		strings.Contains(errs, "scratch") {
		t.Errorf("bad stats: file: exit %d\n%s%s", code, out, errs)
	}
}
