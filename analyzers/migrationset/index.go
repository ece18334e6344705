package migrationset

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"go/token"
	"hash"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/modeltag"
	"github.com/migguard/migguard/internal/project"
	"github.com/migguard/migguard/internal/rules"
)

// Index is what the analyzers know of the whole module beyond the package
// they analyse, read from disk: the schemas of every migration set (the
// project's sets and the migrations the module's packages write in Go),
// the structs the module passes to an ORM, and which package speaks for
// the module when it has models but no migrations.
//
// A package's verdict depends on all of it, and neither go vet nor
// golangci-lint know those files: so Key, a hash of the index, is made
// part of their cache keys (ToolKey, which cmd/migguard-vet adds to the
// tool id go vet asks for once per run, and the golangci-lint plugin's
// analyzer names), and a change to any of them makes both tools analyse
// again.
type Index struct {
	// Key hashes everything below and the project's configuration.
	Key string
	// Schemas are those of the project's PostgreSQL sets and of the
	// module's Go migration sets, a package's goose Go migrations joined
	// with the goose set of its directory.
	Schemas []*Schema
	// Err says which set could not be read, "" when all were.
	Err string
	// Models are the structs ("import/path.Name") the module passes to an
	// ORM's query or migration API; Schema those whose tables the ORM
	// creates (AutoMigrate, CreateTable); Embedded those that other
	// structs embed.
	Models, Schema, Embedded map[string]bool
	// ORMs are the ORMs the module gives structs to.
	ORMs map[modeltag.Convention]bool
	// FirstModels is the first package, by import path, that declares
	// models: the one that says when no migrations were found.
	FirstModels string
}

// usage returns the index's knowledge of the module's structs.
func (x *Index) usage() *usage {
	return &usage{models: x.Models, schema: x.Schema, embedded: x.Embedded, orms: x.ORMs}
}

// indexVersion changes when the index's content does.
const indexVersion = "migguard index 4"

// moduleOf returns the module root above dir (the directory of go.mod)
// and the module path, or "" when there is none. It does not look above a
// testdata directory, whose packages are fixtures of the module around it.
func moduleOf(dir string) (root, modPath string) {
	for d := dir; ; {
		if data, err := os.ReadFile(filepath.Join(d, "go.mod")); err == nil {
			return d, modulePath(data)
		}
		parent := filepath.Dir(d)
		if parent == d || filepath.Base(d) == "testdata" {
			return "", ""
		}
		d = parent
	}
}

// modulePath reads the module line of a go.mod file.
func modulePath(data []byte) string {
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "module"); ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t') {
			return strings.Trim(strings.TrimSpace(rest), `"`)
		}
	}
	return ""
}

// indexRoot describes where an index is read from: the module's
// directory and the import path of its directories.
type indexRoot struct {
	dir        string
	importPath func(rel string) string
}

// rootOf returns the index root of a package: its module, or, for a
// package outside any module (GOPATH mode, as in analysistest), the
// project root below GOPATH's src, with import paths relative to src.
func rootOf(pkgDir, pkgPath, projectRoot string) (indexRoot, bool) {
	if dir, mod := moduleOf(pkgDir); dir != "" {
		return indexRoot{dir: dir, importPath: func(rel string) string {
			if rel == "." {
				return mod
			}
			return mod + "/" + rel
		}}, true
	}
	src, ok := strings.CutSuffix(filepath.ToSlash(pkgDir), "/"+pkgPath)
	if !ok {
		return indexRoot{}, false
	}
	dir := projectRoot
	if rel, err := filepath.Rel(filepath.FromSlash(src), dir); err != nil || strings.HasPrefix(rel, "..") || rel == "." {
		dir = pkgDir
	}
	prefix, _ := filepath.Rel(filepath.FromSlash(src), dir)
	prefix = filepath.ToSlash(prefix)
	return indexRoot{dir: dir, importPath: func(rel string) string { return path.Join(prefix, rel) }}, true
}

// indexes holds the indexes built or loaded in this process, by root.
var indexes sync.Map // root → *indexEntry

type indexEntry struct {
	once sync.Once
	x    *Index
	err  error
}

// loadIndex returns the index of a root and a project: from this
// process's memory, else from the cache file that ToolKey or an earlier
// package wrote when its files have not changed since, else built.
func loadIndex(r indexRoot, p *project.Project) (*Index, error) {
	v, _ := indexes.LoadOrStore(r.dir+"\x00"+p.Root, &indexEntry{})
	e := v.(*indexEntry)
	e.once.Do(func() { e.x, e.err = readOrBuild(r, p) })
	return e.x, e.err
}

// cached is the content of an index's cache file.
type cached struct {
	Fingerprint string
	Index       *Index
}

// cacheFile returns the cache file of a root and project, "" when there
// is no user cache directory.
func cacheFile(root, project string) string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	sum := sha256.Sum256([]byte(root + "\x00" + project))
	return filepath.Join(dir, "migguard", "vet", hex.EncodeToString(sum[:8])+".gob")
}

