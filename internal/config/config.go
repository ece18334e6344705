// Package config reads .migguard.yaml: the base branch, the PostgreSQL
// version, the migration sets and their format, rule severities and the
// paths to leave alone.
//
// The file is decoded by walking the YAML node tree rather than into tagged
// structs, so every error names the key and the line it is on, and an
// unknown key (a typo such as `rule:` for `rules:`) is an error rather than
// silently ignored.
package config

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"gopkg.in/yaml.v3"

	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/rules"
)

// FileName is the name of the configuration file.
const FileName = ".migguard.yaml"

// Config is a parsed .migguard.yaml. The zero value (no file) means
// defaults everywhere.
type Config struct {
	// Path is the file read, "" when there is none.
	Path string
	// BaseBranch is the branch that migrations must sit on ("" = default:
	// develop, then main, then master).
	BaseBranch string
	// PG is the PostgreSQL version the migrations target; zero means the
	// default (rules.DefaultVersion).
	PG rules.Version
	// TimeZone is the session time zone the migrations run with when they
	// set none (the database's or the migration role's TimeZone); "" when
	// unknown. See rules.Options.TimeZone.
	TimeZone string
	// Sets are the migration sets named in the file, in file order. When
	// there are none, sets are discovered.
	Sets []Set
	// Rules holds the severity configured for a rule id; Off disables it.
	Rules map[string]Setting
	// Preset names a preset of rules.Presets that turns rules on at their
	// default severity (`preset: strict`); Rules entries win over it.
	Preset string
	// Ignore are slash-separated glob patterns (with **) of paths, relative
	// to the repository root, that lint never reports on.
	Ignore []string
	// StartAfter applies to every set that does not set its own.
	StartAfter string
	// Branch configures the branch check.
	Branch Branch
	// Models are glob patterns of the model files that `migguard models`
	// compares; nil means its defaults.
	Models []string
	// TemplateValues are the values of Go-template actions in migration
	// files ({{.Schema}}, {{index .Options "Namespace"}}), by key (Schema,
	// Options.Namespace), for every set; a set's own override them.
	TemplateValues map[string]string
	// Stats is the stats file and thresholds of risk by table size.
	Stats Stats
}

// Set configures one migration set.
type Set struct {
	// Path is the directory, slash-separated and relative to the repository root.
	Path string
	// Format is "" for auto-detection.
	Format migrations.Format
	// StartAfter is a version: files at or before it are replayed into the
	// schema but not reported on.
	StartAfter string
	// Tx overrides the transaction model of every file of the set.
	Tx    migrations.TxMode
	HasTx bool
	// AlembicOffline lints the set's Alembic revisions as `alembic upgrade
	// --sql` renders them, as `migguard lint -alembic-offline` does.
	AlembicOffline bool
	// TemplateValues are the set's values of Go-template actions, over
	// the configuration's.
	TemplateValues map[string]string
	// Line is where the set is declared.
	Line int
}

// Setting is the configured state of one rule.
type Setting struct {
	Off      bool
	Severity rules.Severity // 0 with Off false: the rule's default severity
	Line     int
}

// Error is an invalid configuration: it names the file, line and key.
type Error struct {
	Path string
	Line int
	Key  string
	Msg  string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Path)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Key != "" {
		fmt.Fprintf(&b, "%s: ", e.Key)
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Find looks for .migguard.yaml in dir and its parents, stopping at the
// top of the repository (the first directory holding .git, a directory or
// the file of a linked worktree or submodule). It returns the path of the
// file ("" when there is none) and the project root: the file's directory,
// else the repository's top, else "" when dir is in no repository. It is
// the only place that decides where a project's configuration is: the CLI
// and the analyzers both call it.
func Find(dir string) (file, root string) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", ""
	}
	for d := abs; ; {
		if st, err := os.Stat(filepath.Join(d, FileName)); err == nil && !st.IsDir() {
			return filepath.Join(d, FileName), d
		}
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			return "", d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", ""
		}
		d = parent
	}
}

// Default returns the configuration in effect when there is no file.
func Default() *Config { return &Config{Rules: map[string]Setting{}} }

// Load reads and parses a configuration file, and reads the stats file it
// names.
func Load(file string) (*Config, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, &Error{Path: file, Msg: strings.TrimPrefix(err.Error(), "open "+file+": ")}
	}
	c, err := Parse(file, data)
	if err != nil {
		return nil, err
	}
	if err := c.loadStats(); err != nil {
		return nil, err
	}
	return c, nil
}

