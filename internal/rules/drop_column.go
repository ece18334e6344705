package rules

import (
	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
)

// dropColumn flags ALTER TABLE … DROP COLUMN on a table that existed before
// the migration.
//
//	ALTER TABLE users DROP COLUMN nickname;   -- flagged
//
//	ALTER TABLE users ADD COLUMN tmp text;
//	ALTER TABLE users DROP COLUMN tmp;        -- fine: added in this migration
var dropColumn = &Rule{
	ID:       "drop-column",
	Peers:    []string{"squawk:ban-drop-column"},
	Title:    "dropping a column breaks code that still reads or writes it",
	Severity: Warning,
	Lock:     "ACCESS EXCLUSIVE",
	Detects: "`ALTER TABLE … DROP COLUMN` on a table that existed before this migration. Tables created earlier in " +
		"the same file, temporary tables, columns added earlier in the same file, and `DROP COLUMN IF EXISTS` of a " +
		"column the schema built by the migrations does not have are left alone.",
	Why: "The migration commits before every running instance of the application is replaced. Until then, old code " +
		"that selects the column, inserts or updates it by name, or maps it in an ORM model (which often lists every " +
		"column it knows) fails with \"column does not exist\". The data of the column is gone, indexes and " +
		"constraints that use it are dropped with it, and with CASCADE so are the views that use it. The DROP itself " +
		"is quick (the column is only marked dropped) but waits for ACCESS EXCLUSIVE, queueing every query on the " +
		"table behind it.",
	Fix: "Contract in two deployments: first ship code that no longer reads or writes the column (for example Rails " +
		"`ignored_columns`, or removing it from the ORM model); then drop it in a later migration with " +
		"`ALTER TABLE … DROP COLUMN IF EXISTS …`, with a lock_timeout set.",
	Help: "ship code that no longer uses the column first, then drop it in a later migration",
	Check: func(p *Pass) {
		at := p.Node().GetAlterTableStmt()
		if at == nil || (at.Objtype != pgparse.ObjectType_OBJECT_TABLE && at.Objtype != pgparse.ObjectType_OBJECT_FOREIGN_TABLE) {
			return
		}
		objs := createdInFile(p)
		if objs.relation(p, at.Relation) {
			return
		}
		table := schema.RelKey(at.Relation)
		known := p.Table(at.Relation)
		for _, c := range at.Cmds {
			cmd := c.GetAlterTableCmd()
			if cmd.GetSubtype() != pgparse.AlterTableType_AT_DropColumn || objs.column(table, cmd.Name) {
				continue
			}
			if cmd.MissingOk && known != nil && !known.ColumnsUnknown && known.Column(cmd.Name) == nil {
				continue // IF EXISTS of a column that is already gone
			}
			cascade := ""
			if cmd.Behavior == pgparse.DropBehavior_DROP_CASCADE {
				cascade = ", and CASCADE also drops the views that use it"
			}
			p.Report(at.Relation.Location, "dropping column %q of %q deletes its data and breaks running application code that still reads or writes it%s",
				cmd.Name, displayRel(at.Relation), cascade)
		}
	},
}

func init() { Register(dropColumn) }
