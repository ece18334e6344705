package alembic

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/migguard/migguard/internal/migrations"
)

// Project is one Alembic migration environment.
type Project struct {
	// Config is the alembic.ini or pyproject.toml the project was read
	// from, relative to the root; "" for a project found by its versions
	// directory alone.
	Config string
	// Section is the alembic.ini section of a project run with
	// `alembic -n <section>`; "" for [alembic].
	Section string
	// ScriptLocation is the directory of env.py, relative to the root.
	ScriptLocation string
	// VersionLocations are the directories of revision files, relative
	// to the root.
	VersionLocations []string
	// Recursive is recursive_version_locations: subdirectories of the
	// version locations hold revision files too.
	Recursive bool
	// TransactionPerMigration is set when env.py passes
	// transaction_per_migration=True to context.configure.
	TransactionPerMigration bool
	// Naming is the naming convention of env.py's target_metadata, by
	// short key (ix, uq, ck, fk, pk); nil without one.
	Naming map[string]string
}

// Dir returns the directory that names the project: the config file's
// directory, else (and for a named section of a config holding several)
// the script location.
func (p *Project) Dir() string {
	if p.Config != "" && p.Section == "" {
		return path.Dir(p.Config)
	}
	return p.ScriptLocation
}

// FindProject reads the Alembic project at dir (a slash-separated path of
// fsys, the repository; see migrations.Dir). dir may hold alembic.ini or a pyproject.toml with
// [tool.alembic], be a script location (env.py beside versions/), or be a
// directory of revision files itself.
func FindProject(fsys fs.FS, dir string) (*Project, error) {
	dir = cleanRel(dir)
	if st, err := fs.Stat(fsys, dir); err != nil {
		return nil, err
	} else if !st.IsDir() {
		switch path.Base(dir) {
		case "alembic.ini":
			return readIni(fsys, dir)
		case "pyproject.toml":
			return readPyproject(fsys, dir)
		}
		return nil, fmt.Errorf("%s: not a directory, alembic.ini or pyproject.toml", dir)
	}
	if fileExists(fsys, path.Join(dir, "alembic.ini")) {
		return readIni(fsys, path.Join(dir, "alembic.ini"))
	}
	if pp := path.Join(dir, "pyproject.toml"); fileExists(fsys, pp) {
		if p, err := readPyproject(fsys, pp); err == nil || !errors.Is(err, ErrNoToolAlembic) {
			return p, err
		}
	}
	if p := projectNaming(fsys, dir); p != nil {
		return p, nil
	}
	if fileExists(fsys, path.Join(dir, "env.py")) && dirExists(fsys, path.Join(dir, "versions")) {
		p := &Project{ScriptLocation: dir, VersionLocations: []string{path.Join(dir, "versions")}}
		p.readEnv(fsys)
		return p, nil
	}
	p := &Project{ScriptLocation: dir, VersionLocations: []string{dir}}
	if path.Base(dir) == "versions" {
		p.ScriptLocation = cleanRel(path.Dir(dir))
		p.readEnv(fsys)
	}
	return p, nil
}

// ErrNoToolAlembic says that a pyproject.toml has no [tool.alembic] table.
var ErrNoToolAlembic = errors.New("no [tool.alembic] section")

