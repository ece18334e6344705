package migrationsql_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/migguard/migguard/analyzers/internal/sqlwant"
	"github.com/migguard/migguard/analyzers/migrationset"
	"github.com/migguard/migguard/analyzers/migrationsql"
)

// Findings in .sql files are reported in the files, at their lines, as go
// vet prints them; sqlwant checks them against the files' -- want
// comments.
func Test(t *testing.T) {
	sqlwant.Run(t, analysistest.TestData(), migrationsql.Analyzer,
		"goosemig", "gooseprovider", "example.com/app/migrations", "notmig", "embedsql",
		"gosql", "migslice", "dexstyle", "goosedir", "sqlmigrate", "multidb", "migtests/migrations", "chstore/migrations",
		"gooseembed", "gooseembed/migrations", "dropused/migrations", "migslicedrop")
}

// golangci-lint drops findings outside Go files: its plugin sets
// ReportInGo, and findings in .sql files are reported at the Go line that
// brings the file in.
func TestReportInGo(t *testing.T) {
	migrationset.ReportInGo = true
	defer func() { migrationset.ReportInGo = false }()
	analysistest.Run(t, analysistest.TestData(), migrationsql.Analyzer, "embedingo")
}
