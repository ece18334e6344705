package fix

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/migguard/migguard/internal/alembic"
	"github.com/migguard/migguard/internal/lazyre"
	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/rules"
)

// pyFix is the fix of one finding in an Alembic revision: Python
// statements edited in upgrade(), in Alembic's own terms.
type pyFix struct {
	ch Change
	// call is the index of the call among the revision's calls, -1 for a
	// fix of the whole revision (op.execute of a SET at the top of
	// upgrade(): header).
	call   int
	header string
	// edits change the call's text.
	edits []edit
	// autocommit wraps the call in `with op.get_context().autocommit_block():`.
	autocommit bool
	// post are Python statements to run after every other statement of
	// upgrade(), in an autocommit block: each commits on its own.
	post []pyStmt
	// after are comment lines written after the call.
	after []string
}

// pyStmt is a Python statement and the indentation its lines were
// written at.
type pyStmt struct{ text, indent string }

func (p *pyFix) change() Change { return p.ch }
func (p *pyFix) isHeader() bool { return p.call < 0 }

// fixAlembic fixes the findings fs of one Alembic revision.
func (c *checker) fixAlembic(path string, found, fs []rules.Finding) *File {
	a := c.loaded.Alembic
	py, _ := a.Source(path)
	pl := &pyPlanner{c: c, a: a, path: path, py: py, calls: a.Calls(path)}
	cands, why := planAll(fs, pl.plan, func(fx *pyFix) string { return fx.header })
	render := func(set []candidate) (string, map[candidate]string) {
		r := &pyRender{p: pl, nl: newline(py), refused: map[candidate]string{}}
		for _, cd := range set {
			r.fixes = append(r.fixes, cd.(*pyFix))
		}
		return r.render(), r.refused
	}
	ff, _ := c.settle(path, py, found, cands, render)
	ff.Left = append(ff.Left, left(fs, why)...)
	sortChanges(ff.Fixed)
	sortChanges(ff.Left)
	return ff
}

// pyPlanner turns the findings of one revision into fixes.
type pyPlanner struct {
	c     *checker
	a     *alembic.Set
	path  string
	py    string
	calls []alembic.Call
}

// plan returns the fix of a finding, or why there is none.
func (p *pyPlanner) plan(f rules.Finding) (*pyFix, string) {
	fx := &pyFix{ch: Change{Rule: f.Rule, Line: f.Pos.Line}, call: -1}
	switch f.Rule {
	case ruleLockTimeout:
		fx.header = fmt.Sprintf(`op.execute("SET lock_timeout = '%s'")`, p.c.o.LockTimeout)
		fx.ch.Text = fmt.Sprintf("op.execute(\"SET lock_timeout = '%s'\") at the top of upgrade()", p.c.o.LockTimeout)
		return fx, ""
	case ruleStatementTimeout:
		if strings.HasPrefix(f.Message, "with statement_timeout at") {
			return nil, "the statement_timeout in effect is too short for an operation built to run long: raise it (or SET statement_timeout = 0) before the call"
		}
		fx.header = fmt.Sprintf(`op.execute("SET statement_timeout = '%s'")`, p.c.o.StatementTimeout)
		fx.ch.Text = fmt.Sprintf("op.execute(\"SET statement_timeout = '%s'\") at the top of upgrade()", p.c.o.StatementTimeout)
		return fx, ""
	}
	i := p.callAt(f.Offset)
	if i < 0 {
		return nil, "the finding is not on an op.* call migguard can rewrite"
	}
	call := p.calls[i]
	if !call.TopLevel || call.Op == "" {
		return nil, "the call is not an op.* call standing directly in upgrade() (it is in a loop, a branch, a helper or a with block): rewrite it by hand"
	}
	fx.call = i
	var why string
	switch f.Rule {
	case ruleCreateIndex, ruleDropIndex:
		why = p.concurrently(fx, call)
	case ruleForeignKey, ruleCheck:
		why = p.notValid(fx, call)
	case ruleSetNotNull:
		why = p.setNotNull(fx, call)
	case ruleColumnRequired:
		why = p.required(fx, call)
	default:
		why = "migguard has no fix for " + f.Rule + " in an Alembic revision"
	}
	if why != "" {
		return nil, why
	}
	return fx, ""
}

// callAt returns the index of the call that starts at offset off.
func (p *pyPlanner) callAt(off int) int {
	for i, c := range p.calls {
		if c.Start <= off && off < c.End {
			return i
		}
	}
	return -1
}

