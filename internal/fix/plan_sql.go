package fix

import (
	"fmt"
	"strings"

	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/rules"
	"github.com/migguard/migguard/internal/schema"
)

// sqlFix is the fix of one finding in an SQL migration.
type sqlFix struct {
	ch Change
	// stmt is the index of the statement among the up part's, -1 for a
	// fix of the whole file (a SET before the first statement: header).
	stmt   int
	header string
	// edits change the statement's text.
	edits []edit
	// post are statements that must run in a transaction after the one
	// that runs the statement (VALIDATE CONSTRAINT), postNote a comment
	// that says why, written before them.
	post     []string
	postNote string
	// after are comment lines written after the statement.
	after []string
	// noTx says that the statement must run outside a transaction block.
	noTx bool
}

func (s *sqlFix) change() Change { return s.ch }
func (s *sqlFix) isHeader() bool { return s.stmt < 0 }

// edit replaces src[start:end] with text (an insertion when start == end).
type edit struct {
	start, end int
	text       string
}

// fixSQL fixes the findings fs of one SQL migration; found are all the
// findings of the set's lint, fs those of fixable rules in mf.
func (c *checker) fixSQL(mf *migrations.File, found, fs []rules.Finding) *File {
	stmts := pgparse.Parse(mf.Up)
	p := &sqlPlanner{c: c, f: mf, stmts: stmts}
	cands, why := planAll(fs, p.plan, func(fx *sqlFix) string { return fx.header })
	render := func(set []candidate) (string, map[candidate]string) {
		r := newSQLRender(mf, c.loaded.Files.Format, stmts, set)
		return r.render(), r.refused
	}
	ff, kept := c.settle(mf.Path, mf.Src, found, cands, render)
	if ff.Changed() {
		r := newSQLRender(mf, c.loaded.Files.Format, stmts, kept)
		r.render()
		ff.Notes = r.notes
		if c.loaded.Files.Format == migrations.Atlas {
			ff.Notes = append(ff.Notes, "atlas.sum no longer matches: run atlas migrate hash")
		}
	}
	ff.Left = append(ff.Left, left(fs, why)...)
	sortChanges(ff.Fixed)
	sortChanges(ff.Left)
	return ff
}

// sqlPlanner turns findings of one file into fixes.
type sqlPlanner struct {
	c     *checker
	f     *migrations.File
	stmts []*pgparse.Stmt
}

// plan returns the fix of a finding, or why there is none.
func (p *sqlPlanner) plan(f rules.Finding) (*sqlFix, string) {
	fx := &sqlFix{ch: Change{Rule: f.Rule, Line: f.Pos.Line}, stmt: -1}
	switch f.Rule {
	case ruleLockTimeout:
		fx.header = fmt.Sprintf("SET lock_timeout = '%s';", p.c.o.LockTimeout)
		fx.ch.Text = fmt.Sprintf("SET lock_timeout = '%s' before the first statement", p.c.o.LockTimeout)
		return fx, ""
	case ruleStatementTimeout:
		if strings.HasPrefix(f.Message, "with statement_timeout at") {
			return nil, "the statement_timeout in effect is too short for an operation built to run long: raise it (or SET statement_timeout = 0) before the statement"
		}
		fx.header = fmt.Sprintf("SET statement_timeout = '%s';", p.c.o.StatementTimeout)
		fx.ch.Text = fmt.Sprintf("SET statement_timeout = '%s' before the first statement", p.c.o.StatementTimeout)
		return fx, ""
	}
	i := p.stmtAt(f.Offset)
	if i < 0 || p.stmts[i].Node == nil {
		return nil, "the finding is not on a statement migguard can rewrite"
	}
	fx.stmt = i
	var why string
	switch f.Rule {
	case ruleCreateIndex, ruleDropIndex, ruleReindex:
		why = p.concurrently(fx, p.stmts[i])
	case ruleForeignKey, ruleCheck:
		why = p.notValid(fx, p.stmts[i], f.Rule)
	case ruleSetNotNull:
		why = p.setNotNull(fx, p.stmts[i])
	case ruleColumnRequired:
		why = p.required(fx, p.stmts[i])
	default:
		why = "migguard has no fix for " + f.Rule
	}
	if why != "" {
		return nil, why
	}
	return fx, ""
}

// stmtAt returns the index of the statement that holds byte offset off.
func (p *sqlPlanner) stmtAt(off int) int {
	for i, s := range p.stmts {
		if s.Start <= off && off <= s.End {
			return i
		}
	}
	return -1
}

func (p *sqlPlanner) src() string { return p.f.Src }

