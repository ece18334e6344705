// Package analyzers lists migguard's go/analysis analyzers, for drivers:
// cmd/migguard-vet (go vet -vettool) and the golangci-lint plugin in
// package golangci.
//
//   - migrationsql (package migrationsql): risky or invalid SQL in
//     migrations written in Go or embedded by Go packages;
//   - modelschema (package modelschema): models that drifted from the
//     schema the migrations build;
//   - migrationset (package migrationset): finds and replays the
//     migrations for the two; it reports nothing, and is listed so that
//     drivers expose its flags (-migrationset.dir, -migrationset.config, …).
package analyzers

import (
	"golang.org/x/tools/go/analysis"

	"github.com/migguard/migguard/analyzers/migrationset"
	"github.com/migguard/migguard/analyzers/migrationsql"
	"github.com/migguard/migguard/analyzers/modelschema"
)

// Suite is every migguard analyzer.
var Suite = []*analysis.Analyzer{
	migrationset.Analyzer,
	migrationsql.Analyzer,
	modelschema.Analyzer,
}
