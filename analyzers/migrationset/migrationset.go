package migrationset

import (
	_ "embed"
	"go/ast"
	"go/token"
	"path/filepath"
	"reflect"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/migguard/migguard/analyzers/internal/docx"
	"github.com/migguard/migguard/internal/config"
	"github.com/migguard/migguard/internal/migrations"
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
	Analyzer.Flags.StringVar(&flagKey, "key", "", "ignored; pass a hash of migrations read from disk so that go vet's cache sees them change")
}

// Result is what the analyzer found in one package.
type Result struct {
	// Dir is the package directory, Root the directory that paths of
	// .migguard.yaml and -migrationset.dir are relative to.
	Dir, Root string
	// Config is the configuration in effect (never nil).
	Config *config.Config
	// Sets are the migration sets that the package itself defines, linted.
	Sets []*Set
	// NonConstant is the first Exec call in migration code whose SQL is not
	// a constant, and what builds it ("fmt.Sprintf", or "" when unknown).
	NonConstant      ast.Expr
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
}

// source says where the text of one migration file sits in Go source.
type source struct {
	embed token.Pos // the //go:embed directive, for an embedded file
	text  *sqlText  // the Go text, for SQL written in Go
	down  *sqlText  // the Go text of a goose Go migration's down function
	file  *migrations.File
}

// Position returns where a finding is reported in Go source, and whether
// the message must name the file and line (an embedded file).
func (s *Set) Position(f rules.Finding) (pos token.Pos, prefix string) {
	src := s.sources[f.Path]
	switch {
	case src == nil:
		return token.NoPos, ""
	case src.text != nil:
		return src.text.pos(f.Offset), ""
	}
	return src.embed, f.Path
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

	embedded := embeddedSets(pass, res)
	code := scanCode(pass, res)
	sets := mergeGoose(embedded, code.goose)
	if code.loose != nil {
		sets = append(sets, code.loose)
	}
	var local []*Schema
	for _, s := range sets {
		o := opts
		o.Lint = res.lintFilter(s)
		lr := rules.LintSet(s.Set, o)
		s.Findings = lr.Findings
		res.Sets = append(res.Sets, s)
		local = append(local, schemaOf(lr.Catalog, s.Origin))
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

// Schemas returns the schemas that the package's models are checked
// against: those of the package's own migrations and of the packages it
// imports; when there are none, those of the migration sets read from
// disk: the directories of -migrationset.dir, else the project's sets as
// every migguard command finds them (see the package documentation on
// caching). err reports a set that cannot be read.
func (r *Result) Schemas() (schemas []*Schema, fromDisk bool, err error) {
	if len(r.schemas) > 0 || r.project == nil {
		return r.schemas, false, nil
	}
	if !r.diskDone {
		r.diskDone = true
		r.schemas, r.diskErr = diskSchemas(r)
	}
	return r.schemas, true, r.diskErr
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

// moduleDir returns the directory that -migrationset.dir is relative to:
// the module root when the driver says, else the project root.
func (r *Result) moduleDir() string {
	if r.modDir != "" {
		return r.modDir
	}
	return r.Root
}
