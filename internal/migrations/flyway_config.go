package migrations

import (
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// This file reads the settings of a Flyway project configuration that
// decide how a migration runs: mixed, executeInTransaction and
// postgresql.transactional.lock, from flyway.toml (Flyway 10 and later;
// flyway.user.toml beside it) or the older flyway.conf. Flyway reads them
// from the working directory and from conf/ of its installation; migguard
// takes the nearest directory, from the set's up to the top of the
// repository, that holds one, itself or in conf/. Where both a TOML and a
// .conf file are found, Flyway uses the TOML one. Settings given on
// Flyway's command line, in environment variables (FLYWAY_MIXED, …) or in
// a build tool's configuration are out of migguard's sight.

// flywayConfigNames are the files a directory may hold, by preference.
var flywayConfigNames = []string{"flyway.toml", "flyway.user.toml", "conf/flyway.toml", "conf/flyway.user.toml", "flyway.conf", "conf/flyway.conf"}

// findFlywayConfig returns the configuration that applies to the set in
// dir, with the problems of its file (a value that is not a boolean).
func findFlywayConfig(fsys fs.FS, dir string) (flywayConfig, []Problem) {
	for d := cleanDir(dir); ; d = path.Dir(d) {
		cfg, found, problems := readFlywayDir(fsys, d)
		if found {
			return cfg, problems
		}
		if d == "." || d == "/" || d == "" {
			return defaultFlyway, nil
		}
	}
}

// readFlywayDir reads the configuration files of one directory: the TOML
// files when there are any (flyway.user.toml over flyway.toml), else
// flyway.conf.
func readFlywayDir(fsys fs.FS, dir string) (cfg flywayConfig, found bool, problems []Problem) {
	cfg = defaultFlyway
	toml := false
	for _, name := range flywayConfigNames {
		p := path.Join(dir, name)
		isTOML := strings.HasSuffix(name, ".toml")
		if found && toml && !isTOML {
			break // TOML files found: Flyway ignores flyway.conf
		}
		data, err := ReadFile(fsys, p)
		if err != nil {
			continue
		}
		var settings []setting
		if isTOML {
			settings = tomlSettings(string(data))
		} else {
			settings = propertiesLines(string(data))
		}
		if !found {
			cfg.path = p
		}
		found, toml = true, isTOML
		problems = append(problems, cfg.apply(p, settings)...)
	}
	return cfg, found, problems
}

// apply takes the settings of file p into the configuration.
func (c *flywayConfig) apply(p string, settings []setting) []Problem {
	var problems []Problem
	for _, s := range settings {
		key := strings.TrimPrefix(s.key, "flyway.")
		var dst *bool
		switch key {
		case "mixed":
			dst = &c.mixed
		case "executeInTransaction":
			dst = &c.inTx
		case "postgresql.transactional.lock":
			dst = &c.lockTx
		default:
			continue
		}
		b, ok := parseBool(s.value)
		if !ok {
			problems = append(problems, Problem{Offset: s.off, Message: fmt.Sprintf(
				"%s line %d: %s = %s is not true or false: migguard takes Flyway's default", p, s.line, s.key, s.value)})
			continue
		}
		*dst = b
		if dst == &c.lockTx {
			c.lockPath, c.lockLine = p, s.line
		}
	}
	return problems
}

// setting is one key and value of a configuration file.
type setting struct {
	key, value string
	line, off  int
}

// propertiesLines reads a Java properties file (flyway.conf,
// V1__x.sql.conf): key=value, key: value or key value per line, # and !
// comments.
func propertiesLines(text string) []setting {
	var out []setting
	for _, l := range splitLines(text) {
		t := strings.TrimSpace(l.text)
		if t == "" || t[0] == '#' || t[0] == '!' {
			continue
		}
		i := strings.IndexAny(t, "=: \t")
		if i < 0 {
			continue
		}
		key := strings.TrimSpace(t[:i])
		value := strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(t[i:]), "=:"))
		out = append(out, setting{key: key, value: value, line: l.n, off: l.start})
	}
	return out
}

// tomlSettings reads the key = value lines of a TOML file as full dotted
// keys: under [flyway.postgresql], transactional.lock = false is
// flyway.postgresql.transactional.lock. Quotes around key parts are
// dropped; values are kept as written, without a trailing comment.
func tomlSettings(text string) []setting {
	var out []setting
	table := ""
	for _, l := range splitLines(text) {
		t := strings.TrimSpace(stripTOMLComment(l.text))
		switch {
		case t == "":
			continue
		case strings.HasPrefix(t, "["):
			table = tomlKey(strings.Trim(t, "[] "))
			continue
		}
		k, v, ok := strings.Cut(t, "=")
		if !ok {
			continue
		}
		key := tomlKey(k)
		if table != "" {
			key = table + "." + key
		}
		out = append(out, setting{key: key, value: strings.Trim(strings.TrimSpace(v), `"'`), line: l.n, off: l.start})
	}
	return out
}

// tomlKey normalises a dotted TOML key: parts trimmed and unquoted.
func tomlKey(k string) string {
	parts := strings.Split(k, ".")
	for i, p := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(p), `"'`)
	}
	return strings.Join(parts, ".")
}

// parseBool reads true or false as Flyway does, in any case.
func parseBool(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}
