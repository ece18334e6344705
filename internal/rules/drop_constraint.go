package rules

import (
	"slices"
	"strings"

	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
)

// dropConstraint flags dropping a primary key, unique, exclusion or
// foreign key constraint of a table that existed before the migration.
//
//	ALTER TABLE orders DROP CONSTRAINT orders_user_id_fkey;  -- flagged
//	ALTER TABLE orders DROP CONSTRAINT orders_total_check;   -- fine: a CHECK
var dropConstraint = &Rule{
	ID:       "drop-constraint",
	Title:    "dropping a key or foreign key removes guarantees and indexes that code relies on",
	Severity: Warning,
	Lock:     "ACCESS EXCLUSIVE",
	Detects: "`ALTER TABLE … DROP CONSTRAINT` of a primary key, unique, exclusion or foreign key constraint of a table " +
		"that existed before this migration. The kind comes from the schema the earlier migrations built, or else " +
		"from PostgreSQL's default names (`_pkey`, `_key`, `_excl`, `_fkey`); a constraint of unknown kind is " +
		"reported too. CHECK constraints (dropping one only loosens validation, and is the last step of the NOT NULL " +
		"recipe), constraints added earlier in the same file, tables created in it, and a key dropped while the same " +
		"statement or transaction adds its replacement (same kind and columns; for a constraint the migrations do not " +
		"show, the columns its PostgreSQL default name gives, as in `users_org_id_fkey`) are left alone.",
	Why: "A primary key, unique or exclusion constraint owns an index: dropping it drops the index, so the queries " +
		"that used it fall back to full scans, `INSERT … ON CONFLICT` that names its columns fails with \"there is " +
		"no unique or exclusion constraint matching the ON CONFLICT specification\", and duplicates can get in. A " +
		"primary key or unique constraint that foreign keys reference cannot go without CASCADE, which silently " +
		"drops those foreign keys. Dropping a foreign key stops enforcing the reference and removes its ON DELETE " +
		"and ON UPDATE actions, which running code may rely on to clean up rows, and takes ACCESS EXCLUSIVE on both " +
		"tables.",
	Fix: "Make sure no query, ON CONFLICT clause or cascade relies on it. To replace a primary key, build the new " +
		"unique index first (`CREATE UNIQUE INDEX CONCURRENTLY`), then in one transaction drop the old constraint " +
		"and `ADD CONSTRAINT … PRIMARY KEY USING INDEX …`. To change a foreign key, drop it and add the new one " +
		"`NOT VALID` in the same transaction, then VALIDATE it in a later one.",
	Help: "check that nothing relies on it; replace keys through a pre-built unique index in the same transaction",
	Check: func(p *Pass) {
		at := p.Node().GetAlterTableStmt()
		if at == nil || at.Objtype != pgparse.ObjectType_OBJECT_TABLE {
			return
		}
		objs := createdInFile(p)
		if objs.relation(p, at.Relation) {
			return
		}
		table := schema.RelKey(at.Relation)
		t := p.Table(at.Relation)
		for _, c := range at.Cmds {
			cmd := c.GetAlterTableCmd()
			if cmd.GetSubtype() != pgparse.AlterTableType_AT_DropConstraint || objs.constraint(table, cmd.Name) {
				continue
			}
			var con *schema.Constraint
			kind := schema.ConstraintKind(0)
			if t != nil {
				if con = t.Constraint(cmd.Name); con != nil {
					kind = con.Kind
				}
			}
			if con == nil {
				if cmd.MissingOk && t != nil && !t.ColumnsUnknown {
					continue // IF EXISTS of a constraint the migrations never made
				}
				kind = kindFromName(cmd.Name)
			}
			if kind == schema.Check {
				continue
			}
			replaced := con
			if con == nil {
				// A constraint the migrations do not show, replaced under
				// the name PostgreSQL gives it.
				replaced = defaultNamed(at.Relation.Relname, cmd.Name, kind)
			} else {
				// A copy: the check of later statements outlives this
				// one, and the schema changes under it.
				replaced = &schema.Constraint{Name: con.Name, Kind: con.Kind, Columns: slices.Clone(con.Columns)}
			}
			if addsReplacement(p, at, table, replaced) {
				continue
			}
			unlessLaterInTx(p, func(n *pgparse.Node) bool {
				a := n.GetAlterTableStmt()
				return a != nil && addsReplacement(p, a, table, replaced)
			}, func() { reportDropConstraint(p, at, cmd.Name, kind, con) })
		}
	},
}

