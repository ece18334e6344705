package config

import "gopkg.in/yaml.v3"

// boolean reads a true/false value (yes/no and on/off too).
func (p *parser) boolean(v *yaml.Node, key string) bool {
	switch p.str(v, key) {
	case "true", "yes", "on":
		return true
	case "false", "no", "off", "":
		return false
	}
	p.fail(v, key, "want true or false")
	return false
}
