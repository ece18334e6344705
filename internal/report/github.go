package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/migguard/migguard/internal/rules"
)

// writeGitHub prints one workflow command per finding, which GitHub
// Actions turns into an annotation on the file:
//
//	::error file=db/1.sql,line=3,col=17,endLine=3,title=create-index-non-concurrently::creating index …
//
// The message carries the help line under it when the rule has one.
func writeGitHub(w io.Writer, findings []rules.Finding) {
	for _, f := range findings {
		start, end := span(f)
		msg := f.Message
		if f.Help != "" {
			msg += "\nhelp: " + f.Help
		}
		fmt.Fprintf(w, "::%s file=%s,line=%d,col=%d,endLine=%d,title=%s::%s\n",
			githubLevel(f.Severity), escapeProperty(slashPath(f.Path)), start.Line, start.Col, end.Line,
			escapeProperty(f.Rule), escapeData(msg))
	}
}

func githubLevel(s rules.Severity) string {
	switch s {
	case rules.Error:
		return "error"
	case rules.Warning:
		return "warning"
	}
	return "notice"
}

// Escapes defined by the Actions runner (toolkit's command.ts): the
// message may not contain raw % CR LF, and property values may not
// contain : or , either.
var (
	dataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// escapeData escapes a message. CR and LF are the runner's to decode (a
// message may span lines); other control characters are written as Go
// escapes (escapeText), since the log shows them to people.
func escapeData(s string) string { return dataEscaper.Replace(escapeText(s, true)) }

// escapeProperty escapes a property value, such as a file name, the same
// way, and also its ':' and ','.
func escapeProperty(s string) string { return propertyEscaper.Replace(escapeText(s, true)) }