// splitLocations splits version_locations the way Alembic does for the
// given path_separator ("" or "space" is the legacy white-space split).
func splitLocations(v, sep string) []string {
	var parts []string
	switch sep {
	case ":", ";":
		parts = strings.Split(v, sep)
	case "newline":
		parts = strings.Split(v, "\n")
	case "os":
		parts = strings.Split(v, string(os.PathListSeparator))
	default:
		parts = strings.FieldsFunc(v, func(r rune) bool { return r == ' ' || r == ',' || r == '\n' || r == '\t' })
	}
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// resolveLocation turns a location as written in the configuration into a
// path of fsys. Relative paths are relative to here (the config
// file's directory; Alembic resolves them against the working directory,
// which is that directory when alembic runs beside its ini). Absolute
// paths are resolved against the directory fsys stands for, and refused
// when it does not say (migrations.Root).
func resolveLocation(fsys fs.FS, here, loc string) (string, error) {
	loc = strings.ReplaceAll(loc, "\x00HERE\x00", "%(here)s")
	if isPackageResource(loc) {
		return packageLocation(fsys, here, loc)
	}
	hasHere := strings.Contains(loc, "%(here)s")
	loc = strings.ReplaceAll(loc, "%(here)s", here)
	loc = filepath.ToSlash(loc)
	if path.IsAbs(loc) {
		root, ok := migrations.Root(fsys)
		if !ok {
			return "", fmt.Errorf("%s is an absolute path, which is not resolved in a tree that git holds", loc)
		}
		absRoot, err := filepath.Abs(root)
		if err != nil {
			return "", err
		}
		rel, err := filepath.Rel(absRoot, filepath.FromSlash(loc))
		if err != nil || strings.HasPrefix(rel, "..") {
			return "", fmt.Errorf("%s is outside the repository", loc)
		}
		return cleanRel(filepath.ToSlash(rel)), nil
	}
	if !hasHere {
		loc = path.Join(here, loc)
	}
	loc = cleanRel(loc)
	if strings.HasPrefix(loc, "..") {
		return "", fmt.Errorf("%s is outside the repository", loc)
	}
	return loc, nil
}

func isTrue(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "yes", "on", "1":
		return true
	}
	return false
}

// readPyproject reads [tool.alembic] of a pyproject.toml (Alembic 1.16+).
func readPyproject(fsys fs.FS, tomlPath string) (*Project, error) {
	data, err := migrations.ReadFile(fsys, tomlPath)
	if err != nil {
		return nil, err
	}
	kv, found := tomlSection(string(data), "tool.alembic")
	if !found {
		return nil, fmt.Errorf("%s: %w", tomlPath, ErrNoToolAlembic)
	}
	here := path.Dir(tomlPath)
	p := &Project{Config: tomlPath}
	sl := kv["script_location"]
	if len(sl) != 1 {
		return nil, fmt.Errorf("%s: [tool.alembic] has no script_location string", tomlPath)
	}
	if p.ScriptLocation, err = resolveLocation(fsys, here, sl[0]); err != nil {
		return nil, fmt.Errorf("%s: script_location: %v", tomlPath, err)
	}
	for _, loc := range kv["version_locations"] {
		l, err := resolveLocation(fsys, here, loc)
		if err != nil {
			return nil, fmt.Errorf("%s: version_locations: %v", tomlPath, err)
		}
		p.VersionLocations = append(p.VersionLocations, l)
	}
	if len(p.VersionLocations) == 0 {
		p.VersionLocations = []string{path.Join(p.ScriptLocation, "versions")}
	}
	if r := kv["recursive_version_locations"]; len(r) == 1 {
		p.Recursive = isTrue(r[0])
	}
	p.readEnv(fsys)
	return p, nil
}

// tomlSection reads the simple keys of one TOML table: strings, booleans
// and arrays of strings (possibly over several lines).
func tomlSection(src, name string) (map[string][]string, bool) {
	kv := map[string][]string{}
	in, found := false, false
	lines := strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n")
	for i := 0; i < len(lines); i++ {
		t := strings.TrimSpace(lines[i])
		if strings.HasPrefix(t, "[") {
			h := strings.Trim(t, "[] ")
			in = h == name
			found = found || in
			continue
		}
		if !in || t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		eq := strings.IndexByte(t, '=')
		if eq < 0 {
			continue
		}
		key := strings.Trim(strings.TrimSpace(t[:eq]), `"'`)
		val := strings.TrimSpace(t[eq+1:])
		if strings.HasPrefix(val, "[") {
			for !strings.Contains(stripTomlComment(val), "]") && i+1 < len(lines) {
				i++
				val += " " + strings.TrimSpace(lines[i])
			}
		}
		kv[key] = tomlStrings(val)
	}
	return kv, found
}

func stripTomlComment(s string) string {
	inQ := byte(0)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case inQ != 0 && c == inQ:
			inQ = 0
		case inQ == 0 && (c == '"' || c == '\''):
			inQ = c
		case inQ == 0 && c == '#':
			return s[:i]
		}
	}
	return s
}