// readOrBuild reads the index from its cache file when the fingerprint of
// its files matches, else builds it and writes the file.
func readOrBuild(r indexRoot, p *project.Project) (*Index, error) {
	files, sqlFiles := walkModule(r.dir)
	sets, skipped, errs := p.SetsAndSkipped()
	fp := fingerprint(r, p, append(files, sqlFiles...), sets, skipped, errs)
	cf := cacheFile(r.dir, p.Root)
	if cf != "" {
		if data, err := os.ReadFile(cf); err == nil {
			var c cached
			if gob.NewDecoder(bytes.NewReader(data)).Decode(&c) == nil && c.Fingerprint == fp && c.Index != nil {
				return c.Index, nil
			}
		}
	}
	x, err := buildIndex(r, p, files, sqlFiles, sets, skipped, errs)
	if err != nil || cf == "" {
		return x, err
	}
	var buf bytes.Buffer
	if gob.NewEncoder(&buf).Encode(cached{Fingerprint: fp, Index: x}) == nil {
		_ = os.MkdirAll(filepath.Dir(cf), 0o755)
		tmp := fmt.Sprintf("%s.%d.tmp", cf, os.Getpid())
		if os.WriteFile(tmp, buf.Bytes(), 0o644) == nil {
			_ = os.Rename(tmp, cf)
		}
	}
	return x, nil
}

