package config

import (
	"strconv"

	"gopkg.in/yaml.v3"
)

// Branch configures `migguard branch` (the branch: key).
type Branch struct {
	// MaxMigrations is how many migrations a branch may add to one set;
	// 0 means the default, 1.
	MaxMigrations int
	// StrictFormatting makes formatting-only edits of merged migrations
	// errors rather than information.
	StrictFormatting bool
	// AllowRebaseline accepts a branch that deletes every migration of a
	// set the base has and adds a new base migration (a squash of the
	// history), instead of reporting it as an error.
	AllowRebaseline bool
}

func (p *parser) branch(v *yaml.Node) Branch {
	var b Branch
	if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
		return b
	}
	if v.Kind != yaml.MappingNode {
		p.fail(v, "branch", "want a mapping with max_migrations, strict_formatting and allow_rebaseline")
		return b
	}
	p.mapping(v, "branch.", map[string]func(k, v *yaml.Node){
		"max_migrations": func(k, v *yaml.Node) {
			s := p.str(v, "branch.max_migrations")
			n, err := strconv.Atoi(s)
			if err != nil || n < 1 {
				p.fail(v, "branch.max_migrations", "want a whole number of at least 1")
				return
			}
			b.MaxMigrations = n
		},
		"strict_formatting": func(k, v *yaml.Node) { b.StrictFormatting = p.boolean(v, "branch.strict_formatting") },
		"allow_rebaseline":  func(k, v *yaml.Node) { b.AllowRebaseline = p.boolean(v, "branch.allow_rebaseline") },
	})
	return b
}
