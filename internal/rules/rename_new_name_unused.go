package rules

import "github.com/migguard/migguard/internal/pgparse"

// renameNewNameUnused flags a RENAME COLUMN whose new name no code of the
// same tree uses, on a table the code uses (Options.Code).
//
//	ALTER TABLE users RENAME COLUMN email TO email_address;  -- flagged while User maps neither
var renameNewNameUnused = &Rule{
	ID:       "rename-new-name-unused",
	Title:    "renamed column that the application code does not use by its new name yet",
	Severity: Warning,
	Detects: "`ALTER TABLE … RENAME COLUMN` (Alembic's `op.alter_column(…, new_column_name=…)`) of a column of a table " +
		"that the application code of the same commit uses — a Go or SQLAlchemy model maps it, or a query in a Go or " +
		"Python string literal names it — while no model field and no query uses the column by its old or its new name. " +
		"What rename-still-used leaves alone is left alone here too, and so is a rename whose old name the code " +
		"still uses (rename-still-used reports it). Tables the code does not use and renamed tables are not " +
		"judged. The code is read by `migguard lint` (every mode, and the hooks) and the migrationsql " +
		"analyzer (go vet, golangci-lint), from the tree they judge.",
	Why: "A rename is made for the code that uses the new name. When the commit that renames the column holds no such " +
		"code, the code that should follow the rename is elsewhere (another pull request, another repository) and " +
		"is deployed separately: whichever of the two goes first breaks the other, or the model that mapped the column " +
		"lost it instead of following the rename.",
	Fix: "Ship the rename with the code that uses the new name, or, when that code lives elsewhere, rename in steps " +
		"(add the new column, write both, move the readers, drop the old column later). Map the column under its new " +
		"name in the model if it still belongs to it.",
	Help: "ship the code that uses the new name with the rename, or rename in steps",
	Check: func(p *Pass) {
		if p.code == nil {
			return
		}
		r, sch, name, ok := renameOfExisting(p)
		if !ok || r.RenameType != pgparse.ObjectType_OBJECT_COLUMN {
			return
		}
		code := p.CodeUses()
		if len(code.ColumnUses(sch, name, r.Subname)) > 0 || len(code.ColumnUses(sch, name, r.Newname)) > 0 {
			return
		}
		uses := code.TableUses(sch, name)
		if len(uses) == 0 {
			return
		}
		p.Report(r.Relation.Location, "column %q of %q is renamed to %q, but no code of this commit uses %q, though %s uses the table",
			r.Subname, displayRel(r.Relation), r.Newname, r.Newname, listUses(uses))
	},
}

func init() { Register(renameNewNameUnused) }
