package rules

import (
	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
)

// addColumnJSON flags columns declared json rather than jsonb.
//
//	ALTER TABLE events ADD COLUMN payload json;    -- flagged
//	ALTER TABLE events ADD COLUMN payload jsonb;   -- fine
var addColumnJSON = &Rule{
	ID:       "add-column-json",
	Peers:    []string{"eugene:E3"},
	Title:    "column uses json instead of jsonb",
	Severity: Warning,
	Detects: "A column of type json (or json[]) in `CREATE TABLE`, `ALTER TABLE … ADD COLUMN` or " +
		"`ALTER TABLE … ALTER COLUMN … TYPE`.",
	Why: "json stores the text as written and has no equality operator: `SELECT DISTINCT`, `UNION`, `GROUP BY`, " +
		"`IN (…)` and comparisons on the column fail with `could not identify an equality operator for type json`, " +
		"and it cannot be indexed with GIN. Every access reparses the text. jsonb stores parsed data, compares, " +
		"indexes and supports containment operators.",
	Fix: "Use jsonb. Keep json only when the exact text (key order, duplicate keys, white space) must be preserved, and " +
		"say so with a suppression comment.",
	Help: "use jsonb",
	Check: func(p *Pass) {
		report := func(cd *pgparse.ColumnDef, table string, tn *pgparse.TypeName) {
			if t := schema.TypeOf(tn); t.Name != "json" {
				return
			}
			loc := tn.GetLocation()
			if loc <= 0 {
				loc = columnLoc(cd)
			}
			p.Report(loc, "column %q of %q is json, which has no equality operator: DISTINCT, UNION, GROUP BY and comparisons on it fail; use jsonb",
				cd.Colname, table)
		}
		switch n := p.Node().GetNode().(type) {
		case *pgparse.Node_CreateStmt:
			table := displayRel(n.CreateStmt.Relation)
			for _, e := range n.CreateStmt.TableElts {
				if cd := e.GetColumnDef(); cd != nil {
					report(cd, table, cd.TypeName)
				}
			}
		case *pgparse.Node_AlterTableStmt:
			at := n.AlterTableStmt
			if at.Objtype != pgparse.ObjectType_OBJECT_TABLE && at.Objtype != pgparse.ObjectType_OBJECT_FOREIGN_TABLE {
				return
			}
			table := displayRel(at.Relation)
			for _, c := range at.Cmds {
				cmd := c.GetAlterTableCmd()
				cd := cmd.GetDef().GetColumnDef()
				if cd == nil {
					continue
				}
				switch cmd.Subtype {
				case pgparse.AlterTableType_AT_AddColumn:
					report(cd, table, cd.TypeName)
				case pgparse.AlterTableType_AT_AlterColumnType:
					if cd.Colname == "" {
						cd = &pgparse.ColumnDef{Colname: cmd.Name, TypeName: cd.TypeName, Location: cd.Location}
					}
					report(cd, table, cd.TypeName)
				}
			}
		}
	},
}

func init() { Register(addColumnJSON) }
