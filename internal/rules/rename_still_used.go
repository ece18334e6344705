package rules

import (
	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
)

// renameStillUsed flags a RENAME of a column or table that the application
// code of the same tree still uses by its old name (Options.Code).
//
//	ALTER TABLE users RENAME COLUMN email TO email_address;  -- flagged while a model maps users.email
var renameStillUsed = &Rule{
	ID:       "rename-still-used",
	Title:    "renaming a column or table that the application code still uses by its old name",
	Severity: Error,
	Detects: "`ALTER TABLE … RENAME COLUMN` and `ALTER TABLE … RENAME TO` (of tables, views, materialized views and " +
		"foreign tables; Alembic's `op.alter_column(…, new_column_name=…)` and `op.rename_table`) of a column or " +
		"table that the application code of the same commit still uses by its old name: a Go struct that maps it " +
		"(gorm, bun, go-pg, beego and `db` tags), a SQLAlchemy model class or `Table(...)`, or SQL in a Go or Python string " +
		"literal that names it. The finding names each use with its file and line. Relations created and columns " +
		"added earlier in the same file, temporary tables, and a table rename after which the same transaction " +
		"gives the old name back (a compatibility view) are left alone, as by rename-column and rename-table. The " +
		"code is read by `migguard lint` (every mode, and the hooks) and the migrationsql analyzer (go vet, " +
		"golangci-lint), from the tree they judge.",
	Why: "The code that ships with the migration still names the column or table the old way, so it fails with " +
		"\"column does not exist\" or \"relation does not exist\" as soon as the migration commits — not only the " +
		"old code still running during the deploy (see rename-column and rename-table), but the new code too.",
	Fix: "Rename in steps, one pull request each: add the column under its new name and have the code write both " +
		"and read the new one (backfilling it in batches); then remove every use of the old name; then drop the old " +
		"column (see drop-still-used). For a table, rename it and create a view under the old name in the same " +
		"transaction, move the code to the new name, and drop the view later.",
	Help: "move the code to the new name first; rename (or drop the old column) in a later pull request",
	Check: func(p *Pass) {
		if p.code == nil {
			return
		}
		r, sch, name, ok := renameOfExisting(p)
		if !ok {
			return
		}
		if r.RenameType == pgparse.ObjectType_OBJECT_COLUMN {
			if uses := p.CodeUses().ColumnUses(sch, name, r.Subname); len(uses) > 0 {
				p.Report(r.Relation.Location, "column %q of %q is renamed to %q but %s still uses the old name: the application "+
					"fails once the migration commits; move the code to the new name first", r.Subname, displayRel(r.Relation),
					r.Newname, listUses(uses))
			}
			return
		}
		unlessNameTakenOverInTx(p, schema.RelKey(r.Relation), func() {
			if uses := p.CodeUses().TableUses(sch, name); len(uses) > 0 {
				p.Report(r.Relation.Location, "%s %q is renamed to %q but %s still uses the old name: the application fails "+
					"once the migration commits; move the code to the new name first", relationWord(r.RenameType),
					displayRel(r.Relation), r.Newname, listUses(uses))
			}
		})
	},
}

func init() { Register(renameStillUsed) }

// renameOfExisting returns the RENAME of a column, table or view that
// existed before this file, with the schema and name of the relation as
// the replayed schema resolves them; ok is false for any other statement
// and for what rename-column and rename-table leave alone, except a table
// whose name a later statement of the transaction gives back, which the
// caller learns through unlessNameTakenOverInTx.
func renameOfExisting(p *Pass) (r *pgparse.RenameStmt, sch, name string, ok bool) {
	r = p.Node().GetRenameStmt()
	if r == nil || r.Relation == nil || r.Relation.Relpersistence == "t" {
		return nil, "", "", false
	}
	kind := r.RenameType
	if kind == pgparse.ObjectType_OBJECT_COLUMN {
		kind = r.RelationType
	}
	switch kind {
	case pgparse.ObjectType_OBJECT_TABLE, pgparse.ObjectType_OBJECT_VIEW, pgparse.ObjectType_OBJECT_MATVIEW,
		pgparse.ObjectType_OBJECT_FOREIGN_TABLE:
	default:
		return nil, "", "", false
	}
	objs := createdInFile(p)
	key := schema.RelKey(r.Relation)
	if objs.relation(p, r.Relation) {
		return nil, "", "", false
	}
	if r.RenameType == pgparse.ObjectType_OBJECT_COLUMN && objs.column(key, r.Subname) {
		return nil, "", "", false
	}
	sch, name = r.Relation.Schemaname, r.Relation.Relname
	if t := p.Table(r.Relation); t != nil {
		if t.Persistence == 't' {
			return nil, "", "", false
		}
		sch, name = t.Schema, t.Name
	}
	return r, sch, name, true
}
