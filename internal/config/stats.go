package config

import (
	"fmt"
	"path/filepath"
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
	File string
	// Snapshot is what File holds, read by Load; nil when no file is
	// named, or when the configuration was only parsed (Parse).
	Snapshot   *stats.Snapshot
	Thresholds stats.Thresholds
	// Line is where the stats key is.
	Line int
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

// loadStats reads the stats file the configuration names.
func (c *Config) loadStats() error {
	if c.Stats.File == "" {
		return nil
	}
	s, err := stats.Load(c.Stats.File)
	if err != nil {
		return &Error{Path: c.Path, Line: c.Stats.Line, Key: "stats", Msg: err.Error()}
	}
	c.Stats.Snapshot = s
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
