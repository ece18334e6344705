package rules

import (
	"fmt"

	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
)

// tooManyColumns flags a statement that gives a table more columns than
// PostgreSQL allows, counting the dropped ones, which PostgreSQL keeps.
//
//	ALTER TABLE wide ADD COLUMN note text;   -- flagged when wide has 1,600 columns
var tooManyColumns = &Rule{
	ID:       "too-many-columns",
	Fails:    []Failure{{SQLState: "54011", Fallback: true}},
	Title:    "table would have more than 1600 columns",
	Severity: Error,
	Detects: fmt.Sprintf("`CREATE TABLE` with more than %d columns (its own, its parents' and those of LIKE, each name "+
		"once), and `ALTER TABLE … ADD COLUMN` that takes a table past %d columns, "+
		"counting the columns dropped from it, in the schema that the earlier migrations build. Reported once per "+
		"table and file.", schema.MaxColumns, schema.MaxColumns),
	Why: "PostgreSQL refuses the statement with `tables can have at most 1600 columns` (SQLSTATE 54011), and the " +
		"migration stops there. A dropped column keeps its attribute number for the life of the table, so a table " +
		"whose columns come and go reaches the limit with far fewer columns in sight. migguard leaves the refused " +
		"statement out of the schema it replays, as PostgreSQL does.",
	Fix: "Keep wide, sparse data as rows (a key and value table) or in a jsonb column, or split the table into " +
		"tables that share its key. A table at the limit through dropped columns gets its attribute numbers back " +
		"only when it is recreated: create a new table, copy the rows over and swap the names.",
	Help: "split the table, or keep the values as rows or jsonb",
	Check: func(p *Pass) {
		switch n := p.Node().GetNode().(type) {
		case *pgparse.Node_CreateStmt:
			cs := n.CreateStmt
			if k := p.Catalog.CreatedColumns(cs); k > schema.MaxColumns && p.Once(schema.RelKey(cs.Relation)) {
				p.Report(cs.GetRelation().GetLocation(), "table %q would have %d columns: PostgreSQL allows at most %d, so the statement fails",
					displayRel(cs.Relation), k, schema.MaxColumns)
			}
		case *pgparse.Node_AlterTableStmt:
			checkAddedColumns(p, n.AlterTableStmt)
		}
	},
}

func init() { Register(tooManyColumns) }

// checkAddedColumns reports the first column of ALTER TABLE … ADD COLUMN
// that takes the table past the limit.
func checkAddedColumns(p *Pass, at *pgparse.AlterTableStmt) {
	t := p.Table(at.Relation)
	if t == nil || at.Objtype != pgparse.ObjectType_OBJECT_TABLE || t.Attributes()+len(at.Cmds) <= schema.MaxColumns {
		return
	}
	added := schema.AddedColumns(t, at.Cmds)
	over := t.Attributes() + len(added) - schema.MaxColumns
	if over <= 0 || !p.Once(t.Key()) {
		return
	}
	cd := added[len(added)-over]
	dropped := ""
	if d := t.Attributes() - len(t.Columns); d > 0 {
		dropped = fmt.Sprintf(", counting the %d dropped that PostgreSQL keeps,", d)
	}
	p.Report(columnLoc(cd), "adding column %q gives table %q %d columns%s: PostgreSQL allows at most %d, so the statement fails",
		cd.Colname, displayRel(at.Relation), schema.MaxColumns+1, dropped, schema.MaxColumns)
}
