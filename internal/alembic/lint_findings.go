package alembic

import (
	"fmt"
	"io/fs"
	"strings"

	"github.com/migguard/migguard/internal/rules"
	"github.com/migguard/migguard/internal/schema"
)

// The rule ids of the findings that read the Python of a revision rather
// than its SQL; their documentation is in the rule catalogue.
const (
	// RuleAppImport is a revision that imports the application's code.
	RuleAppImport = "alembic-imports-app-code"
	// RuleCommit is op.execute("COMMIT") in a revision.
	RuleCommit = "alembic-commit-in-migration"
)

// appImport is an import of a module of the repository outside the
// migration environment.
type appImport struct {
	tok          token
	module, file string
}

// appImports returns the imports of a revision that resolve to modules of
// the repository outside the project's script location and version
// locations: the application's own code.
func (p *Project) appImports(fsys fs.FS, imports []importStmt) []appImport {
	var out []appImport
	seen := map[string]bool{}
	for _, im := range imports {
		file := findModule(fsys, p.ScriptLocation, im.module)
		if file == "" || seen[im.module] || p.inEnvironment(file) {
			continue
		}
		seen[im.module] = true
		out = append(out, appImport{tok: im.tok, module: im.module, file: file})
	}
	return out
}

// inEnvironment reports whether a file belongs to the migration
// environment: the script location or a version location.
func (p *Project) inEnvironment(file string) bool {
	for _, d := range append([]string{p.ScriptLocation}, p.VersionLocations...) {
		if d == "." || strings.HasPrefix(file, d+"/") {
			return true
		}
	}
	return false
}

// pythonFindings reports what the revision's Python says beyond its SQL:
// imports of application code and explicit COMMITs.
func (s *Set) pythonFindings(path string, gf *genFile) []rules.Finding {
	var out []rules.Finding
	for _, im := range gf.appImports {
		f := s.finding(path, RuleAppImport, rules.Warning, im.tok.line, fmt.Sprintf(
			"the revision imports %s (%s), application code: replaying it later runs that code as it is then, so a change to it changes or breaks this migration on a new database",
			im.module, im.file))
		f.Pos, f.Offset = gf.pos(im.tok.off), im.tok.off
		out = append(out, f)
	}
	for _, c := range gf.commits {
		f := s.finding(path, RuleCommit, rules.Warning, c.line, "op.execute(\"COMMIT\") ends the transaction Alembic runs the migration in: "+
			"what ran before it stays committed if a later statement fails, and the statements after it run in a new transaction the driver opens")
		f.Pos, f.Offset = gf.pos(c.off), c.off
		out = append(out, f)
	}
	for i := range out {
		out[i].End = out[i].Pos
	}
	return out
}

// typeChange is an ALTER COLUMN … TYPE whose alter_column gave
// existing_type=.
type typeChange struct{ from, to string }

// withExistingType judges a change-column-type finding on a column the
// replayed schema does not know by the type existing_type= gives it: a
// binary-coercible change (text to varchar without a length, a longer
// varchar) is no finding; another change is reported as one from that
// type. Other findings are returned as they are.
func (gf *genFile) withExistingType(f rules.Finding) (rules.Finding, bool) {
	tc, ok := gf.fromTypes[f.Pos.Line]
	if !ok || f.Rule != "change-column-type" || !strings.Contains(f.Message, "its current type is not known") {
		return f, true
	}
	from, fok := schema.ParseType(tc.from)
	to, tok := schema.ParseType(tc.to)
	if !fok || !tok {
		return f, true
	}
	if schema.BinaryCoercible(from, to) {
		return f, false
	}
	if i := strings.Index(f.Message, " to "); i > 0 {
		head := f.Message[:i]
		f.Message = fmt.Sprintf("%s from %s (existing_type) to %s rewrites the whole table and its indexes under ACCESS EXCLUSIVE", head, from, to)
	}
	return f, true
}

// SQLEffect returns what a revision file's upgrade() does, as migguard
// translates it: its statements in order (with the autocommit blocks and
// explicit COMMITs) and what it names without knowing. Two versions of a
// revision with the same effect run the same SQL: imports, comments,
// layout and names of Python variables changed. ok is false when that
// cannot be told: the file does not read, or part of upgrade() is not
// translated (what Python decides is not in the SQL).
func (p *Project) SQLEffect(src []byte) (effect string, ok bool) {
	m, err := readModule(string(src))
	if err != nil {
		return "", false
	}
	tr := translate(m, "upgrade", &projectEnv{naming: p.Naming})
	var b strings.Builder
	for _, n := range tr.notes {
		if n.kind != noteOpaque {
			return "", false
		}
	}
	for _, st := range tr.stmts {
		switch {
		case st.commit:
			b.WriteString("commit: ")
		case st.autocommit:
			b.WriteString("autocommit: ")
		}
		b.WriteString(strings.Join(strings.Fields(st.sql), " "))
		if len(st.opaque) > 0 {
			b.WriteString(" -- opaque " + strings.Join(st.opaque, ","))
		}
		b.WriteString(";\n")
	}
	return b.String(), tr.found
}