// tomlStrings returns the strings of a TOML value; a bare value (true) is
// returned as written.
func tomlStrings(v string) []string {
	v = strings.TrimSpace(stripTomlComment(v))
	var out []string
	if !strings.ContainsAny(v, `"'`) {
		return []string{strings.Trim(v, "[] ")}
	}
	for {
		i := strings.IndexAny(v, `"'`)
		if i < 0 {
			return out
		}
		q := v[i]
		j := strings.IndexByte(v[i+1:], q)
		if j < 0 {
			return out
		}
		out = append(out, v[i+1:i+1+j])
		v = v[i+2+j:]
	}
}

// readEnv looks in env.py for transaction_per_migration=True and for
// the naming convention of its target_metadata.
func (p *Project) readEnv(fsys fs.FS) {
	data, err := migrations.ReadFile(fsys, path.Join(p.ScriptLocation, "env.py"))
	if err != nil {
		return
	}
	s := strings.ReplaceAll(string(data), " ", "")
	p.TransactionPerMigration = strings.Contains(s, "transaction_per_migration=True")
	if m, serr := readModule(string(data)); serr == nil {
		p.Naming = readNaming(fsys, p.ScriptLocation, m)
	}
}

// Files lists the revision files of the project: the *.py files of its
// version locations (and their subdirectories when Recursive), without
// __init__ files and editor lock files, each once, sorted.
func (p *Project) Files(fsys fs.FS) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	for _, loc := range p.VersionLocations {
		loc = cleanRel(loc)
		if !p.Recursive {
			ents, err := fs.ReadDir(fsys, loc)
			if err != nil {
				return nil, fmt.Errorf("version location %s: %w", loc, err)
			}
			for _, e := range ents {
				if !e.IsDir() && IsRevisionName(e.Name()) && !seen[path.Join(loc, e.Name())] {
					seen[path.Join(loc, e.Name())] = true
					out = append(out, path.Join(loc, e.Name()))
				}
			}
			continue
		}
		err := fs.WalkDir(fsys, loc, func(rel string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if rel != loc && (d.Name() == "__pycache__" || strings.HasPrefix(d.Name(), ".")) {
					return fs.SkipDir
				}
				return nil
			}
			if IsRevisionName(d.Name()) && !seen[rel] {
				seen[rel] = true
				out = append(out, rel)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("version location %s: %w", loc, err)
		}
	}
	sort.Strings(out)
	return out, nil
}

// IsRevisionName reports whether Alembic reads a file of this base name as
// a revision: a .py file other than __init__.py and editor lock files.
func IsRevisionName(name string) bool {
	return strings.HasSuffix(name, ".py") && !strings.HasPrefix(name, "__init__") && !strings.HasPrefix(name, ".#")
}

// LoadGraph reads the revision graph of the Alembic project at dir (see
// FindProject). The errors are the project's configuration errors and the
// files that cannot be read; problems in the files and in the graph are in
// Graph.Problems. The graph is nil when the project cannot be found.
func LoadGraph(fsys fs.FS, dir string) (*Graph, []error) {
	p, err := FindProject(fsys, dir)
	if err != nil {
		return nil, []error{err}
	}
	return p.LoadGraph(fsys)
}

// LoadGraph reads every revision file of the project and builds the graph.
func (p *Project) LoadGraph(fsys fs.FS) (*Graph, []error) {
	g, _, errs := p.load(fsys)
	return g, errs
}

// load reads the revision files and returns the graph and the parsed
// modules by path.
func (p *Project) load(fsys fs.FS) (*Graph, map[string]*module, []error) {
	files, err := p.Files(fsys)
	if err != nil {
		return nil, nil, []error{err}
	}
	var errs []error
	var revs []*Revision
	var probs []Problem
	mods := map[string]*module{}
	for _, f := range files {
		data, err := migrations.ReadFile(fsys, f)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", f, migrations.UnwrapPathError(err)))
			continue
		}
		m, serr := readModule(string(data))
		if serr != nil {
			probs = append(probs, Problem{Path: f, Line: serr.Line, Kind: SyntaxProblem, Msg: "cannot read the revision file: " + serr.Msg})
			continue
		}
		mods[f] = m
		r, ps := revisionOf(f, m)
		probs = append(probs, ps...)
		if r != nil {
			revs = append(revs, r)
		}
	}
	return NewGraph(revs, probs), mods, errs
}

