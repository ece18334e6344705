// Package golangci is the golangci-lint module plugin of migguard's
// analyzers. Importing it registers the linter "migguard":
//
//	# .custom-gcl.yml
//	version: v2.15.0
//	plugins:
//	  - module: github.com/migguard/migguard
//	    import: github.com/migguard/migguard/analyzers/golangci
//	    version: v0.1.0
//
//	# .golangci.yml
//	version: "2"
//	linters:
//	  enable: [migguard]
//	  settings:
//	    custom:
//	      migguard:
//	        type: module
//	        description: risky migration SQL and models that drifted from the migrations
//	        settings:
//	          analyzers: [migrationsql, modelschema]   # default: both
//	          dir: [db/migrations]                     # migrations read from disk, for models
//	          config: .migguard.yaml                   # default: found from each package
//	          pg: "15"
//	          strict: true                             # non-pointer fields over nullable columns in GORM, bun, go-pg, beego too
//	issues:
//	  uniq-by-line: false  # several SQL findings of one embedded file share a line
//
// golangci-lint lower-cases setting keys, so the keys are lower-case; an
// unknown key is an error. golangci-lint drops findings in files that are
// not Go files (its invalid_issue processor keeps only .go files and
// go.mod), so the plugin sets migrationset.ReportInGo: findings in .sql
// files are reported at the variable of the //go:embed directive, with the
// file, line and column in the message, where go vet reports them in the
// file itself. Its cache keys a package's findings with the package's Go
// files and the names of the analyzers, and BuildAnalyzers names one after
// the migrations and models the verdicts read, so that no finding is
// stale.
package golangci

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/migguard/migguard/analyzers/migrationset"
	"github.com/migguard/migguard/analyzers/migrationsql"
	"github.com/migguard/migguard/analyzers/modelschema"
	"github.com/migguard/migguard/internal/rules"
)

// Name is the linter's name in .golangci.yml.
const Name = "migguard"

func init() { register.Plugin(Name, New) }

// Settings are the plugin's settings under linters.settings.custom.migguard.settings.
type Settings struct {
	// Analyzers to run: migrationsql, modelschema (default: both).
	Analyzers []string `json:"analyzers"`
	// Dir lists migration directories, relative to the module root, read
	// from disk when no package embeds the migrations.
	Dir []string `json:"dir"`
	// Config is the path of .migguard.yaml.
	Config string `json:"config"`
	// PG is the PostgreSQL version the migrations target.
	PG string `json:"pg"`
	// Strict also reports non-pointer fields over nullable columns in
	// the ORMs that read NULL as the zero value (-modelschema.strict).
	Strict bool `json:"strict"`
}

// Plugin is the linter.
type Plugin struct {
	analyzers []*analysis.Analyzer
}

// New decodes the settings; unknown keys and unknown analyzers are errors.
func New(conf any) (register.LinterPlugin, error) {
	s, err := register.DecodeSettings[Settings](conf)
	if err != nil {
		return nil, fmt.Errorf("migguard settings: %w", err)
	}
	byName := map[string]*analysis.Analyzer{
		migrationsql.Analyzer.Name: migrationsql.Analyzer,
		modelschema.Analyzer.Name:  modelschema.Analyzer,
	}
	p := &Plugin{}
	names := s.Analyzers
	if len(names) == 0 {
		names = []string{migrationsql.Analyzer.Name, modelschema.Analyzer.Name}
	}
	for _, n := range names {
		a := byName[strings.ToLower(n)]
		if a == nil {
			return nil, fmt.Errorf("migguard settings: analyzers: unknown analyzer %q (known: migrationsql, modelschema)", n)
		}
		p.analyzers = append(p.analyzers, a)
	}
	if s.PG != "" {
		if _, err := rules.ParseVersion(s.PG); err != nil {
			return nil, fmt.Errorf("migguard settings: pg: %w", err)
		}
	}
	migrationset.ReportInGo = true
	flags := map[string]string{"dir": strings.Join(s.Dir, ","), "config": s.Config, "pg": s.PG}
	for name, v := range flags {
		if err := migrationset.Analyzer.Flags.Set(name, v); err != nil {
			return nil, fmt.Errorf("migguard settings: %s: %w", name, err)
		}
	}
	if err := modelschema.Analyzer.Flags.Set("strict", strconv.FormatBool(s.Strict)); err != nil {
		return nil, fmt.Errorf("migguard settings: strict: %w", err)
	}
	return p, nil
}

// BuildAnalyzers implements register.LinterPlugin. Besides the analyzers
// asked for, it returns one that does nothing, named after the key of the
// index of the module golangci-lint runs in (migrationset.ToolKey):
// golangci-lint keys its cache with the names of the analyzers, so a
// change to the configuration, to a migration file or to the Go code of
// another package that the verdicts read makes it analyse again.
func (p *Plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	dir, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	key, err := migrationset.ToolKey(dir)
	if err != nil || key == "" {
		// Outside a module, or a configuration the analyzers will report
		// as broken: golangci-lint caches no package whose analysis fails.
		return p.analyzers, nil
	}
	stamp := &analysis.Analyzer{
		Name: "migguardinputs_" + key,
		Doc:  "migguardinputs: names the state of the migrations and models the migguard analyzers read, for golangci-lint's cache",
		Run:  func(*analysis.Pass) (any, error) { return nil, nil },
	}
	return append(append([]*analysis.Analyzer(nil), p.analyzers...), stamp), nil
}

// GetLoadMode implements register.LinterPlugin: the analyzers need types.
func (p *Plugin) GetLoadMode() string { return register.LoadModeTypesInfo }
