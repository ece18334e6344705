package lsp

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/migguard/migguard/internal/directive"
	"github.com/migguard/migguard/internal/fix"
)

// reasonPlaceholder is the reason an inserted ignore comment gives, for
// the author to replace: a directive without a reason suppresses nothing.
const reasonPlaceholder = "TODO: say why this is safe"

// unignorable are the findings about directives themselves, which an
// ignore comment does not answer.
var unignorable = map[string]bool{"invalid-ignore": true, "unused-ignore": true}

func (s *server) codeAction(params json.RawMessage) (any, error) {
	var p codeActionParams
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	actions := []CodeAction{}
	if len(p.Context.Only) > 0 && !slices.ContainsFunc(p.Context.Only, func(k string) bool {
		return k == kindQuickFix || strings.HasPrefix(kindQuickFix, k+".")
	}) {
		return actions, nil
	}
	d, enc := s.document(p.TextDocument.URI)
	if d == nil {
		return actions, nil
	}
	var ours []Diagnostic
	for _, dg := range p.Context.Diagnostics {
		if dg.Source == "migguard" && dg.Code != "" {
			ours = append(ours, dg)
		}
	}
	if len(ours) == 0 {
		return actions, nil
	}
	open := s.openTexts()
	res := s.ws.lint(d, open)
	if res.target == nil {
		return actions, nil
	}
	fixed := map[string]bool{}
	for _, dg := range ours {
		if slices.Contains(fix.Fixable(), dg.Code) && !fixed[dg.Code] {
			fixed[dg.Code] = true
			if a, ok := s.ws.fixAction(d, res.target, dg, enc); ok {
				actions = append(actions, a)
			}
		}
	}
	for _, dg := range ours {
		if unignorable[dg.Code] {
			continue
		}
		if a, ok := ignoreAction(d, res, dg, enc); ok {
			actions = append(actions, a)
		}
	}
	return actions, nil
}

// fixAction is the rewrite of `migguard fix` for the findings of a rule
// in the document, as one edit; false when the fix leaves the file as it
// is (it says why in `migguard fix`).
func (w *workspace) fixAction(d *document, t *target, dg Diagnostic, enc string) (CodeAction, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	files, _ := fix.Set(t.set, func(p string) bool { return p == t.rel }, fix.Options{Rules: []string{dg.Code}, Cache: w.cache})
	for _, f := range files {
		if f.Path != t.rel || !f.Changed() || f.Old != d.text || len(f.Fixed) == 0 {
			continue
		}
		title := fmt.Sprintf("Fix %s: %s", dg.Code, f.Fixed[0].Text)
		return CodeAction{Title: title, Kind: kindQuickFix, Diagnostics: []Diagnostic{dg}, IsPreferred: true,
			Edit: &WorkspaceEdit{Changes: map[string][]TextEdit{d.uri: {replacement(f.Old, f.New, enc)}}}}, true
	}
	return CodeAction{}, false
}

// replacement is the one edit that turns old into new: the whole lines
// between their common beginning and end.
func replacement(old, new string, enc string) TextEdit {
	pre := 0
	for pre < len(old) && pre < len(new) && old[pre] == new[pre] {
		pre++
	}
	suf := 0
	for suf < len(old)-pre && suf < len(new)-pre && old[len(old)-1-suf] == new[len(new)-1-suf] {
		suf++
	}
	// Whole lines read best in an editor's preview: back off to the start
	// of the first line that differs and to the end of the last.
	pre = strings.LastIndexByte(old[:pre], '\n') + 1
	if end := len(old) - suf; end > 0 && old[end-1] != '\n' {
		if i := strings.IndexByte(old[end:], '\n'); i >= 0 {
			suf -= i + 1
		} else {
			suf = 0
		}
	}
	return TextEdit{
		Range:   Range{Start: positionOf(old, pre, enc), End: positionOf(old, len(old)-suf, enc)},
		NewText: new[pre : len(new)-suf],
	}
}

// ignoreAction inserts a migguard:ignore comment for the diagnostic's
// rule, with a reason to fill in, on the line before its statement (in an
// Alembic revision, before the op.* call).
func ignoreAction(d *document, res lintResult, dg Diagnostic, enc string) (CodeAction, bool) {
	off := offsetOf(d.text, dg.Range.Start, enc)
	at := off
	if st := statementAt(res.stmts, off, true); st != nil { // a directive goes before the DO block
		at = st.start
	}
	marker := "--"
	if res.target.set.Alembic != nil {
		marker = "#"
	}
	comment := fmt.Sprintf("%s %s %s %s", marker, directive.IgnoreKeyword, dg.Code, reasonPlaceholder)
	ls := strings.LastIndexByte(d.text[:at], '\n') + 1
	var insert string
	var pos int
	if strings.TrimLeft(d.text[ls:at], " \t") == "" {
		// The statement starts its line: the comment goes on a line of its
		// own before it, indented alike.
		pos, insert = ls, d.text[ls:at]+comment+"\n"
	} else {
		// Another statement ends on its line: the comment goes between them.
		pos, insert = at, comment+"\n"
	}
	p := positionOf(d.text, pos, enc)
	return CodeAction{
		Title:       fmt.Sprintf("Ignore %s here (%s with a reason)", dg.Code, directive.IgnoreKeyword),
		Kind:        kindQuickFix,
		Diagnostics: []Diagnostic{dg},
		Edit:        &WorkspaceEdit{Changes: map[string][]TextEdit{d.uri: {{Range: Range{Start: p, End: p}, NewText: insert}}}},
	}, true
}
