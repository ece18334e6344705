package rules

import (
	"fmt"
	"io"
	"strings"
)

// WriteReference writes the rule reference (internal/rules/README.md) as
// Markdown: an index table, then every rule's documentation and examples.
// The file is generated so it cannot drift from the code; TestReference
// checks it and `go test ./internal/rules -run TestReference -update`
// rewrites it.
func WriteReference(w io.Writer) {
	all := All()
	fmt.Fprint(w, "# migguard rules\n\n")
	fmt.Fprint(w, "<!-- Generated from the rules' code and fixtures: go test ./internal/rules -run TestReference -update -->\n\n")
	fmt.Fprint(w, "Every finding migguard reports has a stable kebab-case rule id, used in `.migguard.yaml`, in\n")
	fmt.Fprint(w, "`-- migguard:ignore <rule-id> <reason>` (`# …` in Python, `//…` in Go) and in the output.\n")
	fmt.Fprint(w, "`migguard explain <rule-id>` prints the same text. Rules marked *off by default* are hygiene\n")
	fmt.Fprint(w, "rules: enable them under `rules:` in `.migguard.yaml`. The *check* column says what reports the\n")
	fmt.Fprint(w, "rule: `sql` the SQL rules of `migguard lint` (and the migrationsql analyzer), `branch` and `models`\n")
	fmt.Fprint(w, "the git checks, `alembic` the Alembic reader, `go` the go vet analyzers.\n\n")
	fmt.Fprint(w, "| rule | check | default | lock | title |\n|---|---|---|---|---|\n")
	for _, r := range all {
		def := r.Severity.String()
		if r.Optional {
			def = "off (" + def + ")"
		}
		fmt.Fprintf(w, "| [`%s`](#%s) | %s | %s | %s | %s |\n", r.ID, r.ID, r.Kind, def, mdCell(r.Lock), mdCell(r.Title))
	}
	writePresets(w)
	writePeers(w)
	for _, r := range all {
		fmt.Fprintf(w, "\n## %s\n\n", r.ID)
		fmt.Fprintf(w, "**%s.** Default severity: %s", upperFirst(r.Title), r.Severity)
		if r.Optional {
			fmt.Fprint(w, " (off by default)")
		}
		if r.Lock != "" {
			fmt.Fprintf(w, ". Lock: %s", r.Lock)
		}
		fmt.Fprintf(w, ". %s.\n\n", upperFirst(r.Kind.Describe()))
		if len(r.Aliases) > 0 {
			fmt.Fprintf(w, "Former ids: %s.\n\n", strings.Join(r.Aliases, ", "))
		}
		if len(r.Peers) > 0 {
			fmt.Fprintf(w, "Covers: %s.\n\n", strings.ReplaceAll(strings.Join(r.Peers, ", "), ":", " "))
		}
		section(w, "Detects", r.Detects)
		section(w, "Why", r.Why)
		section(w, "Fix", r.Fix)
		section(w, "PostgreSQL versions", r.Versions)
		for _, kind := range []string{"bad", "good"} {
			if ex := r.Example(kind); ex != "" {
				title := map[string]string{"bad": "Flagged", "good": "Not flagged"}[kind]
				fmt.Fprintf(w, "%s (`testdata/%s/%s.sql`):\n\n```sql\n%s\n```\n\n", title, r.ID, kind, strings.TrimRight(ex, "\n"))
			}
		}
	}
}

// writePresets documents the presets configuration accepts.
func writePresets(w io.Writer) {
	fmt.Fprint(w, "\n## Presets\n\n")
	for _, ps := range Presets {
		fmt.Fprintf(w, "`preset: %s` in `.migguard.yaml` %s: %s. Entries under `rules:` still win over it.\n", ps.Name, ps.Doc, "`"+strings.Join(ps.On(), "`, `")+"`")
	}
}

// writePeers writes the table from every squawk rule and eugene hint to
// the migguard rules that cover it, or why none does.
func writePeers(w io.Writer) {
	fmt.Fprint(w, "\n## Coming from squawk or eugene\n\n")
	fmt.Fprint(w, "migguard honours their suppression comments (`-- squawk-ignore <rule>`, `-- squawk-ignore-file [rules]`,\n")
	fmt.Fprint(w, "`-- eugene: ignore [ids]`): each suppresses the findings of the migguard rules that cover the rules it names,\n")
	fmt.Fprint(w, "and one that suppresses nothing is reported as `unused-ignore`. `migguard explain <squawk rule | eugene hint>`\n")
	fmt.Fprint(w, "prints the rules below.\n\n")
	fmt.Fprint(w, "| tool | rule | what it reports | migguard |\n|---|---|---|---|\n")
	for _, pr := range PeerRules() {
		id := "`" + pr.ID + "`"
		if pr.Alias != "" {
			id += " (`" + pr.Alias + "`)"
		}
		var cover []string
		for _, r := range pr.Covering() {
			cover = append(cover, "[`"+r.ID+"`](#"+r.ID+")")
		}
		to := strings.Join(cover, ", ")
		if to == "" {
			to = "none: " + pr.None
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s |\n", pr.Tool, id, mdCell(pr.Title), mdCell(to))
	}
}

func section(w io.Writer, name, text string) {
	if text != "" {
		fmt.Fprintf(w, "*%s.* %s\n\n", name, text)
	}
}

func mdCell(s string) string {
	if s == "" {
		return "—"
	}
	return strings.ReplaceAll(s, "|", `\|`)
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
