package alembic

import (
	"fmt"
	"path"
	"strings"

	"github.com/migguard/migguard/internal/lazyre"
)

// Revision is one Alembic revision file as read statically.
type Revision struct {
	ID           string
	Down         []string // down_revision: none for a base, several for a merge point
	DependsOn    []string
	BranchLabels []string
	Path         string // slash-separated path relative to the repository root
	Line         int    // line of the revision assignment
	DownLine     int    // line of the down_revision assignment, 0 when absent
	Message      string // first line of the module docstring
	// Unknown names the variables whose values cannot be read statically
	// (computed, or syntax the reader does not follow). A revision with an
	// unknown down_revision or depends_on makes the graph incomplete.
	Unknown []string
}

// Problem is something wrong or suspicious in a revision file or in the
// graph, at a line of a file.
type Problem struct {
	Path string
	Line int // 1-based; 0 when the problem concerns the whole file
	Kind ProblemKind
	Msg  string
}

func (p Problem) Error() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.Path, p.Line, p.Msg)
	}
	return p.Path + ": " + p.Msg
}

// ProblemKind classifies a Problem.
type ProblemKind string

// The problems the reader and the graph report. Notes (stale filename or
// docstring) do not make the graph wrong; the others do, or make it
// incomplete.
const (
	SyntaxProblem    ProblemKind = "syntax"           // the file does not tokenize
	MissingRevision  ProblemKind = "missing-revision" // no revision variable
	NonStatic        ProblemKind = "non-static"       // a value that cannot be read without running Python
	InvalidID        ProblemKind = "invalid-id"       // an id Alembic rejects
	DuplicateID      ProblemKind = "duplicate-id"
	DanglingParent   ProblemKind = "dangling"        // down_revision or depends_on names no revision
	CycleProblem     ProblemKind = "cycle"           // the revisions depend on themselves
	StaleDocstring   ProblemKind = "stale-docstring" // Revision ID / Revises lines disagree with the variables
	StaleFilename    ProblemKind = "stale-filename"  // the file name's id disagrees with revision
	DuplicateLabel   ProblemKind = "duplicate-label"
	MultipleBranches ProblemKind = "multiple-heads" // never produced by the reader; for checks built on the graph
)

// Note reports whether the problem is informational: the graph is right
// despite it.
func (k ProblemKind) Note() bool { return k == StaleDocstring || k == StaleFilename }

// ParseRevision reads the revision variables of one revision file without
// running it. path is the slash-separated path as printed. The revision is
// nil when the file has no usable revision id; the problems say why.
func ParseRevision(filePath string, src []byte) (*Revision, []Problem) {
	m, serr := readModule(string(src))
	if serr != nil {
		return nil, []Problem{{Path: filePath, Line: serr.Line, Kind: SyntaxProblem, Msg: "cannot read the revision file: " + serr.Msg}}
	}
	return revisionOf(filePath, m)
}

func revisionOf(filePath string, m *module) (*Revision, []Problem) {
	var probs []Problem
	prob := func(line int, kind ProblemKind, format string, args ...any) {
		probs = append(probs, Problem{Path: filePath, Line: line, Kind: kind, Msg: fmt.Sprintf(format, args...)})
	}
	r := &Revision{Path: filePath}
	if m.doc != "" {
		r.Message = strings.TrimSpace(strings.SplitN(strings.TrimSpace(m.doc), "\n", 2)[0])
	}
	// last returns the value of the last module-level assignment.
	last := func(name string) (assignment, bool) {
		as := m.assigns[name]
		if len(as) == 0 {
			return assignment{}, false
		}
		return as[len(as)-1], true
	}
	a, ok := last("revision")
	if !ok {
		prob(0, MissingRevision, "no module-level revision = \"…\" assignment: Alembic cannot load this file as a revision")
		return nil, probs
	}
	r.Line = a.line
	ids, static := stringsOf(a.val)
	switch {
	case !static:
		prob(a.line, NonStatic, "revision is computed (%s): migguard reads revision files without running them; write the id as a string literal", describe(m.src, a.val))
		return nil, probs
	case len(ids) != 1 || isSeq(a.val):
		prob(a.line, InvalidID, "revision must be one string, not %s", describe(m.src, a.val))
		return nil, probs
	}
	r.ID = ids[0]
	if msg := checkID(r.ID); msg != "" {
		prob(a.line, InvalidID, "revision %q %s", r.ID, msg)
		return nil, probs
	}
	for _, v := range []struct {
		name string
		dst  *[]string
		line *int
	}{{"down_revision", &r.Down, &r.DownLine}, {"depends_on", &r.DependsOn, nil}, {"branch_labels", &r.BranchLabels, nil}} {
		a, ok := last(v.name)
		if !ok {
			if v.name == "down_revision" {
				prob(0, NonStatic, "no module-level down_revision assignment: Alembic fails to load this file; write down_revision = None for a base")
				r.Unknown = append(r.Unknown, v.name)
			}
			continue
		}
		if v.line != nil {
			*v.line = a.line
		}
		vals, static := stringsOf(a.val)
		if !static {
			prob(a.line, NonStatic, "%s is computed (%s): migguard cannot place this revision in the graph without running Python; write it as a string, tuple or None", v.name, describe(m.src, a.val))
			r.Unknown = append(r.Unknown, v.name)
			continue
		}
		for _, id := range vals {
			if id == r.ID && v.name != "branch_labels" {
				prob(a.line, CycleProblem, "%s of %s names the revision itself", v.name, r.ID)
				continue
			}
			*v.dst = append(*v.dst, id)
		}
	}
	probs = append(probs, staleNotes(filePath, m, r)...)
	return r, probs
}

