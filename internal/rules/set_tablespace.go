package rules

import (
	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
)

// setTablespace flags moving an existing table, index or materialized view
// to another tablespace, which copies its files under ACCESS EXCLUSIVE.
//
//	ALTER TABLE events SET TABLESPACE archive;                  -- flagged
//	ALTER TABLE ALL IN TABLESPACE pg_default SET TABLESPACE ssd; -- flagged
var setTablespace = &Rule{
	ID:       "set-tablespace",
	Peers:    []string{"eugene:E10"},
	Title:    "set tablespace copies the relation while blocking all access",
	Severity: Error,
	Lock:     "ACCESS EXCLUSIVE",
	Detects: "`ALTER TABLE|INDEX|MATERIALIZED VIEW … SET TABLESPACE` on a relation that existed before this migration, " +
		"and `ALTER … ALL IN TABLESPACE … SET TABLESPACE`.",
	Why: "Moving a relation copies every file of it to the new tablespace while holding ACCESS EXCLUSIVE: every query on " +
		"the table (for an index: every query that plans on its table) waits until the copy is done. The time grows " +
		"with the size of the relation and the speed of the disks. ALL IN TABLESPACE does this for every relation there.",
	Fix: "Move large relations online with pg_repack (`--tablespace`, `--moveidx`), or create new indexes concurrently " +
		"in the target tablespace and drop the old ones. Otherwise move them by hand in a maintenance window.",
	Help: "move large relations with pg_repack or in a maintenance window, not in a migration",
	Check: func(p *Pass) {
		switch n := p.Node().GetNode().(type) {
		case *pgparse.Node_AlterTableMoveAllStmt:
			m := n.AlterTableMoveAllStmt
			p.Report(-1, "moving every %s of tablespace %q to %q copies each one under ACCESS EXCLUSIVE",
				moveAllWord(m.Objtype), m.OrigTablespacename, m.NewTablespacename)
		case *pgparse.Node_AlterTableStmt:
			at := n.AlterTableStmt
			if p.IsNew(at.Relation) {
				return
			}
			for _, c := range at.Cmds {
				cmd := c.GetAlterTableCmd()
				if cmd.GetSubtype() != pgparse.AlterTableType_AT_SetTableSpace {
					continue
				}
				if at.Objtype == pgparse.ObjectType_OBJECT_INDEX {
					p.ReportWork(at.Relation.Location, WorkRewrite, "SET TABLESPACE copies index %q to %q under ACCESS EXCLUSIVE: every query on %q waits until the copy is done",
						displayRel(at.Relation), cmd.Name, queuedOn(p, schema.RelKey(at.Relation)))
					continue
				}
				p.ReportWork(at.Relation.Location, WorkRewrite, "SET TABLESPACE copies %q to %q under ACCESS EXCLUSIVE: every query on it waits until the copy is done",
					displayRel(at.Relation), cmd.Name)
			}
		}
	},
}

func init() { Register(setTablespace) }

// moveAllWord names the kind of relation ALTER … ALL IN TABLESPACE moves.
func moveAllWord(t pgparse.ObjectType) string {
	switch t {
	case pgparse.ObjectType_OBJECT_INDEX:
		return "index"
	case pgparse.ObjectType_OBJECT_MATVIEW:
		return "materialized view"
	}
	return "table"
}
