package schema

import (
	"slices"

	"github.com/migguard/migguard/internal/pgparse"
)

// This file holds how ALTER TABLE changes columns: ADD COLUMN, DROP
// COLUMN and the ALTER COLUMN subcommands, on a table and its partitions.

// addColumn adds a column (ADD COLUMN [IF NOT EXISTS]) with its
// constraints to t and its partitions.
func (r *replay) addColumn(t *Table, cd *pgparse.ColumnDef, depth int) {
	if cd.Colname == "" || cd.TypeName == nil || t.Attributes() >= MaxColumns || t.Column(cd.Colname) != nil || depth > maxDepth {
		return
	}
	pending := r.columnDef(t, cd)
	if col := t.Column(cd.Colname); col != nil {
		r.copyColumnDown(t, col, 0)
	}
	r.constraints(t, pending, false, true)
}

// copyColumnDown gives the partitions of t, at every level, a copy of a
// column added to t.
func (r *replay) copyColumnDown(t *Table, col *Column, depth int) {
	if depth > maxDepth {
		return
	}
	for _, p := range r.c.Partitions(t.Key()) {
		if p.Column(col.Name) == nil && p.Attributes() < MaxColumns {
			cp := *col
			cp.Type.Mods = clone(col.Type.Mods)
			p.Columns = append(p.Columns, &cp)
		}
		r.copyColumnDown(p, col, depth+1)
	}
}

// alterColumn applies the ALTER COLUMN subcommands to t and, unless
// recurse is false, to its partitions.
func (r *replay) alterColumn(t *Table, cmd *pgparse.AlterTableCmd, recurse bool, depth int) {
	col := t.Column(cmd.Name)
	if col == nil || depth > maxDepth {
		return
	}
	switch cmd.Subtype {
	case pgparse.AlterTableType_AT_AlterColumnType:
		cd := cmd.Def.GetColumnDef()
		if cd == nil || cd.TypeName == nil {
			return
		}
		col.Type = TypeOf(cd.TypeName)
		col.Collation = ""
		if cc := cd.GetCollClause(); cc != nil {
			_, col.Collation = qualified(cc.Collname)
		}
	case pgparse.AlterTableType_AT_ColumnDefault:
		col.Default = exprSQL(cmd.Def)
	case pgparse.AlterTableType_AT_SetNotNull:
		col.NotNull = true
	case pgparse.AlterTableType_AT_DropNotNull:
		col.NotNull = false
	case pgparse.AlterTableType_AT_AddIdentity:
		col.Identity, col.NotNull = generatedWhen(cmd.Def.GetConstraint().GetGeneratedWhen()), true
	case pgparse.AlterTableType_AT_SetIdentity:
		for _, o := range cmd.Def.GetList().GetItems() {
			if d := o.GetDefElem(); d != nil && d.Defname == "generated" && col.Identity != 0 {
				col.Identity = byte(d.Arg.GetInteger().GetIval())
			}
		}
	case pgparse.AlterTableType_AT_DropIdentity:
		col.Identity = 0
	case pgparse.AlterTableType_AT_DropExpression:
		col.Generated, col.GenerationExpr = false, ""
	default:
		return
	}
	if recurse || cmd.Subtype == pgparse.AlterTableType_AT_AlterColumnType {
		for _, p := range r.c.Partitions(t.Key()) {
			r.alterColumn(p, cmd, recurse, depth+1)
		}
	}
}

// dropColumn removes a column with the indexes and constraints that
// involve it, the foreign keys that refer to it and, with recurse, the
// column of the partitions.
func (r *replay) dropColumn(t *Table, name string, recurse bool, depth int) {
	i := -1
	for j, c := range t.Columns {
		if c.Name == name {
			i = j
		}
	}
	if i < 0 || depth > maxDepth {
		return
	}
	t.Columns = append(t.Columns[:i], t.Columns[i+1:]...)
	t.dropped++
	var gone []string
	for _, c := range t.Constraints {
		if slices.Contains(c.refs, name) || slices.Contains(c.notNull, name) {
			gone = append(gone, c.Name)
		}
	}
	for _, g := range gone {
		r.dropConstraint(t, g, false, 0)
	}
	for _, ix := range r.c.IndexesOn(t.Key()) {
		if slices.Contains(ix.refs, name) {
			r.deleteIndex(ix, 0)
		}
	}
	for _, u := range r.c.referencing(t.Key()) {
		u.Constraints = filter(u.Constraints, func(c *Constraint) bool {
			return !(c.Kind == ForeignKey && c.RefTable == t.Key() && slices.Contains(c.RefColumns, name))
		})
	}
	if recurse {
		for _, p := range r.c.Partitions(t.Key()) {
			r.dropColumn(p, name, true, depth+1)
		}
	}
}
