package report

import (
	"io"
	"sort"
	"strings"

	"github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/migguard/migguard/internal/rules"
)

// InformationURI is migguard's home page, reported as the SARIF driver's
// informationUri.
const InformationURI = "https://github.com/migguard/migguard"

// sarifSchema is the OASIS address of the SARIF 2.1.0 schema.
const sarifSchema = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

// writeSARIF writes one run whose driver lists the rules that produced
// findings, sorted by id, followed by the results in the order given.
func writeSARIF(w io.Writer, findings []rules.Finding, o Options) error {
	log, err := sarif.New(sarif.Version210, false)
	if err != nil {
		return err
	}
	log.Schema = sarifSchema
	run := sarif.NewRunWithInformationURI("migguard", InformationURI)
	if o.ToolVersion != "" {
		run.Tool.Driver.WithVersion(o.ToolVersion)
	}
	run.WithColumnKind("unicodeCodePoints") // Pos.Col counts code points

	// Rules first: a result's ruleIndex is the position of its rule.
	var ids []string
	seen := map[string]bool{}
	for _, f := range findings {
		if !seen[f.Rule] {
			seen[f.Rule] = true
			ids = append(ids, f.Rule)
		}
	}
	sort.Strings(ids)
	for _, id := range ids {
		describeRule(run.AddRule(id), o.Rules(id), docURL(o, id))
	}
	for _, f := range findings {
		start, end := span(f)
		region := sarif.NewRegion().WithStartLine(start.Line).WithStartColumn(start.Col)
		if end != start {
			region.WithEndLine(end.Line).WithEndColumn(end.Col)
		}
		run.CreateResultForRule(f.Rule).
			WithLevel(sarifLevel(f.Severity)).
			WithMessage(sarif.NewTextMessage(f.Message)).
			AddLocation(sarif.NewLocationWithPhysicalLocation(sarif.NewPhysicalLocation().
				WithArtifactLocation(sarif.NewSimpleArtifactLocation(uri(f.Path))).
				WithRegion(region)))
	}
	log.AddRun(run)
	encode(w, log)
	return nil
}

// describeRule fills a SARIF rule from the rule's documentation; an
// unknown id gets its id as description.
func describeRule(d *sarif.ReportingDescriptor, r *rules.Rule, url string) {
	d.WithHelpURI(url)
	if r == nil {
		d.WithDescription(d.ID)
		return
	}
	d.WithDescription(r.Title)
	if r.Detects != "" {
		d.WithFullDescription(sarif.NewMultiformatMessageString(r.Detects))
	}
	d.WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(sarifLevel(r.Severity)))
	var text, md strings.Builder
	section := func(name, body string) {
		if body == "" {
			return
		}
		if text.Len() > 0 {
			text.WriteString("\n\n")
			md.WriteString("\n\n")
		}
		text.WriteString(name + ": " + body)
		md.WriteString("**" + name + ".** " + body)
	}
	section("Why", r.Why)
	section("Fix", r.Fix)
	section("Lock", r.Lock)
	section("PostgreSQL versions", r.Versions)
	md.WriteString("\n\n[Documentation](" + url + ")")
	d.WithTextHelp(text.String()).WithMarkdownHelp(md.String())
}

func sarifLevel(s rules.Severity) string {
	switch s {
	case rules.Error:
		return "error"
	case rules.Warning:
		return "warning"
	}
	return "note"
}
