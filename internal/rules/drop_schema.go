package rules

import (
	"strings"

	"github.com/migguard/migguard/internal/pgparse"
)

// dropSchema flags DROP SCHEMA … CASCADE, and DROP SCHEMA of a schema that
// still holds tables or types, unless the migration created the schema.
//
//	DROP SCHEMA reporting CASCADE;   -- flagged
//	DROP SCHEMA IF EXISTS staging;   -- fine when the migrations left it empty
var dropSchema = &Rule{
	ID:       "drop-schema",
	Title:    "dropping a schema deletes everything in it",
	Severity: Error,
	Lock:     "ACCESS EXCLUSIVE",
	Detects: "`DROP SCHEMA … CASCADE`, and `DROP SCHEMA` without CASCADE of a schema in which the earlier migrations " +
		"left tables or enum types (PostgreSQL refuses to drop it). Schemas created earlier in the same file are " +
		"left alone.",
	Why: "CASCADE drops every table, view, sequence, function and type in the schema, and every object elsewhere that " +
		"depends on them (views, foreign keys, columns of its types), in one statement that cannot be undone once " +
		"committed: the data is gone and every running query that uses any of them fails. It also takes ACCESS " +
		"EXCLUSIVE on each table it drops. Without CASCADE the statement fails as long as the schema holds anything.",
	Fix: "Drop the objects explicitly, one by one, after checking each is unused and backed up (see drop-table); " +
		"then drop the empty schema without CASCADE, so that a forgotten object makes the migration fail instead " +
		"of disappearing.",
	Help: "drop the objects in it explicitly after checking they are unused, then drop the empty schema without CASCADE",
	Check: func(p *Pass) {
		d := p.Node().GetDropStmt()
		if d == nil || d.RemoveType != pgparse.ObjectType_OBJECT_SCHEMA {
			return
		}
		objs := createdInFile(p)
		for _, o := range d.Objects {
			name := o.GetString_().GetSval()
			if name == "" || objs.schemas[name] {
				continue
			}
			inside := schemaContents(p, name)
			if d.Behavior == pgparse.DropBehavior_DROP_CASCADE {
				what := "every table, view, function and type in it"
				if inside != "" {
					what += " (" + inside + ")"
				}
				p.Report(-1, "DROP SCHEMA %q CASCADE deletes %s and the objects elsewhere that depend on them", name, what)
				continue
			}
			if inside != "" {
				p.Report(-1, "DROP SCHEMA %q fails while the schema still holds %s; with CASCADE it would delete them", name, inside)
			}
		}
	},
}

func init() { Register(dropSchema) }

// schemaContents lists, for a message, the tables and enum types the
// catalog knows in a schema ("" when it knows none).
func schemaContents(p *Pass, name string) string {
	var list []string
	for _, t := range p.Catalog.Tables() {
		if t.Schema == name && t.PartitionOf == "" {
			list = append(list, `table "`+t.Name+`"`)
		}
	}
	for _, e := range p.Catalog.Enums() {
		if e.Schema == name {
			list = append(list, `type "`+e.Name+`"`)
		}
	}
	if len(list) > 3 {
		list = append(list[:3], "…")
	}
	return strings.Join(list, ", ")
}
