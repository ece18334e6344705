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
}

func (p *parser) branch(v *yaml.Node) Branch {
	var b Branch
	if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
		return b
	}
	if v.Kind != yaml.MappingNode {
		p.fail(v, "branch", "want a mapping with max_migrations and strict_formatting")
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
		"strict_formatting": func(k, v *yaml.Node) {
			s := p.str(v, "branch.strict_formatting")
			switch s {
			case "true", "yes", "on":
				b.StrictFormatting = true
			case "false", "no", "off", "":
			default:
				p.fail(v, "branch.strict_formatting", "want true or false")
			}
		},
	})
	return b
}
