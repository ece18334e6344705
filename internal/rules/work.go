package rules

import (
	"strings"

	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
)

// This file holds which parts of a statement run for a time that grows
// with the size of a relation: rewrites, full scans, index builds.

// slowOp is a part of a statement whose run time grows with the size of a
// relation: a rewrite, a full scan, an index build, a change to every row.
type slowOp struct {
	key  string // catalog key of the relation it works through
	loc  int32
	temp bool
	// what says what runs long, e.g. `changes the type of column "email"`.
	what string
	// blocks is set when the statement holds a lock that blocks writes
	// (or reads) of the relation while it runs.
	blocks bool
	// onCancel is set for operations built to run long without blocking
	// (CONCURRENTLY builds, VALIDATE CONSTRAINT), which a short
	// statement_timeout cancels: it says what a cancel leaves behind.
	onCancel string
}

// slowOps returns the long-running parts of a statement.
func slowOps(p *Pass, n *pgparse.Node) []slowOp {
	var out []slowOp
	add := func(rv *pgparse.RangeVar, what string, blocks bool, onCancel string) {
		if rv != nil && rv.Relname != "" {
			out = append(out, slowOp{key: schema.RelKey(rv), loc: rv.Location, temp: rv.Relpersistence == "t",
				what: what, blocks: blocks, onCancel: onCancel})
		}
	}
	switch s := n.Node.(type) {
	case *pgparse.Node_AlterTableStmt:
		for _, c := range s.AlterTableStmt.Cmds {
			alterSlowOps(p, s.AlterTableStmt.Relation, c.GetAlterTableCmd(), add)
		}
	case *pgparse.Node_IndexStmt:
		idx := s.IndexStmt
		add(idx.Relation, "builds index "+indexName(idx), !idx.Concurrent, ifTrue(idx.Concurrent, "an INVALID index"))
	case *pgparse.Node_ReindexStmt:
		conc := HasOption(s.ReindexStmt.Params, "concurrently")
		add(s.ReindexStmt.Relation, "rebuilds its indexes", !conc, ifTrue(conc, "INVALID _ccnew indexes"))
	case *pgparse.Node_UpdateStmt:
		if s.UpdateStmt.WhereClause == nil {
			add(s.UpdateStmt.Relation, "updates every row", true, "")
		}
	case *pgparse.Node_DeleteStmt:
		if s.DeleteStmt.WhereClause == nil {
			add(s.DeleteStmt.Relation, "deletes every row", true, "")
		}
	case *pgparse.Node_VacuumStmt:
		if HasOption(s.VacuumStmt.Options, "full") {
			for _, r := range s.VacuumStmt.Rels {
				add(r.GetVacuumRelation().GetRelation(), "rewrites the table", true, "")
			}
		}
	case *pgparse.Node_ClusterStmt:
		add(s.ClusterStmt.Relation, "rewrites the table", true, "")
	case *pgparse.Node_RefreshMatViewStmt:
		r := s.RefreshMatViewStmt
		if !r.SkipData {
			add(r.Relation, "recomputes the view", !r.Concurrent, "")
		}
	}
	return out
}

