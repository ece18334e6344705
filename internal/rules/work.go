package rules

import (
	"strings"

	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
)

// This file is the one place that decides what a statement does with the
// rows of each relation it touches: whether it only changes the catalog,
// scans every row, rewrites the table, builds an index, or reads or
// changes every row. Every rule that says a statement scans or rewrites a
// table takes the answer from here (statementWork), and so does apply's
// report (Options.Work), so no two of them can disagree.

// Work is what a statement does with the rows of one relation, as
// PostgreSQL runs it.
type Work int

// The kinds of work. WorkNone is a change to the catalog only.
const (
	WorkNone Work = iota
	// WorkScan reads every row to check it: a constraint's validation, the
	// NOT NULL check of SET NOT NULL or PRIMARY KEY USING INDEX.
	WorkScan
	// WorkRewrite writes a new copy of the table and its indexes.
	WorkRewrite
	// WorkBuild builds an index from every row.
	WorkBuild
	// WorkRows reads or changes every row: UPDATE or DELETE without WHERE,
	// a copy by INSERT … SELECT or CREATE TABLE AS, a SELECT over the
	// table, REFRESH MATERIALIZED VIEW.
	WorkRows
	// WorkWait waits for other transactions that use the relation.
	WorkWait
)

func (w Work) String() string {
	switch w {
	case WorkScan:
		return "scan"
	case WorkRewrite:
		return "rewrite"
	case WorkBuild:
		return "index build"
	case WorkRows:
		return "every row"
	case WorkWait:
		return "wait"
	}
	return "catalog only"
}

// Verb says what the work does to a relation, for a sentence whose
// object is the relation: "rewrites", "scans every row of".
func (w Work) Verb() string {
	switch w {
	case WorkRewrite:
		return "rewrites"
	case WorkScan:
		return "scans every row of"
	case WorkBuild:
		return "reads every row of"
	case WorkRows:
		return "reads or changes every row of"
	case WorkWait:
		return "waits for the transactions using"
	}
	return "works on"
}

// Reads reports whether the work reads every row of the relation.
func (w Work) Reads() bool {
	return w == WorkScan || w == WorkRewrite || w == WorkBuild || w == WorkRows
}

// everyTable is the key of the work of a statement on every table of the
// database (VACUUM FULL, CLUSTER without a table).
const everyTable = "*"

// workItem is a part of a statement whose run time grows with the size of
// a relation: a rewrite, a full scan, an index build, a change to every
// row, a wait for other transactions.
type workItem struct {
	kind Work
	key  string // catalog key of the relation it works through
	loc  int32
	temp bool
	// what says what runs long, e.g. `changes the type of column "email"`.
	what string
	// subject names the statement in messages when the default
	// (slowSubject) does not fit, as for copies: `CREATE TABLE "t" AS SELECT`.
	subject string
	// blocks is set when the statement holds a lock that blocks writes
	// (or reads) of the relation while it runs.
	blocks bool
	// onCancel is set for operations built to run long without blocking
	// (CONCURRENTLY builds, VALIDATE CONSTRAINT), which a short
	// statement_timeout cancels: it says what a cancel leaves behind.
	onCancel string
}

// WorkItem is what apply's report shows of a statement's work on one
// relation (see Options.Work).
type WorkItem struct {
	Kind Work
	// Relation is the relation's catalog key (schema.name).
	Relation string
	// What says what runs long: `changes the type of column "email"`.
	What string
	// Blocks is set when the statement blocks writes (or reads) of the
	// relation while the work runs.
	Blocks bool
}

// statementWork returns the long-running parts of a statement. Several
// rules ask it of each statement: the answer for the statement being
// checked is kept in the Pass (see sessionLocks), and the slice is
// shared, so callers must not change it.
func statementWork(p *Pass, n *pgparse.Node) []workItem {
	if out, ok := p.work.lookup(p, n); ok {
		return out
	}
	out := workOf(p, n)
	p.work.keep(p, n, out)
	return out
}