// stringsOf reads a string, None, or a tuple or list of strings. static is
// false for anything else.
func stringsOf(e expr) (vals []string, static bool) {
	switch e := e.(type) {
	case *exStr:
		if e.dynamic || e.bytes {
			return nil, false
		}
		return []string{e.val}, true
	case *exName:
		if e.tok.text == "None" {
			return nil, true
		}
	case *exSeq:
		if e.open.text == "{" || e.other {
			return nil, false
		}
		for _, el := range e.elems {
			s, ok := el.(*exStr)
			if !ok || s.dynamic || s.bytes {
				return nil, false
			}
			vals = append(vals, s.val)
		}
		return vals, true
	}
	return nil, false
}

func isSeq(e expr) bool { _, ok := e.(*exSeq); return ok }

// describe names an expression for a message.
func describe(src string, e expr) string {
	switch e := e.(type) {
	case nil:
		return "missing"
	case *exStr:
		if e.dynamic {
			return "an f-string"
		}
		if e.bytes {
			return "a bytes literal"
		}
		return fmt.Sprintf("%q", e.val)
	case *exName:
		return "the name " + e.tok.text
	case *exCall:
		return "a call of " + orText(dotted(e.fn), "a function")
	case *exSeq:
		if e.open.text == "{" {
			return "a dict or set"
		}
		return "a tuple or list that is not all string literals"
	}
	t := exprText(src, e)
	if len(t) > 40 {
		t = t[:40] + "…"
	}
	return "`" + t + "`"
}

func orText(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

// checkID applies Alembic's rules for revision ids.
func checkID(id string) string {
	if id == "" {
		return "is empty"
	}
	if strings.ContainsAny(id, "@-+:") {
		return "contains one of @ - + :, which Alembic rejects in revision ids"
	}
	if strings.TrimSpace(id) != id || strings.ContainsAny(id, " \t\n") {
		return "contains white space"
	}
	return ""
}

var (
	docRevisionRx = lazyre.New(`(?m)^\s*Revision ID:\s*(\S+)\s*$`)
	docRevisesRx  = lazyre.New(`(?m)^\s*Revises:[ \t]*(.*?)\s*$`)
	hexNameRx     = lazyre.New(`^([0-9a-f]{12})_`)
)

// staleNotes compares the docstring's Revision ID / Revises lines and the
// file name with the variables, which Alembic alone reads.
func staleNotes(filePath string, m *module, r *Revision) []Problem {
	var out []Problem
	if mm := docRevisionRx.FindStringSubmatch(m.doc); mm != nil && mm[1] != r.ID {
		out = append(out, Problem{Path: filePath, Line: docLine(m, "Revision ID:"), Kind: StaleDocstring,
			Msg: fmt.Sprintf("docstring says Revision ID %s but revision is %s; Alembic reads only the variable", mm[1], r.ID)})
	}
	if mm := docRevisesRx.FindStringSubmatch(m.doc); mm != nil && r.DownLine > 0 {
		var doc []string
		for _, f := range strings.FieldsFunc(mm[1], func(c rune) bool { return c == ',' || c == ' ' || c == '(' || c == ')' || c == '\'' || c == '"' }) {
			if f != "None" {
				doc = append(doc, f)
			}
		}
		if !sameSet(doc, r.Down) {
			want := strings.Join(r.Down, ", ")
			if want == "" {
				want = "nothing (a base)"
			}
			out = append(out, Problem{Path: filePath, Line: docLine(m, "Revises:"), Kind: StaleDocstring,
				Msg: fmt.Sprintf("docstring says Revises: %s but down_revision is %s; the docstring is stale (Alembic reads only the variable)", strings.TrimSpace(mm[1]), want)})
		}
	}
	base := path.Base(filePath)
	if mm := hexNameRx.FindStringSubmatch(base); mm != nil && mm[1] != r.ID && !strings.HasPrefix(base, r.ID) {
		out = append(out, Problem{Path: filePath, Line: r.Line, Kind: StaleFilename,
			Msg: fmt.Sprintf("file name starts with %s but revision is %s; Alembic ignores the file name", mm[1], r.ID)})
	}
	return out
}

func docLine(m *module, marker string) int {
	i := strings.Index(m.src, marker)
	if i < 0 {
		return m.docLine
	}
	return strings.Count(m.src[:i], "\n") + 1
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[string]int{}
	for _, x := range a {
		seen[x]++
	}
	for _, x := range b {
		seen[x]--
	}
	for _, n := range seen {
		if n != 0 {
			return false
		}
	}
	return true
}
