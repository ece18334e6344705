package migrationset

import (
	_ "embed"
	"errors"
	"fmt"
	"go/token"
	"path/filepath"
	"reflect"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/migguard/migguard/analyzers/internal/docx"
	"github.com/migguard/migguard/internal/config"
	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/modeltag"
	"github.com/migguard/migguard/internal/project"
	"github.com/migguard/migguard/internal/rules"
)

//go:embed doc.go
var doc string

// Analyzer finds the migrations of a package, lints and replays them.
var Analyzer = &analysis.Analyzer{
	Name:       "migrationset",
	Doc:        docx.MustExtract(doc, "migrationset"),
	URL:        "https://pkg.go.dev/github.com/migguard/migguard/analyzers/migrationset",
	Run:        run,
	ResultType: reflect.TypeFor[*Result](),
	FactTypes:  []analysis.Fact{new(SchemaFact)},
}

// Flags of the analyzer; see the package documentation.
var (
	flagConfig string
	flagDirs   string
	flagPG     string
	flagKey    string
)

func init() {
	Analyzer.Flags.StringVar(&flagConfig, "config", "", "`path` of .migguard.yaml (default: found by walking up from the package to the module root)")
	Analyzer.Flags.StringVar(&flagDirs, "dir", "", "comma-separated migration `directories`, relative to the module root, read from disk when no package embeds the migrations")
	Analyzer.Flags.StringVar(&flagPG, "pg", "", "PostgreSQL `version` the migrations target (default: pg_version of .migguard.yaml, else 16)")
	Analyzer.Flags.StringVar(&flagKey, "key", "", "ignored, kept for old scripts: the vet tool's id already changes with every migration and configuration file")
}

// ReportInGo makes findings in .sql files be reported at the Go line that
// brings the file in, with the file, line and column in the message,
// rather than in the file itself: golangci-lint drops findings outside Go
// files. Its plugin sets it; go vet prints positions in any file.
var ReportInGo bool

// Result is what the analyzer found in one package.
type Result struct {
	// Dir is the package directory, Root the directory that paths of
	// .migguard.yaml and -migrationset.dir are relative to.
	Dir, Root string
	// Config is the configuration in effect (never nil).
	Config *config.Config
	// Sets are the migration sets that the package itself defines, linted.
	Sets []*Set
	// NonConstant is the first Exec call of loose migration code (a
	// migration package's functions) whose SQL is not known before the
	// program runs, and what builds it.
	NonConstant      token.Pos
	NonConstantMaker string
	// EmbedErrors are embedded migration files that cannot be read as text.
	EmbedErrors []EmbedError

	schemas  []*Schema
	diskErr  error
	diskDone bool
	pass     *analysis.Pass
	project  *project.Project
	modDir   string
}

// Set is one migration set of a package and its findings.
type Set struct {
	Set      *migrations.Set
	Origin   string // how the package defines it, for messages
	Findings []rules.Finding
	sources  map[string]*source
	files    map[string]*token.File // .sql files added to the file set
}

// source says where the text of one migration file sits.
type source struct {
	embed token.Pos // the Go line that brings a .sql file in
	abs   string    // a .sql file's path on disk
	text  *sqlText  // the Go text, for SQL written in Go
	file  *migrations.File
}

// Position returns where a finding is reported. A finding in SQL written
// in Go is reported at the character of the Go string that holds it; one
// in a .sql file at its line and column in that file, added to fset, or,
// with ReportInGo, at the Go line that brings the file in (the //go:embed
// variable, or the registration of a goose package's Go migrations that
// reads its directory), with prefix naming the file. anchor is the Go
// position whose //migguard:ignore directives apply.
func (s *Set) Position(fset *token.FileSet, f rules.Finding) (pos, anchor token.Pos, prefix string) {
	src := s.sources[f.Path]
	switch {
	case src == nil:
		return token.NoPos, token.NoPos, ""
	case src.text != nil:
		pos = src.text.pos(f.Offset)
		return pos, pos, ""
	case ReportInGo || src.abs == "":
		return src.embed, src.embed, f.Path
	}
	tf := s.files[src.abs]
	if tf == nil {
		if s.files == nil {
			s.files = map[string]*token.File{}
		}
		tf = fset.AddFile(src.abs, -1, len(src.file.Src))
		tf.SetLinesForContent([]byte(src.file.Src))
		s.files[src.abs] = tf
	}
	return tf.Pos(min(max(f.Offset, 0), tf.Size())), src.embed, ""
}

// SchemaFact is the schema that the migrations of a package build,
// exported to the packages that import it.
type SchemaFact struct {
	Schemas []*Schema
}

// AFact implements analysis.Fact.
func (*SchemaFact) AFact() {}