// workOf is statementWork without the Pass's memory.
func workOf(p *Pass, n *pgparse.Node) []workItem {
	var out []workItem
	add := func(kind Work, rv *pgparse.RangeVar, what string, blocks bool, onCancel string) {
		if rv != nil && rv.Relname != "" {
			out = append(out, workItem{kind: kind, key: schema.RelKey(rv), loc: rv.Location, temp: rv.Relpersistence == "t",
				what: what, blocks: blocks, onCancel: onCancel})
		}
	}
	switch s := n.Node.(type) {
	case *pgparse.Node_AlterTableStmt:
		at := s.AlterTableStmt
		blocking := alterTableLock(at).BlocksWrites()
		for _, c := range at.Cmds {
			alterWork(p, at.Relation, c.GetAlterTableCmd(), blocking, add)
		}
	case *pgparse.Node_IndexStmt:
		idx := s.IndexStmt
		add(WorkBuild, idx.Relation, "builds index "+indexName(idx), !idx.Concurrent, ifTrue(idx.Concurrent, "an INVALID index"))
	case *pgparse.Node_ReindexStmt:
		conc := HasOption(s.ReindexStmt.Params, "concurrently")
		add(WorkBuild, s.ReindexStmt.Relation, "rebuilds its indexes", !conc, ifTrue(conc, "INVALID _ccnew indexes"))
	case *pgparse.Node_UpdateStmt:
		if s.UpdateStmt.WhereClause == nil {
			add(WorkRows, s.UpdateStmt.Relation, "updates every row", true, "")
		}
	case *pgparse.Node_DeleteStmt:
		if s.DeleteStmt.WhereClause == nil {
			add(WorkRows, s.DeleteStmt.Relation, "deletes every row", true, "")
		}
	case *pgparse.Node_VacuumStmt:
		if HasOption(s.VacuumStmt.Options, "full") {
			for _, r := range s.VacuumStmt.Rels {
				add(WorkRewrite, r.GetVacuumRelation().GetRelation(), "rewrites the table", true, "")
			}
			if len(s.VacuumStmt.Rels) == 0 {
				out = append(out, workItem{kind: WorkRewrite, key: everyTable, loc: -1, subject: "VACUUM FULL",
					what: "rewrites every table of the database", blocks: true})
			}
		}
	case *pgparse.Node_ClusterStmt:
		if s.ClusterStmt.Relation == nil {
			out = append(out, workItem{kind: WorkRewrite, key: everyTable, loc: -1, subject: "CLUSTER",
				what: "rewrites every table clustered before", blocks: true})
		}
		add(WorkRewrite, s.ClusterStmt.Relation, "rewrites the table", true, "")
	case *pgparse.Node_RefreshMatViewStmt:
		r := s.RefreshMatViewStmt
		if !r.SkipData {
			add(WorkRows, r.Relation, "recomputes the view", !r.Concurrent, "")
		}
	case *pgparse.Node_AlterDomainStmt:
		for _, rv := range domainScans(p, s.AlterDomainStmt) {
			add(WorkScan, rv, domainWhat(s.AlterDomainStmt), true, "")
		}
	default:
		out = append(out, copiedRelations(p, n)...)
	}
	return out
}

