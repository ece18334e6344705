package rules

import (
	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
)

// preferRobustStmts flags statements that fail when a migration that ran
// part-way outside a transaction is run again.
//
//	-- migguard:tx none
//	CREATE TABLE events (id bigint PRIMARY KEY);               -- flagged
//	CREATE INDEX CONCURRENTLY events_at_idx ON events (at);    -- flagged
//
//	CREATE TABLE IF NOT EXISTS events (id bigint PRIMARY KEY); -- fine
var preferRobustStmts = &Rule{
	ID:       "prefer-robust-stmts",
	Peers:    []string{"squawk:prefer-robust-stmts"},
	Title:    "statement that fails when a half-applied migration is re-run",
	Severity: Info,
	Optional: true,
	Detects: "Outside a transaction block, in a file with more than one statement: CREATE TABLE, CREATE TABLE AS, " +
		"CREATE MATERIALIZED VIEW, CREATE INDEX, CREATE SEQUENCE, CREATE SCHEMA, CREATE EXTENSION without IF NOT " +
		"EXISTS; CREATE VIEW, FUNCTION or PROCEDURE without OR REPLACE; DROP … without IF EXISTS; ALTER TABLE … ADD " +
		"COLUMN without IF NOT EXISTS, DROP COLUMN and DROP CONSTRAINT without IF EXISTS, ADD CONSTRAINT, ATTACH and " +
		"DETACH PARTITION, RENAME; ALTER TYPE … ADD VALUE without IF NOT EXISTS. `CREATE INDEX CONCURRENTLY` without " +
		"IF NOT EXISTS is flagged anywhere. A CREATE or ADD right after a DROP … IF EXISTS of the same name (no other " +
		"statement created it again in between: the guard covers the one statement it guards), and temporary tables, " +
		"are left alone.",
	Why: "Outside a transaction each statement commits on its own. When a later statement fails, the earlier ones " +
		"stay applied, the tool does not record the migration, and the fixed migration is run again from the top: " +
		"the first CREATE fails because the object exists, the first DROP because it is gone. A failed or cancelled " +
		"CREATE INDEX CONCURRENTLY leaves an INVALID index of its name behind even when it runs alone.",
	Fix: "Write each statement so that running it twice is harmless: `CREATE … IF NOT EXISTS`, `DROP … IF EXISTS`, " +
		"`ADD COLUMN IF NOT EXISTS`, `CREATE OR REPLACE`, `ADD VALUE IF NOT EXISTS`, and `DROP CONSTRAINT IF EXISTS c` " +
		"before `ADD CONSTRAINT c`. After a failed concurrent build, drop the INVALID index before re-running. Or run " +
		"the file in one transaction when nothing in it needs to run outside one.",
	Help: "make the statement re-runnable (IF [NOT] EXISTS, OR REPLACE), or run the file in one transaction",
	Check: func(p *Pass) {
		n := p.Node()
		if n == nil {
			return
		}
		st := Scratch(p, func() *robustState { return &robustState{dropped: map[string]bool{}} })
		if !isSessionStmt(n) {
			st.acts++
		}
		dropped := st.dropped
		recordDropsIfExists(n, dropped)
		defer forgetGuards(n, dropped)
		if idx := n.GetIndexStmt(); idx != nil && idx.Concurrent && !idx.IfNotExists {
			if idx.Idxname == "" {
				p.Report(-1, "CREATE INDEX CONCURRENTLY on %q without a name: a re-run after a failure builds a second "+
					"index; name it and add IF NOT EXISTS", displayRel(idx.Relation))
			} else if !dropped["index:"+indexKey(idx)] {
				p.Report(-1, "CREATE INDEX CONCURRENTLY %s without IF NOT EXISTS: a failed or cancelled build leaves an "+
					"INVALID index of that name behind, and re-running the migration fails here", indexName(idx))
			}
			return
		}
		if p.Tx.Open {
			return
		}
		// Only a file of several statements that do something can stop
		// half-way: until this one has enough, its findings wait for the
		// statements after it.
		need := 2 - st.acts
		if need <= 0 {
			notRerunnable(p, n, dropped)
			return
		}
		p.hold(func() { notRerunnable(p, n, dropped) }, func(s *pgparse.Stmt) later {
			if s.Node != nil && !isSessionStmt(s.Node) {
				if need--; need == 0 {
					return laterKeep
				}
			}
			return laterNext
		}, func(_ []Finding, eof bool) bool { return !eof })
	},
}

