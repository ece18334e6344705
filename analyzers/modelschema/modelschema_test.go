package modelschema_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/migguard/migguard/analyzers/modelschema"
)

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), modelschema.Analyzer,
		"example.com/shop/gormmodels", "example.com/shop/bunmodels", "example.com/shop/gopgmodels", "example.com/shop/sqlxmodels",
		"example.com/shop/diskmodels", "example.com/discovered/models", "nomig")
}