// concurrently makes CREATE INDEX, DROP INDEX or REINDEX concurrent, and
// retry-safe with IF [NOT] EXISTS where the statement takes it.
func (p *sqlPlanner) concurrently(fx *sqlFix, s *pgparse.Stmt) string {
	pg := p.c.pg()
	if pg.Major == 14 && pg.Minor < 4 {
		return "concurrent index builds on PostgreSQL 14.0–14.3 can corrupt indexes: upgrade to 14.4 or later first"
	}
	ts := tokens(p.src(), s.Start, s.End)
	var at int
	ins := " CONCURRENTLY"
	switch n := s.Node.Node.(type) {
	case *pgparse.Node_IndexStmt:
		at = firstToken(ts, pgparse.Token_INDEX)
		if n.IndexStmt.Idxname != "" && !n.IndexStmt.IfNotExists {
			ins += " IF NOT EXISTS"
		}
		fx.ch.Text = "CREATE INDEX" + ins + ", outside a transaction"
	case *pgparse.Node_DropStmt:
		d := n.DropStmt
		if len(d.Objects) != 1 {
			return "DROP INDEX CONCURRENTLY drops one index per statement: split the statement first"
		}
		if d.Behavior == pgparse.DropBehavior_DROP_CASCADE {
			return "DROP INDEX CONCURRENTLY does not take CASCADE: drop what depends on the index first"
		}
		at = firstToken(ts, pgparse.Token_INDEX)
		if !d.MissingOk {
			ins += " IF EXISTS"
		}
		fx.ch.Text = "DROP INDEX" + ins + ", outside a transaction"
	case *pgparse.Node_ReindexStmt:
		if !pg.AtLeast(12, 0) {
			return "PostgreSQL " + pg.String() + " has no REINDEX CONCURRENTLY: build a replacement with CREATE INDEX CONCURRENTLY instead"
		}
		at = reindexKind(ts, n.ReindexStmt.Kind)
		fx.ch.Text = "REINDEX … CONCURRENTLY, outside a transaction"
	default:
		return "the statement is not one migguard can make concurrent"
	}
	if at < 0 {
		return "the statement is not one migguard can make concurrent"
	}
	fx.edits = []edit{{start: ts[at].end, end: ts[at].end, text: ins}}
	fx.noTx = true
	return ""
}

// reindexKind returns the index of the token that names what REINDEX
// rebuilds (INDEX, TABLE, SCHEMA, DATABASE), after which CONCURRENTLY
// goes, or -1.
func reindexKind(ts []token, kind pgparse.ReindexObjectType) int {
	switch kind {
	case pgparse.ReindexObjectType_REINDEX_OBJECT_INDEX:
		return firstToken(ts, pgparse.Token_INDEX)
	case pgparse.ReindexObjectType_REINDEX_OBJECT_TABLE:
		return firstToken(ts, pgparse.Token_TABLE)
	case pgparse.ReindexObjectType_REINDEX_OBJECT_SCHEMA:
		return firstToken(ts, pgparse.Token_SCHEMA)
	case pgparse.ReindexObjectType_REINDEX_OBJECT_DATABASE:
		return firstToken(ts, pgparse.Token_DATABASE)
	}
	return -1
}

// singleAlter returns the one command of an ALTER TABLE, or why the
// statement is not one.
func singleAlter(s *pgparse.Stmt) (*pgparse.AlterTableStmt, *pgparse.AlterTableCmd, string) {
	at := s.Node.GetAlterTableStmt()
	if at == nil || at.Relation == nil {
		return nil, nil, "the statement is not an ALTER TABLE migguard can rewrite"
	}
	if len(at.Cmds) != 1 {
		return nil, nil, "the ALTER TABLE does several things: give this change a statement of its own first"
	}
	return at, at.Cmds[0].GetAlterTableCmd(), ""
}

// notValid adds a foreign key or CHECK NOT VALID and validates it in a
// later transaction.
func (p *sqlPlanner) notValid(fx *sqlFix, s *pgparse.Stmt, rule string) string {
	at, cmd, why := singleAlter(s)
	if why != "" {
		return why
	}
	con := cmd.GetDef().GetConstraint()
	want := pgparse.ConstrType_CONSTR_CHECK
	if rule == ruleForeignKey {
		want = pgparse.ConstrType_CONSTR_FOREIGN
	}
	if cmd.Subtype != pgparse.AlterTableType_AT_AddConstraint || con == nil || con.Contype != want || con.SkipValidation {
		return "the statement does not add the constraint in a form migguard can rewrite (a constraint on ADD COLUMN, say)"
	}
	cat := p.c.catalogBefore(p.f, p.stmts, fx.stmt)
	if t := cat.TableFor(at.Relation); t != nil && t.Partitioned && want == pgparse.ConstrType_CONSTR_FOREIGN && !p.c.pg().AtLeast(18, 0) {
		return "before PostgreSQL 18 a partitioned table does not take a foreign key NOT VALID: add it NOT VALID to each partition and validate those first"
	}
	name := con.Conname
	if name == "" {
		var why string
		if name, why = p.chosenName(cat, s, at.Relation, con); why != "" {
			return why
		}
		fx.edits = append(fx.edits, edit{start: s.Offset(con.Location), end: s.Offset(con.Location), text: "CONSTRAINT " + quoteIdent(name) + " "})
	}
	fx.edits = append(fx.edits, edit{start: s.End, end: s.End, text: " NOT VALID"})
	fx.post = []string{alterTarget(at.Relation) + " VALIDATE CONSTRAINT " + quoteIdent(name)}
	fx.postNote = "VALIDATE in a transaction of its own: its scan takes only SHARE UPDATE EXCLUSIVE, so reads and writes go on"
	fx.ch.Text = fmt.Sprintf("constraint %q added NOT VALID, then validated in a transaction of its own", name)
	return ""
}