// robustState is prefer-robust-stmts' state in a file.
type robustState struct {
	// dropped are the objects dropped with IF EXISTS and not created
	// since (see recordDropsIfExists).
	dropped map[string]bool
	// acts counts the statements so far that do something (isSessionStmt).
	acts int
}

// notRerunnable reports what statement n, run outside a transaction in a
// file of several statements, leaves behind that makes a re-run fail.
func notRerunnable(p *Pass, n *pgparse.Node, dropped map[string]bool) {
	const rerun = "runs outside a transaction: if a later statement fails, re-running the migration fails here because "
	report := func(loc int32, what, why string) { p.Report(loc, "%s %s%s", what, rerun, why) }
	switch s := n.Node.(type) {
	case *pgparse.Node_CreateStmt:
		cs := s.CreateStmt
		if !cs.IfNotExists && cs.Relation.GetRelpersistence() != "t" && !dropped["rel:"+schema.RelKey(cs.Relation)] {
			report(cs.Relation.Location, "CREATE TABLE "+quoteName(displayRel(cs.Relation))+" without IF NOT EXISTS",
				"the table already exists")
		}
	case *pgparse.Node_CreateTableAsStmt:
		ct := s.CreateTableAsStmt
		rel := ct.GetInto().GetRel()
		if !ct.IfNotExists && rel.GetRelpersistence() != "t" && !dropped["rel:"+schema.RelKey(rel)] {
			word := "CREATE TABLE AS"
			if ct.Objtype == pgparse.ObjectType_OBJECT_MATVIEW {
				word = "CREATE MATERIALIZED VIEW"
			}
			report(rel.GetLocation(), word+" "+quoteName(displayRel(rel))+" without IF NOT EXISTS", "it already exists")
		}
	case *pgparse.Node_IndexStmt:
		idx := s.IndexStmt
		switch {
		case idx.IfNotExists || isTempRel(p, idx.Relation):
		case idx.Idxname == "":
			p.Report(-1, "CREATE INDEX on %q without a name runs outside a transaction: a re-run after a later "+
				"failure builds a second index; name it and add IF NOT EXISTS", displayRel(idx.Relation))
		case !dropped["index:"+indexKey(idx)]:
			report(-1, "CREATE INDEX "+indexName(idx)+" without IF NOT EXISTS", "the index already exists")
		}
	case *pgparse.Node_CreateSeqStmt:
		if !s.CreateSeqStmt.IfNotExists && s.CreateSeqStmt.Sequence.GetRelpersistence() != "t" {
			report(-1, "CREATE SEQUENCE "+quoteName(displayRel(s.CreateSeqStmt.Sequence))+" without IF NOT EXISTS",
				"the sequence already exists")
		}
	case *pgparse.Node_CreateSchemaStmt:
		if !s.CreateSchemaStmt.IfNotExists {
			report(-1, "CREATE SCHEMA "+quoteName(s.CreateSchemaStmt.Schemaname)+" without IF NOT EXISTS",
				"the schema already exists")
		}
	case *pgparse.Node_CreateExtensionStmt:
		if !s.CreateExtensionStmt.IfNotExists {
			report(-1, "CREATE EXTENSION "+quoteName(s.CreateExtensionStmt.Extname)+" without IF NOT EXISTS",
				"the extension already exists")
		}
	case *pgparse.Node_ViewStmt:
		if !s.ViewStmt.Replace && s.ViewStmt.View.GetRelpersistence() != "t" && !dropped["rel:"+schema.RelKey(s.ViewStmt.View)] {
			report(s.ViewStmt.View.GetLocation(), "CREATE VIEW "+quoteName(displayRel(s.ViewStmt.View))+" without OR REPLACE",
				"the view already exists")
		}
	case *pgparse.Node_CreateFunctionStmt:
		if !s.CreateFunctionStmt.Replace {
			word := "CREATE FUNCTION"
			if s.CreateFunctionStmt.IsProcedure {
				word = "CREATE PROCEDURE"
			}
			report(-1, word+" "+quoteName(displayKey(nameKey(s.CreateFunctionStmt.Funcname)))+" without OR REPLACE",
				"it already exists")
		}
	case *pgparse.Node_DropStmt:
		if !s.DropStmt.MissingOk {
			what := "DROP " + dropObjectWord(s.DropStmt.RemoveType)
			if len(s.DropStmt.Objects) > 0 {
				o := s.DropStmt.Objects[0]
				k := listKey(o)
				if tn := o.GetTypeName(); tn != nil {
					k = nameKey(tn.Names)
				}
				if k != "" {
					what += " " + quoteName(displayKey(k))
				}
			}
			report(-1, what+" without IF EXISTS", "it is already gone")
		}
	case *pgparse.Node_RenameStmt:
		what := commandTag(n)
		if rv := s.RenameStmt.Relation; rv != nil {
			what += " " + quoteName(displayRel(rv))
		}
		report(-1, what+" RENAME", "the old name no longer exists")
	case *pgparse.Node_AlterEnumStmt:
		ae := s.AlterEnumStmt
		if ae.NewVal != "" && ae.OldVal == "" && !ae.SkipIfNewValExists {
			report(-1, "ALTER TYPE "+quoteName(displayKey(nameKey(ae.TypeName)))+" ADD VALUE "+quoteName(ae.NewVal)+
				" without IF NOT EXISTS", "the value already exists")
		}
	case *pgparse.Node_AlterTableStmt:
		at := s.AlterTableStmt
		if isTempRel(p, at.Relation) || at.Objtype != pgparse.ObjectType_OBJECT_TABLE {
			return
		}
		rel := schema.RelKey(at.Relation)
		on := " on " + quoteName(displayRel(at.Relation))
		for _, c := range at.Cmds {
			cmd := c.GetAlterTableCmd()
			switch cmd.GetSubtype() {
			case pgparse.AlterTableType_AT_AddColumn:
				cd := cmd.GetDef().GetColumnDef()
				if !cmd.MissingOk && !dropped["column:"+rel+"."+cd.GetColname()] {
					report(cd.GetLocation(), "ADD COLUMN "+quoteName(cd.GetColname())+on+" without IF NOT EXISTS",
						"the column already exists")
				}
			case pgparse.AlterTableType_AT_DropColumn:
				if !cmd.MissingOk {
					report(at.Relation.Location, "DROP COLUMN "+quoteName(cmd.Name)+on+" without IF EXISTS",
						"the column is already gone")
				}
			case pgparse.AlterTableType_AT_DropConstraint:
				if !cmd.MissingOk {
					report(at.Relation.Location, "DROP CONSTRAINT "+quoteName(cmd.Name)+on+" without IF EXISTS",
						"the constraint is already gone")
				}
			case pgparse.AlterTableType_AT_AddConstraint:
				con := cmd.GetDef().GetConstraint()
				if con.GetConname() == "" {
					p.Report(con.GetLocation(), "unnamed ADD CONSTRAINT%s runs outside a transaction: a re-run after a "+
						"later failure adds a second copy under another name; name it and drop it with IF EXISTS first", on)
				} else if !dropped["constraint:"+rel+"."+con.GetConname()] {
					report(con.GetLocation(), "ADD CONSTRAINT "+quoteName(con.GetConname())+on,
						"the constraint already exists (ADD CONSTRAINT has no IF NOT EXISTS: drop it with IF EXISTS first)")
				}
			case pgparse.AlterTableType_AT_AttachPartition:
				report(at.Relation.Location, "ATTACH PARTITION"+on, "the partition is already attached")
			case pgparse.AlterTableType_AT_DetachPartition:
				report(at.Relation.Location, "DETACH PARTITION"+on, "the partition is already detached")
			}
		}
	}
}

