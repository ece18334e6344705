package alembic

import (
	"bufio"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/migguard/migguard/internal/migrations"
)

// readIni reads the one project of an alembic.ini. A file that configures
// several (named sections run with `alembic -n name`) is an error that
// names them: the caller must say which one it means.
func readIni(fsys fs.FS, iniPath string) (*Project, error) {
	ps, err := readIniProjects(fsys, iniPath)
	if err != nil {
		return nil, err
	}
	if len(ps) > 1 {
		var names []string
		for _, p := range ps {
			names = append(names, "["+p.Section+"] "+p.ScriptLocation)
		}
		return nil, fmt.Errorf("%s: configures %d Alembic projects (%s); name the script location of the one meant", iniPath, len(ps), strings.Join(names, ", "))
	}
	return ps[0], nil
}

// readIniProjects reads the Alembic projects of an alembic.ini:
//
//   - the [alembic] section with its script_location;
//   - a Flask-Migrate layout: [alembic] without script_location in a
//     directory that holds env.py (`flask db` passes that directory as the
//     script location itself);
//   - sections other than [alembic] that set script_location, each one
//     project (`alembic -n core`, `alembic -n tenant`), when [alembic]
//     sets none.
func readIniProjects(fsys fs.FS, iniPath string) ([]*Project, error) {
	data, err := migrations.ReadFile(fsys, iniPath)
	if err != nil {
		return nil, err
	}
	sections, order := iniSections(string(data))
	main, ok := sections["alembic"]
	if !ok && !anySets(sections, "script_location") {
		return nil, fmt.Errorf("%s: no [alembic] section", iniPath)
	}
	here := path.Dir(iniPath)
	if main["script_location"] != "" {
		p, err := iniProject(fsys, iniPath, "", main)
		if err != nil {
			return nil, err
		}
		return []*Project{p}, nil
	}
	if fileExists(fsys, path.Join(here, "env.py")) {
		// Flask-Migrate: the ini sits in the script location.
		kv := withDefault(main, "script_location", "%(here)s")
		p, err := iniProject(fsys, iniPath, "", kv)
		if err != nil {
			return nil, err
		}
		return []*Project{p}, nil
	}
	var out []*Project
	for _, name := range order {
		kv := sections[name]
		if name == "alembic" || kv["script_location"] == "" {
			continue
		}
		// A named section inherits nothing from [alembic] but what
		// ConfigParser's [DEFAULT] gives; Alembic reads only it.
		p, err := iniProject(fsys, iniPath, name, kv)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no script_location in the [alembic] section (and no env.py beside it, as Flask-Migrate keeps it)", iniPath)
	}
	return out, nil
}

func anySets(sections map[string]map[string]string, key string) bool {
	for _, kv := range sections {
		if kv[key] != "" {
			return true
		}
	}
	return false
}

// withDefault returns a copy of kv with key set to val where kv has no
// value for it.
func withDefault(kv map[string]string, key, val string) map[string]string {
	out := map[string]string{}
	for k, v := range kv {
		out[k] = v
	}
	if out[key] == "" {
		out[key] = val
	}
	return out
}

// iniProject builds the project of one section's keys.
func iniProject(fsys fs.FS, iniPath, section string, raw map[string]string) (*Project, error) {
	where := iniPath
	if section != "" {
		where += " [" + section + "]"
	}
	kv := map[string]string{}
	for k, v := range raw {
		v = strings.ReplaceAll(v, "%(here)s", "\x00HERE\x00")
		kv[k] = strings.ReplaceAll(v, "%%", "%")
	}
	here := path.Dir(iniPath)
	p := &Project{Config: iniPath, Section: section}
	var err error
	if p.ScriptLocation, err = resolveLocation(fsys, here, kv["script_location"]); err != nil {
		return nil, fmt.Errorf("%s: script_location: %v", where, err)
	}
	if vl := kv["version_locations"]; vl != "" {
		sep := kv["path_separator"]
		if sep == "" {
			sep = kv["version_path_separator"]
		}
		for _, loc := range splitLocations(vl, sep) {
			l, err := resolveLocation(fsys, here, loc)
			if err != nil {
				return nil, fmt.Errorf("%s: version_locations: %v", where, err)
			}
			p.VersionLocations = append(p.VersionLocations, l)
		}
	}
	if len(p.VersionLocations) == 0 {
		p.VersionLocations = []string{path.Join(p.ScriptLocation, "versions")}
	}
	p.Recursive = isTrue(kv["recursive_version_locations"])
	p.readEnv(fsys)
	return p, nil
}

// iniSections returns the keys of every section of an INI file in the
// ConfigParser dialect (`key = value` or `key: value`, continuation lines
// indented, # and ; comments on their own lines), and the section names
// in file order.
func iniSections(src string) (map[string]map[string]string, []string) {
	out := map[string]map[string]string{}
	var order []string
	var cur map[string]string
	last := ""
	sc := bufio.NewScanner(strings.NewReader(src))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		t := strings.TrimSpace(line)
		switch {
		case t == "" || strings.HasPrefix(t, "#") || strings.HasPrefix(t, ";"):
			continue
		case strings.HasPrefix(t, "[") && strings.HasSuffix(t, "]"):
			name := strings.TrimSpace(t[1 : len(t)-1])
			if out[name] == nil {
				out[name] = map[string]string{}
				order = append(order, name)
			}
			cur, last = out[name], ""
		case cur == nil:
		case (line[0] == ' ' || line[0] == '\t') && last != "":
			cur[last] += "\n" + t
		default:
			i := strings.IndexAny(t, "=:")
			if i < 0 {
				continue
			}
			last = strings.ToLower(strings.TrimSpace(t[:i]))
			cur[last] = strings.TrimSpace(t[i+1:])
		}
	}
	return out, order
}

// packageLocation resolves a package resource as Alembic does
// (`myapp.db:migrations`, `myapp:db/migrations`, `myapp:db:migrations`:
// the package's directory, then the path after the first colon). Python
// finds the package on sys.path, which migguard does not know: it looks
// for the package's directory in the config's directory, each directory
// above it up to the root, and their src/ directories, nearest first, and
// takes the first where the whole location is a directory.
func packageLocation(fsys fs.FS, here, loc string) (string, error) {
	tokens := strings.Split(loc, ":")
	pkg := strings.ReplaceAll(tokens[0], ".", "/")
	rest := path.Join(append([]string{pkg}, tokens[1:]...)...)
	for d := cleanRel(here); ; d = cleanRel(path.Dir(d)) {
		for _, base := range []string{d, path.Join(d, "src")} {
			cand := cleanRel(path.Join(base, rest))
			if dirExists(fsys, cand) {
				return cand, nil
			}
		}
		if d == "." {
			break
		}
	}
	return "", fmt.Errorf("%s is a package resource, and no directory %s was found in the config's directory, the directories above it or their src/ directories", loc, rest)
}

// isPackageResource reports whether a location is a package resource
// for Alembic: a relative name with a colon after a dotted Python name
// (Windows drive letters, one letter, are paths).
func isPackageResource(loc string) bool {
	i := strings.IndexByte(loc, ':')
	if i < 2 || path.IsAbs(loc) {
		return false
	}
	for _, part := range strings.Split(loc[:i], ".") {
		if part == "" {
			return false
		}
		for j, c := range part {
			if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || j > 0 && c >= '0' && c <= '9') {
				return false
			}
		}
	}
	return true
}