// alterSlowOps adds the long-running parts of one ALTER TABLE command.
func alterSlowOps(p *Pass, rel *pgparse.RangeVar, cmd *pgparse.AlterTableCmd, add func(*pgparse.RangeVar, string, bool, string)) {
	if cmd == nil {
		return
	}
	switch cmd.Subtype {
	case pgparse.AlterTableType_AT_AlterColumnType:
		if !typeChangeIsCatalogOnly(p, rel, cmd) {
			add(rel, "changes the type of column "+quoteName(cmd.Name), true, "")
		}
	case pgparse.AlterTableType_AT_SetNotNull:
		add(rel, "sets column "+quoteName(cmd.Name)+" NOT NULL, which scans the table", true, "")
	case pgparse.AlterTableType_AT_AddConstraint:
		if what := constraintWork(cmd.GetDef().GetConstraint()); what != "" {
			add(rel, what, true, "")
		}
	case pgparse.AlterTableType_AT_AddColumn:
		if what := addColumnWork(p, cmd.GetDef().GetColumnDef()); what != "" {
			add(rel, what, true, "")
		}
	case pgparse.AlterTableType_AT_ValidateConstraint:
		add(rel, "validates constraint "+quoteName(cmd.Name)+", which scans the table", false, "the constraint NOT VALID")
	case pgparse.AlterTableType_AT_SetLogged, pgparse.AlterTableType_AT_SetUnLogged,
		pgparse.AlterTableType_AT_SetAccessMethod:
		add(rel, "rewrites the table", true, "")
	case pgparse.AlterTableType_AT_SetTableSpace:
		add(rel, "copies the table to tablespace "+quoteName(cmd.Name), true, "")
	case pgparse.AlterTableType_AT_AttachPartition:
		add(cmd.GetDef().GetPartitionCmd().GetName(), "scans the partition it attaches", true, "")
	case pgparse.AlterTableType_AT_DetachPartition:
		if cmd.GetDef().GetPartitionCmd().GetConcurrent() {
			add(rel, "waits for every transaction that uses the partition", false, "the detach pending (finish it with DETACH … FINALIZE)")
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

// constraintWork says what adding a constraint scans or builds, "" when it
// is quick (NOT VALID, USING INDEX, NOT NULL through a catalog flag…).
func constraintWork(con *pgparse.Constraint) string {
	if con == nil {
		return ""
	}
	switch con.Contype {
	case pgparse.ConstrType_CONSTR_CHECK:
		if !con.SkipValidation {
			return "adds CHECK constraint " + quoteName(con.Conname) + " without NOT VALID, which scans the table"
		}
	case pgparse.ConstrType_CONSTR_FOREIGN:
		if !con.SkipValidation {
			return "adds foreign key " + quoteName(con.Conname) + " without NOT VALID, which scans the table"
		}
	case pgparse.ConstrType_CONSTR_PRIMARY, pgparse.ConstrType_CONSTR_UNIQUE:
		if con.Indexname == "" {
			return "adds constraint " + quoteName(con.Conname) + ", which builds its index"
		}
	case pgparse.ConstrType_CONSTR_EXCLUSION:
		return "adds exclusion constraint " + quoteName(con.Conname) + ", which builds its index"
	}
	return ""
}

// addColumnWork says why adding a column rewrites or scans the table, "" when
// it only changes the catalog.
func addColumnWork(p *Pass, cd *pgparse.ColumnDef) string {
	if cd == nil {
		return ""
	}
	col := quoteName(cd.Colname)
	if names := strs(cd.GetTypeName().GetNames()); len(names) > 0 && serialTypes[strings.ToLower(names[len(names)-1])] {
		return "adds serial column " + col + ", which rewrites the table"
	}
	for _, c := range cd.Constraints {
		con := c.GetConstraint()
		switch con.GetContype() {
		case pgparse.ConstrType_CONSTR_IDENTITY, pgparse.ConstrType_CONSTR_GENERATED:
			return "adds generated column " + col + ", which rewrites the table"
		case pgparse.ConstrType_CONSTR_DEFAULT:
			if !p.PG.AtLeast(11, 0) || hasVolatileCall(con.RawExpr) {
				return "adds column " + col + " with a default that rewrites the table"
			}
		}
		if constraintWork(con) == "" {
			continue
		}
		if k := con.Contype; k == pgparse.ConstrType_CONSTR_PRIMARY || k == pgparse.ConstrType_CONSTR_UNIQUE ||
			k == pgparse.ConstrType_CONSTR_EXCLUSION {
			return "adds column " + col + " with a constraint that builds an index"
		}
		return "adds column " + col + " with a constraint that scans the table"
	}
	return ""
}