func init() { Register(preferRobustStmts) }

// indexKey is the catalog key of the index a CREATE INDEX names.
func indexKey(idx *pgparse.IndexStmt) string {
	return schema.Key(idx.Relation.GetSchemaname(), idx.Idxname)
}

// recordDropsIfExists remembers the objects a statement drops with IF
// EXISTS, after which creating them again without IF NOT EXISTS is safe.
func recordDropsIfExists(n *pgparse.Node, dropped map[string]bool) {
	switch s := n.Node.(type) {
	case *pgparse.Node_DropStmt:
		if !s.DropStmt.MissingOk {
			return
		}
		kind := "rel:"
		if s.DropStmt.RemoveType == pgparse.ObjectType_OBJECT_INDEX {
			kind = "index:"
		}
		for _, o := range s.DropStmt.Objects {
			if k := listKey(o); k != "" {
				dropped[kind+k] = true
			}
		}
	case *pgparse.Node_AlterTableStmt:
		rel := schema.RelKey(s.AlterTableStmt.Relation)
		for _, c := range s.AlterTableStmt.Cmds {
			cmd := c.GetAlterTableCmd()
			if !cmd.GetMissingOk() {
				continue
			}
			switch cmd.GetSubtype() {
			case pgparse.AlterTableType_AT_DropConstraint:
				dropped["constraint:"+rel+"."+cmd.Name] = true
			case pgparse.AlterTableType_AT_DropColumn:
				dropped["column:"+rel+"."+cmd.Name] = true
			}
		}
	}
}