// kwarg inserts a keyword argument before the call's closing parenthesis.
func (p *pyPlanner) kwarg(call alembic.Call, arg string) edit {
	j := call.Close
	for j > call.Start && strings.ContainsRune(" \t\r\n", rune(p.py[j-1])) {
		j--
	}
	if p.py[j-1] == ',' {
		return edit{start: j, end: j, text: " " + arg + ","}
	}
	return edit{start: j, end: j, text: ", " + arg}
}

// concurrently passes postgresql_concurrently=True to op.create_index or
// op.drop_index and runs the call in an autocommit block.
func (p *pyPlanner) concurrently(fx *pyFix, call alembic.Call) string {
	if call.Op != "create_index" && call.Op != "drop_index" {
		return "the index is built or dropped by op." + call.Op + "(): rewrite it with CONCURRENTLY by hand"
	}
	if pg := p.c.pg(); pg.Major == 14 && pg.Minor < 4 {
		return "concurrent index builds on PostgreSQL 14.0–14.3 can corrupt indexes: upgrade to 14.4 or later first"
	}
	fx.edits = []edit{p.kwarg(call, "postgresql_concurrently=True")}
	fx.autocommit = true
	fx.ch.Text = "op." + call.Op + "(…, postgresql_concurrently=True) in op.get_context().autocommit_block()"
	return ""
}

// notValid passes postgresql_not_valid=True to op.create_foreign_key or
// op.create_check_constraint and validates the constraint at the end of
// upgrade(), in an autocommit block.
func (p *pyPlanner) notValid(fx *pyFix, call alembic.Call) string {
	if call.Op != "create_foreign_key" && call.Op != "create_check_constraint" {
		return "the constraint is added by op." + call.Op + "(): add it NOT VALID by hand"
	}
	at, _, why := parsedAlter(call)
	if why != "" {
		return why
	}
	con := at.Cmds[0].GetAlterTableCmd().GetDef().GetConstraint()
	if con == nil || con.Conname == "" {
		return "the constraint has no name, so it cannot be validated by name: give it one"
	}
	fx.edits = []edit{p.kwarg(call, "postgresql_not_valid=True")}
	fx.post = []pyStmt{{text: pyExecute(alterTarget(at.Relation) + " VALIDATE CONSTRAINT " + quoteIdent(con.Conname))}}
	fx.ch.Text = fmt.Sprintf("constraint %q added with postgresql_not_valid=True, validated in an autocommit block at the end of upgrade()", con.Conname)
	return ""
}

// parsedAlter parses the call's one SQL statement as an ALTER TABLE of one
// command.
func parsedAlter(call alembic.Call) (*pgparse.AlterTableStmt, *pgparse.AlterTableCmd, string) {
	if len(call.SQL) != 1 {
		return nil, nil, "the call runs several statements: give this change a call of its own"
	}
	stmts := pgparse.Parse(call.SQL[0])
	if len(stmts) != 1 || stmts[0].Node == nil {
		return nil, nil, "migguard cannot read the SQL of the call"
	}
	return singleAlter(stmts[0])
}

// setNotNull proves the column non-null with a CHECK before
// op.alter_column(…, nullable=False): the CHECK is added NOT VALID where
// the call stood, and at the end of upgrade(), in an autocommit block,
// it is validated, the call runs and the CHECK is dropped.
func (p *pyPlanner) setNotNull(fx *pyFix, call alembic.Call) string {
	if call.Op != "alter_column" {
		return "the column is made NOT NULL by op." + call.Op + "(): rewrite it by hand"
	}
	at, cmd, why := parsedAlter(call)
	if why != "" {
		return why
	}
	if cmd.Subtype != pgparse.AlterTableType_AT_SetNotNull {
		return "the call changes more than NOT NULL"
	}
	if !p.c.pg().AtLeast(12, 0) {
		return "before PostgreSQL 12 SET NOT NULL scans the table even with a validated CHECK: it needs a maintenance window"
	}
	name := objectName(at.Relation.Relname, cmd.Name, "not_null_check")
	target := alterTarget(at.Relation)
	fx.edits = []edit{{start: call.Start, end: call.End, text: pyExecute(fmt.Sprintf("%s ADD CONSTRAINT %s CHECK (%s IS NOT NULL) NOT VALID", target, quoteIdent(name), quoteIdent(cmd.Name)))}}
	fx.post = []pyStmt{{text: pyExecute(target + " VALIDATE CONSTRAINT " + quoteIdent(name))}, {text: p.py[call.Start:call.End], indent: call.Indent},
		{text: pyExecute(target + " DROP CONSTRAINT " + quoteIdent(name))}}
	fx.ch.Text = fmt.Sprintf("column %q proven non-null by CHECK %q (added NOT VALID, validated in an autocommit block at the end of upgrade()) before op.alter_column", cmd.Name, name)
	return ""
}

