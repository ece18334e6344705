package rules

import (
	"slices"

	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
)

// notNullNotInserted flags a column that becomes NOT NULL without a
// default while code of the same tree inserts rows into its table without
// setting it (Options.Code).
//
//	ALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL;  -- flagged while model User does not map tenant_id
var notNullNotInserted = &Rule{
	ID:       "not-null-not-inserted",
	Fails:    []Failure{{SQLState: "23502"}},
	Title:    "required column that the application code inserts rows without",
	Severity: Error,
	Detects: "A column of an existing table that becomes NOT NULL without a default — `ADD COLUMN … NOT NULL` without a " +
		"default, an identity, a generated expression or a serial type; `ALTER COLUMN … SET NOT NULL` of a column " +
		"without a default (a SET DEFAULT in the same statement gives it one); `ALTER COLUMN … DROP DEFAULT` of a NOT NULL column — while code of the same commit " +
		"inserts rows into the table without setting it: a Go or SQLAlchemy model of the table that does not map the " +
		"column (an ORM inserts the columns its model maps), or an `INSERT INTO table (columns…)` in a Go or Python string " +
		"literal whose column list lacks it. The finding names each such insert with its file and line. Models marked " +
		"`//migguard:model partial`, models with an embedded struct of another package or a column migguard cannot " +
		"read, and INSERTs without a column list are not judged. Tables created earlier in the same file and " +
		"temporary tables are left alone. The code is read by `migguard lint` (every mode, " +
		"and the hooks) and the migrationsql analyzer (go vet, golangci-lint), from the tree they judge.",
	Why: "Every insert that does not set the column fails with `null value in column … violates not-null " +
		"constraint` once the migration commits — even on an empty table, where add-column-required cannot see a " +
		"problem, and even in the code of the same commit, not only in the old code still running during the deploy.",
	Fix: "Give the column a default (`NOT NULL DEFAULT …`), or map the column in the model (and set it in the INSERTs) " +
		"in one pull request, deploy it, and require it (NOT NULL, no default) in a later one.",
	Help: "give the column a default, or set it in every insert first and require it in a later pull request",
	Check: func(p *Pass) {
		if p.code == nil {
			return
		}
		at := p.Node().GetAlterTableStmt()
		if at == nil || at.Objtype != pgparse.ObjectType_OBJECT_TABLE || at.Relation == nil || p.IsNew(at.Relation) ||
			createdInFile(p).relation(p, at.Relation) {
			return
		}
		known := p.Table(at.Relation)
		sch, name := at.Relation.Schemaname, at.Relation.Relname
		if known != nil {
			if known.Persistence == 't' {
				return
			}
			sch, name = known.Schema, known.Name
		}
		defaulted := statementDefaults(at)
		for _, c := range at.Cmds {
			cmd := c.GetAlterTableCmd()
			col, how := requiredWithoutDefault(cmd, known)
			if col == "" || defaulted[col] {
				continue
			}
			var missing []CodeUse
			for _, in := range p.CodeUses().Inserts(sch, name) {
				if !in.Positional && !slices.Contains(in.Columns, col) {
					missing = append(missing, in.CodeUse)
				}
			}
			if len(missing) == 0 {
				continue
			}
			p.Report(at.Relation.Location, "column %q of %q %s, but %s inserts rows without it: those inserts fail once the "+
				"migration commits; give the column a default, or set it in every insert first and require it in a later pull request",
				col, displayRel(at.Relation), how, listUses(missing))
		}
	},
}

func init() { Register(notNullNotInserted) }

// requiredWithoutDefault returns the column that an ALTER TABLE command
// makes NOT NULL without a default, and how, or "". t is the table before
// the statement, nil when the schema does not know it.
func requiredWithoutDefault(cmd *pgparse.AlterTableCmd, t *schema.Table) (string, string) {
	switch cmd.GetSubtype() {
	case pgparse.AlterTableType_AT_AddColumn:
		cd := cmd.GetDef().GetColumnDef()
		if cd == nil || !cd.IsNotNull && constraintOf(cd, pgparse.ConstrType_CONSTR_NOTNULL) == nil &&
			constraintOf(cd, pgparse.ConstrType_CONSTR_PRIMARY) == nil {
			return "", ""
		}
		if def := columnDefault(cd); def != nil && !isNullConst(def) {
			return "", ""
		}
		if isSerialType(cd) || constraintOf(cd, pgparse.ConstrType_CONSTR_IDENTITY) != nil ||
			constraintOf(cd, pgparse.ConstrType_CONSTR_GENERATED) != nil || cd.Identity != "" || cd.Generated != "" {
			return "", ""
		}
		return cd.Colname, "is added NOT NULL without a default"
	case pgparse.AlterTableType_AT_SetNotNull:
		if c := knownColumn(t, cmd.Name); c != nil && c.Default == "" && c.Identity == 0 && !c.Generated {
			return cmd.Name, "is made NOT NULL and has no default"
		}
	case pgparse.AlterTableType_AT_ColumnDefault:
		if c := knownColumn(t, cmd.Name); cmd.Def == nil && c != nil && c.NotNull && c.Default != "" && c.Identity == 0 && !c.Generated {
			return cmd.Name, "is NOT NULL and loses its default"
		}
	}
	return "", ""
}

// statementDefaults returns the columns that an ALTER TABLE leaves with a
// default by its own SET DEFAULT commands, the last one for a column
// deciding: an insert after the commit gets the default whatever the
// order of the commands (ALTER COLUMN x SET DEFAULT 0, ALTER COLUMN x
// SET NOT NULL).
func statementDefaults(at *pgparse.AlterTableStmt) map[string]bool {
	out := map[string]bool{}
	for _, c := range at.Cmds {
		if cmd := c.GetAlterTableCmd(); cmd.GetSubtype() == pgparse.AlterTableType_AT_ColumnDefault {
			out[cmd.Name] = cmd.Def != nil && !isNullConst(cmd.Def)
		}
	}
	return out
}

// knownColumn returns a column of a table the schema knows, or nil.
func knownColumn(t *schema.Table, name string) *schema.Column {
	if t == nil {
		return nil
	}
	return t.Column(name)
}
