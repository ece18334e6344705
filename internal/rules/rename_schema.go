package rules

import "github.com/migguard/migguard/internal/pgparse"

// renameSchema flags ALTER SCHEMA … RENAME TO of a schema that existed
// before the migration.
//
//	ALTER SCHEMA billing RENAME TO payments;  -- flagged
var renameSchema = &Rule{
	ID:       "rename-schema",
	Title:    "renaming a schema breaks code that still uses the old name",
	Severity: Warning,
	Detects:  "`ALTER SCHEMA … RENAME TO`, unless the schema was created earlier in the same file.",
	Why: "Every object in the schema changes its qualified name at once. Running application code that names " +
		"`old_schema.table`, sets `search_path` to the old schema, or calls its functions fails with \"relation " +
		"does not exist\" (or finds nothing on its search path) as soon as the migration commits, before new code " +
		"is deployed. Functions and settings that mention the schema by name in their text (function bodies, " +
		"`ALTER ROLE … SET search_path`) are not updated.",
	Fix: "Expand and contract: create the new schema, move or recreate the objects there while keeping the old names " +
		"working (views in the old schema that select from the new one), switch the application and the " +
		"search_path settings, then drop the old schema's views in a later migration.",
	Help: "create the new schema and keep views under the old one until no code uses it",
	Check: func(p *Pass) {
		r := p.Node().GetRenameStmt()
		if r == nil || r.RenameType != pgparse.ObjectType_OBJECT_SCHEMA || createdInFile(p).schemas[r.Subname] {
			return
		}
		p.Report(-1, "renaming schema %q to %q breaks running application code and search_path settings that still use %q",
			r.Subname, r.Newname, r.Subname)
	},
}

func init() { Register(renameSchema) }
