package rules

import (
	"strings"

	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
)

// truncateTable flags TRUNCATE of a table that existed before the migration.
//
//	TRUNCATE sessions;               -- flagged
//
//	CREATE TABLE import_batch (line text);
//	TRUNCATE import_batch;           -- fine: created in this migration
var truncateTable = &Rule{
	ID:       "truncate-table",
	Peers:    []string{"squawk:ban-truncate-cascade"},
	Title:    "truncating a table deletes every row while blocking all access",
	Severity: Warning,
	Lock:     "ACCESS EXCLUSIVE",
	Detects: "`TRUNCATE` of a table that existed before this migration; with CASCADE the message names the tables " +
		"it also empties. Tables created earlier in the same file and temporary tables are left alone.",
	Why: "TRUNCATE deletes every row at once and cannot be limited. It takes ACCESS EXCLUSIVE, so it first waits " +
		"behind every running query on the table while blocking all new ones. CASCADE also empties every table " +
		"with a foreign key to it, and the tables referencing those, which is easy to underestimate. Running " +
		"application code that still writes to the table loses its data.",
	Fix: "List the tables to empty explicitly instead of using CASCADE. On a live table delete in batches " +
		"(`DELETE … WHERE id IN (SELECT id … LIMIT 10000)`) outside the migration, or swap in a new empty table. " +
		"Back up what you may need first.",
	Help: "delete in batches, list the tables explicitly instead of CASCADE, and back up first",
	Check: func(p *Pass) {
		tr := p.Node().GetTruncateStmt()
		if tr == nil {
			return
		}
		objs := createdInFile(p)
		cascade := tr.Behavior == pgparse.DropBehavior_DROP_CASCADE
		for _, r := range tr.Relations {
			rv := r.GetRangeVar()
			if rv == nil || objs.relation(p, rv) {
				continue
			}
			if t := p.Table(rv); t != nil && t.Persistence == 't' {
				continue
			}
			if cascade {
				also := "every table whose foreign keys reference it"
				if refs := referencingTables(p, schema.RelKey(rv)); refs != "" {
					also += " (" + refs + ")"
				}
				p.Report(rv.Location, "TRUNCATE %q CASCADE deletes every row of it and of %s, holding ACCESS EXCLUSIVE on each",
					displayRel(rv), also)
				continue
			}
			p.Report(rv.Location, "TRUNCATE %q deletes every row of it and blocks every query on it until the transaction ends",
				displayRel(rv))
		}
	},
}

func init() { Register(truncateTable) }

// referencingTables lists, for a message, the tables the catalog knows to
// have a foreign key to the table key.
func referencingTables(p *Pass, key string) string {
	var list []string
	for _, t := range p.Catalog.Tables() {
		for _, c := range t.Constraints {
			if c.Kind == schema.ForeignKey && c.RefTable == key && t.Key() != key {
				list = append(list, `"`+displayKey(t.Key())+`"`)
				break
			}
		}
	}
	return strings.Join(list, ", ")
}