// Parse parses the text of a configuration file; file is used in errors.
func Parse(file string, data []byte) (*Config, error) {
	c := &Config{Path: file, Rules: map[string]Setting{}}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, yamlError(file, err)
	}
	if len(doc.Content) == 0 {
		return c, nil // empty file: defaults
	}
	p := &parser{file: file}
	top := doc.Content[0]
	if top.Kind != yaml.MappingNode {
		return nil, p.errf(top, "", "the file must be a mapping of keys such as pg_version, sets and rules")
	}
	p.mapping(top, "", map[string]func(k, v *yaml.Node){
		"base_branch": func(k, v *yaml.Node) { c.BaseBranch = p.str(v, "base_branch") },
		"pg_version": func(k, v *yaml.Node) {
			s := p.str(v, "pg_version")
			if s == "" {
				return
			}
			ver, err := rules.ParseVersion(s)
			if err != nil {
				p.fail(v, "pg_version", err.Error())
				return
			}
			c.PG = ver
		},
		"timezone":        func(k, v *yaml.Node) { c.TimeZone = p.str(v, "timezone") },
		"start_after":     func(k, v *yaml.Node) { c.StartAfter = p.str(v, "start_after") },
		"sets":            func(k, v *yaml.Node) { c.Sets = p.sets(v) },
		"rules":           func(k, v *yaml.Node) { c.Rules = p.rules(v) },
		"preset":          func(k, v *yaml.Node) { c.Preset = p.preset(v) },
		"ignore":          func(k, v *yaml.Node) { c.Ignore = p.globs(v, "ignore") },
		"branch":          func(k, v *yaml.Node) { c.Branch = p.branch(v) },
		"models":          func(k, v *yaml.Node) { c.Models = append([]string{}, p.globs(v, "models")...) },
		"template_values": func(k, v *yaml.Node) { c.TemplateValues = p.templateValues(v, "template_values") },
		"stats":           func(k, v *yaml.Node) { c.Stats = p.stats(k, v) },
	})
	if p.err != nil {
		return nil, p.err
	}
	return c, nil
}

// yamlError turns a yaml.v3 syntax error into an Error with a line.
func yamlError(file string, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	var line int
	if n, _ := fmt.Sscanf(msg, "line %d:", &line); n == 1 {
		msg = strings.TrimSpace(msg[strings.Index(msg, ":")+1:])
	}
	return &Error{Path: file, Line: line, Msg: "invalid YAML: " + msg}
}

// parser keeps the first error; later calls are no-ops once it is set.
type parser struct {
	file string
	err  error
}

func (p *parser) fail(n *yaml.Node, key, msg string) {
	if p.err == nil {
		p.err = &Error{Path: p.file, Line: n.Line, Key: key, Msg: msg}
	}
}

func (p *parser) errf(n *yaml.Node, key, format string, args ...any) error {
	p.fail(n, key, fmt.Sprintf(format, args...))
	return p.err
}

// mapping calls the handler of each key of m; unknown keys are errors.
func (p *parser) mapping(m *yaml.Node, prefix string, handlers map[string]func(k, v *yaml.Node)) {
	seen := map[string]bool{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		name := prefix + k.Value
		h, ok := handlers[k.Value]
		if !ok {
			known := make([]string, 0, len(handlers))
			for key := range handlers {
				known = append(known, key)
			}
			sort.Strings(known)
			p.fail(k, name, "unknown key (known keys: "+strings.Join(known, ", ")+")")
			return
		}
		if seen[k.Value] {
			p.fail(k, name, "key given twice")
			return
		}
		seen[k.Value] = true
		h(k, v)
	}
}

func (p *parser) str(v *yaml.Node, key string) string {
	if v.Kind != yaml.ScalarNode {
		p.fail(v, key, "want a single value, not a list or mapping")
		return ""
	}
	if v.Tag == "!!null" {
		return ""
	}
	return v.Value
}

func (p *parser) globs(v *yaml.Node, key string) []string {
	if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
		return nil
	}
	if v.Kind != yaml.SequenceNode {
		p.fail(v, key, "want a list of glob patterns")
		return nil
	}
	var out []string
	for _, n := range v.Content {
		g := p.str(n, key)
		if g == "" {
			continue
		}
		g = strings.TrimPrefix(path.Clean(filepath.ToSlash(g)), "./")
		if !doublestar.ValidatePattern(g) {
			p.fail(n, key, fmt.Sprintf("invalid glob pattern %q", g))
			return nil
		}
		out = append(out, g)
	}
	return out
}