// fingerprint hashes what the index reads, by name, size and
// modification time: the module's Go files, the configuration, the files
// in the sets' directories, and the executable that builds the index.
func fingerprint(r indexRoot, p *project.Project, files []goFile, sets, skipped []*project.Set, errs []error) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n%s\n%s\n", indexVersion, executableID(), r.dir, p.Root)
	for _, f := range files {
		fmt.Fprintf(h, "go %s %d %d\n", f.rel, f.size, f.mtime)
	}
	stat := func(name string) {
		if st, err := os.Stat(name); err == nil {
			fmt.Fprintf(h, "%s %d %d\n", name, st.Size(), st.ModTime().UnixNano())
		}
	}
	if p.Config.Path != "" {
		stat(p.Config.Path)
	}
	for _, s := range sets {
		fmt.Fprintf(h, "set %s %s\n", s.Dir, s.Format)
		for _, d := range s.Dirs() {
			_ = filepath.WalkDir(filepath.Join(p.Root, filepath.FromSlash(d)), func(name string, e os.DirEntry, err error) error {
				if err == nil && !e.IsDir() {
					stat(name)
				}
				return nil
			})
		}
	}
	for _, s := range skipped {
		fmt.Fprintf(h, "skipped %s %s\n", s.Dir, s.Dialect())
	}
	for _, err := range errs {
		fmt.Fprintf(h, "error %v\n", err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// buildIndex reads the module and the project's sets.
func buildIndex(r indexRoot, p *project.Project, files, sqlFiles []goFile, sets, skipped []*project.Set, errs []error) (*Index, error) {
	fset := token.NewFileSet()
	pkgs := parsePackages(fset, r.dir, files, r.importPath)
	u := &usage{models: map[string]bool{}, schema: map[string]bool{}, embedded: map[string]bool{}, orms: map[modeltag.Convention]bool{}}
	for _, mp := range pkgs {
		u.scan(mp)
	}
	x := &Index{Models: u.models, Schema: u.schema, Embedded: u.embedded, ORMs: u.orms}
	for _, mp := range pkgs {
		if declaresModels(mp, u) {
			x.FirstModels = mp.path
			break
		}
	}
	goSets := map[string]*migrations.Set{} // project-relative directory → Go migrations
	var goOrder []string
	for _, mp := range pkgs {
		code := readGoMigrations(newGoPackage(fset, mp.path, mp.files, nil))
		dir := path.Join(projectRel(p, r.dir), mp.dir)
		for i, s := range append(append([]*Set{code.registered}, code.slices...), code.loose) {
			if s == nil {
				continue
			}
			key := dir
			if i > 0 {
				key = fmt.Sprintf("%s#%d", dir, i)
			}
			for _, f := range s.Set.Files {
				f.Path = path.Join(dir, f.Path)
			}
			s.Set.Dir = dir
			goSets[key] = s.Set
			goOrder = append(goOrder, key)
		}
	}
	h := sha256.New()
	io.WriteString(h, indexVersion+"\n")
	var loaded []*project.Loaded
	var problems []string
	for _, err := range errs {
		problems = append(problems, err.Error())
	}
	opts, err := lintOptions(p.Config)
	if err != nil {
		return nil, err
	}
	opts.Lint = func(*migrations.File) bool { return false }
	// A table is looked up in the first schema that has it, in the
	// order of project.LiveFirst.
	for _, s := range project.LiveFirst(sets) {
		if !ownSet(r, p, s.Dir) {
			continue
		}
		l, lerrs := s.Load()
		if l == nil {
			problems = append(problems, fmt.Sprintf("migration set %s: %v", s.Dir, errors.Join(lerrs...)))
			continue
		}
		loaded = append(loaded, l)
		set := l.Files
		if g := goSets[s.Dir]; g != nil && s.Format == migrations.Goose {
			set = &migrations.Set{Dir: set.Dir, Format: set.Format, Files: append(append([]*migrations.File(nil), set.Files...), g.Files...)}
			sortByVersion(set.Files)
			delete(goSets, s.Dir)
		}
		x.Schemas = append(x.Schemas, schemaOf(rules.LintSet(set, opts).Catalog, set, s.Dir+" (read from disk)"))
	}
	if err := p.WriteKey(h, loaded, skipped); err != nil {
		problems = append(problems, err.Error())
	}
	for _, key := range goOrder {
		g := goSets[key]
		if g == nil {
			continue
		}
		writeGoSet(h, g)
		x.Schemas = append(x.Schemas, schemaOf(rules.LintSet(g, opts).Catalog, g, "Go migrations of "+g.Dir))
	}
	for _, f := range sqlFiles {
		// The .sql files packages embed, which golangci-lint's cache
		// does not see.
		data, _ := os.ReadFile(filepath.Join(r.dir, filepath.FromSlash(f.rel)))
		fmt.Fprintf(h, "sql %s %d\n", f.rel, len(data))
		h.Write(data)
	}
	writeKeys(h, "model", x.Models)
	writeKeys(h, "schema", x.Schema)
	writeKeys(h, "embedded", x.Embedded)
	for _, c := range []modeltag.Convention{modeltag.GORM, modeltag.Bun, modeltag.GoPG, modeltag.Beego} {
		fmt.Fprintf(h, "orm %s %v\n", c, x.ORMs[c])
	}
	fmt.Fprintf(h, "first %s\n", x.FirstModels)
	x.Err = strings.Join(problems, "; ")
	fmt.Fprintf(h, "errors %s\n", x.Err)
	x.Key = hex.EncodeToString(h.Sum(nil))[:16]
	return x, nil
}

// ownSet reports whether a set read from disk can hold the migrations of
// the module at r: one in the directory of another go.mod, or below it,
// belongs to that module (its own database, or its test fixtures), as its
// Go files do (walkModule leaves nested modules out), and is not compared
// with this module's models. A set outside every module (a monorepo's
// migrations beside the module) is the module's.
func ownSet(r indexRoot, p *project.Project, dir string) bool {
	root, own := filepath.Clean(p.Root), filepath.Clean(r.dir)
	for d := filepath.Join(root, filepath.FromSlash(dir)); ; d = filepath.Dir(d) {
		if d == own {
			return true
		}
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return false
		}
		if d == root || filepath.Dir(d) == d {
			return true
		}
	}
}

// projectRel returns dir relative to the project root, slash-separated.
func projectRel(p *project.Project, dir string) string {
	rel, err := p.Rel(dir)
	if err != nil {
		return "."
	}
	return rel
}

// writeGoSet writes the SQL of Go migrations to the key.
func writeGoSet(h hash.Hash, s *migrations.Set) {
	fmt.Fprintf(h, "go set %s\n", s.Dir)
	for _, f := range s.Files {
		fmt.Fprintf(h, "%s %s %v %d\n", f.Path, f.Version, f.Tx, len(f.Up))
		io.WriteString(h, f.Up)
		for _, n := range f.Notes {
			fmt.Fprintf(h, "note %d %s\n", n.Offset, n.Message)
		}
	}
}

func writeKeys(h hash.Hash, kind string, m map[string]bool) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(h, "%s %s\n", kind, k)
	}
}

// executableID names the running executable by path, size and
// modification time, so that a new build of the analyzers never reads an
// index an older one wrote.
var executableID = sync.OnceValue(func() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	st, err := os.Stat(exe)
	if err != nil {
		return exe
	}
	return fmt.Sprintf("%s %d %d", exe, st.Size(), st.ModTime().UnixNano())
})

// ToolKey returns the key of the index of the module that holds dir (the
// directory go vet runs in), building or refreshing the index's cache
// file: cmd/migguard-vet makes it part of the tool id that go vet keys
// its cache with, and the golangci-lint plugin part of its analyzers'
// names, which golangci-lint keys its cache with. "" when dir is in no
// module.
func ToolKey(dir string) (string, error) {
	root, mod := moduleOf(dir)
	if root == "" {
		return "", nil
	}
	p, err := openProject(root, root)
	if err != nil {
		return "", err
	}
	r := indexRoot{dir: root, importPath: func(rel string) string {
		if rel == "." {
			return mod
		}
		return mod + "/" + rel
	}}
	x, err := loadIndex(r, p)
	if err != nil {
		return "", err
	}
	return x.Key, nil
}
