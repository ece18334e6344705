package rules

import (
	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
)

// dropNotNull flags ALTER COLUMN … DROP NOT NULL on an existing column,
// which the running application may rely on.
//
//	ALTER TABLE users ALTER COLUMN email DROP NOT NULL;   -- flagged
var dropNotNull = &Rule{
	ID:       "drop-not-null",
	Peers:    []string{"squawk:ban-drop-not-null"},
	Title:    "dropping NOT NULL breaks readers that rely on it",
	Severity: Warning,
	Lock:     "ACCESS EXCLUSIVE",
	Detects: "`ALTER TABLE … ALTER COLUMN … DROP NOT NULL` on a column that existed before this migration. Tables " +
		"created earlier in the same file, columns added earlier in it, temporary tables, and columns the schema " +
		"shows are already nullable (a no-op) are left alone.",
	Why: "The change is backward-incompatible: while it rolls out, and until every reader is updated, code deployed " +
		"before the migration still assumes the column is never NULL. As soon as a new writer stores a NULL, those " +
		"readers crash on it or silently mishandle it (a NULL in a sum, a comparison, a non-nullable field of a " +
		"model). The statement itself takes ACCESS EXCLUSIVE only briefly.",
	Fix:  "Deploy readers that handle NULL first, then drop the constraint, and only then start writing NULLs.",
	Help: "ship code that handles NULL in this column before dropping the constraint",
	Check: func(p *Pass) {
		at := p.Node().GetAlterTableStmt()
		if at == nil || at.Objtype != pgparse.ObjectType_OBJECT_TABLE {
			return
		}
		key := schema.RelKey(at.Relation)
		added := Scratch(p, func() map[string]bool { return map[string]bool{} })
		isNew := p.Created(at.Relation)
		t := p.Table(at.Relation)
		for _, c := range at.Cmds {
			cmd := c.GetAlterTableCmd()
			switch cmd.GetSubtype() {
			case pgparse.AlterTableType_AT_AddColumn:
				if cd := cmd.GetDef().GetColumnDef(); cd != nil {
					added[key+"\x00"+cd.Colname] = true
				}
			case pgparse.AlterTableType_AT_DropNotNull:
				if isNew || added[key+"\x00"+cmd.Name] {
					continue
				}
				if t != nil {
					if col := t.Column(cmd.Name); col != nil && !col.NotNull {
						continue // already nullable: nothing changes
					}
				}
				p.Report(at.Relation.Location, "dropping NOT NULL on column %q of %q: code deployed before this migration may still assume it is never NULL and break on the first NULL written",
					cmd.Name, displayRel(at.Relation))
			}
		}
	},
}

func init() { Register(dropNotNull) }
