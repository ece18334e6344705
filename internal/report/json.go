package report

import (
	"bytes"
	"encoding/json"
	"io"

	"github.com/migguard/migguard/internal/rules"
)

// jsonFinding is one element of the json format; the package
// documentation describes its members.
type jsonFinding struct {
	Rule      string `json:"rule"`
	Severity  string `json:"severity"`
	Path      string `json:"path"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"end_line"`
	EndColumn int    `json:"end_column"`
	Message   string `json:"message"`
	Help      string `json:"help"`
	Lock      string `json:"lock"`
	URL       string `json:"url"`
}

func writeJSON(w io.Writer, findings []rules.Finding, o Options) {
	out := make([]jsonFinding, 0, len(findings))
	for _, f := range findings {
		start, end := span(f)
		out = append(out, jsonFinding{
			Rule:      f.Rule,
			Severity:  f.Severity.String(),
			Path:      slashPath(f.Path),
			Line:      start.Line,
			Column:    start.Col,
			EndLine:   end.Line,
			EndColumn: end.Col,
			Message:   f.Message,
			Help:      f.Help,
			Lock:      f.Lock,
			URL:       docURL(o, f.Rule),
		})
	}
	encode(w, out)
}

// encode writes v as indented JSON, leaving <, > and & as they are and
// escaping what a terminal would obey (see escapeJSON). Errors surface
// through the errWriter.
func encode(w io.Writer, v any) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // plain structs of strings and numbers: it cannot fail
	_, _ = w.Write(escapeJSON(b.Bytes()))
}