// chosenName returns the name PostgreSQL gives the unnamed constraint
// that the statement adds, so that VALIDATE can name it: the statement
// is replayed on the schema before it.
func (p *sqlPlanner) chosenName(cat *schema.Catalog, s *pgparse.Stmt, rv *pgparse.RangeVar, con *pgparse.Constraint) (string, string) {
	kw := strings.ToUpper(p.src()[s.Offset(con.Location):min(s.Offset(con.Location)+7, len(p.src()))])
	if !strings.HasPrefix(kw, "FOREIGN") && !strings.HasPrefix(kw, "CHECK") {
		return "", "the constraint has no name and migguard cannot place one: name it (ADD CONSTRAINT name …)"
	}
	before := cat.TableFor(rv)
	if before == nil {
		return "", "the constraint has no name and the migrations do not show its table: name it (ADD CONSTRAINT name …)"
	}
	after := cat.Clone()
	after.Apply(s.Node, schema.Origin{File: p.f.Path})
	var added []string
	for _, c := range after.TableFor(rv).Constraints {
		if before.Constraint(c.Name) == nil {
			added = append(added, c.Name)
		}
	}
	if len(added) != 1 {
		return "", "the constraint has no name and migguard cannot tell the one PostgreSQL gives it: name it (ADD CONSTRAINT name …)"
	}
	return added[0], ""
}

// setNotNull proves the column non-null with a CHECK before SET NOT NULL:
// the CHECK is added NOT VALID in place of the statement, and in a later
// transaction it is validated, the statement runs (no scan on
// PostgreSQL 12 and later) and the CHECK is dropped.
func (p *sqlPlanner) setNotNull(fx *sqlFix, s *pgparse.Stmt) string {
	at, cmd, why := singleAlter(s)
	if why != "" {
		return why
	}
	if cmd.Subtype != pgparse.AlterTableType_AT_SetNotNull {
		return "the statement is not an ALTER COLUMN … SET NOT NULL"
	}
	if !p.c.pg().AtLeast(12, 0) {
		return "before PostgreSQL 12 SET NOT NULL scans the table even with a validated CHECK: it needs a maintenance window"
	}
	cat := p.c.catalogBefore(p.f, p.stmts, fx.stmt)
	if t := cat.TableFor(at.Relation); t != nil && t.Partitioned {
		return "the table is partitioned: prove the column non-null on each partition first"
	}
	name := objectName(at.Relation.Relname, cmd.Name, "not_null_check")
	if constraintNameUsed(cat, at.Relation.Schemaname, name) {
		return fmt.Sprintf("a constraint named %q exists already: add the CHECK under a name of your own", name)
	}
	target := alterTarget(at.Relation)
	fx.edits = []edit{{start: s.Start, end: s.End, text: fmt.Sprintf("%s ADD CONSTRAINT %s CHECK (%s IS NOT NULL) NOT VALID", target, quoteIdent(name), quoteIdent(cmd.Name))}}
	fx.post = []string{target + " VALIDATE CONSTRAINT " + quoteIdent(name), p.src()[s.Start:s.End], target + " DROP CONSTRAINT " + quoteIdent(name)}
	fx.postNote = fmt.Sprintf("in a transaction of its own: VALIDATE scans under SHARE UPDATE EXCLUSIVE, then SET NOT NULL uses the validated CHECK instead of a scan")
	fx.ch.Text = fmt.Sprintf("column %q proven non-null by CHECK %q (added NOT VALID, validated in a later transaction) before SET NOT NULL", cmd.Name, name)
	return ""
}

// constraintNameUsed reports whether a table of the schema has a
// constraint of that name (PostgreSQL checks the whole schema).
func constraintNameUsed(cat *schema.Catalog, sch, name string) bool {
	if sch == "" {
		sch = "public"
	}
	for _, t := range cat.Tables() {
		if t.Schema == sch && t.Constraint(name) != nil {
			return true
		}
	}
	return false
}

