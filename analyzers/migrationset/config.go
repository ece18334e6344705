package migrationset

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/migguard/migguard/internal/config"
	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/project"
	"github.com/migguard/migguard/internal/rules"
	codeuse "github.com/migguard/migguard/internal/usage"
)

// skipPackage reports whether the package belongs to the standard library
// or to a dependency module: only the main module's migrations count.
func skipPackage(pass *analysis.Pass) bool {
	if pass.Module != nil && pass.Module.Version != "" {
		return true
	}
	if len(pass.Files) == 0 {
		return true
	}
	name := pass.Fset.File(pass.Files[0].Pos()).Name()
	goroot := runtimeGOROOT()
	return goroot != "" && strings.HasPrefix(name, goroot+string(filepath.Separator))
}

var runtimeGOROOT = sync.OnceValue(func() string {
	if r := os.Getenv("GOROOT"); r != "" {
		return filepath.Clean(r)
	}
	return filepath.Clean(goroot())
})

// packageDir returns the directory of the package's Go files ("" when it
// has none on disk, as for a package made only of cgo output).
func packageDir(pass *analysis.Pass) string {
	for _, f := range pass.Files {
		name := pass.Fset.File(f.Pos()).Name()
		if strings.HasSuffix(name, ".go") && filepath.IsAbs(name) {
			return filepath.Dir(name)
		}
	}
	return ""
}

// moduleDir returns the module root: the driver's when it says, else the
// first directory holding go.mod above the package.
func moduleDir(pass *analysis.Pass) string {
	if pass.Module != nil && pass.Module.Dir != "" {
		return pass.Module.Dir
	}
	return ""
}

// projects caches the projects of drivers (golangci-lint) that analyse
// many packages in one process, by package directory's project root and
// configuration file.
var projects sync.Map // key → *loaded

type loaded struct {
	once sync.Once
	p    *project.Project
	err  error
}

// openProject returns the project of a package directory, as the CLI
// finds it (project.Open: the -migrationset.config flag, else
// .migguard.yaml found walking up from dir to the repository's top); its
// root is the configuration's directory, else the repository's top, else
// the module root.
func openProject(dir, modDir string) (*project.Project, error) {
	file, root := config.Find(dir)
	if flagConfig != "" {
		file, root = flagConfig, ""
	}
	key := file + "\x00" + root + "\x00" + modDir
	if file == "" && root == "" {
		key += "\x00" + dir
	}
	v, _ := projects.LoadOrStore(key, &loaded{})
	l := v.(*loaded)
	l.once.Do(func() { l.p, l.err = project.Open(dir, flagConfig, modDir) })
	return l.p, l.err
}

// code keeps, per project root, where the project's code uses tables and
// columns, for the rules that compare a migration with that code
// (drop-still-used, the rename rules, not-null-not-inserted): built once per process, when a
// migration first drops, renames or requires something.
var code sync.Map // root → *codeuse.Lazy

func codeOf(p *project.Project) *codeuse.Lazy {
	v, _ := code.LoadOrStore(p.Root, codeuse.NewLazy(p))
	return v.(*codeuse.Lazy)
}

// lintOptions turns the configuration and flags into rule options.
func lintOptions(cfg *config.Config) (rules.Options, error) {
	opts := rules.Options{PG: cfg.PG, Severity: cfg.Severities()}
	if flagPG != "" {
		v, err := rules.ParseVersion(flagPG)
		if err != nil {
			return opts, fmt.Errorf("-migrationset.pg: %v", err)
		}
		opts.PG = v
	}
	return opts, nil
}

// diskCache keeps the schemas read from disk per project and directory
// list, so a driver that analyses many packages in one process replays
// them once.
var diskCache sync.Map // key → *diskEntry

type diskEntry struct {
	once    sync.Once
	schemas []*Schema
	err     error
}

// diskSchemas replays the migration sets of -migrationset.dir, read from
// disk (relative to the module root).
func diskSchemas(r *Result) ([]*Schema, error) {
	key := r.project.Root + "\x00" + flagDirs
	v, _ := diskCache.LoadOrStore(key, &diskEntry{})
	e := v.(*diskEntry)
	e.once.Do(func() { e.schemas, e.err = readDisk(r) })
	return e.schemas, e.err
}

func readDisk(r *Result) ([]*Schema, error) {
	sets, err := diskSets(r)
	if err != nil {
		return nil, err
	}
	var out []*Schema
	for _, s := range sets {
		opts, err := lintOptions(s.Project().Config)
		if err != nil {
			return nil, err
		}
		opts.Lint = func(*migrations.File) bool { return false }
		l, errs := s.Load()
		if l == nil {
			return nil, fmt.Errorf("migration set %s: %v", s.Dir, errors.Join(errs...))
		}
		res := rules.LintSet(l.Files, opts)
		out = append(out, schemaOf(res.Catalog, l.Files, s.Dir+" (read from disk)"))
	}
	return out, nil
}

// diskSets returns the sets of -migrationset.dir.
func diskSets(r *Result) ([]*project.Set, error) {
	var sets []*project.Set
	for _, d := range strings.Split(flagDirs, ",") {
		if d = strings.TrimSpace(d); d == "" {
			continue
		}
		abs := d
		if !filepath.IsAbs(abs) {
			abs = filepath.Join(r.moduleDir(), filepath.FromSlash(d))
		}
		if st, err := os.Stat(abs); err != nil || !st.IsDir() {
			return nil, fmt.Errorf("-migrationset.dir %s: %s is not a directory", d, abs)
		}
		// A directory outside this project (a sibling repository) is read
		// as a set of the project around it.
		p := r.project
		if !p.Contains(abs) {
			var err error
			if p, err = project.Open(abs, "", ""); err != nil {
				return nil, fmt.Errorf("-migrationset.dir %s: %v", d, err)
			}
		}
		rel, err := p.Rel(abs)
		if err != nil {
			return nil, fmt.Errorf("-migrationset.dir %s: %v", d, err)
		}
		s, err := p.SetAt(rel)
		if err != nil {
			return nil, fmt.Errorf("-migrationset.dir %s: %v", d, err)
		}
		sets = append(sets, s)
	}
	return sets, nil
}