func (p *parser) sets(v *yaml.Node) []Set {
	if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
		return nil
	}
	if v.Kind != yaml.SequenceNode {
		p.fail(v, "sets", "want a list of sets, each with a path")
		return nil
	}
	var out []Set
	for i, n := range v.Content {
		key := fmt.Sprintf("sets[%d]", i)
		if n.Kind != yaml.MappingNode {
			p.fail(n, key, "want a mapping with path and optionally format, start_after, tx")
			return nil
		}
		s := Set{Line: n.Line}
		p.mapping(n, key+".", map[string]func(k, v *yaml.Node){
			"path": func(k, v *yaml.Node) {
				raw := p.str(v, key+".path")
				if raw == "" {
					p.fail(v, key+".path", "must not be empty")
					return
				}
				s.Path = strings.TrimPrefix(path.Clean(filepath.ToSlash(raw)), "./")
				if path.IsAbs(s.Path) || s.Path == ".." || strings.HasPrefix(s.Path, "../") {
					p.fail(v, key+".path", "must be a directory inside the repository, relative to it")
				}
			},
			"format": func(k, v *yaml.Node) {
				f := migrations.Format(p.str(v, key+".format"))
				for _, known := range migrations.ConfigFormats {
					if f == known {
						s.Format = f
						return
					}
				}
				names := make([]string, len(migrations.ConfigFormats))
				for i, f := range migrations.ConfigFormats {
					names[i] = string(f)
				}
				p.fail(v, key+".format", fmt.Sprintf("unknown format %q (known: %s)", f, strings.Join(names, ", ")))
			},
			"start_after": func(k, v *yaml.Node) { s.StartAfter = p.str(v, key+".start_after") },
			"tx": func(k, v *yaml.Node) {
				m, ok := migrations.ParseTxMode(p.str(v, key+".tx"))
				if !ok {
					p.fail(v, key+".tx", fmt.Sprintf("unknown transaction model %q (known: none, wrapped, implicit)", v.Value))
					return
				}
				s.Tx, s.HasTx = m, true
			},
			"alembic_offline": func(k, v *yaml.Node) { s.AlembicOffline = p.boolean(v, key+".alembic_offline") },
			"template_values": func(k, v *yaml.Node) { s.TemplateValues = p.templateValues(v, key+".template_values") },
		})
		if p.err == nil && s.Path == "" {
			p.fail(n, key, "a set needs a path")
		}
		out = append(out, s)
	}
	return out
}

// templateValues reads a mapping of template keys to values; a nested
// mapping gives dotted keys ({Options: {Namespace: auth}} is
// Options.Namespace: auth). A value stands for an identifier: it must be
// one line without white space, quotes, backslashes, semicolons or braces.
func (p *parser) templateValues(v *yaml.Node, key string) map[string]string {
	out := map[string]string{}
	if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
		return out
	}
	var walk func(m *yaml.Node, prefix string)
	walk = func(m *yaml.Node, prefix string) {
		if m.Kind != yaml.MappingNode {
			p.fail(m, key, "want a mapping of template keys to values, such as {Schema: public}")
			return
		}
		for i := 0; i+1 < len(m.Content); i += 2 {
			k, val := m.Content[i], m.Content[i+1]
			name := prefix + k.Value
			if val.Kind == yaml.MappingNode {
				walk(val, name+".")
				continue
			}
			s := p.str(val, key+"."+name)
			if s == "" || strings.ContainsAny(s, " \t\r\n'\"\\;{}") {
				p.fail(val, key+"."+name, fmt.Sprintf("%q is not a value a template can stand for here: want an identifier, such as public", s))
				return
			}
			if _, dup := out[name]; dup {
				p.fail(k, key+"."+name, "key given twice")
				return
			}
			out[name] = s
		}
	}
	walk(v, "")
	return out
}

func (p *parser) rules(v *yaml.Node) map[string]Setting {
	out := map[string]Setting{}
	if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
		return out
	}
	if v.Kind != yaml.MappingNode {
		p.fail(v, "rules", "want a mapping of rule id to off, on, info, warning or error")
		return out
	}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, val := v.Content[i], v.Content[i+1]
		key := "rules." + k.Value
		r := rules.Lookup(k.Value)
		if r == nil {
			p.fail(k, key, "unknown rule id; 'migguard rules' lists them")
			return out
		}
		if _, dup := out[r.ID]; dup {
			p.fail(k, key, "rule configured twice")
			return out
		}
		raw := strings.ToLower(p.str(val, key))
		s := Setting{Line: k.Line}
		switch raw {
		case "off", "false", "disable", "disabled":
			s.Off = true
		case "on", "true", "enable", "enabled":
		default:
			sev, ok := rules.ParseSeverity(raw)
			if !ok {
				p.fail(val, key, fmt.Sprintf("unknown setting %q (want off, on, info, warning or error)", val.Value))
				return out
			}
			s.Severity = sev
		}
		out[r.ID] = s
	}
	return out
}

// Severities returns the severity of every enabled rule: each rule's
// default (optional rules off), the preset's rules turned on, changed by
// the rules: entries.
func (c *Config) Severities() map[string]rules.Severity {
	m := rules.DefaultSeverities()
	if ps := rules.LookupPreset(c.Preset); ps != nil {
		for _, id := range ps.On() {
			m[id] = rules.Lookup(id).Severity
		}
	}
	for id, s := range c.Rules {
		switch {
		case s.Off:
			delete(m, id)
		case s.Severity != 0:
			m[id] = s.Severity
		default:
			m[id] = rules.Lookup(id).Severity
		}
	}
	return m
}