// alterWork adds the long-running parts of one ALTER TABLE command;
// blocking says whether the statement's lock blocks writes of the table.
func alterWork(p *Pass, rel *pgparse.RangeVar, cmd *pgparse.AlterTableCmd, blocking bool, add func(Work, *pgparse.RangeVar, string, bool, string)) {
	if cmd == nil {
		return
	}
	switch cmd.Subtype {
	case pgparse.AlterTableType_AT_AlterColumnType:
		switch typeChangeWork(p, rel, cmd) {
		case WorkRewrite:
			add(WorkRewrite, rel, "changes the type of column "+quoteName(cmd.Name), true, "")
		case WorkBuild:
			what := "changes the collation of column " + quoteName(cmd.Name) + ", which rebuilds its indexes"
			if cmd.GetDef().GetColumnDef().GetCollClause() == nil {
				what = "changes the type of column " + quoteName(cmd.Name) + " between timestamp and timestamptz, which rebuilds its indexes"
			}
			add(WorkBuild, rel, what, true, "")
		}
	case pgparse.AlterTableType_AT_SetNotNull:
		if setNotNullScans(p, rel, cmd.Name) {
			add(WorkScan, rel, "sets column "+quoteName(cmd.Name)+" NOT NULL, which scans the table", true, "")
		}
	case pgparse.AlterTableType_AT_AddConstraint:
		for _, w := range constraintWork(p, rel, cmd.GetDef().GetConstraint()) {
			add(w.kind, rel, w.what, true, "")
		}
	case pgparse.AlterTableType_AT_AddColumn:
		for _, w := range addColumnWork(p, cmd.GetDef().GetColumnDef()) {
			add(w.kind, rel, w.what, true, "")
		}
	case pgparse.AlterTableType_AT_ValidateConstraint:
		// VALIDATE takes SHARE UPDATE EXCLUSIVE, but the other commands of
		// the statement may hold a stronger lock during the scan.
		add(WorkScan, rel, "validates constraint "+quoteName(cmd.Name)+", which scans the table", blocking, ifTrue(!blocking, "the constraint NOT VALID"))
	case pgparse.AlterTableType_AT_SetLogged, pgparse.AlterTableType_AT_SetUnLogged,
		pgparse.AlterTableType_AT_SetAccessMethod:
		add(WorkRewrite, rel, "rewrites the table", true, "")
	case pgparse.AlterTableType_AT_SetTableSpace:
		add(WorkRewrite, rel, "copies the table to tablespace "+quoteName(cmd.Name), true, "")
	case pgparse.AlterTableType_AT_AttachPartition:
		pc := cmd.GetDef().GetPartitionCmd()
		if pc.GetName() == nil || pc.GetBound() == nil {
			return
		}
		if attachScanReason(p, p.Table(rel), pc.Name, pc.Bound) != "" {
			add(WorkScan, pc.Name, "scans the partition it attaches", true, "")
		}
		if d := defaultPartition(p, relKey(rel)); d != nil && !pc.Bound.IsDefault {
			add(WorkScan, &pgparse.RangeVar{Schemaname: d.Schema, Relname: d.Name, Location: pc.Name.Location},
				"scans the DEFAULT partition", true, "")
		}
	case pgparse.AlterTableType_AT_DetachPartition:
		if cmd.GetDef().GetPartitionCmd().GetConcurrent() {
			add(WorkWait, rel, "waits for every transaction that uses the partition", false, "the detach pending (finish it with DETACH … FINALIZE)")
		}
	}
}

// ifTrue returns s when cond holds, "" otherwise.
func ifTrue(cond bool, s string) string {
	if cond {
		return s
	}
	return ""
}

// work is one kind of work a command does, and what it does.
type work struct {
	kind Work
	what string
}

// constraintWork says what adding a constraint to rel scans or builds:
// nothing when it is quick (NOT VALID, UNIQUE USING INDEX, PRIMARY KEY
// USING INDEX on columns already proven NOT NULL).
func constraintWork(p *Pass, rel *pgparse.RangeVar, con *pgparse.Constraint) []work {
	if con == nil {
		return nil
	}
	name := quoteName(con.Conname)
	switch con.Contype {
	case pgparse.ConstrType_CONSTR_CHECK:
		if !con.SkipValidation {
			return []work{{WorkScan, "adds CHECK constraint " + name + " without NOT VALID, which scans the table"}}
		}
	case pgparse.ConstrType_CONSTR_FOREIGN:
		if !con.SkipValidation {
			return []work{{WorkScan, "adds foreign key " + name + " without NOT VALID, which scans the table"}}
		}
	case pgparse.ConstrType_CONSTR_PRIMARY, pgparse.ConstrType_CONSTR_UNIQUE:
		if con.Indexname == "" {
			out := []work{{WorkBuild, "adds constraint " + name + ", which builds its index"}}
			if con.Contype == pgparse.ConstrType_CONSTR_PRIMARY && len(pkKeyUnproven(p, rel, strs(con.Keys))) > 0 {
				out = append(out, work{WorkScan, "adds primary key " + name + ", which sets its columns NOT NULL and scans the table"})
			}
			return out
		}
		if con.Contype == pgparse.ConstrType_CONSTR_PRIMARY {
			if cols := pkUnprovenColumns(p, rel, con.Indexname); len(cols) > 0 {
				return []work{{WorkScan, "adds primary key " + name + " using index " + quoteName(con.Indexname) +
					", which sets its columns NOT NULL and scans the table"}}
			}
		}
	case pgparse.ConstrType_CONSTR_EXCLUSION:
		return []work{{WorkBuild, "adds exclusion constraint " + name + ", which builds its index"}}
	}
	return nil
}

