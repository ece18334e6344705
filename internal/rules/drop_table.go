package rules

import "github.com/migguard/migguard/internal/pgparse"

// dropTable flags DROP TABLE (and DROP VIEW, MATERIALIZED VIEW, FOREIGN
// TABLE) of a relation that existed before the migration.
//
//	DROP TABLE legacy_events;                 -- flagged
//
//	CREATE TABLE scratch (id int);
//	DROP TABLE scratch;                       -- fine: created in this migration
var dropTable = &Rule{
	ID:       "drop-table",
	Peers:    []string{"squawk:ban-drop-table"},
	Title:    "dropping a table deletes its data and breaks code that still uses it",
	Severity: Error,
	Lock:     "ACCESS EXCLUSIVE",
	Detects: "`DROP TABLE`, `DROP MATERIALIZED VIEW`, `DROP VIEW` and `DROP FOREIGN TABLE` of a relation that existed " +
		"before this migration. Relations created earlier in the same file (or renamed from one created there), " +
		"temporary tables, and views and materialized views that the same transaction creates again under the same name " +
		"(a materialized view is dropped and created again to change its query; its data is computed again) are left alone.",
	Why: "The data of a dropped table is gone (only a backup brings it back), and every running instance of the " +
		"application that still reads or writes it starts failing with \"relation does not exist\" the moment the " +
		"migration commits, before new code is deployed. With CASCADE, the views and foreign keys that depend on it " +
		"go too. The DROP also waits for ACCESS EXCLUSIVE, so it queues behind running queries and blocks the table " +
		"meanwhile.",
	Fix: "Contract in steps: deploy code that no longer uses the table; optionally rename it to a deprecated name " +
		"(`ALTER TABLE t RENAME TO t_deprecated`) for a release so that forgotten users fail loudly but the data " +
		"survives; take a backup (`pg_dump -t`); then drop it in a later migration with `DROP TABLE IF EXISTS`. " +
		"To change a view, create the new definition in the same transaction as the DROP.",
	Help: "deploy code that no longer uses it, back it up, and drop it in a later migration",
	Check: func(p *Pass) {
		d := p.Node().GetDropStmt()
		if d == nil {
			return
		}
		word := relationWord(d.RemoveType)
		eachDroppedRelation(p, d, func(key string) {
			cascade := ""
			if d.Behavior == pgparse.DropBehavior_DROP_CASCADE {
				cascade = ", and CASCADE also drops the views and foreign keys that depend on it"
			}
			switch d.RemoveType {
			case pgparse.ObjectType_OBJECT_VIEW, pgparse.ObjectType_OBJECT_MATVIEW:
				p.Report(-1, "dropping %s %q breaks running application code that still queries it%s",
					word, displayKey(key), cascade)
			case pgparse.ObjectType_OBJECT_FOREIGN_TABLE:
				p.Report(-1, "dropping foreign table %q breaks running application code that still uses it%s",
					displayKey(key), cascade)
			default:
				p.Report(-1, "dropping table %q deletes its data and breaks running application code that still reads or writes it%s",
					displayKey(key), cascade)
			}
		})
	},
}

func init() { Register(dropTable) }

// eachDroppedRelation calls report with the key of each relation that a
// DROP TABLE, FOREIGN TABLE, VIEW or MATERIALIZED VIEW removes from under
// running code: not those created earlier in the file, nor temporary
// tables. For a view, what report reports is dropped when the same
// transaction gives the name to another relation (its readers find one
// under that name after the commit).
func eachDroppedRelation(p *Pass, d *pgparse.DropStmt, report func(key string)) {
	view := false
	switch d.RemoveType {
	case pgparse.ObjectType_OBJECT_TABLE, pgparse.ObjectType_OBJECT_FOREIGN_TABLE:
	case pgparse.ObjectType_OBJECT_VIEW, pgparse.ObjectType_OBJECT_MATVIEW:
		view = true
	default:
		return
	}
	objs := createdInFile(p)
	for _, o := range d.Objects {
		key := listKey(o)
		if key == "" || objs.relationKey(p, key) {
			continue
		}
		sch, name := splitRelKey(key)
		if t := p.Catalog.Table(sch, name); t != nil && t.Persistence == 't' {
			continue
		}
		if view {
			unlessNameTakenOverInTx(p, key, func() { report(key) })
		} else {
			report(key)
		}
	}
}