// reportDropConstraint reports the drop of constraint name, of kind, from
// the table of at; con is what the schema knows of it, or nil.
func reportDropConstraint(p *Pass, at *pgparse.AlterTableStmt, name string, kind schema.ConstraintKind, con *schema.Constraint) {
	rel := displayRel(at.Relation)
	switch kind {
	case schema.PrimaryKey:
		p.Report(at.Relation.Location, "dropping primary key %q of %q drops its index: lookups by the key fall back to full scans, INSERT … ON CONFLICT on it fails, and foreign keys that reference it must go too",
			name, rel)
	case schema.Unique:
		p.Report(at.Relation.Location, "dropping unique constraint %q of %q drops its index: duplicates can get in, lookups that used it fall back to full scans, and INSERT … ON CONFLICT on its columns fails",
			name, rel)
	case schema.Exclusion:
		p.Report(at.Relation.Location, "dropping exclusion constraint %q of %q drops its index: conflicting rows can get in and INSERT … ON CONFLICT on it fails",
			name, rel)
	case schema.ForeignKey:
		ref := "the table it references"
		if con != nil && con.RefTable != "" {
			ref = `"` + displayKey(con.RefTable) + `"`
		}
		p.Report(at.Relation.Location, "dropping foreign key %q of %q stops enforcing references to %s and removes the ON DELETE/ON UPDATE actions running code may rely on; it locks both tables",
			name, rel, ref)
	default:
		p.Report(at.Relation.Location, "dropping constraint %q of %q, whose kind is unknown to migguard: if it is a primary key, unique or foreign key, running code may rely on its index or guarantee",
			name, rel)
	}
}

func init() { Register(dropConstraint) }

// kindFromName guesses the kind of a constraint from the names PostgreSQL
// gives unnamed constraints; 0 when the name says nothing.
func kindFromName(name string) schema.ConstraintKind {
	switch {
	case strings.HasSuffix(name, "_pkey"):
		return schema.PrimaryKey
	case strings.HasSuffix(name, "_fkey"):
		return schema.ForeignKey
	case strings.HasSuffix(name, "_excl"):
		return schema.Exclusion
	case strings.HasSuffix(name, "_key"):
		return schema.Unique
	case strings.HasSuffix(name, "_check"):
		return schema.Check
	}
	return 0
}

// defaultNamed describes the constraint that PostgreSQL would have named
// name on table: <table>_<columns>_fkey, _key or _excl, <table>_pkey; its
// one column is the columns' names joined by "_", so that it matches an
// added constraint on a single column of that name.
func defaultNamed(table, name string, kind schema.ConstraintKind) *schema.Constraint {
	con := &schema.Constraint{Name: name, Kind: kind}
	suffix := map[schema.ConstraintKind]string{schema.ForeignKey: "_fkey", schema.Unique: "_key", schema.Exclusion: "_excl"}[kind]
	if cols, ok := strings.CutPrefix(strings.TrimSuffix(name, suffix), table+"_"); ok && suffix != "" && cols != "" {
		con.Columns = []string{cols}
		return con
	}
	if kind == schema.PrimaryKey {
		return con // a primary key replaces any primary key
	}
	return &schema.Constraint{Name: name} // not a name PostgreSQL gives: of no kind, never replaced
}

// addsReplacement reports whether ALTER TABLE a adds to table a
// constraint of the same kind as con on the same columns (a primary key
// swap through USING INDEX, a foreign key re-added with other actions):
// the statement that drops con, or a later one of the same transaction.
func addsReplacement(p *Pass, a *pgparse.AlterTableStmt, table string, con *schema.Constraint) bool {
	if schema.RelKey(a.Relation) != table {
		return false
	}
	for _, c := range a.Cmds {
		cmd := c.GetAlterTableCmd()
		if cmd.GetSubtype() != pgparse.AlterTableType_AT_AddConstraint {
			continue
		}
		if nc := cmd.GetDef().GetConstraint(); nc != nil && sameConstraint(p, a.Relation, con, nc) {
			return true
		}
	}
	return false
}

// sameConstraint reports whether a constraint being added takes over from
// con: same kind, and the same columns where both are known (a primary key
// replaces any primary key).
func sameConstraint(p *Pass, rel *pgparse.RangeVar, con *schema.Constraint, nc *pgparse.Constraint) bool {
	var kind schema.ConstraintKind
	var cols []string
	switch nc.Contype {
	case pgparse.ConstrType_CONSTR_PRIMARY:
		return con.Kind == schema.PrimaryKey
	case pgparse.ConstrType_CONSTR_UNIQUE:
		kind, cols = schema.Unique, strs(nc.Keys)
		if nc.Indexname != "" {
			if ix := p.Catalog.Index(rel.Schemaname, nc.Indexname); ix != nil {
				cols = ix.Columns
			}
		}
	case pgparse.ConstrType_CONSTR_FOREIGN:
		kind, cols = schema.ForeignKey, strs(nc.FkAttrs)
	default:
		return false
	}
	if kind != con.Kind {
		return false
	}
	if len(cols) == 0 || len(con.Columns) == 0 {
		return true
	}
	return strings.Join(cols, "\x00") == strings.Join(con.Columns, "\x00")
}
