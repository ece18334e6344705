package migrationset

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/migguard/migguard/internal/config"
	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/rules"
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

// configs caches parsed configuration files for drivers (golangci-lint)
// that analyse many packages in one process.
var configs sync.Map // path → *loaded

type loaded struct {
	once sync.Once
	cfg  *config.Config
	err  error
}

// loadConfig finds .migguard.yaml (the -migrationset.config flag, else the
// first one walking up from dir to the module root) and the root its paths
// are relative to: the directory of the file, else the module root.
func loadConfig(dir, modDir string) (*config.Config, string, error) {
	file, root := flagConfig, ""
	if file != "" {
		abs, err := filepath.Abs(file)
		if err != nil {
			return nil, "", err
		}
		file, root = abs, filepath.Dir(abs)
	} else {
		file, root = findConfig(dir, modDir)
	}
	if file == "" {
		return &config.Config{}, root, nil
	}
	v, _ := configs.LoadOrStore(file, &loaded{})
	l := v.(*loaded)
	l.once.Do(func() { l.cfg, l.err = config.Load(file) })
	return l.cfg, root, l.err
}

// findConfig walks up from dir. It stops at the module root (given, or the
// first directory with go.mod) or the repository root (.git).
func findConfig(dir, modDir string) (file, root string) {
	for d := dir; ; {
		if st, err := os.Stat(filepath.Join(d, config.FileName)); err == nil && !st.IsDir() {
			return filepath.Join(d, config.FileName), d
		}
		if d == modDir || exists(filepath.Join(d, "go.mod")) || exists(filepath.Join(d, ".git")) {
			return "", d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", dir
		}
		d = parent
	}
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
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

// diskCache keeps the schemas read from disk per root and directory list,
// so a driver that analyses many packages in one process replays them once.
var diskCache sync.Map // key → *diskEntry

type diskEntry struct {
	once    sync.Once
	schemas []*Schema
	err     error
}

// diskSchemas replays the migration directories named by
// -migrationset.dir, else by the sets of .migguard.yaml. Directories are
// not discovered: which set the models follow is the user's choice.
func diskSchemas(r *Result) ([]*Schema, error) {
	var dirs []string
	for _, d := range strings.Split(flagDirs, ",") {
		if d = strings.TrimSpace(d); d != "" {
			dirs = append(dirs, filepath.ToSlash(filepath.Clean(d)))
		}
	}
	if len(dirs) == 0 {
		for _, s := range r.Config.Sets {
			dirs = append(dirs, s.Path)
		}
	}
	key := r.Root + "\x00" + strings.Join(dirs, "\x00")
	v, _ := diskCache.LoadOrStore(key, &diskEntry{})
	e := v.(*diskEntry)
	e.once.Do(func() { e.schemas, e.err = readDisk(r, dirs) })
	return e.schemas, e.err
}

func readDisk(r *Result, dirs []string) ([]*Schema, error) {
	opts, err := lintOptions(r.Config)
	if err != nil {
		return nil, err
	}
	opts.Lint = func(*migrations.File) bool { return false }
	var sets []*migrations.Set
	for _, d := range dirs {
		formatOf := migrations.Format("")
		for _, cs := range r.Config.Sets {
			if cs.Path == d {
				formatOf = cs.Format
			}
		}
		if st, err := os.Stat(filepath.Join(r.Root, filepath.FromSlash(d))); err != nil || !st.IsDir() {
			return nil, fmt.Errorf("migration directory %s: not a directory under %s", d, r.Root)
		}
		set, errs := migrations.LoadDir(migrations.Dir(r.Root), d, formatOf)
		if set == nil {
			return nil, fmt.Errorf("migration directory %s: %v", d, errs)
		}
		sets = append(sets, set)
	}
	var out []*Schema
	for _, s := range sets {
		res := rules.LintSet(s, opts)
		out = append(out, schemaOf(res.Catalog, s.Dir+" (read from disk)"))
	}
	return out, nil
}
