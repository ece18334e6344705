package cli

import (
	"flag"
	"fmt"
	"slices"
	"strings"

	"github.com/migguard/migguard/internal/exitcode"
	"github.com/migguard/migguard/internal/report"
	"github.com/migguard/migguard/internal/rules"
)

// parseArgs parses the flags of a command wherever they stand among its
// arguments (`lint db/migrations -format sarif` as well as `lint -format
// sarif db/migrations`; after "--" everything is an argument) and returns
// the other arguments. -h, -help and --help print the command's usage to
// stdout and end the command successfully; a bad flag prints the error and
// the usage to stderr. ok is false when the command must return code.
func parseArgs(e *env, fs *flag.FlagSet, args []string) (rest []string, code int, ok bool) {
	for _, a := range args {
		if a == "--" {
			break
		}
		if a == "-h" || a == "-help" || a == "--help" {
			fs.SetOutput(e.stdout)
			fs.Usage()
			return nil, exitcode.Clean, false
		}
	}
	fs.SetOutput(e.stderr)
	for {
		if err := fs.Parse(args); err != nil {
			return nil, exitcode.Usage, false
		}
		left := fs.Args()
		if len(left) == 0 {
			return rest, exitcode.Clean, true
		}
		if used := len(args) - len(left); used > 0 && args[used-1] == "--" {
			return append(rest, left...), exitcode.Clean, true
		}
		rest = append(rest, left[0])
		args = left[1:]
	}
}

// output is the -format and -color flags of a command that writes a
// report, and the one place that decides the format and colour.
type output struct {
	format, color string
	formats       []string
}

// register adds the flags. formats are those the command writes.
func (o *output) register(fs *flag.FlagSet, formats []string) {
	o.formats = formats
	fs.StringVar(&o.format, "format", "", "output `format`: "+strings.Join(formats, ", ")+" (default: text on a terminal, compact otherwise)")
	fs.StringVar(&o.color, "color", "auto", "colour text output: auto, always or never (auto: on a terminal, unless NO_COLOR is set)")
}

// check validates the flags' values.
func (o *output) check() error {
	if o.format != "" && !slices.Contains(o.formats, o.format) {
		return fmt.Errorf("unknown format %q (known: %s)", o.format, strings.Join(o.formats, ", "))
	}
	switch o.color {
	case "auto", "always", "never":
		return nil
	}
	return fmt.Errorf("unknown -color %q (want auto, always or never)", o.color)
}

// resolve returns the format to write and whether to colour it.
func (o *output) resolve(e *env) (format string, color bool) {
	format = o.format
	if format == "" {
		format = "compact"
		if e.isTerminal && slices.Contains(o.formats, "text") {
			format = "text"
		}
	}
	color = o.color == "always" || o.color == "auto" && e.isTerminal && e.getenv("NO_COLOR") == ""
	return format, color
}

// reportFormats are the formats of the finding reports.
var reportFormats = report.Formats

// writeReport writes findings in the format; sources are the texts that
// the text format shows excerpts of. A compact report of no findings is
// written only when always is set (it is empty either way). It returns
// exitcode.Internal when the report cannot be written.
func writeReport(e *env, format string, color bool, findings []rules.Finding, sources map[string]string, always bool) int {
	if len(findings) == 0 && format == "compact" && !always {
		return exitcode.Clean
	}
	err := report.Write(e.stdout, findings, report.Options{
		Format:      format,
		Color:       color,
		Source:      func(p string) (string, bool) { s, ok := sources[p]; return s, ok },
		ToolVersion: version(),
		Rules:       rules.Lookup,
	})
	if err != nil {
		fmt.Fprintf(e.stderr, "migguard: writing the report: %v\n", err)
		return exitcode.Internal
	}
	return exitcode.Clean
}
