package stats_test

import (
	"strings"
	"testing"
	"time"

	"github.com/migguard/migguard/internal/rules"
	"github.com/migguard/migguard/internal/stats"
)

// snapshot holds one table per size; each table's data is its total size
// (no indexes), so each kind of work's estimate is size / rate.
func snapshot(sizes map[string]int64) *stats.Snapshot {
	s := &stats.Snapshot{Version: 1, Path: "prod.json"}
	for name, size := range sizes {
		rows := size / 100
		s.Tables = append(s.Tables, stats.Table{Schema: "public", Name: name, Kind: "table", Rows: &rows, TotalBytes: size, TableBytes: size})
	}
	s.Sort()
	return s
}

// TestAdjustThresholds puts findings on tables on both sides of each
// threshold: under stats.small info, from stats.large (or a lock held
// stats.long_lock) an error, the rule's own severity in between.
func TestAdjustThresholds(t *testing.T) {
	const mb = stats.MB
	s := snapshot(map[string]int64{
		"below_small": 10*mb - 1, "at_small": 10 * mb,
		"below_large": 1024*mb - 1, "at_large": 1024 * mb,
		"below_long": 500*mb - mb, "at_long": 500 * mb,
	})
	sizeOnly := stats.Thresholds{LongLock: 24 * time.Hour} // the size threshold alone
	for _, tc := range []struct {
		table string
		th    stats.Thresholds
		want  rules.Severity
	}{
		{"below_small", sizeOnly, rules.Info},
		{"at_small", sizeOnly, rules.Warning},
		{"below_large", sizeOnly, rules.Warning},
		{"at_large", sizeOnly, rules.Error},
		// A scan at 100 MB/s: 499 MB takes 4.99s, 500 MB the 5s of long_lock.
		{"below_long", stats.Thresholds{}, rules.Warning},
		{"at_long", stats.Thresholds{}, rules.Error},
		// Thresholds of one's own.
		{"at_small", stats.Thresholds{Small: 20 * mb, LongLock: time.Hour}, rules.Info},
		{"below_long", stats.Thresholds{LongLock: 10 * time.Second}, rules.Warning},
		{"below_long", stats.Thresholds{Large: 400 * mb, LongLock: time.Hour}, rules.Error},
	} {
		fs := []rules.Finding{{Rule: "attach-partition-scan", Severity: rules.Warning, Table: "public." + tc.table, TableWork: rules.WorkScan, Lock: "ACCESS EXCLUSIVE", Message: "m"}}
		stats.Adjust(fs, s, stats.Options{Thresholds: tc.th})
		if fs[0].Severity != tc.want {
			t.Errorf("%s with %+v: %s, want %s (%s)", tc.table, tc.th, fs[0].Severity, tc.want, fs[0].Message)
		}
	}
}

// TestAdjustKeeps: a table the stats do not hold, a finding about no
// existing table (one the migration creates), a rule whose severity the
// configuration sets, and a lock that only changes the catalog keep their
// severity; the message says what is known.
func TestAdjustKeeps(t *testing.T) {
	s := snapshot(map[string]int64{"huge": 50 << 30, "tiny": 8192})
	fs := []rules.Finding{
		{Rule: "create-index-non-concurrently", Severity: rules.Warning, Table: "public.unknown", TableWork: rules.WorkBuild, Lock: "SHARE", Message: "a"},
		{Rule: "create-index-non-concurrently", Severity: rules.Warning, Table: "", TableWork: rules.WorkBuild, Lock: "SHARE", Message: "b"},
		{Rule: "create-index-non-concurrently", Severity: rules.Warning, Table: "public.tiny", TableWork: rules.WorkBuild, Lock: "SHARE", Message: "c"},
		{Rule: "require-lock-timeout", Severity: rules.Warning, Table: "public.huge", Lock: "ACCESS EXCLUSIVE", Message: "d"},
		{Rule: "change-column-type", Severity: rules.Warning, Table: "public.huge", TableWork: rules.WorkRewrite, Lock: "ACCESS EXCLUSIVE", Message: "e"},
	}
	fixed := func(id string) bool { return id == "create-index-non-concurrently" }
	stats.Adjust(fs, s, stats.Options{Fixed: fixed})
	for i, want := range []struct {
		sev rules.Severity
		msg string
	}{
		{rules.Warning, `a; "unknown" is not in prod.json, so its size is not known`},
		{rules.Warning, "b"},
		{rules.Warning, `c; "tiny" holds 8192 bytes, about 81 rows: the index build holds the lock for under a second (at 50 MB/s)`},
		{rules.Warning, `d; "huge" holds 50 GB, about 536,870,912 rows: the lock is held only while the catalog changes, whatever the size`},
		{rules.Error, `e; "huge" holds 50 GB, about 536,870,912 rows: the rewrite holds the lock for about 34m10s (at 25 MB/s)`},
	} {
		if fs[i].Severity != want.sev || fs[i].Message != want.msg {
			t.Errorf("finding %d: %s %q\nwant %s %q", i, fs[i].Severity, fs[i].Message, want.sev, want.msg)
		}
	}
	// Without stats nothing changes.
	f := []rules.Finding{{Rule: "x", Severity: rules.Warning, Table: "public.tiny", TableWork: rules.WorkBuild, Message: "m"}}
	stats.Adjust(f, nil, stats.Options{})
	if f[0].Message != "m" || f[0].Severity != rules.Warning {
		t.Errorf("nil stats changed %+v", f[0])
	}
}

// TestAdjustUnknownRows: a table never analysed has its size, and its rows
// are said to be unknown; the size still moves the severity.
func TestAdjustUnknownRows(t *testing.T) {
	s := &stats.Snapshot{Version: 1, Tables: []stats.Table{{Schema: "app", Name: "logs", TotalBytes: 3 << 30, TableBytes: 3 << 30}}}
	fs := []rules.Finding{{Rule: "r", Severity: rules.Warning, Table: "app.logs", TableWork: rules.WorkRows, Message: "m"}}
	stats.Adjust(fs, s, stats.Options{})
	if fs[0].Severity != rules.Error || !strings.Contains(fs[0].Message, `"app.logs" holds 3.0 GB, rows unknown (never analysed): the pass over every row holds the lock for about 2m`) {
		t.Errorf("%s %q", fs[0].Severity, fs[0].Message)
	}
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"10MB": 10 << 20, "1 GB": 1 << 30, "512kb": 512 << 10, "1.5GB": 3 << 29, "4096": 4096, "100b": 100} {
		if got, err := stats.ParseSize(in); err != nil || got != want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "ten MB", "-1MB", "10XB"} {
		if _, err := stats.ParseSize(in); err == nil {
			t.Errorf("ParseSize(%q): no error", in)
		}
	}
}
