package rules

import (
	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
)

// renameColumn flags renaming a column of a table or view that existed
// before the migration.
//
//	ALTER TABLE users RENAME COLUMN email TO email_address;  -- flagged
var renameColumn = &Rule{
	ID:       "rename-column",
	Peers:    []string{"squawk:renaming-column"},
	Title:    "renaming a column breaks code that still uses the old name",
	Severity: Warning,
	Lock:     "ACCESS EXCLUSIVE",
	Detects: "`ALTER TABLE|VIEW|MATERIALIZED VIEW|FOREIGN TABLE … RENAME COLUMN` on a relation that existed before " +
		"this migration. Relations created earlier in the same file, temporary tables and columns added earlier in " +
		"the same file are left alone.",
	Why: "The rename is instant, but the migration commits before every running instance of the application is " +
		"replaced: until then, old code that selects, inserts or updates the column by its old name fails with " +
		"\"column does not exist\", and so do views, functions and ORM models written against the old name. There " +
		"is no moment at which old and new code both work. The rename also waits for ACCESS EXCLUSIVE, queueing " +
		"every query on the table behind it.",
	Fix: "Expand and contract: add the new column; keep both in sync (the application writes both, or a trigger " +
		"copies one to the other); backfill the new column in batches; switch reads to the new column; stop writing " +
		"the old one; drop it in a later migration (see drop-column).",
	Help: "add the new column, dual-write and backfill, switch reads, then drop the old column later",
	Check: func(p *Pass) {
		r := p.Node().GetRenameStmt()
		if r == nil || r.RenameType != pgparse.ObjectType_OBJECT_COLUMN || r.Relation == nil {
			return
		}
		switch r.RelationType {
		case pgparse.ObjectType_OBJECT_TABLE, pgparse.ObjectType_OBJECT_VIEW, pgparse.ObjectType_OBJECT_MATVIEW,
			pgparse.ObjectType_OBJECT_FOREIGN_TABLE:
		default:
			return
		}
		objs := createdInFile(p)
		if objs.relation(p, r.Relation) || objs.column(schema.RelKey(r.Relation), r.Subname) {
			return
		}
		p.Report(r.Relation.Location, "renaming column %q of %q to %q breaks running application code that still uses %q",
			r.Subname, displayRel(r.Relation), r.Newname, r.Subname)
	},
}

func init() { Register(renameColumn) }