var nullableFalseRx = lazyre.New(`\bnullable\s*=\s*False\b`)

// required fixes op.add_column of a NOT NULL column without a default:
// server_default from the options, or nullable=True with the steps that
// make it NOT NULL as comments after the call.
func (p *pyPlanner) required(fx *pyFix, call alembic.Call) string {
	if call.Op != "add_column" {
		return "the column is added by op." + call.Op + "(): rewrite it by hand"
	}
	at, cmd, why := parsedAlter(call)
	if why != "" {
		return why
	}
	cd := cmd.GetDef().GetColumnDef()
	text := p.py[call.Start:call.End]
	m := nullableFalseRx.FindAllStringIndex(text, -1)
	if cd == nil || len(m) != 1 {
		return "the column's nullable=False is not written where migguard can change it"
	}
	start, end := call.Start+m[0][0], call.Start+m[0][1]
	if d := p.c.o.Default; d != "" {
		if !isConstant(d) {
			return fmt.Sprintf("--default %s is not a constant: only a constant default is recorded without rewriting the table", d)
		}
		sa := p.sqlalchemyName()
		if sa == "" {
			return "the revision does not import sqlalchemy, which server_default=sqlalchemy.text(…) needs"
		}
		fx.edits = []edit{{start: end, end: end, text: ", server_default=" + sa + ".text(" + strconv.Quote(d) + ")"}}
		fx.ch.Text = fmt.Sprintf("column %q added with server_default %s", cd.Colname, d)
		return ""
	}
	fx.edits = []edit{{start: start, end: end, text: "nullable=True"}}
	fx.after = backfillSteps(at.Relation, cd.Colname, "ctid")
	fx.ch.Text = fmt.Sprintf("column %q added nullable; the backfill and NOT NULL steps follow it as comments to complete", cd.Colname)
	return ""
}

var importSARx = lazyre.New(`(?m)^import sqlalchemy(?: as (\w+))?\s*$`)

// sqlalchemyName is the name the revision imports sqlalchemy as, "" when
// it does not.
func (p *pyPlanner) sqlalchemyName() string {
	m := importSARx.FindStringSubmatch(p.py)
	switch {
	case m == nil:
		return ""
	case m[1] != "":
		return m[1]
	}
	return "sqlalchemy"
}

// pyExecute is op.execute of a statement, as a Python statement.
func pyExecute(sql string) string { return "op.execute(" + strconv.Quote(sql) + ")" }

// pyRender writes a set of fixes into a revision.
type pyRender struct {
	p       *pyPlanner
	fixes   []*pyFix
	nl      string
	refused map[candidate]string
}

func (r *pyRender) live(fx *pyFix) bool { _, no := r.refused[fx]; return !no }

// render returns the revision with the fixes it can place.
func (r *pyRender) render() string {
	first, indent, end, returns, ok := r.p.a.Body(r.p.path)
	if !ok {
		for _, fx := range r.fixes {
			r.refused[fx] = "upgrade() has no body of lines migguard can add to"
		}
		return r.p.py
	}
	r.placeAutocommit()
	var es []fileEdit
	var head strings.Builder
	var post []pyStmt
	for _, fx := range r.fixes {
		switch {
		case !r.live(fx):
		case fx.isHeader():
			head.WriteString(indent + fx.header + r.nl)
		default:
			if len(fx.post) > 0 && returns {
				r.refused[fx] = "upgrade() returns early, so statements added at its end might not run: rewrite it by hand"
				continue
			}
			es = append(es, r.callEdits(fx)...)
			post = append(post, fx.post...)
		}
	}
	if head.Len() > 0 {
		at := r.headerAt(first)
		es = append(es, fileEdit{edit: edit{start: at, end: at, text: head.String()}})
	}
	if len(post) > 0 {
		var b strings.Builder
		b.WriteString(indent + "# migguard fix: each statement below commits on its own, after the statements above" + r.nl)
		b.WriteString(indent + "with op.get_context().autocommit_block():" + r.nl)
		for _, s := range post {
			b.WriteString(reindent(s, indent+"    ", r.nl) + r.nl)
		}
		text := b.String()
		if end == len(r.p.py) && !strings.HasSuffix(r.p.py, "\n") {
			text = r.nl + text
		}
		es = append(es, fileEdit{edit: edit{start: end, end: end, text: text}, order: 5})
	}
	return applyEdits(r.p.py, es)
}

