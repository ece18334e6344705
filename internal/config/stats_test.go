package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/migguard/migguard/internal/stats"
)

// TestStats reads the stats: key as a file name and as a mapping: the file
// is found next to the configuration and read by Load, and the thresholds
// are read with their units.
func TestStats(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "db"), 0o755)
	os.WriteFile(filepath.Join(dir, "db", "prod.json"), []byte(`{"version": 1, "tables": [{"schema": "public", "name": "orders", "total_bytes": 100}]}`), 0o644)
	write := func(src string) string {
		p := filepath.Join(dir, FileName)
		os.WriteFile(p, []byte(src), 0o644)
		return p
	}
	c, err := Load(write("stats: db/prod.json\n"))
	if err != nil || c.Stats.File != filepath.Join(dir, "db", "prod.json") || snapshot(t, c).Lookup("public.orders") == nil ||
		c.Stats.Thresholds != (stats.Thresholds{}) {
		t.Fatalf("stats: %+v, %v", c.Stats, err)
	}
	c, err = Load(write("stats:\n  file: db/prod.json\n  small: 1MB\n  large: 2 GB\n  long_lock: 30s\nrules:\n  create-index-non-concurrently: warning\n  drop-column: on\n"))
	if err != nil || c.Stats.Thresholds != (stats.Thresholds{Small: 1 << 20, Large: 2 << 30, LongLock: 30 * time.Second}) {
		t.Fatalf("stats: %+v, %v", c.Stats, err)
	}
	if !c.SeverityFixed("create-index-non-concurrently") || c.SeverityFixed("drop-column") || c.SeverityFixed("change-column-type") {
		t.Errorf("SeverityFixed: only a rule given a severity is fixed")
	}
	// Parse alone resolves the path but reads no file.
	c, err = Parse("/repo/"+FileName, []byte("stats: {small: 1kB}\n"))
	if err != nil || c.Stats.File != "" || snapshot(t, c) != nil || c.Stats.Thresholds.Small != 1024 {
		t.Errorf("thresholds alone: %+v, %v", c.Stats, err)
	}
}

// TestStatsErrors: a bad value names the key and line, and a stats file
// that cannot be read names the configuration and the file.
func TestStatsErrors(t *testing.T) {
	for src, want := range map[string]string{
		"stats: [a]\n":                "x.yaml:1: stats: want the path of a stats file, or a mapping",
		"stats:\n  file: \"\"\n":      "x.yaml:2: stats.file: want the path of a file written by migguard stats dump",
		"stats:\n  small: ten\n":      `x.yaml:2: stats.small: invalid size "ten"`,
		"stats:\n  large: 0\n":        "x.yaml:2: stats.large: must be more than 0",
		"stats:\n  long_lock: soon\n": `x.yaml:2: stats.long_lock: invalid duration "soon"`,
		"stats:\n  small: 2GB\n":      "x.yaml:2: stats: small (2.0 GB) must be less than large (1.0 GB)",
		"stats:\n  files: a.json\n":   "x.yaml:2: stats.files: unknown key (known keys: file, large, long_lock, small)",
	} {
		_, err := Parse("x.yaml", []byte(src))
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%q: %v\nwant %s", src, err, want)
		}
	}
	dir := t.TempDir()
	p := filepath.Join(dir, FileName)
	os.WriteFile(p, []byte("base_branch: main\nstats: prod.json\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "prod.json"), []byte(`{"version": 7}`), 0o644)
	c, err := Load(p)
	if err != nil {
		t.Fatalf("Load parses the stats file when it is first used: %v", err)
	}
	_, err = c.Stats.Snapshot()
	want := p + ":2: stats: stats file " + filepath.Join(dir, "prod.json") + ": version 7, but this migguard reads version 1"
	if err == nil || !strings.HasPrefix(err.Error(), want) || !IsError(err) {
		t.Errorf("Snapshot: %v\nwant %s", err, want)
	}
	huge := filepath.Join(dir, "huge.json")
	f, _ := os.Create(huge)
	f.Truncate(stats.MaxFileSize + 1)
	f.Close()
	os.WriteFile(p, []byte("stats: huge.json\n"), 0o644)
	if _, err := Load(p); err == nil || !strings.Contains(err.Error(), p+":1: stats: stats file "+huge+": more than the 64 MiB") {
		t.Errorf("huge file: %v", err)
	}
	os.WriteFile(p, []byte("stats: prod.json\n"), 0o644)
	os.Remove(filepath.Join(dir, "prod.json"))
	if _, err := Load(p); err == nil || !strings.Contains(err.Error(), "prod.json: no such file or directory") {
		t.Errorf("missing file: %v", err)
	}
}

// snapshot returns the stats of c, failing the test on an error.
func snapshot(t *testing.T, c *Config) *stats.Snapshot {
	t.Helper()
	s, err := c.Stats.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	return s
}
