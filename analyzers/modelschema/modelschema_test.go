package modelschema_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/migguard/migguard/analyzers/modelschema"
)

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), modelschema.Analyzer,
		"example.com/shop/gormmodels", "example.com/shop/bunmodels", "example.com/shop/gopgmodels", "example.com/shop/sqlxmodels",
		"example.com/shop/beegomodels", "example.com/shop/ent/migrate", "example.com/shop/sqlc", "example.com/shop/sqlcpgx", "example.com/shop/store",
		"example.com/shop/diskmodels", "example.com/discovered/models", "example.com/livefirst/models", "example.com/nestedmod/models", "nomig", "nomig/more")
}

// -modelschema.strict reports non-pointer fields over nullable columns
// in the ORMs that read NULL as the zero value too.
func TestStrict(t *testing.T) {
	if err := modelschema.Analyzer.Flags.Set("strict", "true"); err != nil {
		t.Fatal(err)
	}
	defer modelschema.Analyzer.Flags.Set("strict", "false")
	analysistest.Run(t, analysistest.TestData(), modelschema.Analyzer, "example.com/shop/strict")
}
