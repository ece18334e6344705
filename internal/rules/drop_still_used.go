package rules

import (
	"fmt"
	"strings"

	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
)

// dropStillUsed flags a DROP COLUMN or DROP TABLE whose column or table
// the application code of the same tree still uses (Options.Code).
//
//	ALTER TABLE users DROP COLUMN nickname;   -- flagged while a model maps users.nickname
//
// It is silent when no model field and no query uses it any more: the
// safe order, where one pull request removes the use and a later one drops
// the column.
var dropStillUsed = &Rule{
	ID:       "drop-still-used",
	Title:    "dropping a column or table that the application code still uses",
	Severity: Error,
	Detects: "`ALTER TABLE … DROP COLUMN` and `DROP TABLE` (`DROP VIEW`, `DROP MATERIALIZED VIEW`, `DROP FOREIGN TABLE`; " +
		"`op.drop_column` and `op.drop_table` in Alembic revisions) of a column or table that the application code of the " +
		"same commit still uses: a Go struct that maps it (gorm, bun, go-pg, beego and `db` tags), a SQLAlchemy model " +
		"class or `Table(...)` that maps it, or SQL in a Go or Python string literal (SELECT, INSERT, UPDATE, DELETE) that names " +
		"it. The finding names each use with its file and line. Code is looked up by table name: a model of another table " +
		"with a column of the same name does not count, and a column a query names without its table counts for every " +
		"table of the query's FROM. What the other drop rules leave alone (relations created or columns added earlier in " +
		"the same file, temporary tables, `IF EXISTS` of a column the schema does not have) is left alone here too. " +
		"Tests (`_test.go`, `test_*.py`, `conftest.py`), the migration sets' own directories, vendor, testdata and " +
		"node_modules are not code that runs beside the migration. The code is read by `migguard lint` (every mode, " +
		"and the hooks) and the migrationsql analyzer (go vet, golangci-lint), from the tree they judge.",
	Why: "The migration commits while the application built from the same commit — and the one before it, still " +
		"serving during the deploy — maps the column in its models or names it in its queries. Every statement that " +
		"touches it then fails with \"column does not exist\" or \"relation does not exist\": ORMs select every " +
		"mapped column, so even code that never reads the field fails. Unlike drop-column and drop-table, which cannot " +
		"know whether the code has moved on, this rule has seen the code: the drop breaks it.",
	Fix: "Contract in two pull requests: remove the use in one pull request (delete the model field or stop mapping " +
		"the table, remove the column from the queries) and deploy it; drop the column or table in a later one, which " +
		"this rule then lets through. When the code that uses it never runs against this database, say so with " +
		"`-- migguard:ignore drop-still-used <reason>` (`# migguard:ignore …` in Alembic revisions).",
	Help: "remove the use in one pull request, drop in a later one",
	Check: func(p *Pass) {
		if p.code == nil {
			return
		}
		if at := p.Node().GetAlterTableStmt(); at != nil {
			dropColumnsStillUsed(p, at)
			return
		}
		if d := p.Node().GetDropStmt(); d != nil {
			dropRelationsStillUsed(p, d)
		}
	},
}

func init() { Register(dropStillUsed) }

// dropColumnsStillUsed reports the dropped columns of an ALTER TABLE that
// code uses.
func dropColumnsStillUsed(p *Pass, at *pgparse.AlterTableStmt) {
	if at.Objtype != pgparse.ObjectType_OBJECT_TABLE && at.Objtype != pgparse.ObjectType_OBJECT_FOREIGN_TABLE {
		return
	}
	objs := createdInFile(p)
	if at.Relation == nil || at.Relation.Relpersistence == "t" || objs.relation(p, at.Relation) {
		return
	}
	key := schema.RelKey(at.Relation)
	known := p.Table(at.Relation)
	sch, name := at.Relation.Schemaname, at.Relation.Relname
	if known != nil {
		if known.Persistence == 't' {
			return
		}
		sch, name = known.Schema, known.Name // the replay resolves the schema
	}
	for _, c := range at.Cmds {
		cmd := c.GetAlterTableCmd()
		if cmd.GetSubtype() != pgparse.AlterTableType_AT_DropColumn || objs.column(key, cmd.Name) {
			continue
		}
		if known != nil && !known.ColumnsUnknown && known.Column(cmd.Name) == nil {
			continue // a column the table does not have: nothing to break
		}
		uses := p.CodeUses().ColumnUses(sch, name, cmd.Name)
		if len(uses) == 0 {
			continue
		}
		p.Report(at.Relation.Location, "column %q of %q is still used by %s: the running application fails once it is dropped; "+
			"remove the use in one pull request, drop the column in a later one", cmd.Name, displayRel(at.Relation), listUses(uses))
	}
}

// dropRelationsStillUsed reports the dropped tables and views of a DROP
// that code uses.
func dropRelationsStillUsed(p *Pass, d *pgparse.DropStmt) {
	word := relationWord(d.RemoveType)
	eachDroppedRelation(p, d, func(key string) {
		sch, name := splitRelKey(key)
		uses := p.CodeUses().TableUses(sch, name)
		if len(uses) == 0 {
			return
		}
		p.Report(-1, "%s %q is still used by %s: the running application fails once it is dropped; "+
			"remove the use in one pull request, drop the %s in a later one", word, displayKey(key), listUses(uses), word)
	})
}

// listUses names up to three uses, and how many more there are.
func listUses(uses []CodeUse) string {
	const shown = 3
	parts := make([]string, 0, shown)
	for i, u := range uses {
		if i == shown {
			break
		}
		parts = append(parts, u.String())
	}
	s := strings.Join(parts, ", ")
	if n := len(uses) - shown; n > 0 {
		s += fmt.Sprintf(" and %d more", n)
	}
	return s
}