func (f *SchemaFact) String() string {
	var names []string
	for _, s := range f.Schemas {
		names = append(names, s.Source)
	}
	return "schema(" + strings.Join(names, ", ") + ")"
}

func run(pass *analysis.Pass) (any, error) {
	res := &Result{pass: pass, Config: &config.Config{}}
	if skipPackage(pass) {
		return res, nil
	}
	res.Dir = packageDir(pass)
	if res.Dir == "" {
		return res, nil
	}
	res.modDir = moduleDir(pass)
	p, err := openProject(res.Dir, res.modDir)
	if err != nil {
		return nil, err
	}
	res.project, res.Config, res.Root = p, p.Config, p.Root
	opts, err := lintOptions(p.Config)
	if err != nil {
		return nil, err
	}
	opts.Code = codeOf(p)
	var local []*Schema
	for _, s := range res.packageSets(pass) {
		o := opts
		o.Lint = res.lintFilter(s)
		if files := res.migrationFiles(s); len(files) > 0 {
			o.Code = codeOutside{opts.Code, files}
		}
		lr := rules.LintSet(s.Set, o)
		s.Findings = lr.Findings
		res.Sets = append(res.Sets, s)
		local = append(local, schemaOf(lr.Catalog, s.Set, s.Origin))
	}
	if len(local) > 0 {
		pass.ExportPackageFact(&SchemaFact{Schemas: local})
	}
	res.schemas = append(res.schemas, local...)
	imported := pass.AllPackageFacts()
	sort.Slice(imported, func(i, j int) bool { return imported[i].Package.Path() < imported[j].Package.Path() })
	for _, pf := range imported {
		if pf.Package == pass.Pkg {
			continue
		}
		if f, ok := pf.Fact.(*SchemaFact); ok {
			res.schemas = append(res.schemas, f.Schemas...)
		}
	}
	return res, nil
}

// packageSets returns the migration sets the package defines: the .sql
// files it embeds, its Go migrations (joined with the goose set of its
// directory, embedded or read by goose from disk), its migration lists,
// and the Exec calls of a migration package.
func (r *Result) packageSets(pass *analysis.Pass) []*Set {
	embedded := embeddedSets(pass, r)
	code := readGoMigrations(newGoPackage(pass.Fset, pass.Pkg.Path(), pass.Files, pass.TypesInfo))
	r.NonConstant, r.NonConstantMaker = code.nonConstant, code.nonConstantMaker
	if code.registered != nil && !hasGooseHere(embedded) {
		if disk := r.gooseDir(code.pos); disk != nil {
			mergeInto(disk, code.registered)
			code.registered = disk
		}
	}
	sets := mergeGoose(embedded, code.registered)
	sets = append(sets, code.slices...)
	if code.loose != nil {
		sets = append(sets, code.loose)
	}
	return sets
}

// hasGooseHere reports whether the package embeds a goose set from its
// own directory.
func hasGooseHere(sets []*Set) bool {
	for _, s := range sets {
		if s.Set.Format == migrations.Goose && s.Set.Dir == "." {
			return true
		}
	}
	return false
}

// gooseDir returns the goose .sql files of the package's directory,
// which goose reads from disk beside the Go migrations the package
// registers: one set, findings in the files reported once, by this
// package. pos is the first registration, where they are reported in Go.
func (r *Result) gooseDir(pos token.Pos) *Set {
	ps, err := r.project.SetAt(r.rootRel("."))
	if err != nil || ps.Format != migrations.Goose || !ps.Dialect().IsPostgreSQL() {
		return nil
	}
	set, _ := migrations.LoadDir(migrations.Dir(r.Dir), ".", migrations.Goose)
	if set == nil || len(set.Files) == 0 {
		return nil
	}
	ps.ApplyTx(set)
	s := &Set{Set: set, sources: map[string]*source{}}
	for _, f := range set.Files {
		s.sources[f.Path] = &source{embed: pos, abs: filepath.Join(r.Dir, filepath.FromSlash(f.Path)), file: f}
	}
	s.Origin = fmt.Sprintf("goose migrations of %s (%d .sql files)", ps.Dir, len(set.Files))
	return s
}

// Schemas returns the schemas that the package's models are checked
// against: those of the package's own migrations and of the packages it
// imports; when there are none, the directories of -migrationset.dir read
// from disk, else every migration set of the project and of the module's
// Go code (see Index). err reports a set that cannot be read.
func (r *Result) Schemas() (schemas []*Schema, fromDisk bool, err error) {
	if len(r.schemas) > 0 || r.project == nil {
		return r.schemas, false, nil
	}
	if !r.diskDone {
		r.diskDone = true
		if strings.TrimSpace(flagDirs) != "" {
			r.schemas, r.diskErr = diskSchemas(r)
		} else if x, err := r.Index(); err != nil {
			r.diskErr = err
		} else if x != nil {
			r.schemas = x.Schemas
			if x.Err != "" {
				r.diskErr = errors.New(x.Err)
			}
		}
	}
	return r.schemas, true, r.diskErr
}

