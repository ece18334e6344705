package report

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/migguard/migguard/internal/rules"
)

// MarkdownMarker opens every markdown report, so that a bot can find the
// pull-request comment it wrote before and update it instead of adding one.
const MarkdownMarker = "<!-- migguard-report -->"

// writeMarkdown writes a pull-request comment body:
//
//	<!-- migguard-report -->
//	### migguard: 2 errors in 1 file
//
//	#### `db/migrations/0042_add_status.sql`
//
//	| Severity | Rule | Line | Message |
//	| --- | --- | --- | --- |
//	| error | [`add-column-required`](…) | 3 | adding NOT NULL column … |
//
//	<details><summary>Safe recipe for <code>add-column-required</code></summary>
//	…
//	</details>
//
// Findings are ordered by file, line, column and rule whatever order they
// come in, so the same findings always give the same comment. Each rule's
// recipe (the catalogue's fix and the lock, else the finding's help line)
// is folded once under the table of each file it concerns.
func writeMarkdown(w io.Writer, findings []rules.Finding, o Options) {
	fs := slices.Clone(findings)
	rules.SortFindings(fs)
	fmt.Fprintf(w, "%s\n### migguard: %s\n", MarkdownMarker, mdText(summaryLine(fs)))
	for len(fs) > 0 {
		n := 1
		for n < len(fs) && fs[n].Path == fs[0].Path {
			n++
		}
		writeMarkdownFile(w, fs[:n], o)
		fs = fs[n:]
	}
}

// writeMarkdownFile writes the table and the recipes of one file's findings.
func writeMarkdownFile(w io.Writer, fs []rules.Finding, o Options) {
	fmt.Fprintf(w, "\n#### %s\n\n", mdCode(slashPath(fs[0].Path)))
	fmt.Fprintln(w, "| Severity | Rule | Line | Message |")
	fmt.Fprintln(w, "| --- | --- | --- | --- |")
	var ids []string
	help := map[string]string{}
	for _, f := range fs {
		start, _ := span(f)
		fmt.Fprintf(w, "| %s | [%s](%s) | %d | %s |\n", f.Severity, mdCode(f.Rule), docURL(o, f.Rule), start.Line, mdText(f.Message))
		if !slices.Contains(ids, f.Rule) {
			ids = append(ids, f.Rule)
			help[f.Rule] = f.Help
		}
	}
	for _, id := range ids {
		recipe := recipeText(o.Rules(id), help[id])
		if recipe == "" {
			continue
		}
		fmt.Fprintf(w, "\n<details><summary>Safe recipe for <code>%s</code></summary>\n\n%s\n\n</details>\n", htmlText(id), recipe)
	}
}

// recipeText is the folded text of a rule: its fix and lock from the
// catalogue (trusted prose, written as markdown), else the finding's help
// line.
func recipeText(r *rules.Rule, help string) string {
	var parts []string
	if r != nil && r.Fix != "" {
		parts = append(parts, r.Fix)
	} else if help != "" {
		parts = append(parts, mdText(help))
	}
	if r != nil && r.Lock != "" {
		parts = append(parts, "Lock: "+mdText(r.Lock)+".")
	}
	return strings.Join(parts, "\n\n")
}

// mdEscaper escapes what markdown or HTML would read in text that comes
// from the repository (file names, identifiers quoted in messages): HTML
// special characters, markdown punctuation, and the "|" that ends a table
// cell even inside a code span.
var mdEscaper = strings.NewReplacer(
	"&", "&amp;", "<", "&lt;", ">", "&gt;",
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`,
	"|", `\|`, "#", `\#`, "~", `\~`, "@", "@\u200b",
)

// mdText makes s one line of plain markdown text (line breaks become
// spaces).
func mdText(s string) string {
	return mdEscaper.Replace(strings.Join(strings.Fields(escapeText(s, true)), " "))
}

// htmlText escapes s for HTML.
func htmlText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(escapeText(s, false))
}

// mdCode writes s as a code span: the fence is one backtick longer than
// the longest run of backticks in s, and "|" is escaped for tables.
func mdCode(s string) string {
	s = escapeText(s, false)
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	pad := ""
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		pad = " "
	}
	return fence + pad + strings.ReplaceAll(s, "|", `\|`) + pad + fence
}