// forgetGuards ends the guards of the objects a statement creates: a DROP
// … IF EXISTS makes only the next statement that creates the object safe
// to re-run, for once that statement has created it again, a second
// creation finds it on a re-run.
func forgetGuards(n *pgparse.Node, dropped map[string]bool) {
	switch s := n.Node.(type) {
	case *pgparse.Node_CreateStmt:
		delete(dropped, "rel:"+schema.RelKey(s.CreateStmt.Relation))
	case *pgparse.Node_CreateTableAsStmt:
		delete(dropped, "rel:"+schema.RelKey(s.CreateTableAsStmt.GetInto().GetRel()))
	case *pgparse.Node_ViewStmt:
		delete(dropped, "rel:"+schema.RelKey(s.ViewStmt.View))
	case *pgparse.Node_IndexStmt:
		if s.IndexStmt.Idxname != "" {
			delete(dropped, "index:"+indexKey(s.IndexStmt))
		}
	case *pgparse.Node_AlterTableStmt:
		rel := schema.RelKey(s.AlterTableStmt.Relation)
		for _, c := range s.AlterTableStmt.Cmds {
			cmd := c.GetAlterTableCmd()
			switch cmd.GetSubtype() {
			case pgparse.AlterTableType_AT_AddConstraint:
				delete(dropped, "constraint:"+rel+"."+cmd.GetDef().GetConstraint().GetConname())
			case pgparse.AlterTableType_AT_AddColumn:
				delete(dropped, "column:"+rel+"."+cmd.GetDef().GetColumnDef().GetColname())
			}
		}
	}
}

// dropObjectWord is the SQL keyword of the object a DROP removes.
func dropObjectWord(t pgparse.ObjectType) string {
	switch t {
	case pgparse.ObjectType_OBJECT_TYPE:
		return "TYPE"
	case pgparse.ObjectType_OBJECT_DOMAIN:
		return "DOMAIN"
	case pgparse.ObjectType_OBJECT_FUNCTION:
		return "FUNCTION"
	case pgparse.ObjectType_OBJECT_PROCEDURE:
		return "PROCEDURE"
	case pgparse.ObjectType_OBJECT_SCHEMA:
		return "SCHEMA"
	case pgparse.ObjectType_OBJECT_EXTENSION:
		return "EXTENSION"
	case pgparse.ObjectType_OBJECT_TABLE, pgparse.ObjectType_OBJECT_INDEX, pgparse.ObjectType_OBJECT_MATVIEW,
		pgparse.ObjectType_OBJECT_VIEW, pgparse.ObjectType_OBJECT_FOREIGN_TABLE, pgparse.ObjectType_OBJECT_SEQUENCE,
		pgparse.ObjectType_OBJECT_TRIGGER, pgparse.ObjectType_OBJECT_RULE, pgparse.ObjectType_OBJECT_POLICY:
		return objectWord(t)
	}
	return "…"
}

// isTempRel reports whether a relation is temporary, as written or as the
// catalog knows it.
func isTempRel(p *Pass, rv *pgparse.RangeVar) bool {
	if rv.GetRelpersistence() == "t" {
		return true
	}
	t := p.Table(rv)
	return t != nil && t.Persistence == 't'
}
