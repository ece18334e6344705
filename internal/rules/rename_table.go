package rules

import (
	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
)

// renameTable flags renaming a table or view that existed before the
// migration, unless the same transaction keeps the old name working.
//
//	ALTER TABLE users RENAME TO customers;                 -- flagged
//
//	BEGIN;
//	ALTER TABLE users RENAME TO customers;                 -- fine: the view
//	CREATE VIEW users AS SELECT * FROM customers;          -- keeps "users" working
//	COMMIT;
var renameTable = &Rule{
	ID:       "rename-table",
	Peers:    []string{"squawk:renaming-table"},
	Title:    "renaming a table breaks code that still uses the old name",
	Severity: Warning,
	Lock:     "ACCESS EXCLUSIVE",
	Detects: "`ALTER TABLE|VIEW|MATERIALIZED VIEW|FOREIGN TABLE … RENAME TO` of a relation that existed before this " +
		"migration. Relations created earlier in the same file and temporary tables are left alone, and so is a " +
		"rename after which the same transaction gives the old name back to a relation: a compatibility view " +
		"(`CREATE VIEW old AS SELECT * FROM new`) or another relation renamed to it (a table swap).",
	Why: "The rename is instant, but the migration commits before every running instance of the application is " +
		"replaced: until then, every query of old code that names the table fails with \"relation does not exist\". " +
		"There is no moment at which old and new code both work. The rename also waits for ACCESS EXCLUSIVE, " +
		"queueing every query on the table behind it.",
	Fix: "Rename and create a view under the old name in the same transaction: " +
		"`ALTER TABLE users RENAME TO customers; CREATE VIEW users AS SELECT * FROM customers;`. A simple view like " +
		"this is updatable, so old code keeps reading and writing through it. Drop the view in a later migration " +
		"once no code uses the old name.",
	Help: "in the same transaction, CREATE VIEW <old name> AS SELECT * FROM <new name>; drop the view later",
	Check: func(p *Pass) {
		r := p.Node().GetRenameStmt()
		if r == nil || r.Relation == nil {
			return
		}
		switch r.RenameType {
		case pgparse.ObjectType_OBJECT_TABLE, pgparse.ObjectType_OBJECT_VIEW, pgparse.ObjectType_OBJECT_MATVIEW,
			pgparse.ObjectType_OBJECT_FOREIGN_TABLE:
		default:
			return
		}
		objs := createdInFile(p)
		key := schema.RelKey(r.Relation)
		if objs.relation(p, r.Relation) {
			return
		}
		unlessNameTakenOverInTx(p, key, func() {
			p.Report(r.Relation.Location, "renaming %s %q to %q breaks running application code that still uses %q",
				relationWord(r.RenameType), displayRel(r.Relation), r.Newname, r.Relation.Relname)
		})
	},
}

func init() { Register(renameTable) }
