package modelschema

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/migguard/migguard/hooks/models"
)

// TestReadersAgree reads one file of models with modelschema's reader
// (go/types) and with migguard models' (the file's syntax alone), and
// checks that both find the same models, tables and columns.
func TestReadersAgree(t *testing.T) {
	var read []*model
	collect := &analysis.Analyzer{
		Name: "readmodels",
		Doc:  "readmodels: collect the models of a package for a test",
		Run: func(pass *analysis.Pass) (any, error) {
			read = readModels(pass, nil)
			return nil, nil
		},
	}
	analysistest.Run(t, analysistest.TestData(), collect, "example.com/agree")
	var typed []string
	for _, m := range read {
		cols := map[string]string{}
		for _, f := range m.fields {
			cols[strings.TrimPrefix(f.path, m.name+".")] = f.column
		}
		typed = append(typed, render(m.name, m.convention, m.table, cols))
	}
	slices.Sort(typed)

	src, err := os.ReadFile(filepath.Join(analysistest.TestData(), "src", "example.com", "agree", "models.go"))
	if err != nil {
		t.Fatal(err)
	}
	gms, err := models.GoModels(src)
	if err != nil {
		t.Fatal(err)
	}
	var syntax []string
	for _, m := range gms {
		syntax = append(syntax, render(m.Name, m.Convention, m.Table, m.Columns))
	}

	want := []string{
		"Account bun accounts: Audit.CreatedAt=audit_created_at Audit.ID=audit_id ID=id Owner=owner_name Tags=tags",
		"Customer db customers: Email=email ID=id",
		"CustomerRow db -: ID=id Total=total",
		"Invoice go-pg billing.invoices: Amount=amount_cents ID=id",
		"LegacyInvoice go-pg legacy_invoices: ID=id Note=note",
		"Order gorm orders: ID=id UserID=user_id",
		"Product gorm products: Code=code Model.CreatedAt=created_at Model.DeletedAt=deleted_at Model.ID=id Model.UpdatedAt=updated_at",
		"User gorm users: Base.CreatedAt=created_at Base.ID=id Email=email Home.City=home_city Home.Street=home_street Nick=nickname",
		"Wallet gorm wallets: Balance=balance ID=id",
	}
	for _, r := range []struct {
		name string
		got  []string
	}{{"modelschema", typed}, {"migguard models", syntax}} {
		if !slices.Equal(r.got, want) {
			t.Errorf("%s reads:\n\t%s\nwant:\n\t%s", r.name, strings.Join(r.got, "\n\t"), strings.Join(want, "\n\t"))
		}
	}
}

// render prints a model as "Name convention table: path=column …".
func render(name, convention, table string, cols map[string]string) string {
	if table == "" {
		table = "-"
	}
	var fs []string
	for _, p := range slices.Sorted(maps.Keys(cols)) {
		fs = append(fs, p+"="+cols[p])
	}
	return fmt.Sprintf("%s %s %s: %s", name, convention, table, strings.Join(fs, " "))
}