func cleanRel(p string) string {
	p = path.Clean(filepath.ToSlash(p))
	if p == "" {
		return "."
	}
	return p
}

func fileExists(fsys fs.FS, p string) bool {
	st, err := fs.Stat(fsys, p)
	return err == nil && !st.IsDir()
}

func dirExists(fsys fs.FS, p string) bool {
	st, err := fs.Stat(fsys, p)
	return err == nil && st.IsDir()
}

// ReadConfig reads the Alembic configuration file cfg (a path of fsys):
// an alembic.ini, or a pyproject.toml with a [tool.alembic] table. For a
// pyproject.toml without that table the error wraps ErrNoToolAlembic: the
// file configures something else.
func ReadConfig(fsys fs.FS, cfg string) (*Project, error) {
	if path.Base(cfg) == "pyproject.toml" {
		return readPyproject(fsys, cfg)
	}
	return readIni(fsys, cfg)
}

// ReadConfigs is ReadConfig for every project the file configures: an
// alembic.ini may name several in sections of their own (`alembic -n
// name`).
func ReadConfigs(fsys fs.FS, cfg string) ([]*Project, error) {
	if path.Base(cfg) == "pyproject.toml" {
		p, err := readPyproject(fsys, cfg)
		if err != nil {
			return nil, err
		}
		return []*Project{p}, nil
	}
	return readIniProjects(fsys, cfg)
}

// Holds reports whether p (a slash-separated path relative to the root) is
// a revision file of the project: a .py file of one of its version
// locations, or of their subdirectories when the locations are recursive.
func (p *Project) Holds(file string) bool {
	if !IsRevisionName(path.Base(file)) {
		return false
	}
	dir := path.Dir(file)
	for _, loc := range p.VersionLocations {
		loc = cleanRel(loc)
		if dir == loc || p.Recursive && (loc == "." || strings.HasPrefix(dir, loc+"/")) {
			return true
		}
	}
	return false
}

// HasRevisionFile reports whether a directory holds a .py file with a
// module-level revision assignment.
func HasRevisionFile(fsys fs.FS, dir string) bool {
	ents, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return false
	}
	for _, e := range ents {
		if e.IsDir() || !IsRevisionName(e.Name()) {
			continue
		}
		data, err := migrations.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			continue
		}
		s := string(data)
		if (strings.Contains(s, "\nrevision =") || strings.Contains(s, "\nrevision:") || strings.HasPrefix(s, "revision")) && strings.Contains(s, "down_revision") {
			return true
		}
	}
	return false
}

// IsProject reports whether dir (a path of fsys) is an Alembic project as
// FindProject reads it: it holds alembic.ini, a pyproject.toml with
// [tool.alembic], env.py beside versions/, or revision files.
func IsProject(fsys fs.FS, dir string) bool {
	dir = cleanRel(dir)
	if fileExists(fsys, path.Join(dir, "alembic.ini")) {
		return true
	}
	if fileExists(fsys, path.Join(dir, "pyproject.toml")) {
		if _, err := readPyproject(fsys, path.Join(dir, "pyproject.toml")); !errors.Is(err, ErrNoToolAlembic) {
			return true
		}
	}
	if fileExists(fsys, path.Join(dir, "env.py")) && dirExists(fsys, path.Join(dir, "versions")) {
		return true
	}
	return HasRevisionFile(fsys, dir)
}

// projectNaming looks in dir's ancestors (up to the top of fsys) for an
// alembic.ini or pyproject.toml that names dir as the script location or
// as one of the version locations of a project.
func projectNaming(fsys fs.FS, dir string) *Project {
	for d := dir; ; d = cleanRel(path.Dir(d)) {
		for _, name := range []string{"alembic.ini", "pyproject.toml"} {
			cfg := path.Join(d, name)
			if !fileExists(fsys, cfg) {
				continue
			}
			ps, err := ReadConfigs(fsys, cfg)
			if err != nil {
				continue
			}
			for _, p := range ps {
				if p.ScriptLocation == dir {
					return p
				}
				for _, l := range p.VersionLocations {
					if l == dir || p.Recursive && strings.HasPrefix(dir, l+"/") {
						return p
					}
				}
			}
		}
		if d == "." {
			return nil
		}
	}
}