// Index returns the index of the package's module, nil when the package
// belongs to none that can be read.
func (r *Result) Index() (*Index, error) {
	if r.project == nil || r.pass == nil {
		return nil, nil
	}
	root, ok := rootOf(r.Dir, r.pass.Pkg.Path(), r.project.Root)
	if !ok {
		return nil, nil
	}
	return loadIndex(root, r.project)
}

// IsModel reports whether a struct that package modeltag reads as a
// model is a table to the ORM (see isModel): key names it
// ("import/path.Name").
func (r *Result) IsModel(s modeltag.Struct, m modeltag.Model, key string) bool {
	x, _ := r.Index()
	if x == nil {
		return isModel(s, m, key, nil)
	}
	return isModel(s, m, key, x.usage())
}

// SchemaManaged reports whether the module passes a model to an ORM call
// that creates its table (AutoMigrate, CreateTable): the ORM then adds
// the table and the columns no migration creates.
func (r *Result) SchemaManaged(key string) bool {
	x, _ := r.Index()
	return x != nil && x.Schema[key]
}

// SpeaksForModule reports whether the package is the one that says, once
// for the module, that its models have no migrations to be compared with:
// the first package, by import path, that declares models.
func (r *Result) SpeaksForModule() bool {
	x, _ := r.Index()
	return x == nil || x.FirstModels == "" || x.FirstModels == r.pass.Pkg.Path()
}

// lintFilter applies the ignore and start_after settings of the
// configuration to the files of an embedded set, comparing versions in the
// set's format's order, as lint does.
func (r *Result) lintFilter(s *Set) func(*migrations.File) bool {
	after := r.Config.StartAfter
	if ps, err := r.project.SetAt(r.rootRel(s.Set.Dir)); err == nil {
		after = ps.StartAfter()
	}
	var later func(*migrations.File) bool
	if after != "" {
		later = project.After(s.Set.Format, after)
	}
	return func(f *migrations.File) bool {
		if r.Config.Ignored(r.rootRel(f.Path)) {
			return false
		}
		return later == nil || later(f)
	}
}

// rootRel turns a path relative to the package directory into one
// relative to Root.
func (r *Result) rootRel(p string) string {
	rel, err := filepath.Rel(r.Root, filepath.Join(r.Dir, filepath.FromSlash(p)))
	if err != nil {
		return p
	}
	return filepath.ToSlash(rel)
}

// abs returns the path on disk of a path relative to the package
// directory.
func (r *Result) abs(p string) string { return filepath.Join(r.Dir, filepath.FromSlash(p)) }

// moduleDir returns the directory that -migrationset.dir is relative to:
// the module root when the driver says, else the project root.
func (r *Result) moduleDir() string {
	if r.modDir != "" {
		return r.modDir
	}
	return r.Root
}

// migrationFiles returns the Go files, relative to Root, that hold the
// SQL of a set's migrations written in Go.
func (r *Result) migrationFiles(s *Set) map[string]bool {
	out := map[string]bool{}
	for _, src := range s.sources {
		if src.text == nil {
			continue
		}
		f := r.pass.Fset.File(src.text.pos(0))
		if f == nil {
			continue
		}
		if rel, err := filepath.Rel(r.Root, f.Name()); err == nil {
			out[filepath.ToSlash(rel)] = true
		}
	}
	return out
}

// codeOutside is the application code but the files that hold a Go
// migration set: the SQL that an earlier migration of a list runs is no
// use of the tables a later one drops or changes.
type codeOutside struct {
	code  rules.Code
	files map[string]bool
}

func (c codeOutside) TableUses(schema, table string) []rules.CodeUse {
	return outside(c.code.TableUses(schema, table), c.files, func(u rules.CodeUse) string { return u.Path })
}

func (c codeOutside) ColumnUses(schema, table, column string) []rules.CodeUse {
	return outside(c.code.ColumnUses(schema, table, column), c.files, func(u rules.CodeUse) string { return u.Path })
}

func (c codeOutside) Inserts(schema, table string) []rules.CodeInsert {
	return outside(c.code.Inserts(schema, table), c.files, func(u rules.CodeInsert) string { return u.Path })
}

// outside returns the uses that are not in files.
func outside[T any](uses []T, files map[string]bool, path func(T) string) []T {
	var out []T
	for _, u := range uses {
		if !files[path(u)] {
			out = append(out, u)
		}
	}
	return out
}