// placeAutocommit refuses the fixes that run a call in an autocommit
// block when upgrade() runs other statements, which must stay in the
// migration's transaction (SETs may stay).
func (r *pyRender) placeAutocommit() {
	var ac []*pyFix
	mine := map[int]bool{}
	for _, fx := range r.fixes {
		if fx.autocommit && r.live(fx) {
			ac = append(ac, fx)
			mine[fx.call] = true
		}
	}
	if len(ac) == 0 {
		return
	}
	for i, c := range r.p.calls {
		if mine[i] || c.Autocommit || onlySets(c.SQL) {
			continue
		}
		for _, fx := range ac {
			r.refused[fx] = fmt.Sprintf("upgrade() also runs %s (line %d), which must stay in the migration's transaction: give the index a revision of its own",
				words(c.SQL[0], 4), c.Line)
		}
		return
	}
}

// onlySets reports whether every statement is a SET or RESET.
func onlySets(sqls []string) bool {
	for _, s := range sqls {
		for _, st := range pgparse.Parse(s) {
			if st.Node == nil || st.Node.GetVariableSetStmt() == nil {
				return false
			}
		}
	}
	return true
}

// callEdits are the edits of one call: its own, in an autocommit block
// when asked, and the comments after it.
func (r *pyRender) callEdits(fx *pyFix) []fileEdit {
	call := r.p.calls[fx.call]
	py := r.p.py
	if !fx.autocommit {
		es := make([]fileEdit, 0, len(fx.edits)+1)
		for _, e := range fx.edits {
			es = append(es, fileEdit{edit: e, order: 1})
		}
		if len(fx.after) > 0 {
			at := lineEnd(py, call.End)
			var b strings.Builder
			for _, l := range fx.after {
				b.WriteString(call.Indent + "# " + l + r.nl)
			}
			es = append(es, fileEdit{edit: edit{start: at, end: at, text: b.String()}, order: 2})
		}
		return es
	}
	// The call's lines move into a with block: rewrite them as a whole.
	start, end := lineStart(py, call.Start), lineEnd(py, call.End)
	var rel []fileEdit
	for _, e := range fx.edits {
		rel = append(rel, fileEdit{edit: edit{start: e.start - start, end: e.end - start, text: e.text}})
	}
	body := applyEdits(py[start:end], rel)
	text := call.Indent + "with op.get_context().autocommit_block():" + r.nl + indentLines(body, "    ")
	return []fileEdit{{edit: edit{start: start, end: end, text: text}, order: 1}}
}

// headerAt is where statements go at the top of upgrade(): before its
// first statement, above the migguard:ignore comments that belong to it.
func (r *pyRender) headerAt(first int) int {
	py := r.p.py
	at := lineStart(py, first)
	for at > 0 {
		prev := lineStart(py, at-1)
		t := strings.TrimSpace(py[prev:at])
		if !strings.HasPrefix(t, "#") || !belongsToNext(t) {
			break
		}
		at = prev
	}
	return at
}

// indentLines puts ind before every line of text that is not empty.
func indentLines(text, ind string) string {
	lines := strings.SplitAfter(text, "\n")
	for i, l := range lines {
		if strings.TrimSpace(l) != "" {
			lines[i] = ind + l
		}
	}
	return strings.Join(lines, "")
}

// reindent writes a statement at indentation ind: its first line there,
// and its other lines moved by as much as the first.
func reindent(s pyStmt, ind, nl string) string {
	lines := strings.Split(strings.ReplaceAll(s.text, "\r\n", "\n"), "\n")
	for i := range lines {
		switch {
		case i == 0:
			lines[i] = ind + lines[i]
		case strings.HasPrefix(lines[i], s.indent):
			lines[i] = ind + lines[i][len(s.indent):]
		}
	}
	return strings.Join(lines, nl)
}
