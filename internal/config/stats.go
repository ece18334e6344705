package config

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/migguard/migguard/internal/rules"
	"github.com/migguard/migguard/internal/stats"
)

// Stats configures risk by table size: the stats file that `migguard stats
// dump` wrote, and the thresholds by which stats.Adjust moves severities.
//
//	stats: db/prod-stats.json      # the file alone, default thresholds
//	stats:
//	  file: db/prod-stats.json     # relative to .migguard.yaml
//	  small: 10MB                  # work on smaller tables is info
//	  large: 1GB                   # work on tables this big is an error,
//	  long_lock: 5s                # and so is a lock estimated held this long
type Stats struct {
	// File is the stats file, its path resolved against the directory of
	// the configuration file; "" when none is named.
	File       string
	Thresholds stats.Thresholds
	// Line is where the stats key is.
	Line int
	// read reads File once, when Snapshot first asks: the commands and
	// analyzers that never judge a finding by size do not parse it. Load
	// sets it; a configuration only parsed (Parse, as a bare repository's
	// is read from git) reads no stats file.
	read *statsRead
}

// statsRead is the one reading of a stats file.
type statsRead struct {
	file string
	fail func(error) error // makes a read error a configuration error
	once sync.Once
	s    *stats.Snapshot
	err  error
}

// Snapshot returns what the stats file holds, read the first time it is
// asked for: nil when the configuration names none (or was only parsed).
// An error names the configuration file and the stats file.
func (s *Stats) Snapshot() (*stats.Snapshot, error) {
	r := s.read
	if r == nil {
		return nil, nil
	}
	r.once.Do(func() {
		if r.s, r.err = stats.Load(r.file); r.err != nil {
			r.s, r.err = nil, r.fail(r.err)
		}
	})
	return r.s, r.err
}

// stats reads the stats: key, a file name or a mapping.
func (p *parser) stats(k, v *yaml.Node) Stats {
	s := Stats{Line: k.Line}
	file := func(v *yaml.Node, key string) {
		name := p.str(v, key)
		if name == "" {
			p.fail(v, key, "want the path of a file written by migguard stats dump")
			return
		}
		s.File = filepath.FromSlash(name)
		if !filepath.IsAbs(s.File) {
			s.File = filepath.Join(filepath.Dir(p.file), s.File)
		}
	}
	if v.Kind == yaml.ScalarNode {
		file(v, "stats")
		return s
	}
	if v.Kind != yaml.MappingNode {
		p.fail(v, "stats", "want the path of a stats file, or a mapping with file, small, large and long_lock")
		return s
	}
	size := func(v *yaml.Node, key string) int64 {
		n, err := stats.ParseSize(p.str(v, key))
		if err == nil && n == 0 {
			err = fmt.Errorf("must be more than 0")
		}
		if err != nil {
			p.fail(v, key, err.Error())
		}
		return n
	}
	p.mapping(v, "stats.", map[string]func(k, v *yaml.Node){
		"file":  func(k, v *yaml.Node) { file(v, "stats.file") },
		"small": func(k, v *yaml.Node) { s.Thresholds.Small = size(v, "stats.small") },
		"large": func(k, v *yaml.Node) { s.Thresholds.Large = size(v, "stats.large") },
		"long_lock": func(k, v *yaml.Node) {
			d, err := time.ParseDuration(p.str(v, "stats.long_lock"))
			if err != nil || d <= 0 {
				p.fail(v, "stats.long_lock", fmt.Sprintf("invalid duration %q (want a duration such as 5s or 1m30s)", v.Value))
				return
			}
			s.Thresholds.LongLock = d
		},
	})
	if th := s.Thresholds.WithDefaults(); p.err == nil && th.Small >= th.Large {
		p.fail(v, "stats", fmt.Sprintf("small (%s) must be less than large (%s)", stats.FormatSize(th.Small), stats.FormatSize(th.Large)))
	}
	return s
}

// loadStats checks that the stats file the configuration names is a file
// stats.Load would read (it exists, and is not too large), and sets it to
// be read when Stats.Snapshot first asks.
func (c *Config) loadStats() error {
	st := &c.Stats
	if st.File == "" {
		return nil
	}
	fail := func(err error) error { return &Error{Path: c.Path, Line: st.Line, Key: "stats", Msg: err.Error()} }
	fi, err := os.Stat(st.File)
	switch {
	case err != nil:
		_, err = stats.Load(st.File) // its message for a missing or unreadable file
		return fail(err)
	case !fi.Mode().IsRegular():
		return fail(fmt.Errorf("stats file %s: not a regular file", st.File))
	case fi.Size() > stats.MaxFileSize:
		return fail(fmt.Errorf("stats file %s: more than the %d MiB a stats file may hold (%d bytes)", st.File, stats.MaxFileSize>>20, fi.Size()))
	}
	st.read = &statsRead{file: st.File, fail: fail}
	return nil
}

// SeverityFixed reports whether the rules: entries give rule id a
// severity of its own (rules: {id: warning}, not on): stats.Adjust then
// leaves its severity as the team set it.
func (c *Config) SeverityFixed(id string) bool {
	if r := rules.Lookup(id); r != nil {
		id = r.ID
	}
	s, ok := c.Rules[id]
	return ok && !s.Off && s.Severity != 0
}

// StatsOptions returns how stats.Adjust judges the findings of this
// configuration: its thresholds, and the severities the team fixed.
func (c *Config) StatsOptions() stats.Options {
	return stats.Options{Thresholds: c.Stats.Thresholds, Fixed: c.SeverityFixed}
}
