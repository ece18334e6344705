package report

import (
	"bufio"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/rules"
)

// Formats lists the output formats Write accepts, the default first.
var Formats = []string{"text", "compact", "json", "sarif", "github", "markdown", "gitlab"}

// Options controls how Write renders findings.
type Options struct {
	// Format is one of Formats; "" means "text".
	Format string
	// Color adds ANSI colours to the text format. When false the output
	// holds no escape codes at all.
	Color bool
	// Source returns the text of a file, for the excerpts of the text
	// format. A nil Source, or one that returns false, leaves them out.
	Source func(path string) (string, bool)
	// ToolVersion is migguard's version, reported in SARIF.
	ToolVersion string
	// Rules looks up a rule by id, for documentation links and SARIF rule
	// metadata. Nil means rules.Lookup.
	Rules func(id string) *rules.Rule
}

// Write renders findings to w in the format o.Format. The findings are
// written in the order given; rules.SortFindings orders them by position.
func Write(w io.Writer, findings []rules.Finding, o Options) error {
	if o.Rules == nil {
		o.Rules = rules.Lookup
	}
	// One write per line would be one system call per line on a terminal
	// or pipe; a large run has tens of thousands of lines.
	bw := bufio.NewWriterSize(w, 64<<10)
	ew := &errWriter{w: bw}
	switch o.Format {
	case "", "text":
		writeText(ew, findings, o)
	case "compact":
		writeCompact(ew, findings)
	case "json":
		writeJSON(ew, findings, o)
	case "sarif":
		if err := writeSARIF(ew, findings, o); err != nil {
			return err
		}
	case "github":
		writeGitHub(ew, findings)
	case "markdown":
		writeMarkdown(ew, findings, o)
	case "gitlab":
		writeGitLab(ew, findings)
	default:
		return fmt.Errorf("unknown output format %q (want one of %s)", o.Format, strings.Join(Formats, ", "))
	}
	if err := bw.Flush(); err != nil && ew.err == nil {
		ew.err = err
	}
	return ew.err
}

// Summary counts findings by severity. Info also counts findings of any
// other severity below Warning.
func Summary(findings []rules.Finding) (errors, warnings, infos int) {
	for _, f := range findings {
		switch f.Severity {
		case rules.Error:
			errors++
		case rules.Warning:
			warnings++
		default:
			infos++
		}
	}
	return errors, warnings, infos
}

// errWriter remembers the first write error so the renderers can write
// freely and Write reports it once.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

// span returns a finding's start and end, with a missing or inverted end
// replaced by the start.
func span(f rules.Finding) (start, end pgparse.Pos) {
	start, end = f.Pos, f.End
	if end.Line < start.Line || end.Line == start.Line && end.Col < start.Col {
		end = start
	}
	return start, end
}

// docURL returns the documentation address of a rule id.
func docURL(o Options, id string) string {
	if r := o.Rules(id); r != nil {
		return r.URL()
	}
	return rules.DocsBase + id
}

// slashPath returns path with forward slashes and no leading "./".
func slashPath(path string) string {
	p := filepath.ToSlash(path)
	for strings.HasPrefix(p, "./") {
		p = p[2:]
	}
	return p
}

// uri turns a file path into a URI reference: relative paths stay relative
// (percent-encoded where needed) and absolute ones become file URIs.
func uri(path string) string {
	if filepath.IsAbs(path) {
		p := filepath.ToSlash(path)
		if !strings.HasPrefix(p, "/") {
			p = "/" + p // C:/x on Windows
		}
		return (&url.URL{Scheme: "file", Path: p}).String()
	}
	return (&url.URL{Path: slashPath(path)}).String()
}
