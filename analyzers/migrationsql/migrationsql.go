package migrationsql

import (
	_ "embed"
	"fmt"
	"go/token"

	"golang.org/x/tools/go/analysis"

	"github.com/migguard/migguard/analyzers/internal/docx"
	"github.com/migguard/migguard/analyzers/internal/ignore"
	"github.com/migguard/migguard/analyzers/migrationset"
	"github.com/migguard/migguard/internal/rules"
)

//go:embed doc.go
var doc string

// Analyzer reports risky or invalid migration SQL in Go packages.
var Analyzer = &analysis.Analyzer{
	Name:     "migrationsql",
	Doc:      docx.MustExtract(doc, "migrationsql"),
	URL:      "https://pkg.go.dev/github.com/migguard/migguard/analyzers/migrationsql",
	Requires: []*analysis.Analyzer{migrationset.Analyzer},
	Run:      run,
}

// The ids this analyzer reports besides the SQL rules' (documented in the
// rule catalogue, internal/rules).
const (
	// NotConstantID is the note about SQL that is not a constant.
	NotConstantID = "sql-not-constant"
	// InputErrorID is an embedded migration that cannot be read.
	InputErrorID = "input-error"
)

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[migrationset.Analyzer].(*migrationset.Result)
	dirs := ignore.Parse(pass.Fset, pass.Files)
	report := func(pos, anchor token.Pos, rule, url, msg string) {
		if dirs.Suppressed(anchor, rule) {
			return
		}
		pass.Report(analysis.Diagnostic{Pos: pos, Category: rule, URL: url, Message: msg})
	}
	for _, s := range res.Sets {
		for _, f := range s.Findings {
			pos, anchor, file := s.Position(pass.Fset, f)
			msg := f.Rule + ": " + f.Message
			if f.Help != "" {
				msg += "; " + f.Help
			}
			if file != "" || !pos.IsValid() {
				msg = fmt.Sprintf("%s:%d:%d: %s", f.Path, f.Pos.Line, f.Pos.Col, msg)
			}
			if !pos.IsValid() {
				pos, anchor = pass.Files[0].Package, pass.Files[0].Package
			}
			url := ""
			if r := rules.Lookup(f.Rule); r != nil {
				url = r.URL()
			}
			report(pos, anchor, f.Rule, url, msg)
		}
	}
	for _, e := range res.EmbedErrors {
		report(e.Pos, e.Pos, InputErrorID, "", "embedded migration cannot be linted: "+e.Message)
	}
	if res.NonConstant.IsValid() {
		report(res.NonConstant, res.NonConstant, NotConstantID, "",
			NotConstantID+": "+res.NonConstantMaker+" is not analysed; migguard checks SQL known before the program runs and embedded .sql files (said once per package)")
	}
	// This analyzer answers for the directives naming the SQL rules and its
	// own ids; those of the other analyzers' ids are theirs to judge.
	mine := func(id string) bool {
		r := rules.Lookup(id)
		return r != nil && (r.Kind == rules.SQLRule || r.ID == NotConstantID || r.ID == InputErrorID)
	}
	known := func(id string) bool { return rules.Lookup(id) != nil }
	for _, p := range dirs.Problems(mine, known, true) {
		pass.Report(analysis.Diagnostic{Pos: p.Pos, Category: p.Rule, Message: p.Rule + ": " + p.Message})
	}
	return nil, nil
}
