package migrationsql_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/migguard/migguard/analyzers/migrationsql"
)

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), migrationsql.Analyzer,
		"goosemig", "gooseprovider", "example.com/app/migrations", "notmig", "embedsql")
}