// Apply applies the rules: settings to findings: those of rules turned off
// are dropped, and those of rules given a severity take it. The SQL rules
// apply them as they run; the findings of the other checks (git, models,
// Alembic reader, analyzers) pass through here, so every id of the rule
// catalogue can be configured.
func (c *Config) Apply(findings []rules.Finding) []rules.Finding {
	if len(c.Rules) == 0 {
		return findings
	}
	out := findings[:0]
	for _, f := range findings {
		id := f.Rule
		if r := rules.Lookup(id); r != nil {
			id = r.ID
		}
		s, ok := c.Rules[id]
		switch {
		case !ok:
		case s.Off:
			continue
		case s.Severity != 0:
			f.Severity = s.Severity
		}
		out = append(out, f)
	}
	return out
}

// preset reads the name of a preset of rules.Presets.
func (p *parser) preset(v *yaml.Node) string {
	name := p.str(v, "preset")
	if name != "" && rules.LookupPreset(name) == nil {
		p.fail(v, "preset", fmt.Sprintf("unknown preset %q: want %s", name, presetNames()))
	}
	return name
}

// presetNames lists the presets for messages: strict.
func presetNames() string {
	var names []string
	for _, ps := range rules.Presets {
		names = append(names, ps.Name)
	}
	return strings.Join(names, ", ")
}

// Ignored reports whether a slash-separated path relative to the
// repository root matches an ignore pattern. A pattern that names a
// directory covers everything below it.
func (c *Config) Ignored(rel string) bool {
	for _, g := range c.Ignore {
		if ok, _ := doublestar.Match(g, rel); ok {
			return true
		}
		if ok, _ := doublestar.Match(g+"/**", rel); ok {
			return true
		}
	}
	return false
}

// StartAfterFor returns the start_after version of a set.
func (c *Config) StartAfterFor(s *Set) string {
	if s != nil && s.StartAfter != "" {
		return s.StartAfter
	}
	return c.StartAfter
}

// IsError reports whether err is a configuration error.
func IsError(err error) bool {
	var e *Error
	return errors.As(err, &e)
}

// Example is the commented file that `migguard init` writes.
const Example = `# migguard configuration. Every key is optional.

# The branch that migrations must sit on (default: develop, then main, master).
base_branch: develop

# The PostgreSQL version production runs: verdicts that changed in 11, 12,
# 14.0-14.3 and 15 follow it (default: 16).
pg_version: "15"

# The session time zone the migrations run with: the database's or the
# migration role's TimeZone setting. With UTC, a change between timestamp
# and timestamptz keeps the rows on PostgreSQL 12 and later (default:
# unknown, so such a change is reported as a rewrite).
# timezone: UTC

# Migration sets. Without this list migguard finds them: directories of
# golang-migrate, goose, dbmate, Flyway, Atlas, sql-migrate, tern, diesel,
# Prisma, Sqitch or pop migrations, and Alembic projects.
# sets:
#   - path: db/migrations
#     format: goose            # golang-migrate, goose, dbmate, flyway, atlas, sql-migrate,
#                              # tern, diesel, prisma, sqitch, pop, alembic, plain
#     start_after: "20240101000000"   # older files build the schema but are not reported on
#     tx: wrapped              # override how the tool runs each file: none, wrapped, implicit
#     template_values: {Schema: app}  # this set's values of Go-template actions

# Values of Go-template actions in migration files, read as identifiers:
# {{.Schema}} and {{ index .Options "Namespace" }} (keys Schema,
# Options.Namespace). Without a value an action is read as a placeholder
# name of its own length.
# template_values:
#   Schema: public
#   Options: {Namespace: auth}

# Hygiene rules (prefer-*, ban-char-field, prefer-robust-stmts, …) are off
# by default. The strict preset turns them all on, as a team used to
# squawk's defaults expects; rules: entries below still win.
# preset: strict

# Rule severities: off, on (the rule's default), info, warning, error.
rules:
  # prefer-bigint: warning
  # drop-column: error

# Risk by table size: the file that 'migguard stats dump' wrote (relative to
# this file). Lock and rewrite findings then name their table's size and
# how long the lock is held; work on tables under small is info, on tables
# of large or more (or with a lock held long_lock or more) an error. Rules
# given a severity under rules: keep it.
# stats:
#   file: db/prod-stats.json
#   small: 10MB
#   large: 1GB
#   long_lock: 5s

# Paths (globs, relative to the repository root) that lint never reports on.
ignore:
  # - db/legacy/**
`