// addColumnWork says what adding a column does with the table's rows:
// rewrites it (serial, identity, generated, a volatile default), builds an
// index (inline PRIMARY KEY, UNIQUE, EXCLUDE), scans it (inline CHECK, a
// foreign key on a column that gets a value); nothing when it only changes
// the catalog. NOT NULL without a value is no long scan: PostgreSQL fails
// on the first existing row (add-column-required).
func addColumnWork(p *Pass, cd *pgparse.ColumnDef) []work {
	if cd == nil {
		return nil
	}
	col := quoteName(cd.Colname)
	var out []work
	rewrite := func(what string) {
		if len(out) == 0 || out[0].kind != WorkRewrite {
			out = append([]work{{WorkRewrite, what}}, out...)
		}
	}
	if isSerialType(cd) {
		rewrite("adds serial column " + col + ", which rewrites the table")
	}
	if cd.Identity != "" || cd.Generated != "" {
		rewrite("adds generated column " + col + ", which rewrites the table")
	}
	scans := false
	for _, c := range cd.Constraints {
		con := c.GetConstraint()
		switch con.GetContype() {
		case pgparse.ConstrType_CONSTR_IDENTITY, pgparse.ConstrType_CONSTR_GENERATED:
			rewrite("adds generated column " + col + ", which rewrites the table")
		case pgparse.ConstrType_CONSTR_DEFAULT:
			if !p.PG.AtLeast(11, 0) && !isNullConst(con.RawExpr) || volatileCallIn(p, con.RawExpr) != "" {
				rewrite("adds column " + col + " with a default that rewrites the table")
			}
		case pgparse.ConstrType_CONSTR_PRIMARY, pgparse.ConstrType_CONSTR_UNIQUE, pgparse.ConstrType_CONSTR_EXCLUSION:
			out = append(out, work{WorkBuild, "adds column " + col + " with a constraint that builds an index"})
		case pgparse.ConstrType_CONSTR_CHECK:
			scans = true
		case pgparse.ConstrType_CONSTR_FOREIGN:
			// A new column without a value in the existing rows is NULL
			// everywhere: PostgreSQL marks its key valid without a scan.
			scans = scans || newColumnGetsValues(cd)
		}
	}
	if scans {
		out = append(out, work{WorkScan, "adds column " + col + " with a constraint that scans the table"})
	}
	return out
}

// hasWork reports whether a list of work holds work of kind k.
func hasWork(ws []work, k Work) bool {
	for _, w := range ws {
		if w.kind == k {
			return true
		}
	}
	return false
}

// workItems returns what apply's report shows of a statement's work.
func workItems(items []workItem) []WorkItem {
	var out []WorkItem
	for _, it := range items {
		out = append(out, WorkItem{Kind: it.kind, Relation: it.key, What: it.what, Blocks: it.blocks})
	}
	return out
}

// domainKey is the catalog key of the domain an ALTER DOMAIN changes.
func domainKey(ad *pgparse.AlterDomainStmt) string { return nameKey(ad.TypeName) }

// domainIsNew reports whether the domain was created earlier in this file.
func domainIsNew(p *Pass, ad *pgparse.AlterDomainStmt) bool { return p.Tx.IsNew(domainKey(ad)) }

// domainWhat says what an ALTER DOMAIN checks in every stored value of the
// domain, "" when it checks nothing. Subtype is the one-letter command:
// C add constraint, O set not null, V validate constraint.
func domainWhat(ad *pgparse.AlterDomainStmt) string {
	switch ad.Subtype {
	case "C":
		con := ad.GetDef().GetConstraint()
		switch {
		case con == nil || con.SkipValidation:
		case con.Contype == pgparse.ConstrType_CONSTR_CHECK:
			return "adds " + constraintPhrase("CHECK constraint", con.Conname) + " without NOT VALID, which checks every stored value"
		case con.Contype == pgparse.ConstrType_CONSTR_NOTNULL:
			return "adds a NOT NULL constraint, which checks every stored value"
		}
	case "O":
		return "sets NOT NULL, which checks every stored value"
	case "V":
		return "validates constraint " + quoteName(ad.Name) + ", which checks every stored value"
	}
	return ""
}

// domainScans returns the relation standing for the tables an ALTER
// DOMAIN scans, keyed by the domain: nil when it scans nothing or the
// domain is new.
func domainScans(p *Pass, ad *pgparse.AlterDomainStmt) []*pgparse.RangeVar {
	if domainWhat(ad) == "" || domainIsNew(p, ad) {
		return nil
	}
	sch, name, _ := strings.Cut(domainKey(ad), ".")
	return []*pgparse.RangeVar{{Schemaname: sch, Relname: name, Location: -1}}
}