// required fixes a NOT NULL column added without a default: with the
// constant default of the options, or else nullable, with the steps that
// make it NOT NULL written out after it as comments to complete.
func (p *sqlPlanner) required(fx *sqlFix, s *pgparse.Stmt) string {
	at, cmd, why := singleAlter(s)
	if why != "" {
		return why
	}
	cd := cmd.GetDef().GetColumnDef()
	if cmd.Subtype != pgparse.AlterTableType_AT_AddColumn || cd == nil {
		return "the statement is not an ADD COLUMN migguard can rewrite"
	}
	for _, c := range cd.Constraints {
		if k := c.GetConstraint(); k != nil && (k.Contype == pgparse.ConstrType_CONSTR_PRIMARY || k.Contype == pgparse.ConstrType_CONSTR_NOTNULL && k.Conname != "") {
			return "the column is a primary key or has a named NOT NULL constraint: add it by hand"
		}
	}
	if d := p.c.o.Default; d != "" {
		if !isConstant(d) {
			return fmt.Sprintf("--default %s is not a constant: only a constant default is recorded without rewriting the table", d)
		}
		fx.edits = []edit{{start: s.End, end: s.End, text: " DEFAULT " + d}}
		fx.ch.Text = fmt.Sprintf("column %q added with DEFAULT %s", cd.Colname, d)
		return ""
	}
	ts := tokens(p.src(), s.Start, s.End)
	n := firstToken(ts, pgparse.Token_NOT)
	if n < 0 || n+1 >= len(ts) || ts[n+1].tok != pgparse.Token_NULL_P {
		return "the NOT NULL of the column is not written where migguard can remove it"
	}
	start := ts[n].start
	for start > s.Start && (p.src()[start-1] == ' ' || p.src()[start-1] == '\t') {
		start--
	}
	fx.edits = []edit{{start: start, end: ts[n+1].end}}
	cat := p.c.catalogBefore(p.f, p.stmts, fx.stmt)
	fx.after = backfillSteps(at.Relation, cd.Colname, batchKey(cat.TableFor(at.Relation)))
	fx.ch.Text = fmt.Sprintf("column %q added nullable; the backfill and NOT NULL steps follow it as comments to complete", cd.Colname)
	return ""
}

// batchKey is the column that a batched backfill selects rows by: the
// table's one-column primary key, else ctid.
func batchKey(t *schema.Table) string {
	if t != nil {
		if pk := t.PrimaryKey(); pk != nil && len(pk.Columns) == 1 {
			return quoteIdent(pk.Columns[0])
		}
	}
	return "ctid"
}

// backfillSteps are the comment lines, without comment markers, that say
// how to make a column added nullable NOT NULL without a long lock.
func backfillSteps(rv *pgparse.RangeVar, col, key string) []string {
	t, c := relName(rv), quoteIdent(col)
	check := quoteIdent(objectName(rv.Relname, col, "not_null_check"))
	target := alterTarget(rv)
	return []string{
		fmt.Sprintf("migguard fix: %s is added nullable, as the rows of %s have no value for it yet. To make it NOT NULL", c, t),
		"without a long lock, fill in the value and run these steps (or rerun migguard fix with --default <value>):",
		"  backfill in batches, each committed on its own, until no row is left:",
		fmt.Sprintf("  UPDATE %s SET %s = <value> WHERE %s IN (SELECT %s FROM %s WHERE %s IS NULL LIMIT 10000);", t, c, key, key, t, c),
		fmt.Sprintf("  %s ADD CONSTRAINT %s CHECK (%s IS NOT NULL) NOT VALID;", target, check, c),
		"  then, in a later transaction:",
		fmt.Sprintf("  %s VALIDATE CONSTRAINT %s;", target, check),
		fmt.Sprintf("  %s ALTER COLUMN %s SET NOT NULL;", target, c),
		fmt.Sprintf("  %s DROP CONSTRAINT %s;", target, check),
	}
}

// catalogBefore replays the set's files before mf, and the statements of
// mf before statement upto, into a catalog.
func (c *checker) catalogBefore(mf *migrations.File, stmts []*pgparse.Stmt, upto int) *schema.Catalog {
	cat := schema.New()
	for _, f := range c.loaded.Files.Files {
		if f == mf {
			break
		}
		for _, s := range pgparse.Parse(f.Up) {
			cat.Apply(s.Node, schema.Origin{File: f.Path})
		}
	}
	for _, s := range stmts[:upto] {
		cat.Apply(s.Node, schema.Origin{File: mf.Path})
	}
	return cat
}

// pg is the PostgreSQL version the fixes are for.
func (c *checker) pg() rules.Version {
	if c.o.PG.Major != 0 {
		return c.o.PG
	}
	if v := c.set.Project().Config.PG; v.Major != 0 {
		return v
	}
	return rules.DefaultVersion
}
