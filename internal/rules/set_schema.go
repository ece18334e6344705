package rules

import (
	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
)

// setSchema flags moving a table or view that existed before the migration
// to another schema.
//
//	ALTER TABLE invoices SET SCHEMA billing;  -- flagged
var setSchema = &Rule{
	ID:       "set-schema",
	Title:    "moving a table to another schema breaks code that still uses the old name",
	Severity: Warning,
	Lock:     "ACCESS EXCLUSIVE",
	Detects: "`ALTER TABLE|VIEW|MATERIALIZED VIEW|FOREIGN TABLE … SET SCHEMA` of a relation that existed before this " +
		"migration. Relations created earlier in the same file and temporary tables are left alone, and so is a " +
		"move after which the same transaction gives the old qualified name back to a relation (a compatibility view " +
		"or another relation moved or renamed to it).",
	Why: "Moving a relation changes its qualified name, which is a rename as far as running code is concerned: old " +
		"code that names `public.invoices`, or finds `invoices` through a search_path without the new schema, fails " +
		"with \"relation does not exist\" from the moment the migration commits until new code is deployed. The move " +
		"also waits for ACCESS EXCLUSIVE, queueing every query on the table behind it, and takes the table's indexes, " +
		"constraints and owned sequences along.",
	Fix: "Move it and create a view under the old qualified name in the same transaction " +
		"(`ALTER TABLE invoices SET SCHEMA billing; CREATE VIEW public.invoices AS SELECT * FROM billing.invoices;`); " +
		"drop the view in a later migration once no code uses the old name.",
	Help: "in the same transaction, create a view under the old qualified name; drop it later",
	Check: func(p *Pass) {
		a := p.Node().GetAlterObjectSchemaStmt()
		if a == nil || a.Relation == nil {
			return
		}
		switch a.ObjectType {
		case pgparse.ObjectType_OBJECT_TABLE, pgparse.ObjectType_OBJECT_VIEW, pgparse.ObjectType_OBJECT_MATVIEW,
			pgparse.ObjectType_OBJECT_FOREIGN_TABLE:
		default:
			return
		}
		objs := createdInFile(p)
		if objs.relation(p, a.Relation) {
			return
		}
		unlessNameTakenOverInTx(p, schema.RelKey(a.Relation), func() {
			p.Report(a.Relation.Location, "moving %s %q to schema %q breaks running application code that still uses %q",
				relationWord(a.ObjectType), displayRel(a.Relation), a.Newschema, schema.RelKey(a.Relation))
		})
	},
}

func init() { Register(setSchema) }
