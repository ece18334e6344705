package lsp

import (
	"github.com/migguard/migguard/internal/rules"
)

// diagnostics turns what linting a document found into its diagnostics;
// for a configuration file, what is wrong with its text.
func (s *server) diagnostics(d *document, res lintResult, enc string) []Diagnostic {
	if isConfigFile(d.path) {
		return configDiagnostics(configProblem(d.path, d.text))
	}
	out := []Diagnostic{}
	for _, err := range res.problems {
		out = append(out, Diagnostic{Severity: severityError, Source: "migguard", Message: err.Error()})
	}
	for _, f := range res.findings {
		out = append(out, findingDiagnostic(d.text, f, enc))
	}
	return out
}

// findingDiagnostic is a finding as a diagnostic: from the node it names
// to the end of its statement, with the rule's id and documentation.
func findingDiagnostic(text string, f rules.Finding, enc string) Diagnostic {
	start := offsetOfPos(text, f.Pos)
	end := offsetOfPos(text, f.End)
	if end < start {
		end = start
	}
	msg := f.Message
	if f.Help != "" {
		msg += "\n" + f.Help
	}
	d := Diagnostic{
		Range:    Range{Start: positionOf(text, start, enc), End: positionOf(text, end, enc)},
		Severity: severity(f.Severity),
		Code:     f.Rule,
		Source:   "migguard",
		Message:  msg,
	}
	if r := rules.Lookup(f.Rule); r != nil {
		d.CodeDescription = &codeDescription{Href: r.URL()}
	}
	return d
}

func severity(s rules.Severity) int {
	switch s {
	case rules.Error:
		return severityError
	case rules.Warning:
		return severityWarning
	}
	return severityInformation
}

// publishConfig publishes the diagnostics of a project's configuration
// file as it is on disk, unless the file is open: its own diagnostics are
// those of the editor's text then.
func (s *server) publishConfig(c configState, enc string) {
	uri := pathURI(c.path)
	s.mu.Lock()
	_, open := s.docs[uri]
	if !open {
		for _, d := range s.docs {
			if d.path == c.path {
				open = true
			}
		}
	}
	s.mu.Unlock()
	if open {
		return
	}
	s.publish(uri, nil, configDiagnostics(c.err))
}
